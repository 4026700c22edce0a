"""The dates stage: temporal expressions as PartialDates anchored on the publication date.

Candidates come from ``dyadwatch.temporal`` (regexes over the month, weekday
and relative-phrase lexicons). Anchoring:

* absolute dates keep what the text gives; a missing year is read with
  dateparser against the anchor (RELATIVE_BASE, PREFER_DATES_FROM past for
  reported events, future for scheduled ones), or left None without anchor;
* "N days ago" / "через 2 недели" go through dateparser as well;
* weekdays, deictic words (вчера, today) and periods (last week, в
  следующем году) are resolved here, because dateparser answers them at day
  granularity and reads "on Tuesday" in a Tuesday article as last week.

``source`` is "text" for absolute expressions and "relative" for those
resolved on the anchor; ``anchor`` holds the ISO anchor.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace
from functools import lru_cache
from typing import Any, Iterable, Mapping

from ..document import Doc
from ..pipeline import Stage
from ..records import PartialDate, Span
from ..temporal import TemporalCandidate, find_candidates, future_cue, lexicon, prepare

STAGE = "dates"
_EN_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def parse_anchor(value: Any) -> dt.date | None:
    """A date from an ISO string, date, datetime or PartialDate (None when incomplete)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, PartialDate):
        return value.as_date()
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def parse_date_expression(text: str, language: str, anchor: dt.date | None,
                          prefer: str = "past") -> PartialDate | None:
    """The date one expression names ("22 октября", "on Tuesday", "next year").

    Offsets of the returned span are into ``text``. ``prefer`` is "past" for
    reported events and "future" for scheduled ones (deadlines, visits to come).
    """
    cands = find_candidates(text, language)
    if not cands:
        return None
    best = max(cands, key=lambda c: (c.end - c.start, -c.start))
    return resolve(best, anchor, prefer=prefer)


def extract_dates(text: str, language: str, anchor: dt.date | None,
                  extra: tuple[str, ...] = (), offset: int = 0) -> list[PartialDate]:
    """Every temporal expression of ``text``; future ones detected from scheduling cues."""
    lx = lexicon(language, extra)
    out: list[PartialDate] = []
    for cand in find_candidates(text, language, extra):
        cue = future_cue(text, cand.start, lx)
        pd = resolve(cand, anchor, prefer="future" if cue else "past", future_hint=cue)
        if pd is None:
            continue
        if offset and pd.span is not None:
            pd = replace(pd, span=Span(pd.span.start + offset, pd.span.end + offset, pd.span.text))
        out.append(pd)
    return out


def resolve(c: TemporalCandidate, anchor: dt.date | None, prefer: str = "past",
            future_hint: bool = False) -> PartialDate | None:
    """Anchor one candidate; None when its parts make no calendar date (31 February)."""
    future = future_hint or prefer == "future"
    common = dict(text=c.text, anchor=anchor.isoformat() if anchor else None,
                  span=Span(c.start, c.end, c.text), stage=STAGE)
    if c.kind == "absolute":
        pd = _absolute(c, anchor, "future" if future else "past", common)
    elif anchor is None or c.kind == "vague":  # relative without an anchor, or "several days ago": no value
        return PartialDate(source="relative", confidence=0.3, future=future, **common)  # type: ignore[arg-type]
    else:
        try:
            pd = _relative(c, anchor, future, common)
        except OverflowError:  # "on Tuesday" read against 0001-01-01: before the first day datetime holds
            return None
    if pd is None or (pd.year is not None and not dt.MINYEAR <= pd.year <= dt.MAXYEAR):
        return None  # "5000 лет назад": a span of time, not a calendar date datetime can hold
    start = pd.as_date() or _first_day(pd)
    if future_hint or (anchor is not None and start is not None and start > anchor):
        pd = replace(pd, future=True)
    return pd


def _relative(c: TemporalCandidate, anchor: dt.date, future: bool, common: Mapping[str, Any]) -> PartialDate | None:
    if c.kind == "deictic":
        return PartialDate.from_date(anchor + dt.timedelta(days=c.offset or 0), source="relative",
                                     confidence=0.9, **common)
    if c.kind == "weekday":
        return PartialDate.from_date(_weekday(anchor, c.weekday or 0, c.direction, future), source="relative",
                                     confidence=0.8, **common)
    if c.kind == "period":
        return _period(anchor, c.offset or 0, c.unit or "day", common, future)
    if c.kind == "count":
        return _count(c, anchor, common)
    return None


# --------------------------------------------------------------------------- absolute
def _absolute(c: TemporalCandidate, anchor: dt.date | None, prefer: str,
              common: Mapping[str, Any]) -> PartialDate | None:
    year, month, day = c.year, c.month, c.day
    conf = 0.95 if year is not None else 0.85
    if month is None:  # a year alone; "в 2021 году" is surely a year, a bare 2021 only likely
        conf = 0.85 if c.year_context else 0.6
    elif year is None and anchor is not None:
        year = _infer_year(month, day, anchor, prefer)
        conf = 0.8
    elif year is None:
        conf = 0.7
    if not _valid(year, month, day):
        return None
    end_year, end_month, end_day = c.end_year, c.end_month, c.end_day
    if c.is_range:
        if end_year is None and year is not None:
            end_year = year
            if end_month is not None and month is not None and (end_month, end_day or 0) < (month, day or 0):
                end_year += 1  # "25 декабря – 5 января"
        if not _valid(end_year, end_month, end_day):
            return None
    return PartialDate(year=year, month=month, day=day, end_year=end_year, end_month=end_month, end_day=end_day,
                       source="text", confidence=conf, **common)  # type: ignore[arg-type]


def _infer_year(month: int, day: int | None, anchor: dt.date, prefer: str) -> int:
    """The year of a month(-day) without one: dateparser against the anchor, checked."""
    if day is not None:
        got = _dateparser_parse(f"{day} {_EN_MONTHS[month]}", "en", anchor, prefer, ("day", "month"))
        if got is not None and got.month == month and got.day == day:
            return got.year
    key = (month, day or (1 if prefer == "future" else 31))
    if prefer == "future":
        return anchor.year if key >= (anchor.month, anchor.day) or month == anchor.month else anchor.year + 1
    return anchor.year if key <= (anchor.month, anchor.day) or month == anchor.month else anchor.year - 1


@lru_cache(maxsize=4096)
def _dateparser_parse(text: str, language: str, anchor: dt.date, prefer: str,
                      parts: tuple[str, ...] = ()) -> dt.date | None:
    import dateparser  # heavy import: only when a date needs anchoring

    settings = {"RELATIVE_BASE": dt.datetime.combine(anchor, dt.time()), "PREFER_DATES_FROM": prefer,
                "RETURN_AS_TIMEZONE_AWARE": False}
    if parts:
        settings["REQUIRE_PARTS"] = list(parts)
    try:
        got = dateparser.parse(text, languages=[language], settings=settings)
    except Exception:  # dateparser raises on odd inputs; the caller falls back
        return None
    return got.date() if got else None


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    last = calendar.monthrange(year if year is not None else 2000, month)[1]  # 2000: 29 Feb allowed
    return 1 <= day <= last


def _first_day(pd: PartialDate) -> dt.date | None:
    if pd.year is None:
        return None
    return dt.date(pd.year, pd.month or 1, pd.day or 1)


# --------------------------------------------------------------------------- relative
def _weekday(anchor: dt.date, weekday: int, direction: str | None, future: bool) -> dt.date:
    if direction == "future" or (future and direction != "past"):
        delta = (weekday - anchor.weekday()) % 7
        if direction == "future" or delta == 0:
            delta = delta or 7
        return anchor + dt.timedelta(days=delta)
    delta = (anchor.weekday() - weekday) % 7
    if direction == "past" and delta == 0:
        delta = 7
    return anchor - dt.timedelta(days=delta)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + by
    return idx // 12, idx % 12 + 1


def _period(anchor: dt.date, offset: int, unit: str, common: Mapping[str, Any],
            future: bool = False) -> PartialDate:
    if unit in ("week", "weekend"):
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=offset)
        sunday = monday + dt.timedelta(days=6)
        if unit == "weekend":
            monday = monday + dt.timedelta(days=5)  # Saturday
            if offset == 0 and not future and anchor < monday:
                monday, sunday = monday - dt.timedelta(days=7), sunday - dt.timedelta(days=7)
        return PartialDate(year=monday.year, month=monday.month, day=monday.day, end_year=sunday.year,
                           end_month=sunday.month, end_day=sunday.day, source="relative", confidence=0.75,
                           **common)  # type: ignore[arg-type]
    if unit == "month":
        y, m = _shift_month(anchor.year, anchor.month, offset)
        return PartialDate(year=y, month=m, source="relative", confidence=0.8, **common)  # type: ignore[arg-type]
    return PartialDate(year=anchor.year + offset, source="relative", confidence=0.8, **common)  # type: ignore[arg-type]


def _count(c: TemporalCandidate, anchor: dt.date, common: Mapping[str, Any]) -> PartialDate | None:
    n = c.offset or 0
    if c.unit in ("day", "week"):
        try:
            target = anchor + dt.timedelta(days=n * (7 if c.unit == "week" else 1))
        except OverflowError:  # "a million days ago": no calendar date
            return None
        parsed = _dateparser_parse(c.text, c.language, anchor, "past" if n < 0 else "future")
        if parsed is not None and abs((parsed - target).days) <= 1:
            target = parsed
        return PartialDate.from_date(target, source="relative", confidence=0.85 if c.unit == "day" else 0.7,
                                     **common)
    if c.unit == "month":
        y, m = _shift_month(anchor.year, anchor.month, n)
        return PartialDate(year=y, month=m, source="relative", confidence=0.7, **common)  # type: ignore[arg-type]
    return PartialDate(year=anchor.year + n, source="relative", confidence=0.7, **common)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- stage
class DateStage(Stage):
    """Adds ``dates``: every temporal expression of the article, in text order."""

    name = STAGE
    requires = ("language", "paragraph_languages")
    adds = ("dates",)

    def warm_up(self) -> None:
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        for language in tuple(getattr(self.settings, "languages", ("en", "ru")) or ("en", "ru")):
            prepare(language, extra)
            # dateparser imports and loads each language's data on its first parse: done here, once
            _dateparser_parse("1 January", language, dt.date(2000, 6, 1), "past")

    def process(self, doc: Doc) -> dict[str, tuple[PartialDate, ...]]:
        anchor = parse_anchor(doc.clean.published) or parse_anchor(doc.get("published"))
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        supported = tuple(getattr(self.settings, "languages", ("en", "ru")) or ("en", "ru"))
        out: list[PartialDate] = []
        for start, end, language in _language_runs(doc, supported):
            out.extend(extract_dates(doc.text[start:end], language, anchor, extra, offset=start))
        out.sort(key=lambda p: p.span.start if p.span else 0)
        return {"dates": tuple(out)}


def _language_runs(doc: Doc, supported: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, language) pieces: whole text in the article language, or per paragraph
    when the language stage found paragraphs in another supported language."""
    supported = tuple(supported)
    main = doc.get("language") or "en"
    if main not in supported:
        main = "en" if "en" in supported else supported[0]
    per_par = doc.get("paragraph_languages") or ()
    if not per_par or all(lang == main for _, lang in per_par):
        return [(0, len(doc.text), main)]
    return [(span.start, span.end, lang if lang in supported else main) for span, lang in per_par]
