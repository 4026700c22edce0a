"""Which reports are one real event: modes, undated reports, countries alone, announcements."""
from __future__ import annotations

from dyadwatch.link import link_all
from dyadwatch.records import PartialDate
from test_link_fixtures import NBSP, Ent, actor, article, day, entities, event

JAPAROV = Ent("dw:japarov", "Sadyr Japarov", "PERSON", "KGZ", ("Sadyr Japarov",))
PUTIN = Ent("dw:putin", "Vladimir Putin", "PERSON", "RUS", ("Vladimir Putin",))
RUSSIA = Ent("Q159", "Russia", "GPE", "RUS", ("Russia",))
KGZ = Ent("Q813", "Kyrgyzstan", "GPE", "KGZ", ("Kyrgyzstan",))
BISHKEK = Ent("Q9361", "Bishkek", "GPE", "KGZ", ("Bishkek",))

MEET = "Sadyr Japarov and Vladimir Putin held talks in Bishkek on Tuesday, and Russia pledged support to Kyrgyzstan."
CALL = "Sadyr Japarov and Vladimir Putin spoke by phone on Tuesday; Russia and Kyrgyzstan will keep in touch."
LATE = "Sadyr Japarov and Vladimir Putin met in Bishkek, the press service said. Russia backs Kyrgyzstan."
ANNOUNCE = (f"Vladimir Putin will visit Bishkek on 26{NBSP}November, where he is to meet Sadyr Japarov, "
            f"Russia and Kyrgyzstan said.")
SUPPORT_A = "Russia will continue to support Kyrgyzstan in the energy sector, the minister said."
SUPPORT_B = "Russia supports Kyrgyzstan in its bid to join the council, the embassy said."


def _art(id, text, published, events, ents=(JAPAROV, PUTIN, RUSSIA, KGZ, BISHKEK)):
    present = [e for e in ents if all(s in text for s in e.surfaces)]
    return article(id, text, "en", source=f"{id}.example", published=published, ents=entities(text, present),
                   events=tuple(events))


def test_events_phone_call_and_meeting_same_day_stay_apart():
    meet = _art("meet", MEET, "2025-11-26", [event(MEET, "held talks in Bishkek on Tuesday",
                                                   [actor(JAPAROV), actor(PUTIN)], mode="talks",
                                                   date=day("2025-11-25", "on Tuesday", "relative"))])
    call = _art("call", CALL, "2025-11-26", [event(CALL, "spoke by phone on Tuesday", [actor(JAPAROV), actor(PUTIN)],
                                                   mode="phone", date=day("2025-11-25", "on Tuesday", "relative"))])
    groups = {frozenset(m.article_id for m in e.mentions) for e in link_all([meet, call]).events}
    assert groups == {frozenset({"meet"}), frozenset({"call"})}


def test_events_date_copied_from_publication_borrows_its_window():
    meet = _art("meet", MEET, "2025-11-26", [event(MEET, "held talks in Bishkek on Tuesday",
                                                   [actor(JAPAROV), actor(PUTIN)], mode="talks", place=BISHKEK,
                                                   date=day("2025-11-25", "on Tuesday", "relative"))])
    late = _art("late", LATE, "2025-11-27", [event(LATE, "met in Bishkek", [actor(JAPAROV), actor(PUTIN)],
                                                   place=BISHKEK, date=day("2025-11-27", "", "published"))])
    result = link_all([meet, late])
    (merged,) = result.events
    assert merged.n_articles == 2 and merged.date.iso() == "2025-11-25"


def test_events_countries_alone_do_not_merge_undated_reports():
    a = _art("sa", SUPPORT_A, "2025-11-26", [event(SUPPORT_A, "Russia will continue to support Kyrgyzstan",
                                                   [actor(RUSSIA), actor(KGZ)], type="SUPPORT", mode=None)])
    b = _art("sb", SUPPORT_B, "2025-11-26", [event(SUPPORT_B, "Russia supports Kyrgyzstan",
                                                   [actor(RUSSIA), actor(KGZ)], type="SUPPORT", mode=None)])
    assert len(link_all([a, b]).events) == 2


def test_events_announcement_is_its_own_event_in_the_same_story():
    ann = _art("ann", ANNOUNCE, "2025-11-20", [event(ANNOUNCE, "will visit Bishkek on 26\u00a0November",
                                                     [actor(PUTIN), actor(JAPAROV)], mode="visit", place=BISHKEK,
                                                     future=True, date=PartialDate(2025, 11, 26, text="26 November"))])
    meet = _art("meet", MEET, "2025-11-26", [event(MEET, "held talks in Bishkek on Tuesday",
                                                   [actor(JAPAROV), actor(PUTIN)], mode="talks", place=BISHKEK,
                                                   date=day("2025-11-26", "on Tuesday", "relative"))])
    result = link_all([ann, meet])
    assert len(result.events) == 2
    assert {a.story for a in result.articles} == {result.stories[0].id}
    assert result.stories[0].articles == ("ann", "meet")


def test_events_article_ids_with_hash_signs_link_correctly():
    a = _art("feed#1", MEET, "2025-11-26", [event(MEET, "held talks in Bishkek on Tuesday",
                                                  [actor(JAPAROV), actor(PUTIN)], mode="talks", id="e#1",
                                                  date=day("2025-11-25", "on Tuesday", "relative"))])
    b = _art("feed#2", LATE, "2025-11-26", [event(LATE, "met in Bishkek", [actor(JAPAROV), actor(PUTIN)],
                                                  date=day("2025-11-25", "", "text"))])
    result = link_all([a, b])
    (merged,) = result.events
    assert sorted(m.article_id for m in merged.mentions) == ["feed#1", "feed#2"]
    assert result.articles[0].story == result.articles[1].story
