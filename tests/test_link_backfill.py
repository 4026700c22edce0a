"""Dates from sibling articles stay within the article's own time: a year-less day takes a sibling's year only
when the article states no other year, and a date another report gives an event only within days of the
article's publication (texts written for these tests)."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from test_link_fixtures import Ent, actor, article, day, event, yearless

from dyadwatch.link.backfill import backfill_article
from dyadwatch.link.timing import DayRange
from dyadwatch.records import PartialDate

PUTIN = Ent("dw:putin", "Vladimir Putin", "PERSON", "RUS", ("Putin",))
JAPAROV = Ent("dw:japarov", "Sadyr Japarov", "PERSON", "KGZ", ("Japarov",))


def sibling(iso: str) -> SimpleNamespace:
    d = date.fromisoformat(iso)
    return SimpleNamespace(whens=(DayRange(d, d),), order_key=(iso, "", "s"))


def undated(text: str, evidence: str, when, extra_dates=()):
    ev = event(text, evidence, [actor(PUTIN, "source"), actor(JAPAROV, "target")], date=when)
    return article("x", text, "ru", events=(ev,), dates=tuple(d for d in (when, *extra_dates) if d is not None))


def test_a_yearless_day_takes_the_year_of_a_sibling_near_it():
    text = "Путин и Жапаров встретились 7 октября."
    art = undated(text, "Путин и Жапаров встретились", yearless(10, 7, "7 октября"))
    out, filled = backfill_article(art, [sibling("2023-10-09")], 14, lambda i: None)
    assert out.events[0].date.iso() == "2023-10-07" and out.events[0].date_source == "cluster" and filled


def test_no_sibling_year_against_the_year_the_article_states():
    text = "Путин и Жапаров встретились 7 октября. В 2022 году Казахстан председательствует в СНГ."
    art = undated(text, "Путин и Жапаров встретились", yearless(10, 7, "7 октября"),
                  (PartialDate(2022, text="в 2022 году", source="text"),))
    out, _ = backfill_article(art, [sibling("2023-10-09")], 14, lambda i: None)
    assert out.events[0].date.iso() == "--10-07"


def test_a_merged_report_dates_an_event_only_within_days_of_publication():
    text = "Vladimir Putin and Sadyr Japarov held talks."
    ev = event(text, "held talks", [actor(PUTIN, "source"), actor(JAPAROV, "target")])
    near = article("x", text, "en", published="2023-10-13", events=(ev,))
    other = day("2023-10-12", "on October 12")
    out, _ = backfill_article(near, [], 14, lambda i: other)
    assert out.events[0].date.iso() == "2023-10-12" and out.events[0].date_source == "cluster"
    far = article("x", text, "en", published="2025-03-01", events=(ev,))
    out, _ = backfill_article(far, [], 14, lambda i: other)
    assert out.events[0].date is None
