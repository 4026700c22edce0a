"""HTML pages: main text and metadata via trafilatura, with an lxml fallback.

trafilatura separates the article from navigation, comments and footers far
better than anything hand-written; when it finds no article (a truncated or
tiny page) the visible text of the body is taken instead, and a page with no
readable text at all is a ``ReadFailure``, never a crash.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..document import RawDocument
from . import ReadFailure
from .encoding import BinaryContent, decode_text
from .sniff import document_stem

# Block elements whose end is a paragraph break in fallback text.
_BLOCK_TAGS = frozenset("p div br li h1 h2 h3 h4 h5 h6 blockquote tr article section header footer pre dd dt".split())
_SKIP_TAGS = frozenset("script style noscript template svg head nav form button iframe".split())
_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]{2,}")

logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it warns on every short page; failures are ours to report


@dataclass(frozen=True, slots=True)
class HtmlText:
    """What an HTML page yields: body text (paragraphs split by newlines) and metadata."""

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    sitename: str | None = None
    method: str = "trafilatura"


def declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def extract_html(html: str, url: str | None = None) -> HtmlText | None:
    """The article in an HTML page, or None when the page has no readable text."""
    import trafilatura

    doc: Any = None
    try:
        # extensive_search off: the date must come from the page's metadata, not be guessed from its text
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, date_extraction_params={
                                              "extensive_search": False, "original_date": True})
    except Exception:  # trafilatura raises assorted errors on broken markup; the fallback handles the page
        doc = None
    meta = _as_dict(doc)
    text = (meta.get("text") or "").strip()
    method = "trafilatura"
    if not _LETTERS.search(text):
        text = html_to_text(html)
        method = "fallback"
        if not meta.get("title"):
            meta["title"] = _title_of(html)
    if not _LETTERS.search(text):
        text = streamed_text(html)  # a tree parser loses text nested deeper than libxml2's 256 levels
    if not _LETTERS.search(text):
        return None
    published = _clean(meta.get("date"))
    if published:
        # htmldate gives the day only; the page's own timestamp adds the time when it agrees on the day
        stamp = _published_timestamp(html)
        if stamp and stamp[:10] == published[:10]:
            published = stamp
    return HtmlText(text=text, title=_clean(meta.get("title")), published=published,
                    url=_clean(meta.get("url")) or url, sitename=_clean(meta.get("sitename")),
                    method=method)


_TIMESTAMP_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@property='og:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate']/@content",
    "//time[@itemprop='datePublished']/@datetime",
    "//article//time/@datetime",
)
_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _published_timestamp(html: str) -> str | None:
    """The publication timestamp a page declares in its markup (ISO with a time), if any."""
    root = _parse(html)
    if root is None:
        return None
    for xpath in _TIMESTAMP_XPATHS:
        for value in root.xpath(xpath):
            value = str(value).strip()
            if _ISO_STAMP.match(value):
                return value
    return None


def _as_dict(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {}
    if isinstance(doc, dict):
        return dict(doc)
    if hasattr(doc, "as_dict"):
        return dict(doc.as_dict())
    return {k: getattr(doc, k, None) for k in ("text", "title", "date", "url", "sitename", "hostname")}


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def _parse(html: str) -> Any:
    import lxml.html

    try:
        return lxml.html.document_fromstring(html)
    except Exception:  # lxml refuses empty or pure-comment documents
        return None


def _title_of(html: str) -> str | None:
    root = _parse(html)
    if root is None:
        return None
    found = root.find(".//title")
    return _clean(found.text_content()) if found is not None else None


def html_to_text(html: str) -> str:
    """Visible text of an HTML page or fragment, one paragraph per line (scripts, styles, nav dropped)."""
    root = _parse(html)
    if root is None:
        return ""
    body = root.find("body")
    parts: list[str] = []
    _collect(body if body is not None else root, parts)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def streamed_text(html: str) -> str:
    """Visible text by a streaming parse (no tree, no recursion, any nesting depth), one paragraph per line."""
    from html.parser import HTMLParser

    parts: list[str] = []
    skipping = [0]

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag == "body":
                skipping[0] = 0  # an unclosed <head> ends here
            elif tag in _SKIP_TAGS:
                skipping[0] += 1
            elif tag in _BLOCK_TAGS:
                parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in _SKIP_TAGS:
                skipping[0] = max(0, skipping[0] - 1)
            elif tag in _BLOCK_TAGS:
                parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not skipping[0]:
                parts.append(data)

    collector = Collector(convert_charrefs=True)
    collector.feed(html)
    # close() would flush an unfinished trailing tag ("...<div") as if it were text.
    if not collector.rawdata.lstrip().startswith("<"):
        collector.close()
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect(el: Any, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag.lower() in _SKIP_TAGS:
        if el.tail:
            out.append(el.tail)
        return
    if el.text and tag:
        out.append(el.text)
    for child in el:
        _collect(child, out)
    if tag.lower() in _BLOCK_TAGS:
        out.append("\n")
    if el.tail:
        out.append(el.tail)


def read_html(path: Path, data: bytes, settings: Any) -> Iterator[RawDocument | ReadFailure]:
    stem = document_stem(path)
    try:
        html, encoding, _ = decoded = decode_text(data, declared=declared_charset(data))
    except BinaryContent as exc:
        yield ReadFailure(str(path), str(exc), stem)
        return
    page = extract_html(html)
    if page is None:
        yield ReadFailure(str(path), "no readable text in the HTML (truncated, empty or not an article)", stem)
        return
    yield RawDocument(id=stem, content=page.text, content_type="text", path=str(path), format="html",
                      encoding=encoding, meta={**page_meta(page), **({"warnings": decoded.warnings()}
                                                                       if decoded.replaced else {})})


def page_meta(page: HtmlText) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": page.title, "published": page.published, "url": page.url,
                            "sitename": page.sitename, "extraction": page.method}
    return {k: v for k, v in meta.items() if v}
