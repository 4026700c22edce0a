"""Property-based tests of the cleaner, the date and amount parsers, the quote finder, and the
stages over arbitrary text: they never crash, and whatever they return points into the text.

Text is drawn from news-shaped fragments (dates, amounts, quote marks, dash attributions,
Russian case forms, NBSP) mixed with arbitrary Unicode, so the parsers' interesting paths are
reached, not just their early exits. Anchors include the calendar's edges (year 1, 9999),
where date arithmetic overflows.
"""
from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from dyadwatch.clean import CleanError, clean_document
from dyadwatch.document import RawDocument
from dyadwatch.records import Amount, PartialDate
from dyadwatch.settings import Settings
from dyadwatch.stages.amounts import parse_amount
from dyadwatch.stages.dates import parse_date_expression
from dyadwatch.stages.quotes import find_quoted_spans

FUZZ = hsettings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NB = "\u00a0"
FRAGMENTS = [
    "22 октября", "on Tuesday", "в\u00a0среду", "next year", "в прошлом месяце", "1 сентября 2027 года", "by 2030",
    "November 25–26", "с 3 по 5 марта", "12.03.2024", "2024-02-30", "31 February", "в 2025-2026 годах", "весной",
    "$ 100 million", "2 млрд рублей", "три школы", "1,2 млрд сомов", "50%", "$5bn", "100 000 тонн", "nine schools",
    "€ 3,5 млн", "0,000", "1e309", "999999999999999999999 долларов", "−5", "½", "٣", "MMXXV",
    "«", "»", "“", "”", '"', "„", "' ", ", – отметил Константин Косачев.", " – said Putin.", "— заявил он",
    "Садыр Жапаров", "Vladimir Putin", "Кыргызстан", f"в{NB}Москве", "\n", "\n\n", " ", ".", ",", "Ё", "\u0301",
]
TEXT_CHARS = st.characters(blacklist_categories=("Cs",))
NEWSY = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(TEXT_CHARS, max_size=6)), max_size=20).map("".join)
ANCHORS = st.one_of(st.none(), st.dates(), st.sampled_from([dt.date.min, dt.date.max, dt.date(2024, 2, 29),
                                                           dt.date(9999, 12, 31), dt.date(1, 1, 1)]))


def assert_date_sane(pd: PartialDate, text: str) -> None:
    assert isinstance(pd, PartialDate)
    if pd.month is not None:
        assert 1 <= pd.month <= 12, pd
    if pd.day is not None:
        assert pd.month is not None and 1 <= pd.day <= 31, pd
    if pd.year is not None and pd.month is not None and pd.day is not None:
        dt.date(pd.year, pd.month, pd.day)  # a real calendar day
    if pd.span is not None:
        assert 0 <= pd.span.start <= pd.span.end <= len(text), pd
        assert text[pd.span.start:pd.span.end] == pd.span.text, pd


def assert_amount_sane(a: Amount, text: str) -> None:
    assert isinstance(a, Amount)
    assert isinstance(a.value, (int, float)) and math.isfinite(a.value), a
    assert a.span is not None and 0 <= a.span.start < a.span.end <= len(text), a
    assert text[a.span.start:a.span.end] == a.span.text, a


# ----------------------------------------------------------------------------- cleaner
@FUZZ
@given(NEWSY, st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["2025-13-45", "0000-00-00", "30.02.2024",
                                                                            "9999-12-31T25:61", "вчера"])),
       st.one_of(st.none(), NEWSY), st.sampled_from(["text", "html"]), st.integers(20, 2000))
def test_fuzz_cleaner_any_document_gives_consistent_spans_or_clean_error(text, published, title, ctype, limit):
    if ctype == "html":
        text = f"<html><body><p>{text}</p><script>x()</script></body></html>"
    meta = {k: v for k, v in {"published": published, "title": title}.items() if v is not None}
    raw = RawDocument(id="fuzz", content=text, content_type=ctype, meta=meta)
    try:
        doc = clean_document(raw, Settings(max_article_chars=limit))
    except CleanError:
        return
    assert doc.text and len(doc.text) <= limit
    for span in doc.paragraphs:
        assert 0 <= span.start <= span.end <= len(doc.text)
        assert doc.text[span.start:span.end] == span.text
    if doc.published is not None:
        dt.date.fromisoformat(doc.published[:10])  # only real dates become the published field


# ----------------------------------------------------------------------------- dates and amounts
@FUZZ
@given(NEWSY, st.sampled_from(["en", "ru", "kk", ""]), ANCHORS, st.sampled_from(["past", "future"]))
def test_fuzz_parse_date_expression_returns_a_real_date_or_none(text, language, anchor, prefer):
    pd = parse_date_expression(text, language, anchor, prefer=prefer)
    if pd is not None:
        assert_date_sane(pd, text)


@FUZZ
@given(NEWSY, st.sampled_from(["en", "ru", "kk", ""]))
def test_fuzz_parse_amount_returns_a_finite_value_inside_the_text_or_none(text, language):
    a = parse_amount(text, language)
    if a is not None:
        assert_amount_sane(a, text)


# ----------------------------------------------------------------------------- quotes
QUOTY = st.lists(st.one_of(st.sampled_from(["«", "»", "“", "”", '"', "„", "‘", "’", "'", " ", "\n", "\n\n", "—", "–",
                                            "слово", "word", ", – отметил он.", ".", "«Мы", "друзья»"]),
                           st.text(TEXT_CHARS, max_size=3)), max_size=40).map("".join)


@FUZZ
@given(QUOTY, st.integers(1, 6))
def test_fuzz_quote_finder_spans_are_ordered_disjoint_and_inside_the_text(text, max_paragraphs):
    spans = find_quoted_spans(text, max_paragraphs=max_paragraphs)
    last_end = 0
    for s in spans:
        assert last_end <= s.outer_start <= s.start <= s.end <= s.outer_end <= len(text), (s, text)
        assert s.outer_end - s.end == 1 and s.start - s.outer_start == 1  # one mark on each side
        last_end = s.outer_end


# ----------------------------------------------------------------------------- stages over arbitrary text
@pytest.fixture(scope="module")
def light_analyzer():
    """The stages that need no model: dates, amounts and quotes over hand-added upstream layers."""
    from dyadwatch.stages.amounts import AmountStage
    from dyadwatch.stages.dates import DateStage
    from dyadwatch.stages.quotes import QuoteStage

    settings = Settings()
    return [DateStage(settings), AmountStage(settings), QuoteStage(settings)]


def test_fuzz_date_amount_quote_stages_over_arbitrary_text(light_analyzer):
    from stagedocs import make_doc

    date_stage, amount_stage, quote_stage = light_analyzer

    @FUZZ
    @given(NEWSY, st.sampled_from(["en", "ru"]), st.one_of(st.none(), st.sampled_from(
        ["2025-03-11", "0001-01-01", "9999-12-31", "2024-02-29T23:59:00", "not a date"])))
    def check(text, language, published):
        doc = make_doc(text, language, published=published)
        for pd in date_stage.process(doc)["dates"]:
            assert_date_sane(pd, text)
        for a in amount_stage.process(doc)["amounts"]:
            assert_amount_sane(a, text)
        for q in quote_stage.process(doc)["quotes"]:
            assert 0 <= q.start <= q.end <= len(text) and text[q.start:q.end] == q.text, q

    check()


@pytest.mark.slow
def test_fuzz_full_pipeline_over_arbitrary_text_keeps_every_span_in_the_text():
    """The default pipeline (models included) on arbitrary news-shaped text: an article, and offsets that hold."""
    from dyadwatch.api import Analyzer, process_text

    analyzer = Analyzer(Settings())

    @hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(NEWSY.filter(lambda s: any(ch.isalpha() for ch in s)), st.sampled_from([None, "2025-03-11", "1-01-01"]))
    def check(text, published):
        try:
            art = process_text(text, published=published, analyzer=analyzer)
        except CleanError:
            return
        t = art.text
        for e in art.entities:
            for m in e.mentions:
                assert t[m.start:m.end] == m.text
        for ev in art.events:
            assert t[ev.evidence.start:ev.evidence.end] == ev.evidence.text
        for q in art.quotes:
            assert t[q.start:q.end] == q.text
        for c in art.commitments:
            assert t[c.evidence.start:c.evidence.end] == c.evidence.text
        art.to_dict()  # the export contract object builds

    check()
