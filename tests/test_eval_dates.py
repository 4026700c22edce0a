"""The dates and amounts evaluations: scoring arithmetic on hand-made gold, and runs on ../shared."""
from __future__ import annotations

import datetime as dt

from dyadwatch.eval.common import Report
from dyadwatch.eval.dates import Found, Gold, date_interval, eval_gum, eval_nerel, eval_recognizers, \
    iso_interval, overlap_tp, score
from dyadwatch.records import PartialDate


def test_eval_dates_intervals_by_granularity():
    assert iso_interval("2017") == (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert iso_interval("2016-02") == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    week = PartialDate(2017, 7, 10, end_year=2017, end_month=7, end_day=16)
    assert date_interval(week) == (dt.date(2017, 7, 10), dt.date(2017, 7, 16))
    assert date_interval(PartialDate(None, 10, 22)) is None  # open year: no value to score


def test_eval_dates_score_counts_value_only_on_overlapping_same_interval():
    day = (dt.date(2022, 3, 29), dt.date(2022, 3, 29))
    golds = [Gold(10, 17, "date", (day,)), Gold(30, 40, "date", (day,))]
    found = [Found(10, 17, day), Found(31, 35, (dt.date(2022, 3, 22),) * 2), Found(50, 55, day)]
    report = Report("t")
    score(report, "sys", golds, found, exact_spans=True)
    value = report.rows[("sys", "value (all)")]
    assert (value.tp, value.sys, value.gold) == (1, 3, 2)
    exact = report.rows[("sys", "detect (exact)")]
    assert exact.tp == 1
    overlap = report.rows[("sys", "detect (overlap)")]
    assert (overlap.tp, overlap.sys, overlap.gold) == (2, 3, 2)


def test_eval_dates_overlap_never_exceeds_one():
    assert overlap_tp([(0, 20)], [(0, 5), (10, 15)]) == 1


def test_eval_dates_recognizers_beats_baseline_on_values(shared_dir):
    report = eval_recognizers(shared_dir / "eval" / "recognizers-text-specs" / "DateTimeModel.json", limit=120)
    ours = report.rows[("dyadwatch", "value (all)")]
    base = report.rows[("dateparser.search_dates", "value (all)")]
    assert ours.gold == base.gold > 0
    assert ours.f1 > base.f1


def test_eval_dates_gum_and_nerel_run_with_baseline(shared_dir):
    gum = eval_gum(shared_dir / "eval" / "gum-news" / "xml", limit=3)
    assert ("dyadwatch", "value (all)") in gum.rows and ("dateparser.search_dates", "value (all)") in gum.rows
    assert gum.rows[("dyadwatch", "detect (overlap)")].gold > 0
    nerel = eval_nerel(shared_dir / "eval" / "nerel" / "NEREL-v1.1" / "test", limit=5)
    ours = nerel.rows[("dyadwatch", "detect (overlap)")]
    assert ours.gold > 0 and ours.r > 0.5


def test_eval_amounts_recognizers_values(shared_dir):
    from dyadwatch.eval.amounts import eval_recognizers as eval_currency

    report = eval_currency(shared_dir / "eval" / "recognizers-text-specs" / "CurrencyModel.json", limit=40)
    cell = report.rows[("dyadwatch", "value + currency")]
    assert cell.gold > 0 and cell.p > 0.6
