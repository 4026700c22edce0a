"""The head and the tail of a page: metadata lines, banners, datelines, credits, the title.

``split_head`` reads the first lines down to the body: scraper headers, datelines,
banners, site chrome, section labels and tag lists, photo credits and the
headline; a byline starts the body. ``read_credits`` reads bylines, photo credits
and datelines in the first lines of the body (many pages print them under the
lead photo): photo credits and datelines leave, a byline stays as its own paragraph.
``split_tail`` drops trailing metadata lines, chrome and footers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping

from ..knowledge import load_yaml
from .credits import CreditRules, read_byline, read_photo_credit
from .dates import DateRules, FoundDate, find_date, is_page_date, read_dateline
from .fields import normalize_published
from .rules import ChromeRules, CleaningRules, LineRule
from .text import normalize_text

_TERMINAL = tuple(".…:;,")
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
HEAD_LINES = 12         # menus, widgets and labels above a headline rarely run longer
LEAD_LINES = 6          # body lines read for datelines and credits printed under the lead photo
_BODY_MIN_WORDS = 8     # a line this long, or one ending a sentence, is running text
_SENTENCE_END = (".", "!", "?", "…", "»", "\"", "”")
_HOST = re.compile(r"^[\w\-]+(?:\.[\w\-]+)+$")


@dataclass(frozen=True)
class HeadRules:
    title_min_words: int
    tag_list_min_words: int
    section_labels: frozenset[str]


@lru_cache(maxsize=16)
def head_rules(knowledge_paths: tuple[str, ...] = ()) -> HeadRules:
    data = load_yaml("cleaning/head.yaml", knowledge_paths) or {}
    labels = frozenset(normalize_text(str(w)).casefold()
                       for words in (data.get("section_labels") or {}).values() for w in words or ())
    return HeadRules(int(data.get("title_min_words", 3)), int(data.get("tag_list_min_words", 6)), labels)


@dataclass(frozen=True)
class Dateline:
    """A date the page prints as a line of its own; ``kind`` is ``header`` (a scraper's
    date header) or ``dateline`` (the page's), ``after_title`` where it stands."""

    kind: str
    value: str
    after_title: bool


@dataclass
class PageFields:
    """What the head, tail and credit lines tell about the article (filled while reading)."""

    date: str | None = None
    time: str | None = None
    views: str | None = None
    url: str | None = None
    banner: str | None = None
    datelines: list[Dateline] = field(default_factory=list)
    author: str | None = None
    byline: str | None = None           # the byline line, kept in the body (its name is a person of the page)
    author_outlet: str | None = None
    photographer: str | None = None
    photo_credit: str | None = None

    def take(self, groups: Mapping[str, str]) -> None:
        for key in ("date", "time", "views", "url"):
            if groups.get(key) and not getattr(self, key):
                setattr(self, key, groups[key])

    def add_dateline(self, kind: str, value: str | None, after_title: bool) -> None:
        if value:
            self.datelines.append(Dateline(kind, value, after_title))


@dataclass(frozen=True)
class PageRules:
    """Every rule set the cleaner reads, loaded once per set of knowledge paths."""

    lines: CleaningRules
    dates: DateRules
    credits: CreditRules
    head: HeadRules


def _match(rules: Iterable[LineRule], line: str) -> tuple[str, dict[str, str]] | None:
    for rule in rules:
        m = rule.regex.match(line)
        if m:
            return rule.name, {k: v for k, v in m.groupdict().items() if v}
    return None


def _is_title_candidate(line: str, rules: HeadRules) -> bool:
    words = line.split()
    return (0 < len(line) <= _TITLE_MAX_CHARS and rules.title_min_words <= len(words) <= _TITLE_MAX_WORDS
            and not line.endswith(_TERMINAL) and any(c.isalpha() for c in line)
            and line.casefold() not in rules.section_labels and not is_tag_list(line, rules))


def is_tag_list(line: str, rules: HeadRules) -> bool:
    """A row of tags (see head.yaml): capitalised Cyrillic words only, or a row that repeats
    itself, mostly capitalised and with no sentence end (a tag cloud printed twice)."""
    words = re.findall(r"[^\W\d_]+", line)
    if len(words) < rules.tag_list_min_words:
        return False
    capitalised = sum(w[0].isupper() for w in words)
    if capitalised == len(words) and all(re.search("[а-яё]", w, re.IGNORECASE) for w in words):
        return True
    pairs = list(zip(words, words[1:]))
    return (len(pairs) - len(set(pairs)) >= 2 and capitalised >= 0.6 * len(words)
            and not line.endswith((".", "!", "?", "…")))


def _is_page_chrome(line: str, rules: HeadRules) -> bool:
    """A line at the top that is neither headline nor body: a section label, a widget, a tag row."""
    if line.casefold() in rules.section_labels or is_tag_list(line, rules):
        return True
    return len(line.split()) < rules.title_min_words and not line.endswith(tuple(".!?…»\"”"))


def _header_date(kind: str, groups: Mapping[str, str]) -> str | None:
    date = groups.get("date")
    if not date:
        return None
    return normalize_published(f"{date} {groups['time']}" if groups.get("time") else date)


def _read_rest(rest: str, rules: PageRules, fields: PageFields, after_title: bool) -> bool:
    """Text after a scraper's date header: a dateline or an outlet name (True), or the body (False)."""
    found = read_dateline(rest, rules.dates)
    if found:
        fields.add_dateline("dateline", found.iso(), after_title)
        return True
    if fields.banner is None and (_HOST.match(rest) or rest.casefold() in rules.lines.banners
                                  or rules.credits.outlet(rest)):
        fields.banner = rest
        return True
    return False


def _read_byline(line: str, rules: PageRules, fields: PageFields) -> bool:
    byline = read_byline(line, rules.credits)
    if byline is None:
        return False
    if byline.name and fields.author is None:
        fields.author, fields.byline = byline.name, line
    if byline.outlet and not fields.author_outlet:
        fields.author_outlet = byline.outlet.name
    return True


def _read_photo_credit(line: str, rules: PageRules, fields: PageFields) -> bool:
    photo = read_photo_credit(line, rules.credits)
    if photo is not None:
        fields.photo_credit = fields.photo_credit or photo.credit
        fields.photographer = fields.photographer or photo.photographer
        return True
    return False


def split_head(lines: list[str], rules: PageRules, known_title: str | None, fields: PageFields,
               removed: list[str]) -> tuple[str | None, int, list[str]]:
    """Consume metadata, banner, chrome and title lines at the top; returns (title, body start, replaced lines)."""
    title: str | None = None
    known = normalize_text(known_title).casefold() if known_title else None
    nonblank = [i for i, line in enumerate(lines) if line]
    for pos, i in enumerate(nonblank[:HEAD_LINES]):
        line = lines[i]
        later = [lines[j] for j in nonblank[pos + 1:]]
        after_title = title is not None or known is not None
        matched = _match(rules.lines.header, line)
        if matched is not None:
            name, groups = matched
            fields.take(groups)
            fields.add_dateline("header" if name.startswith("scraper") else "dateline",
                                _header_date(name, groups), after_title)
            rest = groups.get("rest")
            if rest and not _read_rest(rest, rules, fields, after_title):  # the body starts on this line
                removed.append(line[: len(line) - len(rest)].strip())
                return title, i, [rest]
            removed.append(line)
            continue
        if find_date(line, rules.dates) and is_page_date(line, rules.dates):
            removed.append(line)  # "Today is ...": the page's date, not the article's
            continue
        found: FoundDate | None = read_dateline(line, rules.dates)
        if found is not None:
            # "Sunday, 6 December 2026" above the headline, with no time: a site header's today
            if after_title or found.hour is not None or not found.weekday:
                fields.add_dateline("dateline", found.iso(), after_title)
            removed.append(line)
            continue
        if fields.banner is None and title is None and (line.casefold() in rules.lines.banners
                                                        or rules.credits.outlet(line)):
            fields.banner = line
            removed.append(line)
            continue
        if _read_byline(line, rules, fields):
            if fields.byline == line:
                return title, i, []  # the body starts at the byline: its name is a person of the page
            removed.append(line)  # «Автор -» with no name
            continue
        if rules.lines.common.is_chrome(line) or _read_photo_credit(line, rules, fields):
            removed.append(line)
            continue
        # a line continued in lowercase on the next line is a wrapped sentence, not a title
        wrapped = i + 1 < len(lines) and lines[i + 1][:1].islower()
        if known is not None:  # the reader gave the title: only its line is looked for
            if line.casefold() == known:
                title = line
                continue
        elif title is not None and line.casefold() == title.casefold():
            removed.append(line)  # the headline printed twice (page title and article title)
            continue
        elif title is None and _is_title_candidate(line, rules.head) and later and not wrapped:
            title = line
            continue
        elif (title is not None and fields.banner is None and not fields.date and not fields.datelines
                and _is_title_candidate(line, rules.head) and later
                and _match(rules.lines.header, later[0]) is not None):
            # banner, title, date line: what we took for the title was an unknown site banner
            fields.banner = title
            removed.append(title)
            title = line
            continue
        if later and not wrapped and _is_page_chrome(line, rules.head):
            removed.append(line)
            continue
        return title, i, []
    # the head window is used up (or the text ended): the body starts at the next line, if any
    return title, nonblank[HEAD_LINES] if len(nonblank) > HEAD_LINES else len(lines), []


def _is_running_text(line: str) -> bool:
    return len(line.split()) >= _BODY_MIN_WORDS or line.endswith(_SENTENCE_END)


def read_credits(lines: list[str], rules: PageRules, fields: PageFields, title: str | None,
                 removed: list[str]) -> list[str]:
    """Photo credits anywhere (whole lines) leave the body, bylines are read and stay (the author is a
    person of the page, not of its events); datelines and a repeated title leave the first lines."""
    kept: list[str] = []
    seen = 0
    for line in lines:
        if not line:
            kept.append(line)
            continue
        seen += 1
        # datelines are read above the first paragraph of running text only
        lead = seen <= LEAD_LINES and not any(_is_running_text(k) for k in kept if k)
        photo = read_photo_credit(line, rules.credits)
        if photo is not None and photo.caption:
            # the caption printed just above its credit line is the same caption, not body text
            for j in range(len(kept) - 1, -1, -1):
                if kept[j]:
                    if kept[j].casefold() == photo.caption.casefold():
                        removed.append(kept.pop(j))
                    break
        if _read_byline(line, rules, fields) and fields.byline != line:
            removed.append(line)  # «Автор -» with no name
            continue
        if _read_photo_credit(line, rules, fields):
            removed.append(line)
            continue
        if lead and find_date(line, rules.dates) and is_page_date(line, rules.dates):
            removed.append(line)
            continue
        if lead and (found := read_dateline(line, rules.dates)) is not None:
            fields.add_dateline("dateline", found.iso(), True)
            removed.append(line)
            continue
        if lead and title and line.casefold() == title.casefold():
            removed.append(line)
            continue
        kept.append(line)
    return kept


def read_footer_dateline(lines: list[str], rules: PageRules, fields: PageFields, removed: list[str]) -> list[str]:
    """A labelled date line among the last lines of the body ("Published: 12.03.2019") leaves it."""
    seen = 0
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i]:
            continue
        seen += 1
        if seen > rules.dates.footer_lines:
            break
        if rules.dates.footer_label.match(lines[i]) and (found := read_dateline(lines[i], rules.dates)):
            fields.add_dateline("footer", found.iso(), True)
            removed.append(lines[i])
            return lines[:i] + lines[i + 1:]
    return lines


def split_tail(lines: list[str], rules: CleaningRules, chrome: tuple[ChromeRules, ...], fields: PageFields,
               removed: list[str]) -> list[str]:
    """Drop trailing metadata lines, chrome and everything after a footer marker."""
    end = len(lines)
    tail: list[str] = []
    while end > 0:
        line = lines[end - 1]
        matched = _match(rules.footer, line) if line else ("", {})
        if line and matched is None and not any(c.is_chrome(line) for c in chrome):
            break
        if matched:
            fields.take(matched[1])
        if line:
            tail.append(line)
        end -= 1
    body = lines[:end]
    first_text = next((i for i, line in enumerate(body) if line), len(body))
    for i in range(first_text + 1, len(body)):
        if body[i] and any(body[i].casefold() in c.footer_markers for c in chrome):
            for line in body[i:]:
                matched = _match(rules.footer, line) if line else None
                if matched:
                    fields.take(matched[1])
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
