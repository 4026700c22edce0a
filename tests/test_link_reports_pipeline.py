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


def _results(db: str) -> dict[str, object]:
    """What linking stored, as sets that do not depend on ids: merged events by their reports,
    stories by their articles, ledger entries by their mentions."""
    import sqlite3

    con = sqlite3.connect(db)
    try:
        def groups(sql: str) -> set[frozenset]:
            out: dict[str, set] = {}
            for group, member in con.execute(sql):
                out.setdefault(group, set()).add(member)
            return {frozenset(v) for v in out.values()}

        return {"merged": groups("SELECT merged_id, article_id || '#' || event_id FROM merged_event_reports"),
                "stories": groups("SELECT story_id, article_id FROM story_articles"),
                "ledger": groups("SELECT entry_id, article_id FROM ledger_mentions")}
    finally:
        con.close()


def test_ingest_stores_linking_results_that_do_not_depend_on_order(tmp_path):
    """Merged events, stories and the ledger are tables written with each batch: the same whatever
    the order and the runs the articles came in, and what the dashboard counts is what export writes."""
    import json

    from fastapi.testclient import TestClient

    from dyadwatch.export import iter_rows
    from dyadwatch.ingest import ingest
    from dyadwatch.settings import Settings
    from dyadwatch.store import open_store
    from dyadwatch.web.app import create_app

    files = sorted(DATA.glob("*.txt"))
    stored = []
    for n, runs in enumerate(([files], [[f] for f in files[::-1]])):
        settings = Settings(db=str(tmp_path / f"o{n}.db"), engine="local")
        for run in runs:
            ingest(run, settings)
        stored.append(_results(settings.db))
    assert stored[0] == stored[1]
    merged = stored[0]["merged"]
    # the English and the Russian report of the 2024 talks are one real-world event with two reports
    assert any({m.split("#")[0] for m in g} == {"talks_en", "talks_ru"} for g in merged)
    # the same presidents' talks four years earlier are another story
    assert not any({"talks_2020", "talks_en"} <= g for g in stored[0]["stories"])

    with open_store(str(tmp_path / "o0.db")) as store:
        exported = {kind: list(iter_rows(store, kind)) for kind in ("merged-events", "stories", "ledger")}
        assert exported["merged-events"] and exported["stories"]
        both = next(m for m in exported["merged-events"] if {r["article_id"] for r in m["reports"]}
                    == {"talks_en", "talks_ru"})
        assert both["languages"] == ["en", "ru"] and both["n_articles"] == 2
        json.dumps(exported)  # plain data all through
        client = TestClient(create_app(store, Settings(dyad=("KGZ", "RUS"))))
        overview = client.get("/api/overview?all_events=true").json()["stats"]
        assert overview["merged_events"] == len(exported["merged-events"])
        assert overview["ledger"] == len(exported["ledger"])
        page = client.get("/api/merged-events?all_events=true&limit=500").json()
        assert page["total"] == len(exported["merged-events"])
        event_page = client.get(f"/api/events/{both['reports'][0]['event']}").json()
        assert event_page["n_articles"] == 2 and event_page["languages"] == ["en", "ru"]
        # the timeline shows the merged meeting once, with both reports
        rows = [c for c in client.get("/api/timeline?from=2024-01-01&to=2024-12-31").json()["items"]
                if {r["article"] for r in c["reports"]} & {"talks_en", "talks_ru"}]
        assert len(rows) == 1 and {r["article"] for r in rows[0]["reports"]} == {"talks_en", "talks_ru"}


def test_no_linker_in_the_web_process():
    src = Path(__file__).parent.parent / "src" / "dyadwatch"
    for path in (src / "web").rglob("*.py"):
        assert "Linker" not in path.read_text(encoding="utf-8"), path


def test_a_story_renamed_by_an_earlier_report_keeps_answering_to_its_old_id(tmp_path):
    """Stories are named after their first article: when an earlier report arrives later, the story
    gets its id, and the id it had stays an alias, so a filter or link naming it still finds the story."""
    from dyadwatch.ingest import ingest
    from dyadwatch.settings import Settings
    from dyadwatch.store import Filters, open_store

    settings = Settings(db=str(tmp_path / "s.db"), engine="local")
    ingest([DATA / "talks_en.txt"], settings)
    with open_store(settings.db) as store:
        first_id = store.article("talks_en").story
    ingest([DATA / "talks_ru.txt"], settings)  # published before the English report
    with open_store(settings.db) as store:
        now_id = store.article("talks_en").story
        assert now_id != first_id and store.article("talks_ru").story == now_id
        found = {a.id for a in store.articles(Filters(story=first_id)).items}
        assert found == {"talks_en", "talks_ru"}


def test_cli_relink_links_a_store_ingested_without_linking(tmp_path):
    import sqlite3

    from typer.testing import CliRunner

    from dyadwatch.cli import app

    db = str(tmp_path / "nolink.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(DATA), "--db", db, "--no-link", "-q"]).exit_code == 0
    count = "SELECT count(*) FROM merged_event_reports"
    assert sqlite3.connect(db).execute(count).fetchone()[0] == 0
    result = runner.invoke(app, ["relink", "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    assert _results(db) == _results(str(_ingested(tmp_path)))


def _ingested(tmp_path: Path) -> Path:
    from dyadwatch.ingest import ingest
    from dyadwatch.settings import Settings

    db = tmp_path / "linked.db"
    ingest([DATA], Settings(db=str(db), engine="local"))
    return db
