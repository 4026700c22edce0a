from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from dyadwatch.document import CleanDocument
from dyadwatch.export import export
from dyadwatch.ingest import ingest_documents
from dyadwatch.records import Topic
from dyadwatch.settings import Settings
from dyadwatch.store import Filters, open_store
from dyadwatch.store.migrations import MIGRATIONS, applied
from engine_stages import POISON, trap_stages
from pg_fixture import pg_server, pg_url  # noqa: F401  (fixtures)
from store_fixtures import en_article, plain_article, ru_article

pytestmark = pytest.mark.postgres


def _corpus():
    extra = [plain_article(f"p{i}", f"Статья №\u00a0{i}: переговоры о\u00a0поставках газа в\u00a0Кыргызстан.",
                           f"2023-0{i + 1}-15", language="ru", tone=float(i), topics=(Topic("energy", 0.5),))
             for i in range(3)]
    return [ru_article(), en_article(), *extra]


def test_postgres_store_migrates_once_and_writes_idempotently(pg_url):
    with open_store(pg_url) as store:
        assert store.dialect == "postgresql"
        assert applied(store.engine) == [name for name, _ in MIGRATIONS]
        assert store.migrate() == []
        first = store.write(_corpus())
        again = store.write(_corpus())
        assert (first.new, again.new, again.known) == (5, 0, 5)
        changed = replace(ru_article(), quotes=())
        assert store.write([changed]).updated == 1
        assert store.quotes(Filters(language="ru")).total == 0
        assert store.article("ru_meeting") == changed


def test_postgres_relinked_article_updates_its_row_and_keeps_its_children(pg_url):
    from sqlalchemy import text

    with open_store(pg_url) as store:
        store.write(_corpus())
        count = "SELECT count(*), min(ctid::text) FROM mentions WHERE article_key = :k"
        art = ru_article()
        with store.engine.connect() as conn:
            before = conn.execute(text(count), {"k": art.content_hash}).one()
        res = store.write([replace(art, story="story_bishkek_visit")])
        assert (res.new, res.known, res.updated) == (0, 0, 1)
        with store.engine.connect() as conn:
            assert conn.execute(text(count), {"k": art.content_hash}).one() == before  # same rows, not re-inserted
        assert store.article("ru_meeting") == replace(art, story="story_bishkek_visit")
        assert {h.article.story for h in store.search("мигрантов").items} == {"story_bishkek_visit"}


def test_postgres_search_matches_word_forms_in_both_languages(pg_url):
    with open_store(pg_url) as store:
        store.write(_corpus())
        assert [h.article.id for h in store.search("мигрантам").items] == ["ru_meeting"]
        assert [h.article.id for h in store.search("migrant").items] == ["en_meeting"]
        assert store.search("газ", Filters(date_from="2023-02-01")).total == 2
        hit = store.search("поставки").items[0]
        assert "поставках" in hit.snippet.text
        assert store.search("'; DROP TABLE articles; --").total == 0
        assert [h.article.id for h in store.search("Mishustin").items] == ["ru_meeting"]
        assert store.count() == 5


def test_postgres_reads_match_sqlite(pg_url, tmp_path):
    stores = [open_store(pg_url), open_store(tmp_path / "same.db")]
    try:
        for s in stores:
            s.write(_corpus())
            s.record_failure("/in/bad.html", "truncated HTML", stage="read")
        pg, lite = stores
        f = Filters(entity="Q-putin")
        assert pg.events(f).to_dict() == lite.events(f).to_dict()
        assert pg.articles(Filters(topic="energy")).to_dict() == lite.articles(Filters(topic="energy")).to_dict()
        assert pg.entities().to_dict() == lite.entities().to_dict()
        assert pg.commitments().to_dict() == lite.commitments().to_dict()
        assert pg.quotes().to_dict() == lite.quotes().to_dict()
        assert pg.monthly("events") == lite.monthly("events")
        assert pg.monthly("topics") == lite.monthly("topics")
        assert pg.monthly("tone") == lite.monthly("tone")
        strip = lambda st: {k: v for k, v in st.items()}  # noqa: E731
        assert strip(pg.stats()) == strip(lite.stats())
        assert [(x.path, x.reason) for x in pg.failures()] == [(x.path, x.reason) for x in lite.failures()]
    finally:
        for s in stores:
            s.close()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_postgres_export_is_identical_to_sqlite(pg_url, tmp_path, fmt):
    outs = []
    for i, url in enumerate([pg_url, str(tmp_path / "same.db")]):
        with open_store(url) as s:
            s.write(_corpus())
            out = tmp_path / f"out{i}.{fmt}"
            assert export(s, fmt, out) == 5
            outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    if fmt == "jsonl":
        assert [json.loads(x)["id"] for x in outs[0].decode().splitlines()][:2] == ["en_meeting", "p0"]


def test_postgres_ingest_records_failures_and_skips_known(pg_url):
    settings = Settings(stages=trap_stages(), db=pg_url, batch_size=2, engine="local")
    docs = [CleanDocument(id=f"d{i}", text=f"Новость {i} о\u00a0сотрудничестве.", path=f"/in/d{i}.txt")
            for i in range(5)]
    docs.append(CleanDocument(id="bad", text=f"Новость {POISON}", path="/in/bad.txt"))
    first = ingest_documents(docs, settings)
    second = ingest_documents(docs, settings)
    assert (first.new, first.failed, second.new, second.known) == (5, 1, 0, 5)
    with open_store(pg_url) as store:
        assert store.count() == 5
        [failure] = store.failures()
        assert failure.stage == "tone" and failure.attempts == 2


def test_postgres_ingest_refreshes_statistics_as_the_store_doubles(pg_url, monkeypatch):
    # a bulk load into an empty store is ANALYZEd after its first batch and whenever it has
    # doubled since: 2 stored, then 4; at 6 and 7 the statistics (4 rows) are still fresh enough
    from dyadwatch.store.core import Store

    calls = []
    refresh = Store.refresh_statistics
    monkeypatch.setattr(Store, "refresh_statistics", lambda self: (calls.append(self.count()), refresh(self)))
    settings = Settings(stages=trap_stages(), db=pg_url, batch_size=2, engine="local")
    docs = [CleanDocument(id=f"d{i}", text=f"Новость {i} о\u00a0поставках зерна.", path=f"/in/d{i}.txt")
            for i in range(7)]
    assert ingest_documents(docs, settings).new == 7
    assert calls == [2, 4]
    with open_store(pg_url) as store, store.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'articles'")).scalar_one() == 4
    # a run that adds less than the store holds leaves the statistics to autovacuum
    calls.clear()
    more = [CleanDocument(id=f"e{i}", text=f"Заметка {i} о\u00a0визите.", path=f"/in/e{i}.txt") for i in range(3)]
    assert ingest_documents(more, settings).new == 3
    assert calls == []


def test_postgres_ingest_with_linking_exports_like_sqlite(pg_url, tmp_path):
    from test_ingest import _linking_corpus

    outs = []
    for i, db in enumerate([pg_url, str(tmp_path / "linked.db")]):
        settings = Settings(stages=trap_stages(), db=db, batch_size=2, engine="local")
        report = ingest_documents(_linking_corpus(), settings)
        assert (report.new, report.link_errors) == (5, [])
        with open_store(db) as s:
            out = tmp_path / f"linked{i}.jsonl"
            export(s, "jsonl", out)
            outs.append(out.read_text(encoding="utf-8"))
            assert s.article("ru_reprint").duplicate_of == "ru_first"
    assert outs[0] == outs[1]


def _fresh_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def _dump(url: str) -> dict[str, list]:
    """Every stored row, comparable across databases (write times left out, link records decoded)."""
    from sqlalchemy import select

    from dyadwatch.link.codec import decode
    from dyadwatch.link.tables import link_keys, link_records
    from dyadwatch.store import schema

    out: dict[str, list] = {}
    with open_store(url) as store, store.engine.connect() as conn:
        for table in (schema.articles, schema.entities, schema.mentions, schema.events, schema.event_actors,
                      schema.quotes, schema.commitments, schema.topics, link_keys):
            cols = [c for c in table.columns if c.name != "ingested_at"]
            out[table.name] = sorted(tuple(r) for r in conn.execute(select(*cols)))
        records = conn.execute(select(link_records.c.kind, link_records.c.id, link_records.c.value))
        out["link_records"] = sorted((kind, id_, repr(decode(value))) for kind, id_, value in records)
    return out


def test_postgres_copy_batch_equals_row_by_row(pg_server, monkeypatch):
    from dyadwatch.records import Entity
    from dyadwatch.store import postgres
    from test_ingest import _linking_corpus

    # the same Kyrgyz minister, named by a later article without country, Wikidata id or gazetteer entry:
    # the upsert keeps what the first article knew, with COPY as with INSERT ... ON CONFLICT
    bare = Entity("Q-kasymaliev", "Adylbek Kasymaliev", "PERSON")
    later = plain_article("later", "Адылбек Касымалиев встретился с\u00a0послом.", "2023-06-01", language="ru",
                          entities=(bare,))
    copied_rows: list[int] = []
    real_copy = postgres.copy_rows

    def counting_copy(conn, table, rows, **kw):
        copied_rows.append(len(rows))
        return real_copy(conn, table, rows, **kw)

    monkeypatch.setattr(postgres, "copy_rows", counting_copy)
    dumps = {}
    for mode, min_rows in (("copy", 1), ("row_by_row", 10**9)):
        monkeypatch.setattr(postgres, "COPY_MIN_ROWS", min_rows)
        copied_rows.clear()
        url = _fresh_database(pg_server, f"dyadwatch_copy_{mode}_{os.getpid()}")
        with open_store(url) as store:
            store.write(_corpus())
            store.write([replace(ru_article(), quotes=()), later])  # an update and an entity upsert
        settings = Settings(stages=trap_stages(), db=url, batch_size=2, engine="local")
        assert ingest_documents(_linking_corpus(), settings).new == 5  # link keys and records too
        dumps[mode] = _dump(url)
        if mode == "copy":
            assert len(copied_rows) >= 10 and sum(copied_rows) > 100
            with open_store(url) as store:
                [minister] = [e for e in store.entities().items if e.id == "Q-kasymaliev"]
                assert (minister.country, minister.known) == ("KGZ", True)
        else:
            assert copied_rows == []
    assert dumps["copy"].keys() == dumps["row_by_row"].keys()
    for table, rows in dumps["copy"].items():
        assert rows == dumps["row_by_row"][table], table
    assert len(dumps["copy"]["link_keys"]) > 20 and len(dumps["copy"]["mentions"]) > 5


def test_postgres_pickled_store_is_relinked_and_links_new_reports_with_the_old(pg_server):
    from test_link_storage import check_pickled_store_is_relinked

    check_pickled_store_is_relinked(_fresh_database(pg_server, f"dyadwatch_old_{os.getpid()}"),
                                    _fresh_database(pg_server, f"dyadwatch_one_run_{os.getpid()}"))


def test_postgres_link_records_read_back_as_stored_and_link_on(pg_url):
    from test_link_index import check_people_store_links_on_as_in_one_run

    check_people_store_links_on_as_in_one_run(pg_url)


def test_postgres_link_index_reading_block_shares_one_connection_and_sees_new_commits(pg_url):
    from test_link_index import check_reading_block

    check_reading_block(pg_url)
