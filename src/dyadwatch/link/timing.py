"""When things happened, as the linker compares them.

An article or event is placed in time by a ``DayRange`` (complete dates, a
range, a month) or a ``MonthDay`` (a year-less "22 октября"). ``distance``
compares any two in days; ``bucket_keys`` / ``probe_keys`` give the blocking
keys under which they are indexed and looked up, so that candidates come from
a few day buckets and never from all pairs.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Iterator

from ..records import Article, Event, PartialDate

_LEAP = 2000  # a leap year, so 29 February has a place on the year-less circle


@dataclass(frozen=True, slots=True)
class DayRange:
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class MonthDay:
    month: int
    day: int

    @property
    def ordinal(self) -> int:
        return date(_LEAP, self.month, self.day).timetuple().tm_yday


When = DayRange | MonthDay


def parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def published_day(article: Article) -> date | None:
    return parse_day(article.published)


def from_partial(pd: PartialDate | None) -> When | None:
    """The span of days a partial date allows; None when it says too little."""
    if pd is None or pd.month is None:
        return None
    if pd.year is None:
        if pd.day is None:
            return None
        try:
            return MonthDay(pd.month, pd.day) if date(_LEAP, pd.month, pd.day) else None
        except ValueError:
            return None
    try:
        if pd.day is None:
            last = calendar.monthrange(pd.year, pd.month)[1]
            return DayRange(date(pd.year, pd.month, 1), date(pd.year, pd.month, last))
        start = date(pd.year, pd.month, pd.day)
    except ValueError:
        return None
    end = start
    if pd.end_day is not None:
        try:
            end = date(pd.end_year or pd.year, pd.end_month or pd.month, pd.end_day)
        except ValueError:
            end = start
    return DayRange(start, max(start, end))


def event_when(event: Event, published: date | None, lookback: int) -> When | None:
    """An event's own date; failing that, the days just before publication.

    A date the events stage copied from the publication date says no more
    than "by then", so it is treated as no date of its own.
    """
    when = from_partial(event.date) if event.date is None or event.date.source != "published" else None
    if when is not None:
        return when
    if published is not None and not event.future:
        return DayRange(published - timedelta(days=lookback), published)
    return None


def _year_candidates(md: MonthDay, years: Iterable[int]) -> Iterator[date]:
    for y in years:
        try:
            yield date(y, md.month, md.day)
        except ValueError:  # 29 February in a common year
            continue


def _range_gap(a: DayRange, b: DayRange) -> int:
    if a.end < b.start:
        return (b.start - a.end).days
    if b.end < a.start:
        return (a.start - b.end).days
    return 0


def distance(a: When, b: When) -> int:
    """Days between two placements (0 when they overlap)."""
    if isinstance(a, DayRange) and isinstance(b, DayRange):
        return _range_gap(a, b)
    if isinstance(a, MonthDay) and isinstance(b, MonthDay):
        d = abs(a.ordinal - b.ordinal)
        return min(d, 366 - d)
    md, rng = (a, b) if isinstance(a, MonthDay) else (b, a)
    assert isinstance(md, MonthDay) and isinstance(rng, DayRange)
    return min(_range_gap(DayRange(d, d), rng)
               for d in _year_candidates(md, range(rng.start.year - 1, rng.end.year + 2)))


def nearest_year(md: MonthDay, ref: DayRange) -> tuple[int, int] | None:
    """(year, days away) placing a year-less date closest to a sibling's dates."""
    best: tuple[int, int] | None = None
    for d in _year_candidates(md, range(ref.start.year - 1, ref.end.year + 2)):
        gap = _range_gap(DayRange(d, d), ref)
        if best is None or gap < best[1]:
            best = (d.year, gap)
    return best


# ----------------------------------------------------------------- blocking keys
def _days(rng: DayRange, pad: int, cap: int) -> Iterator[date]:
    start, end = rng.start - timedelta(days=pad), rng.end + timedelta(days=pad)
    if (end - start).days > cap + 2 * pad:
        end = start + timedelta(days=cap + 2 * pad)
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def _md_shift(md: MonthDay, k: int) -> str:
    d = date(_LEAP, md.month, md.day) + timedelta(days=k)
    return f"{d.month:02d}-{d.day:02d}"


def bucket_keys(prefix: str, when: When, cap: int = 31) -> set[str]:
    """Keys a placement is stored under: its days (and their month-day), or its year-less day."""
    if isinstance(when, MonthDay):
        return {f"{prefix}|yl|{when.month:02d}-{when.day:02d}"}
    keys: set[str] = set()
    for d in _days(when, 0, cap):
        keys.add(f"{prefix}|d|{d.isoformat()}")
        keys.add(f"{prefix}|md|{d.month:02d}-{d.day:02d}")
    return keys


def probe_keys(prefix: str, when: When, pad: int, cap: int = 31) -> set[str]:
    """Keys to look up for everything within ``pad`` days of a placement."""
    keys: set[str] = set()
    if isinstance(when, MonthDay):
        for k in range(-pad, pad + 1):
            s = _md_shift(when, k)
            keys.add(f"{prefix}|md|{s}")
            keys.add(f"{prefix}|yl|{s}")
        return keys
    for d in _days(when, pad, cap):
        keys.add(f"{prefix}|d|{d.isoformat()}")
        keys.add(f"{prefix}|yl|{d.month:02d}-{d.day:02d}")
    return keys


def ranked_probe_keys(prefix: str, when: When, pad: int, cap: int = 31) -> list[tuple[int, str]]:
    """``probe_keys`` with each key's distance in days from the placement (0 inside it), nearest first."""
    out: list[tuple[int, str]] = []
    if isinstance(when, MonthDay):
        for k in range(-pad, pad + 1):
            s = _md_shift(when, k)
            out += [(abs(k), f"{prefix}|md|{s}"), (abs(k), f"{prefix}|yl|{s}")]
    else:
        for d in _days(when, pad, cap):
            gap = _range_gap(DayRange(d, d), when)
            out += [(gap, f"{prefix}|d|{d.isoformat()}"), (gap, f"{prefix}|yl|{d.month:02d}-{d.day:02d}")]
    return sorted(set(out))


def nearest_first(ranked: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """(distance, key) of several ranked probes, each key at its smallest distance, nearest first."""
    best: dict[str, int] = {}
    for dist, key in ranked:
        if dist < best.get(key, dist + 1):
            best[key] = dist
    return sorted((d, k) for k, d in best.items())


# ----------------------------------------------------------------- dates in URLs
_URL_DATES = (  # (pattern over the URL's path, group order): a full date, then a month alone
    (re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](\d\d?)[/_-](\d\d?)(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d\d?)[/_-](\d\d?)[/_-]((?:19|20)\d\d)(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)"), "ymd"),
    (re.compile(r"/((?:19|20)\d\d)/(\d\d?)/"), "ym"),
)


def url_when(url: str | None) -> DayRange | None:
    """The day (or month) a news URL's path states: ``/2018/01/19/``, ``-2022-07-08/``, ``/20191127/``,
    ``/20/06/2017/``, ``/2023/10/`` (a month). Sites put the publication date there; None when none is."""
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for pattern, order in _URL_DATES:
        for m in pattern.finditer(path):
            parts = dict(zip(order, (int(g) for g in m.groups())))
            try:
                if "d" not in parts:
                    last = calendar.monthrange(parts["y"], parts["m"])[1]
                    return DayRange(date(parts["y"], parts["m"], 1), date(parts["y"], parts["m"], last))
                day = date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                continue
            return DayRange(day, day)
    return None
