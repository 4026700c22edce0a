"""The whole pipeline on three short reports written for this test: an English and a Russian report of
one meeting (different words, one language each) and a meeting of the same presidents four years
earlier. Analysis resolves «Владимир Путин» and "Vladimir Putin" to one entity; linking does the rest."""
from __future__ import annotations

from pathlib import Path

from dyadwatch.api import Analyzer, extract
from dyadwatch.link import link_all
from dyadwatch.records import Article

DATA = Path(__file__).parent / "data" / "reports"


def test_english_and_russian_reports_of_one_meeting_through_the_pipeline():
    arts = [a for a in extract([DATA], analyzer=Analyzer()) if isinstance(a, Article)]
    result = link_all(arts)
    by_id = {a.id: a for a in result.articles}
    assert set(by_id) == {"talks_en", "talks_ru", "talks_2020"}
    assert by_id["talks_en"].duplicate_of == "talks_ru"  # the Russian report came out first
    assert by_id["talks_ru"].duplicate_of is None and by_id["talks_2020"].duplicate_of is None
    assert by_id["talks_en"].story == by_id["talks_ru"].story != by_id["talks_2020"].story
    both = [ev for ev in result.events if {m.article_id for m in ev.mentions} == {"talks_en", "talks_ru"}]
    assert len(both) == 1 and both[0].languages == ("en", "ru")


def test_ingest_in_either_order_stores_the_same_duplicates_and_stories(tmp_path):
    from dyadwatch.ingest import ingest
    from dyadwatch.settings import Settings
    from dyadwatch.store import open_store

    files = sorted(DATA.glob("*.txt"))
    views = []
    for n, order in enumerate((files, files[::-1])):
        settings = Settings(db=str(tmp_path / f"r{n}.db"), batch_size=1, engine="local")
        for f in order:  # one run per file: each links against what the earlier runs stored
            ingest([f], settings)
        with open_store(settings.db) as store:
            arts = {a.id: store.article(a.key) for a in store.articles().items}
        views.append(({k: a.duplicate_of for k, a in arts.items()}, {k: a.story for k, a in arts.items()}))
    assert views[0] == views[1]
    assert views[0][0] == {"talks_en": "talks_ru", "talks_ru": None, "talks_2020": None}
