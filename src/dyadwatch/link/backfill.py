"""Dates from siblings: a year-less date takes its year from the article's story.

An article with no publication date says "22 октября" and nothing more. When
its story holds a dated sibling (published, or an event date stated in the
text) within ``backfill_window_days`` of 22 October of some year, the date
takes that year, with ``source="cluster"``. An event with no date at all takes
the date of the merged event it belongs to, when another report states one.
Only values the siblings state themselves are used (never another back-fill),
so the result does not depend on the order articles arrive in.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Callable, Iterable

from ..records import Article, PartialDate
from .features import ArticleFeatures
from .timing import DayRange, MonthDay, nearest_year, parse_day

STAGE = "link.backfill"


def sibling_year(pd: PartialDate, siblings: Iterable[ArticleFeatures], window: int) -> int | None:
    """The year that places a year-less date closest to a dated sibling, within the window."""
    if pd.year is not None or pd.month is None or pd.day is None:
        return None
    try:
        md = MonthDay(pd.month, pd.day)
        md.ordinal  # noqa: B018 - validates the month-day
    except ValueError:
        return None
    best: tuple[int, tuple, int] | None = None
    for sib in siblings:
        for w in sib.whens:
            if not isinstance(w, DayRange):
                continue
            hit = nearest_year(md, w)
            if hit is None or hit[1] > window:
                continue
            cand = (hit[1], sib.order_key, hit[0])
            if best is None or cand < best:
                best = cand
    return best[2] if best else None


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def own_years(article: Article) -> frozenset[int]:
    """The years an article states itself: its publication year and the years written in its date expressions
    ("в 2022 году", "May 3, 2022"). A sibling's year that is none of them belongs to another time than the
    article's ("7 октября" in a text about 2022 does not take 2023 from a story of the next autumn)."""
    years = set()
    pub = parse_day(article.published)
    if pub is not None:
        years.add(pub.year)
    for d in article.dates:
        if d.source == "cluster" or d.year is None:
            continue
        if _YEAR.search(d.text or ""):
            years.add(d.year)
            if d.end_year is not None:
                years.add(d.end_year)
    return frozenset(years)


def _fits(other: PartialDate, own: frozenset[int], published: date | None, window: int, future: bool) -> bool:
    """Whether a date another report of the merged event states may date this article's event: in a year the
    article states, if it states any, and - when the article is dated - no more than ``window`` days before its
    publication (or after it, for an announced event)."""
    if own and other.year not in own:
        return False
    day = other.as_date()
    if published is None or day is None:
        return True
    if future:
        return day >= published - timedelta(days=window)
    return published - timedelta(days=window) <= day <= published + timedelta(days=1)


def _fill(pd: PartialDate, year: int) -> PartialDate:
    return replace(pd.with_year(year, "cluster"), stage=STAGE)


def backfill_article(article: Article, siblings: list[ArticleFeatures], window: int,
                     merged_date: Callable[[int], PartialDate | None]) -> tuple[Article, list[tuple[str, str]]]:
    """The article with its year-less and missing dates filled; and (what, new ISO date) pairs."""
    filled: list[tuple[str, str]] = []
    events = []
    own = own_years(article)
    published = parse_day(article.published)
    for i, ev in enumerate(article.events):
        new_date = ev.date
        if ev.date is not None and ev.date.year is None:
            year = sibling_year(ev.date, siblings, window)
            if year is not None and (not own or year in own):
                new_date = _fill(ev.date, year)
        if new_date is None or (new_date.year is None and new_date.month is None):
            other = merged_date(i)
            if other is not None and other.complete and _fits(other, own, published, window, ev.future):
                new_date = replace(other, source="cluster", stage=STAGE, span=None,
                                   text=other.text, anchor=other.anchor)
        if new_date is not ev.date:
            filled.append((f"event:{ev.id or i}", new_date.iso() or ""))  # type: ignore[union-attr]
            ev = replace(ev, date=new_date)
        events.append(ev)
    dates = []
    for d in article.dates:
        year = sibling_year(d, siblings, window) if d.year is None else None
        if year is not None and (not own or year in own):
            nd = _fill(d, year)
            filled.append((f"date:{d.text}", nd.iso() or ""))
            d = nd
        dates.append(d)
    if not filled:
        return article, []
    return replace(article, events=tuple(events), dates=tuple(dates)), filled
