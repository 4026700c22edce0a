"""A commitment's deadline: a date of its evidence that lies ahead, always with a year.

"by September 1, 2027" keeps its own year; «до 30 декабря» takes the publication year (the next
one when that day has already passed at publication); a day and month with no year and no
publication date is no deadline (never ``--12-30``). A range ("in 2025-2027") is due at its end.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Iterable

from ...records import PartialDate, Span


def deadline_in(text: str, dates: Iterable[PartialDate], evidence: Span,
                published: PartialDate | None) -> PartialDate | None:
    for d in dates:
        if d.span is None or not evidence.contains(d.span) or d.iso() is None:
            continue
        d = _due(d)
        if d.year is not None and _yearless_due(text, d) and not _after(d, published):
            d = replace(d, year=None)  # «до 15 июля» read as last July: a deadline lies ahead
        if d.year is None:
            d = _with_published_year(d, published)
            if d is None:
                continue
        if d.future or _after(d, published) or (published is None and _due_by(text, d)):
            return d  # no publication date to compare: "by 2029", «до 2029 года» still says it lies ahead
    return None


def _due_by(text: str, d: PartialDate) -> bool:
    """A date written with its year after "by" / «до» / "until"."""
    if d.span is None:
        return False
    written = text[d.span.start:d.span.end]
    words = text[max(0, d.span.start - 12):d.span.start].split()
    return bool(YEAR_DIGITS.search(written)) and bool(DUE.search(written) or (words and DUE.search(words[-1] + " ")))


DUE = re.compile(r"(?i)^(?:до|к|не позднее|с|со|by|before|until|no later than|from|starting)\s")
YEAR_DIGITS = re.compile(r"\d{4}")


def _yearless_due(text: str, d: PartialDate) -> bool:
    """A day and month written without a year after "by" / «до» (or the start of a pledged act: «с 1 июля»):
    the year is the dates layer's guess."""
    written = text[d.span.start:d.span.end] if d.span is not None else (d.text or "")
    before = text[max(0, d.span.start - 12):d.span.start] if d.span is not None else ""
    return d.month is not None and not YEAR_DIGITS.search(written) and bool(
        DUE.search(written) or DUE.search(before.split()[-1] + " " if before.split() else ""))


def _due(d: PartialDate) -> PartialDate:
    """The last day of a range is when it is due."""
    if d.end_year is None and d.end_month is None and d.end_day is None:
        return d
    year = d.end_year if d.end_year is not None else d.year
    month = d.end_month if d.end_month is not None else (d.month if d.end_day is not None else None)
    return replace(d, year=year, month=month, day=d.end_day, end_year=None, end_month=None, end_day=None)


def _with_published_year(d: PartialDate, published: PartialDate | None) -> PartialDate | None:
    if published is None or published.year is None or d.month is None:
        return None
    year = published.year
    if published.complete and (d.month, d.day or 31) < (published.month, published.day):  # type: ignore[operator]
        year += 1  # «до 10 января» written in December: the coming January
    return replace(d.with_year(year, "published"), future=True)


def _after(d: PartialDate, published: PartialDate | None) -> bool:
    """True when the latest day the date can mean is after the publication date."""
    if published is None or not published.complete or d.year is None:
        return False
    latest = (d.year, d.month or 12, d.day or 31)
    return latest > (published.year, published.month, published.day)  # type: ignore[operator]


def last_day(d: PartialDate) -> date | None:
    """The last day a deadline can mean (2027 -> 2027-12-31)."""
    import calendar

    if d.year is None:
        return None
    month = d.month or 12
    day = d.day or calendar.monthrange(d.year, month)[1]
    return date(d.year, month, day)
