"""Aliases of a person are probed only where something filed under them may lie near the probe's days
(``link/spans.py``): the same links, fewer keys read."""
from __future__ import annotations

import itertools
from datetime import date

from dyadwatch.link import Linker, MemoryIndex
from dyadwatch.link.spans import BLOCK, DaySpans, merge
from dyadwatch.link.timing import DayRange, MonthDay
from test_link_entities import BISHKEK, KRIVTSOV, TURS_EN, TURS_RU, _with
from test_link_entities import corpus as merge_corpus
from test_link_fixtures import NBSP, actor, article, day, entities, event, yearless


class CountingIndex(MemoryIndex):
    """A memory index that remembers which blocking keys were read."""

    def __init__(self) -> None:
        super().__init__()
        self.read: list[str] = []

    def members_by_key(self, keys, limit):
        keys = list(keys)
        self.read.extend(keys)
        return super().members_by_key(keys, limit)


def _years_later():
    """Three years on, the person (in the Russian spelling only) opens a school in Bishkek."""
    text = (f"Бакытбек Турсунбаев 3{NBSP}марта открыл в{NBSP}Бишкеке школу, построенную при поддержке "
            f"России, сообщает пресс-служба.")
    ents = [_with(TURS_RU, "Бакытбек Турсунбаев"), _with(BISHKEK, "Бишкеке")]
    return article("t_2027", text, "ru", source="kabar.kg", published="2027-03-04T10:00:00",
                   ents=entities(text, ents),
                   events=(event(text, "открыл", [actor(TURS_RU, "source")], type="COOPERATE", mode=None,
                                 date=day("2027-03-03", f"3{NBSP}марта"), place=BISHKEK, id="e1"),))


def _yearless_report():
    """Undated, in the English spelling: "on 3 March" with no year, so any year's 3 March may be it."""
    text = ("Bakytbek Tursunbaev opened a school in Bishkek on 3 March, built with Russian support, his office "
            "said.")
    ents = [_with(TURS_EN, "Bakytbek Tursunbaev"), _with(BISHKEK, "Bishkek")]
    return article("t_yearless", text, "en", source="kaktus.media", published=None, ents=entities(text, ents),
                   dates=(yearless(3, 3, "3 March"),),
                   events=(event(text, "opened", [actor(TURS_EN, "source")], type="COOPERATE", mode=None,
                                 date=yearless(3, 3, "3 March"), place=BISHKEK, id="e1"),))


def _link(arts, spans: bool):
    index = CountingIndex()
    linker = Linker(index=index)
    if not spans:
        linker.stories.spans = linker.events.spans = None
    for a in arts:
        linker.add(a)
    ids = [a.id for a in arts]
    return linker, index, {i: linker.article(i) for i in ids}


def test_spans_merge_and_reach_follow_the_days_filed():
    spans = DaySpans(MemoryIndex(), cap=31)
    feb = date(2024, 2, 5).toordinal()
    spans.index.put("span", "x:a", (feb - feb % BLOCK, feb - feb % BLOCK + BLOCK - 1, False))
    assert spans.reaches("x:a", DayRange(date(2024, 2, 6), date(2024, 2, 6)), pad=7)
    assert not spans.reaches("x:a", DayRange(date(2027, 3, 3), date(2027, 3, 3)), pad=7)
    # a year-less probe reads month-day keys of every year: anything filed may match
    assert spans.reaches("x:a", MonthDay(3, 3), pad=7)
    spans.index.put("span", "x:b", merge((1, 0, False), (feb, feb, True)))
    assert spans.reaches("x:b", DayRange(date(2030, 1, 1), date(2030, 1, 1)), pad=0)  # its year-less filing


def test_spans_skip_an_alias_filed_only_years_away_and_link_the_same():
    arts = [*merge_corpus(), _years_later()]
    _, with_index, with_spans = _link(arts, spans=True)
    _, without_index, without_spans = _link(arts, spans=False)
    assert with_spans == without_spans
    # the 2027 article probes its own spelling's keys; the English one's, filed in February 2024, are skipped
    assert not [k for k in with_index.read if k.startswith("st|x:bakytbek-tursunbaev|d|2027")]
    assert [k for k in without_index.read if k.startswith("st|x:bakytbek-tursunbaev|d|2027")]
    assert len(with_index.read) < len(without_index.read)


def test_spans_keep_a_yearless_filing_of_an_alias_in_reach():
    # the year-less English report is filed under the English spelling's year-less key: a dated probe
    # in the other spelling, on 3 March of any year, must still read it
    for order in itertools.permutations([*merge_corpus(), _yearless_report(), _years_later()]):
        _, _, with_spans = _link(list(order), spans=True)
        _, _, without_spans = _link(list(order), spans=False)
        assert with_spans == without_spans, [a.id for a in order]
    linker, _, views = _link([*merge_corpus(), _yearless_report(), _years_later()], spans=True)
    assert views["t_2027"].story == views["t_yearless"].story


def test_spans_worked_out_for_ids_filed_before_spans_were_kept():
    # a store linked by an earlier version has no span records: they are worked out from the
    # person's articles when first needed, and the links are those found without spans
    earlier = [*merge_corpus(), _yearless_report()]
    index = CountingIndex()
    linker = Linker(index=index)
    for a in earlier:
        linker.add(a)
    index._records.pop("span")
    linker.add(_years_later())
    _, _, reference = _link([*earlier, _years_later()], spans=False)
    assert {i: linker.article(i) for i in reference} == reference
    assert index.get("span", "x:bakytbek-tursunbaev")[2] is True  # its year-less filing was found


def test_spans_worked_out_many_at_once_equal_those_worked_out_one_by_one():
    index = CountingIndex()
    linker = Linker(index=index)
    for a in [*merge_corpus(), _yearless_report(), _years_later()]:
        linker.add(a)
    kept = dict(index._records.pop("span"))
    ids = sorted(kept)
    assert linker.spans.work_out(ids) == len(ids)
    assert {i: index.get("span", i) for i in ids} == kept
    assert linker.spans.work_out(ids) == 0  # all have one now
    index._records.pop("span")
    assert {i: linker.spans._scan(i) for i in ids} == kept
