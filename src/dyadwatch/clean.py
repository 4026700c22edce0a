"""Cleaning: metadata lines become fields, site chrome leaves, the body is normalised.

The cleaned text is what every span of every later stage indexes, so it is
built once, here, and never changed afterwards. Steps:

1. HTML content (a dump's html column, a text column or ``process_text``
   input that is really a page) is reduced to text by the HTML reader's extractor.
2. Character normalisation: NFC, LF line ends, odd spaces (NBSP, thin space)
   to plain spaces, zero-width characters and soft hyphens out, doubled
   apostrophes/backticks to a straight double quote; «» and “” stay as they are
   (quote detection needs them); runs of spaces collapse.
3. The head: scraper date headers, banners, date/view counters and the title
   are lifted into fields (rules in knowledge/cleaning/metadata.yaml and
   banners.yaml).
4. The tail: link/views lines, site chrome and footers leave (chrome.yaml).
5. Paragraphs: blank-line separated; a single newline is a paragraph break
   too (scrapers write one paragraph per line), unless it is plainly a soft
   wrap (no sentence end before it, a lowercase letter after it). The body is
   the paragraphs joined by blank lines.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Iterable, Mapping
from urllib.parse import urlparse

from .document import CleanDocument, RawDocument
from .knowledge import load_yaml
from .records import Span


class CleanError(ValueError):
    """The document has no article text left after cleaning."""


# --------------------------------------------------------------------------- characters
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n\n", "\u0085": "\n"}
_CHAR_TABLE = str.maketrans({**{c: " " for c in _ODD_SPACES}, **{c: None for c in _ZERO_WIDTH},
                             **{chr(c): None for c in range(32) if chr(c) != "\n"}, "\x7f": None})
# Doubled single marks typed as a double quote (''word'', ``word'', ‘‘word’’). Only
# doubled marks: a single ’ is an apostrophe (Russia’s) and stays.
_QUOTE_VARIANTS = ((re.compile(r"''|``"), '"'), (re.compile("\u2018\u2018"), "\u201c"),
                   (re.compile("\u2019\u2019"), "\u201d"))
_SPACES = re.compile(r" {2,}")


def normalize_text(text: str) -> str:
    """Character-level normalisation of a whole document (see module docstring, step 2)."""
    text = unicodedata.normalize("NFC", text)
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    text = text.translate(_CHAR_TABLE)
    for pattern, repl in _QUOTE_VARIANTS:
        text = pattern.sub(repl, text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


# --------------------------------------------------------------------------- rules (data files)
@dataclass(frozen=True)
class LineRule:
    name: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class ChromeRules:
    exact: frozenset[str]
    regex: tuple[re.Pattern[str], ...]
    footer_markers: frozenset[str]

    def is_chrome(self, line: str) -> bool:
        return line.casefold() in self.exact or any(r.match(line) for r in self.regex)


@dataclass(frozen=True)
class CleaningRules:
    header: tuple[LineRule, ...]
    footer: tuple[LineRule, ...]
    banners: Mapping[str, Mapping[str, str]]  # casefolded banner line -> {source, name}
    common: ChromeRules
    sites: Mapping[str, ChromeRules]

    def chrome_for(self, source: str | None) -> tuple[ChromeRules, ...]:
        site = self.sites.get((source or "").lower())
        return (self.common, site) if site else (self.common,)


def _chrome(groups: Iterable[Mapping[str, Any]]) -> ChromeRules:
    exact: set[str] = set()
    regex: list[re.Pattern[str]] = []
    markers: set[str] = set()
    for g in groups:
        exact.update(normalize_text(s).casefold() for s in g.get("exact") or ())
        regex.extend(re.compile(r, re.IGNORECASE) for r in g.get("regex") or ())
        markers.update(normalize_text(s).casefold() for s in g.get("footer_markers") or ())
    return ChromeRules(frozenset(exact), tuple(regex), frozenset(markers))


@lru_cache(maxsize=16)
def load_rules(knowledge_paths: tuple[str, ...] = ()) -> CleaningRules:
    """The cleaning rules: bundled data files merged with the user's (Settings.knowledge_paths)."""
    meta = load_yaml("cleaning/metadata.yaml", knowledge_paths)
    chrome = load_yaml("cleaning/chrome.yaml", knowledge_paths)
    banners = load_yaml("cleaning/banners.yaml", knowledge_paths) or {}

    def line_rules(key: str) -> tuple[LineRule, ...]:
        return tuple(LineRule(r["name"], re.compile(r["regex"], re.IGNORECASE)) for r in meta.get(key) or ())

    return CleaningRules(
        header=line_rules("header"), footer=line_rules("footer"),
        banners={normalize_text(k).casefold(): dict(v or {}) for k, v in banners.items()},
        common=_chrome((chrome.get("languages") or {}).values()),
        sites={host.lower(): _chrome([rules or {}]) for host, rules in (chrome.get("sites") or {}).items()},
    )


# --------------------------------------------------------------------------- field values
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def normalize_published(value: Any) -> str | None:
    """A publication date in any common shape -> ISO 8601, or None when it is not a real date.

    ``2024-12-03 13:41`` -> ``2024-12-03T13:41:00``; ``2020-10-24`` -> ``2020-10-24``;
    ``30.03.2022`` -> ``2022-03-30``; RFC 822 feed dates and ISO with an offset
    keep the outlet's wall-clock time (the offset is dropped).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    s = " ".join(str(value).split())
    if not s:
        return None
    has_time = bool(re.search(r"\d:\d\d", s))
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
    except ValueError:
        m = _DMY.match(s)
        if m:
            d, mo, y, hh, mm, ss = m.groups()
            try:
                parsed = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
            except ValueError:
                return None
        else:
            parsed = _parse_loose_date(s)
    if parsed is None:
        return None
    parsed = parsed.replace(tzinfo=None)
    return parsed.isoformat(timespec="seconds") if has_time else parsed.date().isoformat()


def _parse_loose_date(s: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import; only reached for unusual formats

    # absolute dates only: "yesterday" in metadata would resolve against today, which is a guess
    return dateparser.parse(s, languages=["en", "ru"], settings={
        "PARSERS": ["custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False})


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


def _views(value: Any) -> int | None:
    digits = re.sub(r"\D", "", str(value)) if value is not None else ""
    return int(digits) if digits else None


# --------------------------------------------------------------------------- head and tail
_TERMINAL = tuple(".…:;,")
_SENTENCE_END = tuple(".!?…:;»\"”)")
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
_HEAD_LINES = 8
_WORD_HYPHEN = re.compile(r"\w-$")


def _is_title_candidate(line: str) -> bool:
    return (0 < len(line) <= _TITLE_MAX_CHARS and len(line.split()) <= _TITLE_MAX_WORDS
            and not line.endswith(_TERMINAL) and any(c.isalpha() for c in line))


def _match(rules: Iterable[LineRule], line: str) -> dict[str, str] | None:
    for rule in rules:
        m = rule.regex.match(line)
        if m:
            return {k: v for k, v in m.groupdict().items() if v}
    return None


@dataclass
class _Fields:
    date: str | None = None
    time: str | None = None
    views: str | None = None
    url: str | None = None
    banner: str | None = None

    def take(self, groups: Mapping[str, str]) -> None:
        for key in ("date", "time", "views", "url"):
            if groups.get(key) and not getattr(self, key):
                setattr(self, key, groups[key])

    def published(self) -> str | None:
        if not self.date:
            return None
        return normalize_published(f"{self.date} {self.time}" if self.time else self.date)


def _split_head(lines: list[str], rules: CleaningRules, known_title: str | None, fields: _Fields,
                removed: list[str]) -> tuple[str | None, int, list[str]]:
    """Consume metadata, banner and title lines at the top; returns (title, body start, replaced lines)."""
    title: str | None = None
    known = normalize_text(known_title).casefold() if known_title else None
    nonblank = [i for i, line in enumerate(lines) if line]
    for pos, i in enumerate(nonblank[:_HEAD_LINES]):
        line = lines[i]
        groups = _match(rules.header, line)
        if groups is not None:
            fields.take(groups)
            rest = groups.get("rest")
            removed.append(line[: len(line) - len(rest)].strip() if rest else line)
            if rest:  # the body starts on the date line itself
                return title, i, [rest]
            continue
        if line.casefold() in rules.banners and fields.banner is None and title is None:
            fields.banner = line
            removed.append(line)
            continue
        if rules.common.is_chrome(line):
            removed.append(line)
            continue
        if known is not None:
            if line.casefold() == known:
                title = line
                continue
            return title, i, []
        later = [lines[j] for j in nonblank[pos + 1:]]
        # a line continued in lowercase on the next line is a wrapped sentence, not a title
        wrapped = i + 1 < len(lines) and lines[i + 1][:1].islower()
        if title is None and _is_title_candidate(line) and later and not wrapped:
            title = line
            continue
        if (title is not None and fields.banner is None and not fields.date and _is_title_candidate(line)
                and later and _match(rules.header, later[0]) is not None):
            # banner, title, date line: what we took for the title was an unknown site banner
            fields.banner = title
            removed.append(title)
            title = line
            continue
        return title, i, []
    # the head window is used up (or the text ended): the body starts at the next line, if any
    return title, nonblank[_HEAD_LINES] if len(nonblank) > _HEAD_LINES else len(lines), []


def _split_tail(lines: list[str], rules: CleaningRules, chrome: tuple[ChromeRules, ...], fields: _Fields,
                removed: list[str]) -> list[str]:
    """Drop trailing metadata lines, chrome and everything after a footer marker."""
    end = len(lines)
    tail: list[str] = []
    while end > 0:
        line = lines[end - 1]
        groups = _match(rules.footer, line) if line else {}
        if line and groups is None and not any(c.is_chrome(line) for c in chrome):
            break
        if groups:
            fields.take(groups)
        if line:
            tail.append(line)
        end -= 1
    body = lines[:end]
    first_text = next((i for i, line in enumerate(body) if line), len(body))
    for i in range(first_text + 1, len(body)):
        if body[i] and any(body[i].casefold() in c.footer_markers for c in chrome):
            for line in body[i:]:
                groups = _match(rules.footer, line) if line else None
                if groups:
                    fields.take(groups)
                if line:
                    removed.append(line)
            body = body[:i]
            break
    removed.extend(reversed(tail))
    kept = []
    for line in body:
        if line and any(c.is_chrome(line) for c in chrome):
            removed.append(line)
        else:
            kept.append(line)
    return kept


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
    from .read.sniff import looks_like_html

    head = content[:4096].lstrip()
    return head.startswith("<") and looks_like_html(head.encode("utf-8", "ignore"))


def clean_document(raw: RawDocument, settings: Any = None) -> CleanDocument:
    """Turn a reader's document into the cleaned article every stage works on.

    Raises ``CleanError`` when nothing of the article is left.
    """
    if settings is None:
        from .settings import Settings

        settings = Settings()
    meta: dict[str, Any] = dict(raw.meta)
    content = raw.content
    if raw.content_type == "html" or _is_markup(content):
        from .read.html import extract_html, page_meta

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
    rules = load_rules(tuple(str(p) for p in settings.knowledge_paths))
    lines = normalize_text(content).split("\n")
    removed: list[str] = []
    fields = _Fields()
    title, start, first = _split_head(lines, rules, meta.get("title"), fields, removed)
    body_lines = first + lines[start + (1 if first else 0):]

    url = meta.get("url") or None
    banner_info = rules.banners.get(fields.banner.casefold(), {}) if fields.banner else {}
    source = meta.get("source") or host_of(url) or banner_info.get("source") or fields.banner
    body_lines = _split_tail(body_lines, rules, rules.chrome_for(source), fields, removed)
    if not url and fields.url:
        url = fields.url
        source = meta.get("source") or host_of(url) or source

    paras = _paragraphs(body_lines)
    if not paras:
        raise CleanError(f"{raw.id}: no article text left after cleaning")
    text, spans = _join(paras)

    extra: dict[str, Any] = {k: v for k, v in meta.items()
                             if k not in ("title", "url", "published", "source", "views")}
    if banner_info.get("name"):
        extra["outlet"] = banner_info["name"]
    if fields.banner:
        extra["banner"] = fields.banner
    published = normalize_published(meta["published"]) if meta.get("published") else fields.published()
    if meta.get("published") and published is None:
        extra["published_raw"] = str(meta["published"])  # kept for the record, not guessed at
    if raw.encoding:
        extra["encoding"] = raw.encoding
    if nul_bytes:  # one policy, whatever the reader: NUL characters are stripped (normalize_text) and counted
        extra["warnings"] = {**(extra.get("warnings") or {}), "nul_removed": nul_bytes}
    if len(text) > limit or cut_early:
        extra["truncated"] = {"original_chars": original_chars if cut_early else len(text), "max_article_chars": limit}
        text, spans = _cut(text, spans, limit)

    title_value = meta.get("title") or title
    return CleanDocument(
        id=raw.id, text=text,
        title=normalize_text(str(title_value)).replace("\n", " ") if title_value else None,
        published=published, source=source, url=url,
        views=_views(meta.get("views")) if meta.get("views") is not None else _views(fields.views),
        paragraphs=spans, removed=tuple(removed), path=raw.path, format=raw.format, meta=extra,
    )
