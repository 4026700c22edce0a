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
    reader = StoreLinkIndex(store)  # (made before counting: it checks link's tables are current)
    checkouts = []
    event.listen(store.engine, "checkout", lambda *args: checkouts.append(1))
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


def stored_records(store, kind: str) -> dict:
    """The link records of a kind as stored, decoded straight from the table."""
    from sqlalchemy import text

    from dyadwatch.link.codec import decode

    with store.engine.connect() as conn:
        return {rid: decode(blob) for rid, blob in
                conn.execute(text("SELECT id, value FROM link_records WHERE kind = :k"), {"k": kind})}


def linked_people_store(url):
    """A store at ``url`` linked with the corpus and the people articles but the last (the Russian
    report, whose unknown person must find the English one's keys); returns it, all the articles and
    the memory index of a linker given the same articles."""
    from test_link_entities import corpus as people_corpus

    en, ru, other = people_corpus()
    arts = corpus() + [en, other, ru]
    store = open_store(url)
    index, memory = StoreLinkIndex(store), MemoryIndex()
    linker, in_memory = Linker(index=index), Linker(index=memory)
    for a in arts[:-1]:
        linker.add(a)
        in_memory.add(a)
    store.write([], also=index.flush)
    return store, arts, memory


def check_people_store_links_on_as_in_one_run(url) -> None:
    """Every record a linker stores reads back from the table equal to the one it holds in memory, of
    the same types (JSON, link/codec.py), and a later run links the last article as one run would.
    Shared with the PostgreSQL tests."""
    store, arts, memory = linked_people_store(url)
    kinds = set(memory._records)
    assert {"article", "features", "card", "minhash", "entity", "event", "commitment", "report:card"} <= kinds
    for kind in kinds:
        held = {i: v for i, v in memory._records[kind].items() if v is not None}
        stored = {i: v for i, v in stored_records(store, kind).items() if v is not None}
        assert stored.keys() == held.keys(), kind
        if kind == "minhash":
            assert all(stored[i].dtype == held[i].dtype and (stored[i] == held[i]).all() for i in held)
        else:
            assert stored == held and all(_types(stored[i]) == _types(held[i]) for i in held), kind
    later = Linker(index=StoreLinkIndex(store))
    # the Russian report was published first: its spelling becomes the corpus-wide id
    assert later.add(arts[-1]).entity_ids == (("x:bakytbek-tursunbaev", "x:bakytbek-tursunbayev"),)
    _assert_as_in_one_run(later, arts)
    store.close()


def _types(value):
    """The value's types, all the way down (equal values of other types would compare equal)."""
    import dataclasses

    if dataclasses.is_dataclass(value):
        return (type(value), tuple(_types(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, (tuple, list)):
        return (type(value), tuple(_types(v) for v in value))
    if isinstance(value, (set, frozenset)):
        return (type(value), frozenset(_types(v) for v in value))
    if isinstance(value, dict):
        return (type(value), tuple((_types(k), _types(v)) for k, v in value.items()))
    return type(value)


def test_people_store_reads_back_what_it_stored_and_links_on_as_in_one_run(tmp_path):
    check_people_store_links_on_as_in_one_run(tmp_path / "people.db")


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


