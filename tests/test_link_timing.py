"""Placing dates in time for linking: distances, year-less dates, blocking keys."""
from __future__ import annotations

from datetime import date

from dyadwatch.link.index import DisjointSets, MemoryIndex
from dyadwatch.link.timing import (DayRange, MonthDay, bucket_keys, distance, from_partial, nearest_year,
                                   probe_keys)
from dyadwatch.records import PartialDate


def test_timing_yearless_date_sits_near_sibling_across_new_year():
    md = MonthDay(12, 30)
    ref = DayRange(date(2021, 1, 2), date(2021, 1, 2))
    assert distance(md, ref) == 3
    assert nearest_year(md, ref) == (2020, 3)


def test_timing_partial_dates_become_ranges():
    assert from_partial(PartialDate(2022, 3, None)) == DayRange(date(2022, 3, 1), date(2022, 3, 31))
    rng = from_partial(PartialDate(2025, 11, 25, end_day=27))
    assert rng == DayRange(date(2025, 11, 25), date(2025, 11, 27))
    assert from_partial(PartialDate(None, 10, 22)) == MonthDay(10, 22)
    assert from_partial(PartialDate(None, 2, 30)) is None
    assert distance(rng, DayRange(date(2025, 11, 26), date(2025, 11, 26))) == 0


def test_timing_probe_finds_bucket_within_window_only():
    stored = bucket_keys("st", MonthDay(10, 22))
    near = probe_keys("st", DayRange(date(2020, 10, 24), date(2020, 10, 24)), pad=7)
    far = probe_keys("st", DayRange(date(2020, 11, 24), date(2020, 11, 24)), pad=7)
    assert stored & near and not stored & far
    dated = bucket_keys("st", DayRange(date(2019, 10, 20), date(2019, 10, 20)))
    assert dated & probe_keys("st", MonthDay(10, 22), pad=7)


def test_disjoint_sets_groups_do_not_depend_on_union_order():
    pairs = [("a", "b"), ("c", "d"), ("b", "c"), ("e", "f")]
    seen = []
    for order in (pairs, pairs[::-1], pairs[2:] + pairs[:2]):
        ds = DisjointSets(MemoryIndex(), "t")
        for x, y in order:
            ds.union(x, y)
        seen.append(sorted(ds.groups()))
    assert seen[0] == [("a", "b", "c", "d"), ("e", "f")]
    assert all(s == seen[0] for s in seen)
