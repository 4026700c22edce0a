"""The linker over articles analysed by the real pipeline from this project's own fixture texts."""
from __future__ import annotations

import pytest

from dyadwatch.link import link_all
from test_link_corpus import A_COPY_TEXT, A_EN_TEXT, A_RU_TEXT, B_RU_TEXT, C_EN_TEXT, D_EN_TEXT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analysed():
    from dyadwatch.api import process_text

    return [process_text(A_EN_TEXT, id="a_en", published="2023-04-12T09:15:00", source="24.kg"),
            process_text(A_RU_TEXT, id="a_ru", published="2023-04-11T19:40:00", source="kabar.kg"),
            process_text(A_COPY_TEXT, id="a_copy", published="2023-04-13T08:00:00", source="vesti.kg"),
            process_text(B_RU_TEXT, id="b_ru"),
            process_text(C_EN_TEXT, id="c_en", published="2023-06-20T11:00:00", source="akipress.com"),
            process_text(D_EN_TEXT, id="d_en", published="2023-09-15T10:00:00", source="24.kg")]


def test_link_pipeline_copy_story_and_backfill(analysed):
    result = link_all(analysed)
    by_id = {a.id: a for a in result.articles}
    # the copy of the English report, and the English report itself, point to the earliest report of the
    # same meeting: the Russian one, published the evening before
    duplicate_of = {k: a.duplicate_of for k, a in by_id.items()}
    assert duplicate_of["a_copy"] == "a_ru" and duplicate_of["a_en"] == "a_ru"
    assert all(duplicate_of[k] is None for k in ("a_ru", "b_ru", "c_en", "d_en"))
    stories = {frozenset(s.articles) for s in result.stories}
    assert frozenset({"a_en", "a_ru", "a_copy", "b_ru"}) in stories
    assert frozenset({"c_en"}) in stories and frozenset({"d_en"}) in stories
    b = by_id["b_ru"]
    backfilled = [e for e in b.events if e.date_source == "cluster"]
    assert backfilled and backfilled[0].date.iso() == "2023-04-12"


def test_link_pipeline_copy_reports_merge_into_one_event(analysed):
    result = link_all(analysed)
    groups = [{m.article_id for m in ev.mentions} for ev in result.events]
    assert any({"a_en", "a_copy"} <= g for g in groups)
    assert not any({"a_en", "d_en"} <= g for g in groups)  # the same pair months later is another event
