"""Bounded blocking: a busy day bucket is read up to a cap, and what that does (and does not) cost."""
from __future__ import annotations

import random

from dyadwatch.link import Linker, LinkConfig, MemoryIndex, link_all
from dyadwatch.store import open_store
from dyadwatch.link.store_index import StoreLinkIndex
from test_link_corpus import corpus as link_test_corpus
from test_link_fixtures import NBSP, Ent, actor, article, day, entities, event

KASYMALIEV = Ent("dw:kasymaliev", "Adylbek Kasymaliev", "PERSON", "KGZ", ())
OVERCHUK = Ent("dw:overchuk", "Alexei Overchuk", "PERSON", "RUS", ())
OSH = Ent("dw:osh", "Osh", "GPE", "KGZ", ())
NARYN = Ent("dw:naryn", "Naryn", "GPE", "KGZ", ())

# what each outlet adds after the lead: different enough that no report is a near-copy of another
_ANGLES = ("trade in farm produce", "the new customs post", "labour migrants' pensions", "a power line to Batken",
           "school textbooks in Russian", "direct flights from Kazan", "the gas pipeline repairs",
           "a joint venture making buses", "cotton exports", "the border survey", "a hospital built with a grant",
           "railway tariffs for coal")


def _with(e: Ent, *surfaces: str) -> Ent:
    return Ent(e.id, e.name, e.type, e.country, surfaces, e.known)


def _busy_day(n: int) -> list:
    """``n`` reports of one meeting in Osh on one day, English and Russian, each from another angle."""
    out = []
    for i in range(n):
        angle = _ANGLES[i % len(_ANGLES)]
        if i % 2:
            text = (f"Председатель кабмина Адылбек Касымалиев провёл переговоры с{NBSP}вице-премьером России "
                    f"Алексеем Оверчуком в{NBSP}Оше 14{NBSP}мая. Отдельно обсуждали {angle}, сообщает "
                    f"издание №{i}, и{NBSP}стороны условились вернуться к{NBSP}вопросу осенью.")
            ents = [_with(KASYMALIEV, "Адылбек Касымалиев"), _with(OVERCHUK, "Алексеем Оверчуком"),
                    _with(OSH, "Оше")]
            evidence = f"провёл переговоры с{NBSP}вице-премьером России"
        else:
            text = (f"Cabinet chairman Adylbek Kasymaliev held talks with Russian Deputy Prime Minister Alexei "
                    f"Overchuk in Osh on May 14. The talks also covered {angle}, outlet number {i} reports, "
                    f"and both sides agreed to return to it in the autumn.")
            ents = [_with(KASYMALIEV, "Adylbek Kasymaliev"), _with(OVERCHUK, "Alexei Overchuk"), _with(OSH, "Osh")]
            evidence = "held talks with Russian Deputy Prime Minister"
        out.append(article(f"busy{i:02d}", text, "ru" if i % 2 else "en", source=f"outlet{i}.kg",
                           published="2024-05-14T12:00:00", ents=entities(text, ents),
                           events=(event(text, evidence, [actor(KASYMALIEV, "source"), actor(OVERCHUK, "target")],
                                         date=day("2024-05-14"), place=OSH, id="e1"),)))
    return out


def _groups(linker: Linker, ids: list[str]) -> tuple:
    stories = {tuple(linker.stories.sets.members(i)) for i in ids}
    events = {tuple(linker.events.sets.members(f"{i}#e1")) for i in ids}
    return stories, events


def test_link_busy_day_past_the_cap_is_still_one_story_and_one_event():
    arts = _busy_day(12)
    config = LinkConfig(story_bucket_cap=2, event_bucket_cap=2)
    ids = [a.id for a in arts]
    results = []
    for seed in range(3):
        order = arts[:]
        random.Random(seed).shuffle(order)
        linker = Linker(config)
        for a in order:
            linker.add(a)
        stories, events = _groups(linker, ids)
        assert len(stories) == 1 and len(next(iter(stories))) == 12
        assert len(events) == 1
        assert linker.stats()["capped_keys"] > 0  # the cap did bind: later reports met only two hubs
        results.append((stories, events))
    assert results[0] == results[1] == results[2]


def test_link_cap_keeps_a_different_meeting_apart():
    """Hubs are read, not trusted: a same-day meeting in another city stays its own event and story."""
    arts = _busy_day(6)
    text = (f"Адылбек Касымалиев провёл переговоры с{NBSP}Алексеем Оверчуком в{NBSP}Нарыне по{NBSP}поводу "
            f"строительства дороги к{NBSP}перевалу и{NBSP}ремонта моста через реку.")
    naryn = article("naryn", text, "ru", source="naryn.kg", published="2024-05-14T18:00:00",
                    ents=entities(text, [_with(KASYMALIEV, "Адылбек Касымалиев"),
                                         _with(OVERCHUK, "Алексеем Оверчуком"), _with(NARYN, "Нарыне")]),
                    events=(event(text, f"провёл переговоры с{NBSP}Алексеем Оверчуком",
                                  [actor(KASYMALIEV, "source"), actor(OVERCHUK, "target")],
                                  date=day("2024-05-14"), place=NARYN, id="e1"),))
    linker = Linker(LinkConfig(story_bucket_cap=2, event_bucket_cap=2))
    for a in [*arts, naryn]:
        linker.add(a)
    assert linker.events.sets.members("naryn#e1") == ("naryn#e1",)
    assert linker.stories.sets.members("naryn") == ("naryn",)


def test_link_event_bucket_at_its_cap_holds_reports_of_its_own_type():
    """The day's signings fill the two leaders' buckets past the cap; the two reports of their talks
    still meet, because an event is filed and looked up among events of its own type."""
    signings = []
    for i, what in enumerate(("a grain supply deal", "a memorandum on flights", "a customs protocol")):
        text = (f"Adylbek Kasymaliev and Alexei Overchuk signed {what} in Osh on May 14, outlet a{i} reports; "
                f"the text of the document is to be published later.")
        ents = entities(text, [_with(KASYMALIEV, "Adylbek Kasymaliev"), _with(OVERCHUK, "Alexei Overchuk"),
                               _with(OSH, "Osh")])
        signings.append(article(f"a{i:02d}", text, "en", source=f"a{i}.kg", published="2024-05-14T10:00:00",
                                ents=ents, events=(event(text, f"signed {what}", [actor(KASYMALIEV, "source"),
                                                                                   actor(OVERCHUK, "target")],
                                                         type="AGREE", mode=None, date=day("2024-05-14"),
                                                         place=OSH, id="e1"),)))
    talks = _busy_day(2)  # an English and a Russian report of their talks that day, ids after the signings'
    linker = Linker(LinkConfig(event_bucket_cap=2, event_candidate_cap=2))
    for a in [*signings, *talks]:
        linker.add(a)
    assert linker.events.sets.members("busy01#e1") == ("busy00#e1", "busy01#e1")


def test_link_caps_change_nothing_on_the_test_corpus():
    arts = link_test_corpus()
    uncapped = link_all(arts, LinkConfig(story_bucket_cap=None, event_bucket_cap=None, story_candidate_cap=None,
                                         event_candidate_cap=None, commitment_bucket_cap=None, name_bucket_cap=None,
                                         relink_cap=None))
    for seed in range(4):  # the default caps, in several ingest orders
        order = arts[:]
        random.Random(seed).shuffle(order)
        capped = link_all(order)
        by_id = {a.id: a.to_dict() for a in capped.articles}
        assert [by_id[a.id] for a in uncapped.articles] == [a.to_dict() for a in uncapped.articles]
        assert [s.to_dict() for s in capped.stories] == [s.to_dict() for s in uncapped.stories]
        assert [e.to_dict() for e in capped.events] == [e.to_dict() for e in uncapped.events]


def test_store_link_index_capped_read_picks_what_the_memory_index_picks(tmp_path):
    store = open_store(tmp_path / "cap.db")
    index, memory = StoreLinkIndex(store), MemoryIndex()
    stored = {"st|dw:kasymaliev|d|2024-05-14": ["busy07", "busy03", "busy11", "busy05"],
              "st|dw:overchuk|d|2024-05-14": ["busy02"]}
    for key, members in stored.items():
        for m in members:
            index.add_key(key, m)
            memory.add_key(key, m)
    store.write([], also=index.flush)
    keys = [*stored, "st|dw:osh|d|2024-05-14"]
    assert index.members_many(keys, limit=2) == memory.members_many(keys, limit=2) == {"busy03", "busy05",
                                                                                         "busy02"}
    # a buffered member that sorts first displaces the last one read; one that sorts later stays unread
    for m in ("busy01", "busy09"):
        index.add_key("st|dw:kasymaliev|d|2024-05-14", m)
        memory.add_key("st|dw:kasymaliev|d|2024-05-14", m)
    assert index.members_many(keys, limit=2) == memory.members_many(keys, limit=2) == {"busy01", "busy03",
                                                                                         "busy02"}
    fresh = StoreLinkIndex(store)  # not flushed: a new reader sees only the stored members
    assert fresh.members_many(keys, limit=2) == {"busy03", "busy05", "busy02"}
    assert index.stats()["capped_keys"] == 2 and memory.stats()["capped_keys"] == 2
    assert set(index.members_many(keys)) == memory.members_many(keys)  # an uncapped read is still everything
    for key in keys:  # one key read up to a cap: the same first members, buffered ones included
        assert list(index.members(key, limit=2)) == list(memory.members(key, limit=2))
    assert list(index.members("st|dw:kasymaliev|d|2024-05-14", limit=2)) == ["busy01", "busy03"]
