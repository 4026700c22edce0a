from __future__ import annotations

from dataclasses import replace

import pytest

from dyadwatch.document import content_hash
from dyadwatch.link import Linker, MemoryIndex
from dyadwatch.store import open_store
from dyadwatch.link.store_index import StoreLinkIndex
from store_fixtures import en_article, plain_article, ru_article


def corpus():
    """An English report, a re-published copy of it, a Russian report of another
    meeting, its copy with a paragraph added, and two unrelated notes."""
    en, ru = en_article(), ru_article()
    en_copy_text = en.text + " The talks lasted three hours."
    ru_copy_text = "Москва, 3\u00a0декабря. " + ru.text
    return [
        en,
        replace(en, id="en_copy", text=en_copy_text, content_hash=content_hash(en_copy_text), source="kabar.kg"),
        ru,
        replace(ru, id="ru_copy", text=ru_copy_text, content_hash=content_hash(ru_copy_text),
                published="2024-12-04T09:00:00"),
        plain_article("note1", "Курс сома к\u00a0рублю не\u00a0изменился за\u00a0неделю, сообщил Нацбанк.",
                      "2024-12-05", language="ru"),
        plain_article("note2", "Weather in Bishkek: snow is expected on the weekend in the Chui valley.",
                      "2024-12-06"),
    ]


def _result(linker, ids):
    return [linker.article(i).to_dict() for i in ids]


def test_store_link_index_links_like_the_memory_index(tmp_path):
    arts = corpus()
    memory = Linker(index=MemoryIndex())
    for a in arts:
        memory.add(a)
    store = open_store(tmp_path / "l.db")
    index = StoreLinkIndex(store, cache_size=8)  # a small cache: most reads go to the database
    linker = Linker(index=index)
    for i, a in enumerate(arts):
        linker.add(a)
        if i % 2:
            store.write([], also=index.flush)
    store.write([], also=index.flush)
    ids = [a.id for a in arts]
    assert _result(linker, ids) == _result(memory, ids)
    assert linker.duplicate_of("ru_copy") == "ru_meeting"
    assert linker.article("en_copy").story == linker.article("en_meeting").story


def test_store_link_index_survives_a_new_process(tmp_path):
    arts = corpus()
    store = open_store(tmp_path / "l.db")
    first = StoreLinkIndex(store)
    linker = Linker(index=first)
    for a in arts[:3]:
        linker.add(a)
    store.write([], also=first.flush)
    store.close()
    # a later run: a fresh index over the same database goes on where the first stopped
    store = open_store(tmp_path / "l.db")
    later = Linker(index=StoreLinkIndex(store))
    assert "en_meeting" in later and len(later) == 3
    for a in arts[3:]:
        later.add(a)
    _assert_as_in_one_run(later, arts)


def _assert_as_in_one_run(later: Linker, arts) -> None:
    """``later`` holds what a linker given every article of ``arts`` in one run holds."""
    memory = Linker()
    for a in arts:
        memory.add(a)
    ids = [a.id for a in arts]
    assert _result(later, ids) == _result(memory, ids)


def test_store_link_index_discard_drops_unflushed_changes(tmp_path):
    store = open_store(tmp_path / "l.db")
    index = StoreLinkIndex(store)
    index.add_key("day|2024-12-03", "en_meeting")
    index.put("features", "en_meeting", {"words": 12})
    assert index.get("features", "en_meeting") == {"words": 12}
    index.discard()
    assert set(index.members("day|2024-12-03")) == set() and index.get("features", "en_meeting") is None
    index.add_key("day|2024-12-03", "ru_meeting")
    store.write([], also=index.flush)
    assert set(StoreLinkIndex(store).members("day|2024-12-03")) == {"ru_meeting"}


def check_reading_block(url) -> None:
    """Reads inside ``reading()`` share one pooled connection, and still see what another
    connection commits mid-block (no stale snapshot); reads outside it check one out each."""
    from sqlalchemy import event

    store = open_store(url)
    writer = StoreLinkIndex(store)
    writer.add_key("day|2024-12-03", "en_meeting")
    store.write([], also=writer.flush)
    checkouts = []
    event.listen(store.engine, "checkout", lambda *args: checkouts.append(1))
    reader = StoreLinkIndex(store)
    with reader.reading():
        assert set(reader.members("day|2024-12-03")) == {"en_meeting"}
        assert reader.get("features", "ru_meeting") is None
        writer.add_key("day|2024-12-04", "ru_meeting")
        writer.put("features", "kg_meeting", {"words": 40})
        store.write([], also=writer.flush)  # a second connection commits while the block reads
        assert set(reader.members("day|2024-12-04")) == {"ru_meeting"}
        assert reader.get_many("features", ["kg_meeting", "kz_meeting"]) == {"kg_meeting": {"words": 40}}
        with reader.reading():  # nested: the outer connection serves
            assert set(reader.members_many(["day|2024-12-03", "day|2024-12-04"], limit=5)) == {
                "en_meeting", "ru_meeting"}
    assert len(checkouts) == 2  # the block's reader and the writer
    assert set(reader.members("day|2024-12-05")) == set()
    assert reader.get("features", "uz_meeting") is None
    assert len(checkouts) == 4
    store.close()


def test_store_link_index_reading_block_shares_one_connection_and_sees_new_commits(tmp_path):
    check_reading_block(tmp_path / "l.db")


def test_store_link_index_flush_rolls_back_with_the_batch(tmp_path):
    store = open_store(tmp_path / "l.db")
    index = StoreLinkIndex(store)
    index.put("article", "x", "value")

    def boom(conn):
        index.flush(conn)
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store.write([ru_article()], also=boom)
    assert store.count() == 0
    assert StoreLinkIndex(store).get("article", "x") is None


def test_link_index_refuses_a_pickled_record_that_would_run_code(tmp_path):
    """A database from elsewhere must not run code when linked into: only link record types load."""
    import os
    import pickle
    import zlib

    import pytest
    from sqlalchemy import insert

    from dyadwatch.store import open_store
    from dyadwatch.link.store_index import StoreLinkIndex
    from dyadwatch.store.schema import link_records

    class Payload:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    store = open_store(tmp_path / "x.db")
    with store.engine.begin() as conn:
        conn.execute(insert(link_records), [{"kind": "article", "id": "evil",
                                              "value": zlib.compress(pickle.dumps(Payload()))}])
    with pytest.raises(pickle.UnpicklingError, match="not a link record type"):
        StoreLinkIndex(store).get("article", "evil")
    assert not (tmp_path / "pwned").exists()
    # a dyadwatch function is refused too, also after records have loaded (allowed names are remembered)
    from dyadwatch.store.core import database_url

    linker = Linker(index=StoreLinkIndex(store))
    for art in corpus()[:2]:
        linker.add(art)
    store.write([], also=linker.index.flush)
    assert StoreLinkIndex(store).get_many("features", [a.id for a in corpus()[:2]])
    with store.engine.begin() as conn:
        conn.execute(insert(link_records), [{"kind": "article", "id": "call", "value": zlib.compress(
            pickle.dumps(database_url))}])
    with pytest.raises(pickle.UnpicklingError, match="dyadwatch.store.core.database_url"):
        StoreLinkIndex(store).get("article", "call")


def _keys(store):
    from sqlalchemy import select

    from dyadwatch.store.schema import link_keys

    with store.engine.connect() as conn:
        return set(conn.execute(select(link_keys.c.key, link_keys.c.member)).all())


def _people_store(path):
    """A store linked with the corpus and the people articles but the last (the Russian report, whose
    unknown person must find the English one's keys); returns it and all the articles."""
    from test_link_entities import corpus as people_corpus

    en, ru, other = people_corpus()
    arts = corpus() + [en, other, ru]
    return _linked_store(path, arts), arts


def _linked_store(url, arts):
    """A store at ``url`` with every article of ``arts`` but the last linked into it."""
    store = open_store(url)
    index = StoreLinkIndex(store)
    linker = Linker(index=index)
    for a in arts[:-1]:
        linker.add(a)
    store.write([], also=index.flush)
    return store


def _check_links_on_as_in_one_run(store, arts) -> None:
    """The last article, linked against the store, links as when every article is linked in one run."""
    later = Linker(index=StoreLinkIndex(store))
    # the Russian report was published first: its spelling becomes the corpus-wide id
    assert later.add(arts[-1]).entity_ids == (("x:bakytbek-tursunbaev", "x:bakytbek-tursunbayev"),)
    _assert_as_in_one_run(later, arts)


def test_link_keys_migration_refiles_a_store_linked_with_the_old_keys(tmp_path):
    """A store linked before 0006 (prefix/suffix name keys, object-only commitment keys, country
    ent| keys) is re-keyed, and new articles link with the stored ones as in one run."""
    from sqlalchemy import text

    from dyadwatch.store.link_index import _dump, _load
    from dyadwatch.store.migrations import applied

    store, arts = _people_store(tmp_path / "old.db")
    new_scheme = _keys(store)
    assert any(k.startswith("pname|u|") for k, _ in new_scheme) and any(k.startswith("cm|o") for k, _ in new_scheme)
    with store.engine.begin() as conn:  # back to the keys and records linking wrote before 0006 (and 0007)
        conn.execute(text("DELETE FROM migrations WHERE name IN ('0006_link_keys_v2', '0007_name_eras')"))
        for rid, blob in conn.execute(text("SELECT id, value FROM link_records WHERE kind = 'entity'")).all():
            conn.execute(text("UPDATE link_records SET value = :v WHERE kind = 'entity' AND id = :i"),
                         {"v": _dump(_load(blob)[:2]), "i": rid})  # no eras
        for key, member in new_scheme:
            if key.startswith("pname|"):
                conn.execute(text("DELETE FROM link_keys WHERE key = :k"), {"k": key})
                kind, surname = key.split("|")[1], key.split("|")[3]
                for old in (f"pn|{kind}|h|{surname[:4]}", f"pn|{kind}|t|{surname[-4:]}"):
                    conn.execute(text("INSERT OR IGNORE INTO link_keys VALUES (:k, :m)"), {"k": old, "m": member})
            elif key.startswith(("cm|o", "mn|o")):
                old = key[:4] + key[5:]  # cm|o1:loan|2024 -> cm|o:loan|2024
                conn.execute(text("UPDATE link_keys SET key = :o WHERE key = :k AND member = :m"),
                             {"o": old, "k": key, "m": member})
        conn.execute(text("INSERT INTO link_keys VALUES ('ent|Q-russia', 'ru_meeting')"))
    store.close()
    store = open_store(tmp_path / "old.db", migrate=False)
    assert _keys(store) != new_scheme and "0006_link_keys_v2" not in applied(store.engine)
    assert store.migrate() == ["0006_link_keys_v2", "0007_name_eras"]
    assert _keys(store) == new_scheme
    _check_links_on_as_in_one_run(store, arts)


def _link_keys_sql(store) -> str:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'link_keys'")).scalar()


def test_link_keys_migration_clusters_a_store_keeping_its_keys_and_linking(tmp_path):
    """0008: a store whose link_keys is a rowid table (keys in a second B-tree beside it) gets it
    rebuilt WITHOUT ROWID with the same rows; linking reads and adds keys as before."""
    from sqlalchemy import text

    from dyadwatch.store.migrations import applied

    store, arts = _people_store(tmp_path / "rowid.db")
    assert "WITHOUT ROWID" in _link_keys_sql(store)  # a new store is built through 0008 too
    keys = _keys(store)
    with store.engine.begin() as conn:  # back to the rowid table 0003 created
        conn.execute(text("DELETE FROM migrations WHERE name = '0008_link_keys_clustered'"))
        conn.execute(text("ALTER TABLE link_keys RENAME TO link_keys_old"))
        conn.execute(text("CREATE TABLE link_keys (key VARCHAR(300) NOT NULL, member VARCHAR(300) NOT NULL, "
                          "PRIMARY KEY (key, member))"))
        conn.execute(text("INSERT INTO link_keys SELECT * FROM link_keys_old"))
        conn.execute(text("DROP TABLE link_keys_old"))
    store.close()
    store = open_store(tmp_path / "rowid.db", migrate=False)
    assert "WITHOUT ROWID" not in _link_keys_sql(store) and "0008_link_keys_clustered" not in applied(store.engine)
    assert store.migrate() == ["0008_link_keys_clustered"]
    assert "WITHOUT ROWID" in _link_keys_sql(store) and _keys(store) == keys and len(keys) > 20
    _check_links_on_as_in_one_run(store, arts)


def check_name_eras_migration(url) -> None:
    """Link into the store at ``url``, rewind it to the name keys and entity records linking wrote
    before 0007 (no eras), migrate, and check it is as linking by era leaves it and links on alike.
    Shared with the PostgreSQL tests."""
    from sqlalchemy import text

    from dyadwatch.store.link_index import _dump, _insert
    from dyadwatch.store.migrations import applied
    from dyadwatch.store.schema import link_keys
    from test_link_entities import corpus as people_corpus

    en, ru, other = people_corpus()
    # the Russian spelling named in 2013 and in 2024: filed under two eras
    arts = [replace(ru, id="t_ru_2013", published="2013-02-05T18:00:00"), other, en, ru]
    store = _linked_store(url, arts)
    by_era, records = _keys(store), _entity_records(store)
    assert {k.rsplit("|", 1)[1] for k, m in by_era if m == "x:bakytbek-tursunbayev" and k.startswith("pname|u|")} \
        == {str(date_ordinal("2013-02-05") // 1096)}
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM migrations WHERE name = '0007_name_eras'"))
        conn.execute(text("DELETE FROM link_keys WHERE key LIKE 'pname|u|%'"))
        old = {(k.rsplit("|", 1)[0], m) for k, m in by_era if k.startswith("pname|u|")}
        conn.execute(_insert(conn, link_keys).on_conflict_do_nothing(), [{"key": k, "member": m} for k, m in old])
        for rid, value in records.items():
            conn.execute(text("UPDATE link_records SET value = :v WHERE kind = 'entity' AND id = :i"),
                         {"v": _dump(value[:2]), "i": rid})
    store.close()
    store = open_store(url, migrate=False)
    assert "0007_name_eras" not in applied(store.engine) and _keys(store) != by_era
    assert store.migrate() == ["0007_name_eras"]
    assert _keys(store) == by_era
    migrated = _entity_records(store)  # the unknown get their eras back; the known have none to get
    assert {i: v for i, v in migrated.items() if not v[1]} == {i: v for i, v in records.items() if not v[1]}
    assert {i: v[:2] for i, v in migrated.items()} == {i: v[:2] for i, v in records.items()}
    later = Linker(index=StoreLinkIndex(store))
    later.add(arts[-1])  # 2024: the Russian spelling files a new era and meets the English one
    _assert_as_in_one_run(later, arts)
    assert later.entities.canonical("x:bakytbek-tursunbaev") == "x:bakytbek-tursunbayev"
    store.close()


def date_ordinal(iso: str) -> int:
    from datetime import date

    return date.fromisoformat(iso).toordinal()


def _entity_records(store, kind: str = "entity"):
    from sqlalchemy import text

    from dyadwatch.store.link_index import _load

    with store.engine.connect() as conn:
        return {rid: _load(blob) for rid, blob in
                conn.execute(text("SELECT id, value FROM link_records WHERE kind = :k"), {"k": kind})}


def test_link_cards_migration_cards_a_store_linked_before_them(tmp_path):
    check_link_cards_migration(tmp_path / "uncarded.db")


def check_link_cards_migration(url) -> None:
    """0010: a store linked before candidates were compared by their cards gets each article's and
    each event's card from its stored features, the same cards that linking writes, and links on as
    in one run. Shared with the PostgreSQL tests."""
    from sqlalchemy import text

    from dyadwatch.link.features import CARD_KIND, EVENT_CARD_KIND
    from dyadwatch.store.migrations import applied

    store, arts = _people_store(url)
    cards, event_cards = _entity_records(store, CARD_KIND), _entity_records(store, EVENT_CARD_KIND)
    assert set(cards) == set(_entity_records(store, "features")) == {a.id for a in arts[:-1]}
    assert set(event_cards) == set(_entity_records(store, "event")) and event_cards
    assert any(c.persons and c.whens for c in cards.values()) and any(c.when for c in event_cards.values())
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM migrations WHERE name = '0010_link_cards'"))
        conn.execute(text("DELETE FROM link_records WHERE kind IN (:a, :b)"), {"a": CARD_KIND, "b": EVENT_CARD_KIND})
    store.close()
    store = open_store(url, migrate=False)
    assert "0010_link_cards" not in applied(store.engine) and not _entity_records(store, CARD_KIND)
    assert store.migrate() == ["0010_link_cards"]
    assert _entity_records(store, CARD_KIND) == cards and _entity_records(store, EVENT_CARD_KIND) == event_cards
    _check_links_on_as_in_one_run(store, arts)
    store.close()


def test_event_keys_migration_files_a_store_linked_before_it_by_type(tmp_path):
    check_event_keys_migration(tmp_path / "untyped.db")


def test_event_keys_migration_logs_how_far_it_is(tmp_path, monkeypatch, caplog):
    """A data migration of a large store says how many stored records it has done, and how long it took."""
    import logging

    from sqlalchemy import text

    from dyadwatch.store import link_refile, migrations

    store, _ = _people_store(tmp_path / "progress.db")
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM migrations WHERE name = '0011_event_keys_by_type'"))
        cards = conn.execute(text("SELECT count(*) FROM link_records WHERE kind = 'event:card'")).scalar_one()
    monkeypatch.setattr(link_refile, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(migrations, "SLOW_MIGRATION_S", -1.0)
    with caplog.at_level(logging.INFO, logger="dyadwatch.store"):
        assert store.migrate() == ["0011_event_keys_by_type"]
    messages = [r.getMessage() for r in caplog.records]
    assert cards > 1 and f"migrating: {cards:,} stored 'event:card' records done" in messages
    assert messages[-1].startswith("migration 0011_event_keys_by_type applied in ")
    store.close()


def check_event_keys_migration(url) -> None:
    """0011: a store whose events were filed under (actor, day) keys, reports of every type in one
    bucket, gets them filed by type and tense, the keys linking now files, and links on as in one run.
    Shared with the PostgreSQL tests."""
    from sqlalchemy import text

    from dyadwatch.store.link_index import _insert
    from dyadwatch.store.migrations import applied
    from dyadwatch.store.schema import link_keys

    store, arts = _people_store(url)
    typed = _keys(store)
    event_keys = {(k, m) for k, m in typed if k.startswith(("ev|", "evc|"))}
    assert event_keys and {k.split("|")[2] for k, _ in event_keys} == {"p"}
    assert all(k.split("|")[1].isupper() for k, _ in event_keys)
    with store.engine.begin() as conn:  # back to the keys linking wrote before 0011: no type, no tense
        conn.execute(text("DELETE FROM migrations WHERE name = '0011_event_keys_by_type'"))
        conn.execute(text("DELETE FROM link_keys WHERE key LIKE 'ev|%' OR key LIKE 'evc|%'"))
        untyped = {("|".join([k.split("|")[0], *k.split("|")[3:]]), m) for k, m in event_keys}
        conn.execute(_insert(conn, link_keys).on_conflict_do_nothing(), [{"key": k, "member": m} for k, m in untyped])
    store.close()
    store = open_store(url, migrate=False)
    assert "0011_event_keys_by_type" not in applied(store.engine) and _keys(store) != typed
    assert store.migrate() == ["0011_event_keys_by_type"]
    assert _keys(store) == typed
    _check_links_on_as_in_one_run(store, arts)
    store.close()


def test_read_cards_falls_back_to_features_for_an_article_without_a_card():
    """An index holding an article's features (an event's record) but no card, as an older linker
    left it, still gives the card, built from what it holds, so the article (event) stays a candidate."""
    from dyadwatch.link.features import (CARD_KIND, EVENT_CARD_KIND, article_card, event_card, read_cards,
                                         read_event_cards)

    index = MemoryIndex()
    linker = Linker(index=index)
    first, second = corpus()[2:4]  # the Russian report and its copy: persons, a city, Russia
    linker.add(first)
    linker.add(second)
    carded, feats = index.get(CARD_KIND, first.id), linker.features(first.id)
    assert carded == article_card(feats) and carded.entities and carded.persons == feats.persons
    countries = {e.id for e in feats.entities if e.is_country}
    assert countries and not countries & carded.entities  # every article of a dyad names them
    index.put(CARD_KIND, first.id, None)  # as an older linker left it
    got = read_cards(index, [first.id, second.id, "never-linked"])
    assert got == {first.id: carded, second.id: index.get(CARD_KIND, second.id)}
    event = feats.events[0]
    event_carded = index.get(EVENT_CARD_KIND, event.key)
    assert event_carded == event_card(event) and event_carded.actor_ids == event.actor_ids
    index.put(EVENT_CARD_KIND, event.key, None)
    assert read_event_cards(index, [event.key, "never#linked"]) == {event.key: event_carded}


def test_name_eras_migration_files_a_linked_store_by_era(tmp_path):
    check_name_eras_migration(tmp_path / "before-eras.db")


def test_store_linked_before_first_seen_records_names_groups_as_one_run(tmp_path):
    """A store linked before entity:first records were kept works out a spelling's first article from
    its stored articles, and names the merged person as a run with the records would."""
    from sqlalchemy import text

    from test_link_entities import corpus as people_corpus

    en, ru, other = people_corpus()
    store = open_store(tmp_path / "old.db")
    index = StoreLinkIndex(store)
    linker = Linker(index=index)
    for a in (other, en):
        linker.add(a)
    store.write([], also=index.flush)
    with store.engine.begin() as conn:
        # the namesake, Tursunbaev and Krivtsov
        assert conn.execute(text("DELETE FROM link_records WHERE kind = 'entity:first'")).rowcount == 3
    later = Linker(index=StoreLinkIndex(store))
    later.add(ru)
    _assert_as_in_one_run(later, [other, en, ru])
    assert later.entities.canonical("x:bakytbek-tursunbaev") == "x:bakytbek-tursunbayev"


def test_link_record_stored_before_a_field_was_added_loads_with_its_default(tmp_path, monkeypatch):
    """A store linked with an older dyadwatch holds records pickled without fields added since
    (with defaults): they load, the new field at its default, instead of failing when read."""
    import dataclasses
    import pickle
    import zlib

    from dyadwatch.records import Mention, Span
    from dyadwatch.store.link_index import _load

    mention = Mention(0, 6, "Россия", "GPE", entity="Q159", kind="name")
    span = Span(0, 6, "Россия")
    full = type(mention).__getstate__
    last = dataclasses.fields(Mention)[-1]
    # pickle as a Mention one field shorter (the class as it was before its last field)
    monkeypatch.setattr(Mention, "__getstate__", lambda self: full(self)[:-1])
    blob = zlib.compress(pickle.dumps((mention, span), protocol=5))
    monkeypatch.undo()
    loaded, loaded_span = _load(blob)
    assert getattr(loaded, last.name) == last.default
    assert (loaded.start, loaded.end, loaded.entity, loaded.kind) == (0, 6, "Q159", "name")
    assert loaded_span == span


def test_entity_counts_migration_counts_a_store_linked_before_them(tmp_path):
    check_entity_counts_migration(tmp_path / "uncounted.db")


def check_entity_counts_migration(url) -> None:
    """0009: a store linked before the namesake guard counted articles per entity gets the counts
    from its stored article features, the same that linking keeps, and links on as in one run.
    Shared with the PostgreSQL tests."""
    from sqlalchemy import text

    from dyadwatch.link.entities import ALL_ARTICLES, COUNT_KIND
    from dyadwatch.store.migrations import applied

    store, arts = _people_store(url)
    counts = _entity_records(store, COUNT_KIND)
    assert counts[ALL_ARTICLES] == len(arts) - 1 and counts["dw:krivtsov"] == 1  # the English report's
    assert "Q159" not in counts  # countries are in every article of a dyad: not counted
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM migrations WHERE name = '0009_entity_counts'"))
        conn.execute(text("DELETE FROM link_records WHERE kind = :k"), {"k": COUNT_KIND})
    store.close()
    store = open_store(url, migrate=False)
    assert "0009_entity_counts" not in applied(store.engine) and not _entity_records(store, COUNT_KIND)
    assert store.migrate() == ["0009_entity_counts"]
    assert _entity_records(store, COUNT_KIND) == counts
    _check_links_on_as_in_one_run(store, arts)
    store.close()
