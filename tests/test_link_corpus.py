"""A small corpus linked end to end: same meeting in two languages, a re-published copy,
a related but different meeting on the same visit (undated), and two unrelated events."""
from __future__ import annotations

import itertools
import json

import pytest

from dyadwatch.link import Linker, link_all
from test_link_fixtures import (NBSP, Ent, actor, article, day, entities, event, yearless)

AMANG = Ent("dw:amangeldiev", "Daniyar Amangeldiev", "PERSON", "KGZ", ())
OVERCHUK = Ent("dw:overchuk", "Alexei Overchuk", "PERSON", "RUS", ())
RESHET = Ent("dw:reshetnikov", "Maxim Reshetnikov", "PERSON", "RUS", ())
JAPAROV = Ent("dw:japarov", "Sadyr Japarov", "PERSON", "KGZ", ())
PUTIN = Ent("dw:putin", "Vladimir Putin", "PERSON", "RUS", ())
MOSCOW = Ent("dw:moscow", "Moscow", "GPE", "RUS", ())
BISHKEK = Ent("dw:bishkek", "Bishkek", "GPE", "KGZ", ())
KGZ = Ent("dw:kyrgyzstan", "Kyrgyzstan", "GPE", "KGZ", ())
RUS = Ent("dw:russia", "Russia", "GPE", "RUS", ())


def _with(e: Ent, *surfaces: str) -> Ent:
    return Ent(e.id, e.name, e.type, e.country, surfaces, e.known)


A_EN_TEXT = (
    "Minister of Economy and Commerce of Kyrgyzstan Daniyar Amangeldiev and Deputy Prime Minister of Russia "
    "Alexei Overchuk discussed trade and fuel supplies at a meeting in Moscow on Tuesday. The parties noted that "
    "mutual trade grew by a quarter last year and agreed to speed up work on the joint investment fund.\n\n"
    "«We see a lot of room for growth in industrial cooperation, especially in the textile and food sectors,» "
    "Alexei Overchuk said.\n\n"
    "Daniyar Amangeldiev thanked the Russian side for its support within the EAEU and invited Russian "
    "companies to the investment forum on Issyk-Kul in June.")
A_COPY_TEXT = A_EN_TEXT.replace("on Issyk-Kul in June", "in Cholpon-Ata this summer").replace(
    "grew by a quarter", "grew by 25 percent")
A_RU_TEXT = (
    f"Министр экономики и коммерции КР Данияр Амангельдиев и вице-премьер{NBSP}РФ Алексей Оверчук "
    f"11 апреля в{NBSP}Москве обсудили торговлю и поставки топлива. Стороны отметили рост взаимного "
    f"товарооборота и договорились ускорить работу по совместному инвестиционному фонду.\n\n"
    f"«Мы видим большой потенциал для роста промышленной кооперации», – отметил Алексей Оверчук.")
B_RU_TEXT = (
    f"Россия и Кыргызстан договорились расширить сотрудничество в сфере цифровой экономики. Об этом шла речь "
    f"на состоявшейся 12 апреля в{NBSP}Москве встрече министра экономического развития РФ Максима Решетникова "
    f"с министром экономики и коммерции КР Данияром Амангельдиевым.\n"
    f"\"Стороны обсудили работу совместной межправкомиссии\", - сообщили в{NBSP}министерстве.")
C_EN_TEXT = (
    "President of Kyrgyzstan Sadyr Japarov and President of Russia Vladimir Putin held a phone call on Monday. "
    "The leaders discussed gas supplies and the construction of small hydropower plants in the republic.")
D_EN_TEXT = (
    "Deputy Prime Minister of Russia Alexei Overchuk arrived in Bishkek on Thursday and met Daniyar Amangeldiev "
    "to review the fuel agreement signed in the spring. The sides also discussed the border crossing points.")


def corpus():
    t = A_EN_TEXT
    a_en_ents = entities(t, [_with(AMANG, "Daniyar Amangeldiev"), _with(OVERCHUK, "Alexei Overchuk"),
                             _with(MOSCOW, "Moscow"), _with(KGZ, "Kyrgyzstan"), _with(RUS, "Russia")])
    a_en = article("a_en", t, "en", source="24.kg", published="2023-04-12T09:15:00", ents=a_en_ents,
                   title="Kyrgyzstan and Russia to speed up joint investment fund",
                   events=(event(t, "discussed trade and fuel supplies at a meeting in Moscow on Tuesday",
                                 [actor(AMANG, "source"), actor(OVERCHUK, "target")],
                                 date=day("2023-04-11", "on Tuesday", "relative"), place=MOSCOW, id="e1"),))
    t = A_COPY_TEXT
    a_copy = article("a_copy", t, "en", source="vesti.kg", published="2023-04-13T08:00:00",
                     title="Overchuk: a lot of room for growth in industrial cooperation",
                     ents=entities(t, [_with(AMANG, "Daniyar Amangeldiev"), _with(OVERCHUK, "Alexei Overchuk"),
                                       _with(MOSCOW, "Moscow"), _with(KGZ, "Kyrgyzstan"), _with(RUS, "Russia")]),
                     events=(event(t, "discussed trade and fuel supplies at a meeting in Moscow on Tuesday",
                                   [actor(AMANG, "source"), actor(OVERCHUK, "target")],
                                   date=day("2023-04-11", "on Tuesday", "relative"), place=MOSCOW, id="e1"),))
    t = A_RU_TEXT
    a_ru = article("a_ru", t, "ru", source="kabar.kg", published="2023-04-11T19:40:00",
                   ents=entities(t, [_with(AMANG, "Данияр Амангельдиев"), _with(OVERCHUK, "Алексей Оверчук"),
                                     _with(MOSCOW, "Москве")]),
                   events=(event(t, f"11 апреля в{NBSP}Москве обсудили торговлю",
                                 [actor(AMANG, "source"), actor(OVERCHUK, "target")], mode="talks",
                                 date=day("2023-04-11", "11 апреля"), place=MOSCOW, id="e1"),))
    t = B_RU_TEXT
    b_ru = article("b_ru", t, "ru",
                   ents=entities(t, [_with(RESHET, "Максима Решетникова"), _with(AMANG, "Данияром Амангельдиевым"),
                                     _with(MOSCOW, "Москве"), _with(RUS, "Россия"), _with(KGZ, "Кыргызстан")]),
                   events=(event(t, f"состоявшейся 12 апреля в{NBSP}Москве встрече",
                                 [actor(RESHET, "source"), actor(AMANG, "target")],
                                 date=yearless(4, 12, "12 апреля"), place=MOSCOW, id="e1"),),
                   dates=(yearless(4, 12, "12 апреля"),))
    t = C_EN_TEXT
    c_en = article("c_en", t, "en", source="akipress.com", published="2023-06-20T11:00:00",
                   ents=entities(t, [_with(JAPAROV, "Sadyr Japarov"), _with(PUTIN, "Vladimir Putin")]),
                   events=(event(t, "held a phone call on Monday", [actor(JAPAROV, "source"), actor(PUTIN, "target")],
                                 mode="phone", date=day("2023-06-19", "on Monday", "relative"), id="e1"),))
    t = D_EN_TEXT
    d_en = article("d_en", t, "en", source="24.kg", published="2023-09-15T10:00:00",
                   ents=entities(t, [_with(OVERCHUK, "Alexei Overchuk"), _with(AMANG, "Daniyar Amangeldiev"),
                                     _with(BISHKEK, "Bishkek")]),
                   events=(event(t, "arrived in Bishkek on Thursday and met Daniyar Amangeldiev",
                                 [actor(OVERCHUK, "source"), actor(AMANG, "target")], mode="visit",
                                 date=day("2023-09-14", "on Thursday", "relative"), place=BISHKEK, id="e1"),))
    return [a_en, a_copy, a_ru, b_ru, c_en, d_en]


def _groups(result):
    events = {frozenset(m.article_id for m in ev.mentions) for ev in result.events}
    stories = {frozenset(s.articles) for s in result.stories}
    return events, stories


def _canonical(result) -> str:
    arts = sorted((a.to_dict() for a in result.articles), key=lambda d: d["id"])
    return json.dumps([arts, [e.to_dict() for e in result.events], [s.to_dict() for s in result.stories],
                       [x.to_dict() for x in result.ledger]], sort_keys=True, ensure_ascii=False, default=str)


def test_link_all_groups_corpus_exactly():
    result = link_all(corpus())
    events, stories = _groups(result)
    assert events == {frozenset({"a_en", "a_copy", "a_ru"}), frozenset({"b_ru"}), frozenset({"c_en"}),
                      frozenset({"d_en"})}
    assert stories == {frozenset({"a_en", "a_copy", "a_ru", "b_ru"}), frozenset({"c_en"}), frozenset({"d_en"})}
    by_id = {a.id: a for a in result.articles}
    assert [a.id for a in result.articles] == ["a_en", "a_copy", "a_ru", "b_ru", "c_en", "d_en"]
    # the copy and the English report of the meeting both point to the earliest report of it, the Russian
    # one (issue #25: another outlet's report of the same main event is a duplicate too)
    assert {k: a.duplicate_of for k, a in by_id.items()} == {
        "a_en": "a_ru", "a_copy": "a_ru", "a_ru": None, "b_ru": None, "c_en": None, "d_en": None}
    assert by_id["a_en"].story == by_id["b_ru"].story == by_id["a_ru"].story != by_id["d_en"].story


def test_link_merged_event_counts_outlets_and_languages():
    result = link_all(corpus())
    meeting = next(ev for ev in result.events if len(ev.mentions) == 3)
    assert meeting.n_articles == 3 and meeting.n_sources == 3
    assert meeting.sources == ("24.kg", "kabar.kg", "vesti.kg")
    assert meeting.languages == ("en", "ru")
    assert meeting.date.iso() == "2023-04-11" and meeting.date.source == "text"
    assert meeting.place.name == "Moscow"
    assert {a.entity for a in meeting.actors} == {"dw:amangeldiev", "dw:overchuk"}
    ru = next(m for m in meeting.mentions if m.article_id == "a_ru")
    assert A_RU_TEXT[ru.evidence.start:ru.evidence.end] == ru.evidence.text


def test_link_backfill_takes_year_from_story_sibling():
    result = link_all(corpus())
    b = next(a for a in result.articles if a.id == "b_ru")
    assert b.events[0].date.iso() == "2023-04-12"
    assert b.events[0].date_source == "cluster"
    assert b.dates[0].iso() == "2023-04-12" and b.dates[0].source == "cluster"
    assert b.to_dict()["events"][0]["date"] == "2023-04-12"


def test_link_undated_article_alone_keeps_open_year():
    arts = [a for a in corpus() if a.id in ("b_ru", "c_en", "d_en")]
    b = next(a for a in link_all(arts).articles if a.id == "b_ru")
    assert b.events[0].date.year is None and b.events[0].date.iso() == "--04-12"


def test_link_story_first_article_is_earliest_published():
    result = link_all(corpus())
    story = next(s for s in result.stories if len(s.articles) == 4)
    assert story.articles[0] == "a_ru"
    assert story.start == "2023-04-11"


@pytest.mark.parametrize("step", [1, 2])
def test_link_result_same_in_any_ingest_order(step):
    arts = corpus()
    reference = _canonical(link_all(arts))
    perms = list(itertools.permutations(arts))
    for perm in perms[::37 * step] + [tuple(reversed(arts))]:
        result = link_all(list(perm))
        assert _canonical(_in_input_order(result, arts)) == reference


def _in_input_order(result, arts):
    order = {a.id: i for i, a in enumerate(arts)}
    return result._replace(articles=sorted(result.articles, key=lambda a: order[a.id]))


def test_link_add_reports_joins_incrementally():
    arts = {a.id: a for a in corpus()}
    linker = Linker()
    first = linker.add(arts["a_en"])
    assert first.duplicate_of is None and first.linked_articles == ()
    second = linker.add(arts["a_ru"])
    # one merged event for both reports, now named after the earlier (Russian) report
    assert len(second.events) == 1 and second.events != first.events
    assert second.linked_articles == ("a_en",)
    assert second.duplicate_of is None and second.affected_articles == ("a_en",)  # a_en now points to it
    assert linker.duplicate_of("a_en") == "a_ru"
    copy = linker.add(arts["a_copy"])
    assert copy.duplicate_of == "a_ru"
    assert copy.events == second.events  # a later report keeps the merged event's id
    undated = linker.add(arts["b_ru"])
    assert set(undated.linked_articles) == {"a_en", "a_ru", "a_copy"}
    assert undated.events != second.events
    other = linker.add(arts["d_en"])
    assert other.linked_articles == ()
    # the story is now named after its earliest article, the Russian report
    assert undated.story == second.story == linker.story_of("a_ru").id != first.story
    again = linker.add(arts["a_en"])  # re-adding the same article changes nothing
    assert again.story == undated.story and again.events == second.events
    assert len(linker) == 5


def test_link_mixed_corpus_same_result_for_random_orders():
    import random
    from datetime import date

    from test_link_entities import corpus as people_corpus
    from test_link_followups import _done, _promise, _reminder, _unrelated

    arts = corpus() + people_corpus() + [_promise(), _reminder(), _done(), _unrelated()]
    order = {a.id: i for i, a in enumerate(arts)}

    def canonical(seq):
        r = link_all(seq, today=date(2023, 6, 1))
        return _canonical(r._replace(articles=sorted(r.articles, key=lambda a: order[a.id])))

    reference = canonical(arts)
    rnd = random.Random(5)
    for _ in range(25):
        shuffled = arts[:]
        rnd.shuffle(shuffled)
        assert canonical(shuffled) == reference
