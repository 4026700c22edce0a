"""Publication dates as pages show them: datelines, wire datelines, dates in the address.

Patterns and word lists are data (``knowledge/cleaning/dates.yaml``); month and
weekday names come from Babel's CLDR tables. Three readers:

- ``read_dateline(line)``: a line that *is* a date, with or without a time (time
  first or last), maybe glued to site words or wrapped in a section name, a time
  zone or a byline («НовостиПолитика26 марта 2019 5:44», "Mon 10th May 2021 |
  04:10 PM", "17:12 08/08/2017", "# 05 July 2022 21:02 (UTC +04:00)");
- ``read_wire_dateline(line)``: the day and month (no year) that open a wire
  story ("MOSCOW, July 8 (Reuters) -", «БИШКЕК, 27 ноя — Sputnik.»);
- ``url_date(url)`` / ``url_year(url)``: a full date, or only a year and month,
  in a page address.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from ..knowledge import load_yaml


@dataclass(frozen=True)
class DateRules:
    months: dict[str, int]                 # casefolded month name or abbreviation -> 1..12
    weekdays: frozenset[str]
    page_words: frozenset[str]             # dateline words and section names, casefolded
    max_other_words: int
    max_line_chars: int
    day_month_year: re.Pattern[str]        # "26 марта 2019", "10th May, 2021"
    month_day_year: re.Pattern[str]        # "March 30, 2022", "Mar. 30 2022"
    numeric: re.Pattern[str]               # "30.03.2022", "08/08/2017", "2024-05-24"
    day_month: re.Pattern[str]             # "27 ноя", "8 July" (no year follows)
    month_day: re.Pattern[str]             # "July 8", "October 12"
    time: re.Pattern[str]
    time_zone: re.Pattern[str]
    page_date_cue: re.Pattern[str] | None
    url_dates: tuple[tuple[re.Pattern[str], bool], ...]   # (regex, day-first only when unambiguous)
    url_year: re.Pattern[str]
    url_first_year: int
    wire_prefix: re.Pattern[str]
    wire_max_chars: int
    footer_label: re.Pattern[str]
    footer_lines: int


@dataclass(frozen=True)
class FoundDate:
    """A date read from a line: the calendar day, the time when the line has one."""

    day: date
    hour: int | None = None
    minute: int | None = None
    weekday: bool = False   # the line names the day of the week ("Sunday, 6 December 2026")

    def iso(self) -> str:
        if self.hour is None:
            return self.day.isoformat()
        return datetime(self.day.year, self.day.month, self.day.day, self.hour, self.minute or 0).isoformat()


@dataclass(frozen=True)
class DayMonth:
    """A wire dateline's day and month, whose year the page gives elsewhere."""

    month: int
    day: int
    text: str


def _month_table(aliases: dict[str, Any]) -> dict[str, int]:
    from babel.dates import get_month_names

    table: dict[str, int] = {}
    for locale in ("en", "ru"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    table[name.casefold().rstrip(".")] = number
    table.update({str(k).casefold(): int(v) for k, v in (aliases or {}).items()})
    return table


def _weekdays() -> frozenset[str]:
    from babel.dates import get_day_names

    return frozenset(name.casefold().rstrip(".") for locale in ("en", "ru") for width in ("wide", "abbreviated")
                     for name in get_day_names(width, "format", locale).values())


def _words(groups: Any) -> frozenset[str]:
    return frozenset(str(w).casefold() for words in (groups or {}).values() for w in words or ())


@lru_cache(maxsize=16)
def date_rules(knowledge_paths: tuple[str, ...] = ()) -> DateRules:
    data = load_yaml("cleaning/dates.yaml", knowledge_paths) or {}
    months = _month_table(data.get("month_aliases") or {})
    # longest first, so "марта" is not read as "мар" + "та"; no letter may follow the name
    mon = "(?P<mon>" + "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True)) + r")\.?(?![^\W\d_])"
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<y>(?:19|20)\d\d)(?!\d)"
    cues = [str(c) for group in (data.get("page_date_cues") or {}).values() for c in group or ()]
    flags = re.IGNORECASE
    return DateRules(
        months=months, weekdays=_weekdays(),
        page_words=_words(data.get("dateline_words")) | _words(data.get("sections")),
        max_other_words=int(data.get("max_other_words", 2)), max_line_chars=int(data.get("max_line_chars", 140)),
        day_month_year=re.compile(rf"(?<!\d){day}\.?[\s\-/]*{mon}\s?,?[\s\-/]+{year}(?:\s*(?:г\.|года))?", flags),
        month_day_year=re.compile(rf"(?<![^\W\d_]){mon}\s+{day}\s?,?\s+{year}", flags),
        numeric=re.compile(r"(?<![\d./])(?:(?P<d>[0-3]?\d)(?P<sep>[./])(?P<m>[01]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)"
                           r"|(?P<y2>(?:19|20)\d\d)(?P<sep2>[\-/.])(?P<m2>[01]\d)(?P=sep2)(?P<d2>[0-3]\d))(?![\d./])"),
        day_month=re.compile(rf"(?<!\d){day}\.?\s*{mon}(?!,?\s*(?:19|20)\d\d)", flags),
        month_day=re.compile(rf"(?<![^\W\d_]){mon}\s+{day}(?!\d)(?!,?\s*(?:19|20)\d\d)", flags),
        time=re.compile(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3])[:.](?P<min>[0-5]\d)(?::[0-5]\d)?(?![\d:])"
                        r"(?:\s*(?P<ampm>[ap])\.?\s?m\.?(?![^\W\d_]))?", flags),
        time_zone=re.compile(str(data.get("time_zone") or r"\bUTC\b"), flags),
        page_date_cue=re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(c) for c in cues) + r")(?![^\W\d_])",
                                 flags) if cues else None,
        url_dates=tuple((re.compile(r["regex"]), bool(r.get("day_first_unambiguous")))
                        for r in data.get("url_dates") or ()),
        url_year=re.compile(str(data.get("url_year") or r"/(?P<y>(?:19|20)\d\d)/")),
        url_first_year=int(data.get("url_first_year", 1995)),
        wire_prefix=re.compile(str(data.get("wire_prefix") or "^$")),
        wire_max_chars=int(data.get("wire_max_chars", 120)),
        footer_label=re.compile(str(data.get("footer_label") or "(?!)"), flags),
        footer_lines=int(data.get("footer_lines", 3)),
    )


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _numeric_day(m: re.Match[str], cyrillic: bool) -> date | None:
    if m.group("y2"):
        return _day(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
    d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    if m.group("sep") == "/" and d <= 12 and mo <= 12 and d != mo and not cyrillic:
        return None  # 05/06/2017 on an English page may be May 6 or 5 June: no guess
    return _day(y, mo, d)


def find_date(line: str, rules: DateRules) -> tuple[date, int, int] | None:
    """The first full date in a line: (day, start, end)."""
    cyrillic = bool(re.search("[а-яё]", line, re.IGNORECASE))
    found: list[tuple[int, int, date]] = []
    for pattern in (rules.day_month_year, rules.month_day_year):
        for m in pattern.finditer(line):
            day = _day(int(m.group("y")), rules.months[m.group("mon").casefold().rstrip(".")], int(m.group("d")))
            if day:
                found.append((m.start(), m.end(), day))
    for m in rules.numeric.finditer(line):
        day = _numeric_day(m, cyrillic)
        if day:
            found.append((m.start(), m.end(), day))
    if not found:
        return None
    start, end, day = min(found)
    return day, start, end


def _split_glued(word: str) -> list[str]:
    """«НовостиПолитика» -> Новости, Политика: site words a scraper glued together."""
    return re.findall(r"[A-ZА-ЯЁ]?[a-zа-яё]+|[A-ZА-ЯЁ]+(?![a-zа-яё])", word) or [word]


def is_page_date(line: str, rules: DateRules) -> bool:
    """A line whose date is the page's (today's date, a retrieval date), not the article's."""
    return bool(rules.page_date_cue and rules.page_date_cue.search(line))


def read_dateline(line: str, rules: DateRules) -> FoundDate | None:
    """The date of a line that is a dateline (see the module docstring), else None."""
    if len(line) > rules.max_line_chars or is_page_date(line, rules):
        return None
    hit = find_date(line, rules)
    if hit is None:
        return None
    day, start, end = hit
    rest = f"{line[:start]} {line[end:]}"
    time = rules.time.search(rest)
    hour = minute = None
    if time:
        hour, minute = int(time.group("h")), int(time.group("min"))
        ampm = (time.group("ampm") or "").lower()
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        if hour > 23:
            hour = minute = None
        rest = f"{rest[:time.start()]} {rest[time.end():]}"
    rest = rules.time_zone.sub(" ", rest)
    words = [w for token in re.findall(r"[^\W\d_]+", rest) for w in _split_glued(token)]
    others = [w for w in words if w.casefold() not in rules.page_words and w.casefold() not in rules.weekdays
              and w.casefold().rstrip(".") not in rules.months]
    # a lower-case word no list knows is a sentence's ("Встреча состоялась 12 марта 2021 года.")
    if len(others) > rules.max_other_words or any(w[0].islower() for w in others):
        return None
    if day > date.today() + timedelta(days=1):
        return None  # a page cannot be published after it was saved
    return FoundDate(day, hour, minute, any(w.casefold() in rules.weekdays for w in words))


def read_wire_dateline(line: str, rules: DateRules) -> DayMonth | None:
    """The day and month a wire story opens with, when no year stands beside them."""
    head = line[: rules.wire_max_chars]
    hits: list[tuple[int, re.Match[str]]] = []
    for pattern in (rules.day_month, rules.month_day):
        m = pattern.search(head)
        if m:
            hits.append((m.start(), m))
    if not hits:
        return None
    _, m = min(hits, key=lambda h: h[0])
    if not rules.wire_prefix.match(head[: m.start()]):
        return None
    day = int(m.group("d"))
    month = rules.months[m.group("mon").casefold().rstrip(".")]
    if _day(2000, month, day) is None:  # a leap year: Feb 29 stays possible
        return None
    return DayMonth(month, day, m.group(0))


def url_date(url: str | None, rules: DateRules, today: date | None = None) -> date | None:
    """A full calendar date in a page address, or None."""
    if not url:
        return None
    last_year = (today or date.today()).year + 1
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE)
    for pattern, day_first_only in rules.url_dates:
        for m in pattern.finditer(path):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            if day_first_only and d <= 12 and d != mo:
                continue  # /05/06/2017/ reads both ways
            day = _day(y, mo, d)
            if day and rules.url_first_year <= y <= last_year:
                return day
    return None


def url_year(url: str | None, rules: DateRules) -> tuple[int, int | None] | None:
    """The year (and month, when the address has it) of a page address: /2023/10/news/."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE)
    m = rules.url_year.search(path)
    if not m:
        return None
    month = int(m.group("m")) if m.group("m") else None
    return int(m.group("y")), month if month and 1 <= month <= 12 else None
