"""The cleaning entry point: a reader's document -> the cleaned article (see the package docstring)."""
from __future__ import annotations

import re
from typing import Any

from ..document import CleanDocument, RawDocument
from ..records import Span
from .credits import credit_rules, read_wire_credit
from .dates import date_rules
from .fields import host_of, normalize_published, views_of
from .head import PageFields, PageRules, head_rules, read_credits, read_footer_dateline, split_head, split_tail
from .published import choose_published
from .rules import load_rules
from .text import normalize_text


class CleanError(ValueError):
    """The document has no article text left after cleaning."""


_SENTENCE_END = tuple(".!?…:;»\"”)")
_WORD_HYPHEN = re.compile(r"\w-$")


# --------------------------------------------------------------------------- paragraphs
def _paragraphs(lines: list[str]) -> list[str]:
    """Blank-line blocks; inside a block each line is a paragraph unless it is a soft wrap."""
    paras: list[str] = []
    joinable = False
    for line in lines:
        if not line:
            joinable = False
            continue
        if joinable and paras and not paras[-1].endswith(_SENTENCE_END) and line[:1].islower():
            # a word broken at the line end keeps its hyphen ("Russian-|language"), with no space
            glue = "" if _WORD_HYPHEN.search(paras[-1]) else " "
            paras[-1] = f"{paras[-1]}{glue}{line}"
        else:
            paras.append(line)
        joinable = True
    return paras


def _join(paras: list[str]) -> tuple[str, tuple[Span, ...]]:
    spans: list[Span] = []
    pos = 0
    for p in paras:
        spans.append(Span(pos, pos + len(p), p))
        pos += len(p) + 2
    return "\n\n".join(paras), tuple(spans)


_CUT_SLACK = 65536  # what cleaning may remove from a text cut early (chrome, metadata lines)


def _cut(text: str, spans: tuple[Span, ...], limit: int) -> tuple[str, tuple[Span, ...]]:
    """Cut to at most ``limit`` characters, at a paragraph end when one is in the second half."""
    ends = [s.end for s in spans if s.end <= limit]
    if ends and ends[-1] >= limit // 2:
        cut = ends[-1]
    else:
        space = text.rfind(" ", 0, limit + 1)
        cut = space if space >= limit // 2 else limit
    text = text[:cut].rstrip()
    kept = tuple(Span.of(text, s.start, min(s.end, len(text))) for s in spans if s.start < len(text))
    return text, kept


# --------------------------------------------------------------------------- entry point
def _is_markup(content: str) -> bool:
    """A 'text' field that holds a whole HTML page (dumps often store pages in their text column)."""
    from ..read.sniff import looks_like_html

    head = content[:4096].lstrip()
    return head.startswith("<") and looks_like_html(head.encode("utf-8", "ignore"))


def page_rules(knowledge_paths: tuple[str, ...] = ()) -> PageRules:
    return PageRules(load_rules(knowledge_paths), date_rules(knowledge_paths), credit_rules(knowledge_paths),
                     head_rules(knowledge_paths))


def _outlet_source(rules: PageRules, banner: str | None) -> tuple[str | None, str | None]:
    """A banner's outlet: (source, name) from banners.yaml, outlets.yaml, or its host shape."""
    if not banner:
        return None, None
    info = rules.lines.banners.get(banner.casefold())
    if info:
        return info.get("source") or banner, info.get("name")
    outlet = rules.credits.outlet(banner)
    if outlet:
        return outlet.source, outlet.name
    if re.fullmatch(r"[\w\-]+(?:\.[\w\-]+)+", banner):
        return banner.lower(), None
    return banner, None


def clean_document(raw: RawDocument, settings: Any = None) -> CleanDocument:
    """Turn a reader's document into the cleaned article every stage works on.

    Raises ``CleanError`` when nothing of the article is left.
    """
    if settings is None:
        from ..settings import Settings

        settings = Settings()
    meta: dict[str, Any] = dict(raw.meta)
    content = raw.content
    if raw.content_type == "html" or _is_markup(content):
        from ..read.html import extract_html, page_meta

        page = extract_html(content, url=meta.get("url"))
        if page is None:
            raise CleanError(f"{raw.id}: no readable text in the HTML")
        meta = {**page_meta(page), **{k: v for k, v in meta.items() if v}}
        content = page.text

    limit = int(settings.max_article_chars)
    original_chars = len(content)
    cut_early = original_chars > 2 * limit + _CUT_SLACK
    if cut_early:
        # Far past the limit (a 50 MB line): cut before the line rules and paragraph splitting run over it,
        # so their cost and memory follow the limit, not the file. Tail metadata lines go with the cut.
        content = content[:2 * limit + _CUT_SLACK]
    nul_bytes = content.count("\x00")
    rules = page_rules(tuple(str(p) for p in settings.knowledge_paths))
    lines = normalize_text(content).split("\n")
    removed: list[str] = []
    fields = PageFields()
    title, start, first = split_head(lines, rules, meta.get("title"), fields, removed)
    body_lines = first + lines[start + (1 if first else 0):]
    title_value = meta.get("title") or title
    body_lines = read_credits(body_lines, rules, fields, title_value, removed)

    url = meta.get("url") or None
    banner_source, banner_name = _outlet_source(rules, fields.banner)
    source = meta.get("source") or host_of(url) or banner_source
    body_lines = split_tail(body_lines, rules.lines, rules.lines.chrome_for(source), fields, removed)
    body_lines = read_footer_dateline(body_lines, rules, fields, removed)
    if not url and fields.url:
        url = fields.url
        source = meta.get("source") or host_of(url) or source

    paras = _paragraphs(body_lines)
    if not paras:
        raise CleanError(f"{raw.id}: no article text left after cleaning")
    text, spans = _join(paras)

    extra: dict[str, Any] = {k: v for k, v in meta.items()
                             if k not in ("title", "url", "published", "source", "views")}
    if banner_name:
        extra["outlet"] = banner_name
    if fields.banner:
        extra["banner"] = fields.banner
    lead = " ".join(p for p in paras[:3])
    credit = read_wire_credit(lead, rules.credits)
    if credit is not None:
        extra["credit"] = credit.outlet.name
        if credit.cited:
            extra["credit_cites"] = credit.cited.name
    if fields.author_outlet and "credit" not in extra:
        extra["credit"] = fields.author_outlet
    if not source and extra.get("credit"):
        outlet = rules.credits.outlet(extra["credit"])
        source = outlet.source if outlet else extra["credit"]
        extra["source_from"] = "credit"
    for role in ("author", "photographer", "photo_credit"):
        if getattr(fields, role):
            extra[role] = getattr(fields, role)
    byline = next((s for s in spans if s.text == fields.byline), None) if fields.byline else None
    if byline is not None:  # where the author is named: a role on the article, not an actor of its events
        extra["byline"] = {"start": byline.start, "end": byline.end, "text": byline.text}
    chosen = choose_published(meta.get("published"), fields, url, paras[0], rules.dates)
    published = chosen.value
    if chosen.source:
        extra["published_from"] = chosen.source
    if chosen.disagreeing:
        extra["published_candidates"] = chosen.disagreeing
    if meta.get("published") and normalize_published(meta["published"]) is None:
        extra["published_raw"] = str(meta["published"])  # kept for the record, not guessed at
    if raw.encoding:
        extra["encoding"] = raw.encoding
    if nul_bytes:  # one policy, whatever the reader: NUL characters are stripped (normalize_text) and counted
        extra["warnings"] = {**(extra.get("warnings") or {}), "nul_removed": nul_bytes}
    if len(text) > limit or cut_early:
        extra["truncated"] = {"original_chars": original_chars if cut_early else len(text), "max_article_chars": limit}
        text, spans = _cut(text, spans, limit)

    return CleanDocument(
        id=raw.id, text=text,
        title=normalize_text(str(title_value)).replace("\n", " ") if title_value else None,
        published=published, source=source, url=url,
        views=views_of(meta.get("views")) if meta.get("views") is not None else views_of(fields.views),
        paragraphs=spans, removed=tuple(removed), path=raw.path, format=raw.format, meta=extra,
    )
