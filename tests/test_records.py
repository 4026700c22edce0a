"""Records produce the export contract and round-trip through it."""
from __future__ import annotations

import json

import pytest

from dyadwatch.records import (Actor, Amount, Article, Commitment, Entity, Event, Mention, PartialDate, Place, Quote,
                               Span, Topic)

TEXT = "Президент Садыр Жапаров провёл переговоры с Владимиром Путиным в Бишкеке во вторник."


def _article() -> Article:
    japarov = Mention(10, 23, TEXT[10:23], "PERSON", "Садыр Жапаров", "ner", 0.98, "Q123")
    ev_span = Span.of(TEXT, 0, len(TEXT))
    tuesday = PartialDate(2025, 11, 25, text="во вторник", anchor="2025-11-26", source="relative",
                          span=Span.of(TEXT, 74, 84), stage="dates")
    return Article(
        id="sample_1", text=TEXT, language="ru", source="24.kg", url="https://24.kg/x", title="Переговоры",
        published="2025-11-26T17:20:00",
        entities=(Entity("Q123", "Sadyr Japarov", "PERSON", "KGZ", "Q123", (japarov,), known=True, stage="resolve"),),
        events=(Event("CONSULT", ev_span, mode="visit", cameo="042",
                      actors=(Actor("Sadyr Japarov", "Q123", "KGZ", "source"), Actor("Vladimir Putin", "Q7747", "RUS",
                                                                                     "target")),
                      date=tuesday, place=Place("Bishkek", "KGZ"), stage="events", confidence=0.8),),
        quotes=(Quote("Россия остаётся союзником", 0, 10, Actor("Sadyr Japarov", "Q123", "KGZ", "speaker")),),
        commitments=(Commitment("open three schools", ev_span, Actor("Russia", None, "RUS"),
                                Amount(100_000_000, "$ 100 million", "USD"),
                                PartialDate(2027, 9, 1, text="September 1, 2027", future=True), "will"),),
        topics=(Topic("education", 0.8),), tone=3.4,
    )


def test_article_to_dict_uses_contract_field_names():
    d = _article().to_dict()
    for name in ("id", "source", "url", "title", "published", "language", "text", "entities", "events", "quotes",
                 "commitments", "topics", "tone", "duplicate_of", "story"):
        assert name in d
    ev = d["events"][0]
    assert ev["date"] == "2025-11-25" and ev["date_source"] == "relative"
    assert ev["place"] == {"name": "Bishkek", "country": "KGZ", "entity": None}
    assert ev["actors"][1]["role"] == "target"
    m = d["entities"][0]["mentions"][0]
    assert (m["start"], m["end"], m["text"], m["normal"]) == (10, 23, "Садыр Жапаров", "Садыр Жапаров")
    assert d["commitments"][0]["amount"]["value"] == 100000000
    assert d["commitments"][0]["deadline"] == "2027-09-01"
    json.dumps(d, ensure_ascii=False)  # serialisable as is


def test_article_round_trips_through_dict():
    art = _article()
    assert Article.from_dict(json.loads(json.dumps(art.to_dict()))) == art


def test_partial_date_iso_keeps_missing_parts_open():
    assert PartialDate(None, 10, 22).iso() == "--10-22"
    assert PartialDate(2022, 3).iso() == "2022-03"
    assert PartialDate(2022).iso() == "2022"
    assert PartialDate().iso() is None
    filled = PartialDate(None, 10, 22, text="22 октября").with_year(2020, "cluster")
    assert filled.iso() == "2020-10-22" and filled.source == "cluster" and filled.text == "22 октября"


def test_partial_date_range_round_trips():
    rng = PartialDate(2025, 11, 25, text="November 25–27", end_year=2025, end_month=11, end_day=27)
    assert rng.end_iso() == "2025-11-27"
    assert PartialDate.from_dict(rng.to_dict()) == rng


def test_event_without_date_has_no_date_source():
    ev = Event("CONSULT", Span(0, 4, "talk"))
    assert ev.to_dict()["date"] is None and ev.to_dict()["date_source"] is None


def test_span_rejects_inverted_offsets():
    with pytest.raises(ValueError):
        Span(5, 2, "")
