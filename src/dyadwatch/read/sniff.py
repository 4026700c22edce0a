"""Which reader a file needs: its extension, checked against its first bytes.

The content wins where the two disagree in a way that matters: a ``.txt`` that
is really an HTML page is read as HTML, a ``.xml`` that is an RSS feed as a
feed, and a ``.txt`` full of binary junk is refused instead of read as garbage.
"""
from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

# extension -> reader format; folders are walked for these extensions only
EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc", ".arc": "warc",
}

_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(rb"<(p|div|br|span|a|article|h[1-6]|table|script|meta|title)(\s[^>]*)?/?>", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def extension_of(path: Path) -> str:
    """The extension that names the format: ``.warc`` for ``x.warc.gz``, else the last suffix."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return suffixes[-2] if len(suffixes) > 1 else ".gz"
    return suffixes[-1] if suffixes else ""


def document_stem(path: Path) -> str:
    """The id of a single-article file: its name without format suffixes (``a.warc.gz`` -> ``a``)."""
    name = path.name
    ext = extension_of(path)
    for suffix in (".gz", ext):
        if suffix and name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or path.name


def is_warc(head: bytes) -> bool:
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(head)) as gz:
                return gz.read(5) == b"WARC/"
        except (OSError, EOFError):
            return False
    return False


def looks_like_html(head: bytes) -> bool:
    """An HTML page, judged by its start or by tag density in the first bytes."""
    if _HTML_START.match(head):
        return True
    tags = len(_HTML_TAGS.findall(head[:4096]))
    return tags >= 3 and head.lstrip()[:1] == b"<"


def looks_like_feed(head: bytes) -> bool:
    return bool(_FEED_ROOT.search(head[:2048]))


def sniff_format(path: Path, head: bytes) -> str:
    """The reader format for a file: text, html, jsonl, csv, feed or warc.

    ``head`` is the first bytes of the file (64 KiB are plenty), raw. The result is a format name from ``EXTENSIONS``'s values.
    """
    if is_warc(head):
        return "warc"
    by_ext = EXTENSIONS.get(extension_of(path), "text")
    text_head = _ascii_view(head)
    if by_ext in ("text", "html", "feed"):
        if looks_like_feed(text_head) and not _HTML_START.match(text_head):
            return "feed"
        if looks_like_html(text_head):
            return "html"
        if by_ext == "feed":
            return "feed"  # the feed reader says clearly when it is not a feed
        if by_ext == "html" and b"<" in text_head:
            return "html"  # a fragment without <html>/<body> is still markup
        return "text"
    return by_ext


def _ascii_view(head: bytes) -> bytes:
    """UTF-16 text viewed as bytes for the regexes above (markup is ASCII)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        enc = "utf-16-le" if head[:2] == b"\xff\xfe" else "utf-16-be"
        return head[2:].decode(enc, "ignore").encode("ascii", "ignore")
    return head.lstrip(b"\xef\xbb\xbf")

