from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text

from dyadwatch.records import Topic
from dyadwatch.store import Filters, open_store
from dyadwatch.store.migrations import MIGRATIONS, applied
from store_fixtures import en_article, plain_article, ru_article


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "t.db")
    s.write([ru_article(), en_article()])
    yield s
    s.close()


def test_store_write_twice_changes_nothing(store):
    before = store.stats()
    again = store.write([ru_article(), en_article()])
    assert (again.new, again.known, again.updated) == (0, 2, 0)
    assert store.stats() == before


def test_store_same_text_under_two_ids_is_one_article(store):
    dup = ru_article(id="ru_meeting_copy", path="/in/copy.txt")
    res = store.write([dup])
    # same content hash: the row is rewritten with the newer record, not added
    assert res.new == 0 and res.updated == 1
    assert store.count() == 2


def test_store_updated_article_replaces_child_rows(store):
    art = ru_article()
    changed = replace(art, topics=(Topic("security", 0.9),), quotes=(), events=art.events[:0])
    res = store.write([changed])
    assert res.updated == 1
    assert store.events(Filters(language="ru")).total == 0
    assert store.quotes(Filters(language="ru")).total == 0
    assert [p.series for p in store.monthly("topics", Filters(language="ru"))] == ["security"]
    assert store.search("мигрантов").total == 1  # the search row was rebuilt, not duplicated
    assert store.article(art.content_hash) == changed


def test_store_article_round_trips_by_id_and_key(store):
    art = ru_article()
    assert store.article("ru_meeting") == art
    assert store.article(art.content_hash) == art
    assert store.article("nope") is None
    assert store.has(art.content_hash) and not store.has("0" * 32)


def test_store_search_finds_russian_case_forms(store):
    for q in ("мигрант", "мигрантам", "Мишустина"):
        page = store.search(q)
        assert [h.article.id for h in page.items] == ["ru_meeting"], q
    hit = store.search("мигранты").items[0]
    assert "мигрантов" in hit.snippet.text
    assert ru_article().text[hit.snippet.start:hit.snippet.end] == hit.snippet.text


def test_store_search_english_word_forms_and_filters(store):
    assert [h.article.id for h in store.search("migrant").items] == ["en_meeting"]
    assert [h.article.id for h in store.search("hydropower plants").items] == ["en_meeting"]
    assert store.search("migrant", Filters(language="ru")).total == 0
    assert store.search("Kambarata Moscow").total == 0  # every word must match


def test_store_search_treats_operators_as_words(store):
    for q in ('"мигрант', "NEAR(a b)", "stems: x", "a AND OR", "*", "'; DROP TABLE articles; --"):
        store.search(q)  # no syntax error reaches the caller
    assert store.count() == 2


def test_store_filters_articles(store):
    assert store.articles(Filters(date_from="2024-01-01")).total == 1
    assert store.articles(Filters(date_to="2022-03-30")).items[0].id == "en_meeting"
    assert store.articles(Filters(entity="Q-mishustin")).items[0].id == "ru_meeting"
    assert store.articles(Filters(topic="migration")).total == 2
    assert store.articles(Filters(topic="energy")).total == 1
    assert store.articles(Filters(event_type="CONSULT", source="24.kg")).total == 1
    assert store.articles(Filters(event_type="FIGHT")).total == 0
    page = store.articles(limit=1, offset=1)
    assert page.total == 2 and len(page.items) == 1
    assert store.articles().items[0].id == "ru_meeting"  # newest first


def test_store_events_filter_on_event_date_and_actor(store):
    page = store.events(Filters(date_from="2022-03-29", date_to="2022-03-29"))
    assert [e.article.id for e in page.items] == ["en_meeting"]
    ev = store.events(Filters(entity="Q-kasymaliev")).items[0]
    assert ev.place.name == "Moscow" and ev.event_id == "ev-ru-1"
    assert [a.role for a in ev.actors] == ["source", "target"]
    assert store.event(ev.id) == ev
    assert store.event("ev-ru-1") == ev


def test_store_entities_are_corpus_wide_with_counts(store):
    store.write([plain_article("p1", "Russia and Kyrgyzstan.", "2023-01-01",
                               entities=(ru_article().entities[3],))])
    russia = store.entity("Q-russia")
    assert russia.name == "Russia" and russia.articles == 2
    assert store.entities(name="putin").items[0].id == "Q-putin"
    assert store.entities(country="KGZ").total == 2


def test_store_quotes_and_commitments(store):
    q = store.quotes(speaker="Q-putin").items[0]
    assert q.text.startswith("We personally monitor") and q.direct
    c = store.commitments(Filters(language="ru")).items[0]
    assert c.amount_value == 25_000_000 and c.amount_currency == "USD" and c.deadline == "2027"
    assert c.evidence.text.startswith("Россия выделит")


def test_store_monthly_series(store):
    tone = {p.month: p.value for p in store.monthly("tone")}
    assert tone == {"2022-03": 3.4, "2024-12": 2.5}
    with pytest.raises(ValueError):
        store.monthly("weather")


def test_store_failures_count_attempts(store):
    store.record_failure("/in/bad.txt", "binary file", stage="read")
    store.record_failure("/in/bad.txt", "binary file again", stage="read")
    store.record_failure("/in/dump.jsonl", "no text", record_id="7", stage="clean")
    rows = {(f.path, f.record_id): f for f in store.failures()}
    assert rows[("/in/bad.txt", "")].attempts == 2 and rows[("/in/bad.txt", "")].reason == "binary file again"
    assert rows[("/in/dump.jsonl", "7")].stage == "clean"
    store.clear_failure("/in/bad.txt")
    assert len(store.failures()) == 1


def test_store_migrations_are_named_and_applied_once(tmp_path):
    s = open_store(tmp_path / "m.db")
    assert applied(s.engine) == [name for name, _ in MIGRATIONS]
    assert s.migrate() == []
    s.close()


def test_store_migration_that_fails_midway_leaves_no_table_behind(tmp_path, monkeypatch):
    """A migration is one transaction, its DDL included: one that dies after creating a table (a
    killed upgrade) leaves neither the table nor its name, and the next open runs it whole."""
    import pytest

    from dyadwatch.store import migrations

    def build_then_die(conn, dialect):
        conn.execute(text("CREATE TABLE half_built (k TEXT PRIMARY KEY)"))
        conn.execute(text("INSERT INTO half_built (k) VALUES ('a')"))
        raise KeyboardInterrupt  # as a killed process unwinds

    def build(conn, dialect):
        conn.execute(text("CREATE TABLE half_built (k TEXT PRIMARY KEY)"))
        conn.execute(text("INSERT INTO half_built (k) VALUES ('a'), ('b')"))

    path = tmp_path / "m.db"
    open_store(path).close()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, ("9999_half_built", build_then_die)])
    with pytest.raises(KeyboardInterrupt):
        open_store(path)
    s = open_store(path, migrate=False)
    with s.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM sqlite_master WHERE name = 'half_built'")).first() is None
    assert "9999_half_built" not in applied(s.engine)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, ("9999_half_built", build)])
    assert s.migrate() == ["9999_half_built"]
    with s.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM half_built")).scalar() == 2
    s.close()


def test_store_long_migrations_are_reported_on_the_cli_stderr(tmp_path, monkeypatch):
    """Opening a store whose migrations run long (minutes on a 1M store) says so on stderr, and the
    export on stdout stays clean."""
    import sqlite3

    from typer.testing import CliRunner

    from dyadwatch.cli import app
    from dyadwatch.store import migrations

    db = tmp_path / "old.db"  # a file (export refuses a missing one) with none of the store's tables yet
    sqlite3.connect(db).execute("CREATE TABLE unrelated (x)").connection.close()
    monkeypatch.setattr(migrations, "SLOW_MIGRATION_S", -1.0)  # every migration counts as long
    res = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    reported = [line.split(" applied in ")[0] for line in res.stderr.splitlines()]
    # the store's migrations, then link's (export brings link's tables up to date too)
    from dyadwatch.link.storage import SCHEMA_MIGRATIONS

    assert reported == [f"dyadwatch: migration {name}" for name, _ in [*migrations.MIGRATIONS, *SCHEMA_MIGRATIONS]]


def test_store_sqlite_file_uses_wal(store):
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() > 0


def test_store_search_finds_russian_article_by_latin_entity_name(store):
    # «Михаилом Мишустиным» in the text, "Mikhail Mishustin" as the resolved entity
    assert [h.article.id for h in store.search("Mishustin").items] == ["ru_meeting"]
    assert [h.article.id for h in store.search("Putin").items] == ["en_meeting"]


def test_store_migration_0004_upgrades_an_older_database(tmp_path):
    path = tmp_path / "old.db"
    s = open_store(path)
    s.write([ru_article(), en_article()])
    with s.engine.begin() as conn:  # roll the database back to how 0003 left it
        conn.execute(text("ALTER TABLE articles DROP COLUMN entity_names"))
        conn.execute(text("DELETE FROM article_search"))
        conn.execute(text("DELETE FROM migrations WHERE name = '0004_search_entity_names'"))
    s.close()
    s = open_store(path, migrate=False)
    assert s.search("Mishustin").total == 0 and "0004_search_entity_names" not in applied(s.engine)
    assert s.migrate() == ["0004_search_entity_names"]
    assert [h.article.id for h in s.search("Mishustin").items] == ["ru_meeting"]
    assert [h.article.id for h in s.search("мигрантов").items] == ["ru_meeting"]
    s.close()


def test_store_sqlite_commits_while_a_reader_is_mid_query(store):
    # the dashboard streams a result while ingest commits a batch: with WAL the
    # commit does not wait for the reader (a rollback journal would block it)
    store.write([plain_article(f"n{i}", f"Note {i} on Kyrgyz–Russian trade.", "2025-01-10") for i in range(5)])
    with store.engine.connect() as reader:
        rows = reader.execute(text("SELECT id FROM articles ORDER BY id"))
        first = rows.fetchone()
        res = store.write([plain_article("late", "A later note on Kyrgyz–Russian trade.", "2025-01-11")])
        rest = rows.fetchall()
    assert res.new == 1 and len(rest) >= 6 and first is not None
    assert store.count() == 8


def test_store_opens_paths_and_urls(tmp_path):
    with open_store(tmp_path / "new" / "folder" / "a.db") as s:
        assert s.count() == 0 and s.dialect == "sqlite"
    with open_store(f"sqlite:///{tmp_path / 'b.db'}") as s:
        s.write([ru_article()])
    with open_store(str(tmp_path / "b.db")) as s:
        assert s.article("ru_meeting") == ru_article()


def test_store_rewritten_article_keeps_one_search_row_found_by_rowid(store):
    # the search row of a rewritten article is found through article_search_rowid
    # (a key lookup): the old text is no longer found, the new one is, once
    store.write([plain_article("note", "Переговоры о\u00a0поставках газа в\u00a0Бишкеке.", "2024-05-02")])
    store.write([replace(plain_article("note", "Переговоры о\u00a0поставках газа в\u00a0Бишкеке.", "2024-05-02"),
                         title="Газ: итоги переговоров")])
    store.write([plain_article("other", "Мигранты из\u00a0Кыргызстана — о\u00a0патентах.", "2024-05-03")])
    with store.engine.connect() as conn:
        fts = conn.execute(text("SELECT key FROM article_search ORDER BY key")).scalars().all()
        mapped = conn.execute(text("SELECT key FROM article_search_rowid ORDER BY key")).scalars().all()
        keys = conn.execute(text("SELECT key FROM articles ORDER BY key")).scalars().all()
    assert fts == mapped == keys and len(set(fts)) == len(fts)
    assert [h.article.id for h in store.search("итоги").items] == ["note"]
    assert [h.article.id for h in store.search("патентов").items] == ["other"]


def test_store_renamed_person_keeps_the_search_row_and_replaces_children(store):
    # a person merge gives an earlier article's person the corpus-wide id: child rows carry ids
    # and are replaced; title, text and names are unchanged, so the search row stays (same rowid)
    art = ru_article()
    renamed = replace(art, entities=tuple(replace(e, id="unk:kasymaliev") if e.id == "Q-kasymaliev" else e
                                          for e in art.entities))
    with store.engine.connect() as conn:
        search_before = conn.execute(text("SELECT rowid, key FROM article_search ORDER BY rowid")).all()
    assert store.write([renamed]).updated == 1
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT rowid, key FROM article_search ORDER BY rowid")).all() == search_before
        ids = conn.execute(text("SELECT DISTINCT entity_id FROM mentions WHERE text LIKE 'Адылбек%'")).scalars().all()
    assert ids == ["unk:kasymaliev"]
    assert [h.article.id for h in store.search("Касымалиев").items] == ["ru_meeting"]
    # a new canonical name is searchable: that search row is rebuilt
    named = replace(renamed, entities=tuple(replace(e, name="Adylbek Kasymaliyev") if e.id == "unk:kasymaliev"
                                            else e for e in renamed.entities))
    store.write([named])
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT rowid, key FROM article_search ORDER BY rowid")).all() != search_before
    assert [h.article.id for h in store.search("Kasymaliyev").items] == ["ru_meeting"]
    assert store.search("мигрантов").total == 1


def test_store_relinked_article_updates_its_row_and_keeps_its_children(store):
    # a story that grew or merged changes an earlier article's story id alone: its row is
    # updated in place; child rows and the search row stay as they were (same rowids)
    art = ru_article()
    with store.engine.connect() as conn:
        before = conn.execute(text("SELECT rowid, * FROM mentions ORDER BY rowid")).all()
        search_before = conn.execute(text("SELECT rowid, key FROM article_search ORDER BY rowid")).all()
    res = store.write([replace(art, story="story_bishkek_visit", duplicate_of="ru_original")])
    assert (res.new, res.known, res.updated) == (0, 0, 1) and res.changed == (art.content_hash,)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT rowid, * FROM mentions ORDER BY rowid")).all() == before
        assert conn.execute(text("SELECT rowid, key FROM article_search ORDER BY rowid")).all() == search_before
    stored = store.article(art.content_hash)
    assert (stored.story, stored.duplicate_of) == ("story_bishkek_visit", "ru_original")
    assert stored == replace(art, story="story_bishkek_visit", duplicate_of="ru_original")
    assert [h.article.story for h in store.search("мигрантов").items] == ["story_bishkek_visit"]
    # a change beyond the links still replaces the child rows
    retitled = store.write([replace(art, title="Новый заголовок", story="story_bishkek_visit")])
    assert retitled.updated == 1
    assert store.search("мигрантов").total == 1


def test_store_dyad_filter_leaves_out_events_of_third_countries(tmp_path):
    from dyadwatch.records import Actor

    art = en_article()
    meet = art.events[0]
    third = replace(meet, id="ev-third", actors=(Actor("Kassym-Jomart Tokayev", "Q-tokayev", "KAZ", "source"),
                                                 Actor("Shavkat Mirziyoyev", "Q-mirziyoyev", "UZB", "target")),
                    in_dyad=False)
    s = open_store(tmp_path / "d.db")
    s.write([replace(art, events=(meet, third))])
    try:
        everything = {e.event_id for e in s.events(Filters()).items}
        dyad = {e.event_id for e in s.events(Filters(dyad=("KGZ", "RUS"))).items}
        assert "ev-third" in everything and dyad == everything - {"ev-third"}
        counts = s.monthly("events", Filters(dyad=("KGZ", "RUS")))
        assert sum(p.count for p in counts) == len(dyad)
    finally:
        s.close()
