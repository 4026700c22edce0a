"""Events as an analyst counts them, on sentences written for these tests: one contact one event, the
visit and its talks linked, background mentions, negated and announced contacts, dates and places."""
from __future__ import annotations

from stagedocs import JAPAROV, KYRGYZSTAN, MOSCOW, PUTIN, RUSSIA, Ent, make_doc

from dyadwatch.records import PartialDate
from dyadwatch.stages.events import extract_events

BISHKEK = Ent("Bishkek", "GPE", "KGZ", ("Bishkek", "Бишкек", "Бишкеке"))
ASTANA = Ent("Astana", "GPE", "KAZ", ("Astana", "Астану", "Астане"))
TOKAYEV = Ent("Kassym-Jomart Tokayev", "PERSON", "KAZ", ("Kassym-Jomart Tokayev", "Tokayev", "Токаев", "Токаевым"))
MIRZIYOYEV = Ent("Shavkat Mirziyoyev", "PERSON", "UZB", ("Shavkat Mirziyoyev", "Mirziyoyev"))
CONCERT_HALL = Ent("Lakeside Concert Hall", "ORG", "RUS", ("Lakeside Concert Hall", "концертном зале «Озеро»"))
PUTIN_RU = Ent("Vladimir Putin", "PERSON", "RUS", ("Владимир Путин", "Владимиром Путиным", "Путина", "Путиным"))
JAPAROV_RU = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Садыр Жапаров", "Садыра Жапарова", "Жапаров"))


def contacts(events):
    return [e for e in events if e.type == "CONSULT" or e.cameo == "036"]


def test_talks_held_during_a_visit_take_its_host_city_and_carry_it_as_context():
    text = ("Vladimir Putin arrived on a state visit to Bishkek on Tuesday.\n"
            "The president held talks with Sadyr Japarov and Putin discussed energy supplies.")
    doc = make_doc(text, "en", [PUTIN, JAPAROV, BISHKEK, KYRGYZSTAN, RUSSIA], published="2025-11-26",
                   dates=[("on Tuesday", PartialDate(2025, 11, 25, source="relative"))])
    visit, talks = contacts(extract_events(doc))
    assert visit.mode == "visit" and visit.place.name == "Bishkek" and visit.date.iso() == "2025-11-25"
    assert [(a.name, a.role) for a in visit.actors][0] == ("Vladimir Putin", "source")
    assert talks.mode is None and {a.name for a in talks.actors} == {"Vladimir Putin", "Sadyr Japarov"}
    assert talks.place.name == "Bishkek" and "visit" in talks.context


def test_a_visit_named_in_a_title_and_its_lead_is_one_visit():
    text = ("Putin on a state visit to Bishkek\n"
            "Vladimir Putin is in Bishkek on a state visit, Sadyr Japarov greeted him at the airport.")
    doc = make_doc(text, "en", [PUTIN, JAPAROV, BISHKEK])
    assert len([e for e in extract_events(doc) if e.mode == "visit"]) == 1


def test_the_two_leaders_take_the_persons_of_the_visit_they_met_during():
    text = ("Sadyr Japarov invited Vladimir Putin to visit Kyrgyzstan next year.\n"
            "The invitation came during Japarov's working visit to Moscow.\n"
            "The two leaders discussed trade and labour migration.")
    doc = make_doc(text, "en", [JAPAROV, PUTIN, KYRGYZSTAN, MOSCOW])
    events = contacts(extract_events(doc))
    planned = next(e for e in events if e.future)
    assert planned.cameo == "036" and [a.name for a in planned.actors][0] == "Vladimir Putin"  # the one invited
    talks = next(e for e in events if e.type == "CONSULT" and e.mode is None)
    assert {a.name for a in talks.actors} == {"Sadyr Japarov", "Vladimir Putin"}
    assert talks.place.name == "Moscow"


def test_background_mention_of_an_attack_is_no_event_of_a_country():
    en = "Visa rules in the Russian Federation were tightened after the terrorist attack in Lakeside Concert Hall."
    ru = "После теракта в концертном зале «Озеро» в России ужесточили правила для мигрантов."
    for text, lang in ((en, "en"), (ru, "ru")):
        doc = make_doc(text, lang, [RUSSIA, CONCERT_HALL, KYRGYZSTAN])
        assert not [e for e in extract_events(doc) if e.type == "ASSAULT"], text


def test_an_attack_with_its_agent_is_still_an_event():
    text = "Russia attacked positions near the border, Kyrgyzstan said."
    events = extract_events(make_doc(text, "en", [RUSSIA, KYRGYZSTAN]))
    attack = next(e for e in events if e.type == "ASSAULT")
    assert attack.actors[0].name == "Russia" and attack.actors[0].role == "source"


def test_negated_and_unconfirmed_contacts_are_no_events():
    texts = [("Vladimir Putin is not planning a phone call with Sadyr Japarov.", "en", [PUTIN, JAPAROV]),
             ("A meeting of Putin and Japarov is not on the schedule yet, the Kremlin said.", "en", [PUTIN, JAPAROV]),
             ("Встреча Владимира Путина и Садыра Жапарова пока не запланирована.", "ru",
              [Ent("Vladimir Putin", "PERSON", "RUS", ("Владимира Путина",)), JAPAROV_RU])]
    for text, lang, ents in texts:
        assert not contacts(extract_events(make_doc(text, lang, ents))), text


def test_announced_contacts_are_future_events_dated_by_their_day():
    text = "Vladimir Putin will meet Sadyr Japarov, who is on a working visit in Moscow, on May 8."
    doc = make_doc(text, "en", [PUTIN, JAPAROV, MOSCOW], published="2025-05-08",
                   dates=[("on May 8", PartialDate(2025, 5, 8))])
    meeting = next(e for e in contacts(extract_events(doc)) if e.cameo == "036" and len(e.actors) == 2)
    assert meeting.future and meeting.date.iso() == "2025-05-08"  # the publication day fits a planned act too
    ru = "Лидеры договорились встретиться в Астане: Владимир Путин и Садыр Жапаров."
    doc = make_doc("Владимир Путин и Садыр Жапаров договорились встретиться в Астане.", "ru",
                   [PUTIN_RU, JAPAROV_RU, ASTANA])
    (planned,) = [e for e in extract_events(doc) if e.cameo == "036"]
    assert planned.future and planned.place.name == "Astana", ru


def test_talks_a_statement_followed_are_dated_by_the_dispatch_day():
    text = ("BISHKEK, May 14. Trade between the two countries grew.\n"
            "Vladimir Putin said this following negotiations with Sadyr Japarov.")
    doc = make_doc(text, "en", [PUTIN, JAPAROV, BISHKEK], published="2025-05-14",
                   dates=[("May 14", PartialDate(2025, 5, 14))])
    (talks,) = contacts(extract_events(doc))
    assert talks.date.iso() == "2025-05-14" and talks.date_source == "published"
    ru = ("Путин и Жапаров обсудили торговлю.\n"
          "Об этом заявил Садыр Жапаров по итогам переговоров с Владимиром Путиным.")
    doc = make_doc(ru, "ru", [PUTIN_RU, JAPAROV_RU], published="2025-05-14")
    assert all(e.date is None for e in contacts(extract_events(doc)))  # the article does not give its own day


def test_a_deadline_is_not_the_date_of_the_event():
    text = "Sadyr Japarov and Vladimir Putin agreed at talks to double trade by 2030."
    doc = make_doc(text, "en", [JAPAROV, PUTIN], published="2025-05-14",
                   dates=[("2030", PartialDate(2030, future=True))])
    assert all(e.date is None for e in extract_events(doc))


def test_a_range_dates_the_event_by_its_first_day():
    text = "Sadyr Japarov paid a state visit to Astana on April 18-19."
    doc = make_doc(text, "en", [JAPAROV, ASTANA], published="2025-05-14",
                   dates=[("April 18-19", PartialDate(2025, 4, 18, end_year=2025, end_month=4, end_day=19))])
    (visit,) = contacts(extract_events(doc))
    assert visit.date.iso() == "2025-04-18" and visit.place.name == "Astana"


def test_places_a_visit_destination_a_landmark_and_a_town_named_by_its_kind():
    en = "Sadyr Japarov met Vladimir Putin at the Kremlin."
    (meeting,) = contacts(extract_events(make_doc(en, "en", [JAPAROV, PUTIN])))
    assert meeting.place.name == "Moscow" and meeting.place.country == "RUS"
    ru = "Садыр Жапаров провел переговоры с Владимиром Путиным в Кремле."
    (meeting,) = contacts(extract_events(make_doc(ru, "ru", [JAPAROV_RU, PUTIN_RU])))
    assert meeting.place.name == "Moscow"
    planned = "The sides agreed on a working visit of President Kassym-Jomart Tokayev to Bishkek in May."
    (ev,) = contacts(extract_events(make_doc(planned, "en", [TOKAYEV, BISHKEK])))
    assert ev.future and ev.place.name == "Bishkek"
    asia = Ent("Asia", "LOC", None, ("Asia",))
    wide = "Kassym-Jomart Tokayev met Shavkat Mirziyoyev at a forum in Asia."
    assert all(e.place is None for e in contacts(extract_events(make_doc(wide, "en", [TOKAYEV, MIRZIYOYEV, asia]))))
    visit = "Kassym-Jomart Tokayev paid a visit to Bishkek."
    (ev,) = contacts(extract_events(make_doc(visit, "en", [TOKAYEV, BISHKEK])))
    assert ev.place.name == "Bishkek" and ev.actors[0].role == "source"
    shusha = Ent("Shusha", "GPE", "AZE", ("Shusha",))
    town = "Kassym-Jomart Tokayev and Shavkat Mirziyoyev held talks in the town of Shusha."
    (ev,) = contacts(extract_events(make_doc(town, "en", [TOKAYEV, MIRZIYOYEV, shusha])))
    assert ev.place.name == "Shusha"


def test_events_of_third_countries_are_kept_but_out_of_the_dyad():
    text = "Kassym-Jomart Tokayev held talks with Shavkat Mirziyoyev.\nSadyr Japarov met Vladimir Putin."
    events = contacts(extract_events(make_doc(text, "en", [TOKAYEV, MIRZIYOYEV, JAPAROV, PUTIN])))
    assert [e.in_dyad for e in events] == [False, True]
    assert events[0].to_dict()["in_dyad"] is False


def test_a_contact_a_speaker_mentions_counts_when_both_sides_are_named():
    text = ("Japarov said: “My first trip abroad as minister is a sign of our alliance.”\n"
            "Japarov added: “The talks in Moscow with Vladimir Putin were useful.”")
    events = contacts(extract_events(make_doc(text, "en", [JAPAROV, PUTIN, MOSCOW])))
    assert len(events) == 1 and {a.name for a in events[0].actors} == {"Sadyr Japarov", "Vladimir Putin"}


def test_a_summit_named_as_the_frame_of_a_call_is_no_event_of_its_own():
    en = "On the sidelines of the summit in Astana, Vladimir Putin held talks with Sadyr Japarov."
    ru = "До начала саммита в Астане Путин переговорил с Жапаровым по телефону."
    japarov_ru = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Жапаровым",))
    for text, lang, ents in ((en, "en", [PUTIN, JAPAROV, ASTANA]), (ru, "ru", [PUTIN, japarov_ru, ASTANA])):
        events = contacts(extract_events(make_doc(text, lang, ents)))
        assert [e.mode for e in events] in ([None], ["third-party"], ["phone"]), text


def test_who_reports_a_contact_is_not_in_it():
    text = "Presidential spokesman Ruslan Aliev told reporters that Kassym-Jomart Tokayev will visit Bishkek in May."
    aliev = Ent("Ruslan Aliev", "PERSON", "KAZ", ("Ruslan Aliev",))
    (visit,) = contacts(extract_events(make_doc(text, "en", [aliev, TOKAYEV, BISHKEK])))
    assert [a.name for a in visit.actors if a.entity] == ["Kassym-Jomart Tokayev"]
    ru = "Как сообщил Дмитрий Песков, что Путин и Жапаров проведут переговоры в Москве."
    peskov = Ent("Dmitry Peskov", "PERSON", "RUS", ("Дмитрий Песков",))
    (talks,) = contacts(extract_events(make_doc(ru, "ru", [peskov, PUTIN, JAPAROV, MOSCOW])))
    assert {a.name for a in talks.actors} == {"Vladimir Putin", "Sadyr Japarov"}


def test_the_agency_of_a_dateline_is_no_actor():
    text = "MOSCOW, May 3 (Interfax) - Vladimir Putin held talks with Sadyr Japarov."
    interfax = Ent("Interfax", "ORG", "RUS", ("Interfax",))
    (talks,) = contacts(extract_events(make_doc(text, "en", [interfax, PUTIN, JAPAROV])))
    assert "Interfax" not in {a.name for a in talks.actors}


def test_the_leaders_of_two_countries_are_the_persons_the_article_names_for_them():
    text = ("Kassym-Jomart Tokayev arrived in Tashkent. Tokayev was met by Shavkat Mirziyoyev.\n"
            "The meeting of the Kazakh and Uzbek leaders lasted three hours.")
    kazakh = Ent("Kazakhstan", "GPE", "KAZ", ("Kazakh",), roles=("country",))
    uzbek = Ent("Uzbekistan", "GPE", "UZB", ("Uzbek",), roles=("country",))
    events = contacts(extract_events(make_doc(text, "en", [TOKAYEV, MIRZIYOYEV, kazakh, uzbek])))
    assert any({a.name for a in e.actors} == {"Kassym-Jomart Tokayev", "Shavkat Mirziyoyev"} for e in events)
    ru = "Президенты России и Киргизии обсудили поставки топлива. Ранее Путин поздравил Жапарова."
    ru_ents = [Ent("Vladimir Putin", "PERSON", "RUS", ("Путин",)), Ent("Sadyr Japarov", "PERSON", "KGZ", ("Жапарова",)),
               RUSSIA, KYRGYZSTAN]
    (talks,) = [e for e in extract_events(make_doc(ru, "ru", ru_ents)) if e.type == "CONSULT"]
    assert {a.name for a in talks.actors} == {"Vladimir Putin", "Sadyr Japarov"}


def test_statements_in_a_dispatch_lead_are_placed_in_its_dateline_city_talks_are_not():
    text = ("BISHKEK, May 14. Sadyr Japarov said Kyrgyzstan welcomed the plan of Russia.\n"
            "Sadyr Japarov met Vladimir Putin.\n\n"
            "Kyrgyzstan also welcomed the plan, the minister said.")
    bishkek = Ent("Bishkek", "GPE", "KGZ", ("BISHKEK",))
    doc = make_doc(text, "en", [bishkek, JAPAROV, PUTIN, KYRGYZSTAN, RUSSIA])
    events = extract_events(doc)
    statement = next(e for e in events if e.type == "SUPPORT")
    assert statement.place.name == "Bishkek"
    assert all(e.place is None for e in events if e.type == "CONSULT")
    assert all(e.place is None for e in events if e.evidence.start > text.index("\n\n"))


def test_a_meeting_announced_for_today_and_reported_held_is_one_meeting():
    sochi = Ent("Sochi", "GPE", "RUS", ("Sochi",))
    text = ("Vladimir Putin will meet Sadyr Japarov in Sochi today.\n"
            "Vladimir Putin and Sadyr Japarov met at the residence and discussed gas supplies.")
    events = contacts(extract_events(make_doc(text, "en", [PUTIN, JAPAROV, sochi])))
    assert len(events) == 1 and not events[0].future and events[0].place.name == "Sochi"
    again = ("Vladimir Putin met Sadyr Japarov in Sochi.\n"
             "Vladimir Putin will meet Sadyr Japarov again in October.")
    assert len(contacts(extract_events(make_doc(again, "en", [PUTIN, JAPAROV, sochi])))) == 2


def test_two_visits_of_one_sentence_with_their_own_days_are_two_with_their_own_people():
    text = ("On April 9, during your working visit to Bishkek, we held talks, and on April 18, "
            "the official visit of Kassym-Jomart Tokayev to Astana took place.")
    doc = make_doc(text, "en", [TOKAYEV, BISHKEK, ASTANA], published="2025-05-14",
                   dates=[("April 9", PartialDate(2025, 4, 9)), ("April 18", PartialDate(2025, 4, 18))])
    visits = [e for e in extract_events(doc) if e.mode == "visit"]
    assert [(e.actors[0].name, e.date.iso(), e.place.name) for e in visits] == \
        [("Kassym-Jomart Tokayev", "2025-04-18", "Astana")]  # "your visit" names no visitor: none


def test_a_cancelled_visit_is_an_event_that_carries_its_negation():
    text = "Sadyr Japarov cancelled a planned visit to Moscow."
    (visit,) = contacts(extract_events(make_doc(text, "en", [JAPAROV, MOSCOW])))
    assert visit.negated and visit.tone is not None and visit.tone < 0


def test_a_held_meeting_today_is_the_announced_one_but_not_the_summit_of_the_trip():
    text = ("Vladimir Putin will attend the summit in Bishkek and hold talks with Sadyr Japarov.\n"
            "Putin held a meeting today with Sadyr Japarov.")
    events = contacts(extract_events(make_doc(text, "en", [PUTIN, JAPAROV, BISHKEK])))
    bilateral = [e for e in events if "multilateral" not in e.context]
    assert len(bilateral) == 1 and not bilateral[0].future
    assert any("multilateral" in e.context for e in events)  # the summit stays an event of its own


def test_leaders_named_by_nationality_take_persons_the_gazetteer_does_not_know():
    text = ("Президент Азербайджана Ильхам Алиев и президент Турции Реджеп Эрдоган подписали декларацию.\n"
            "Трансляцию встречи турецкого и азербайджанского лидеров вел телеканал.")
    ents = [Ent("Azerbaijan", "GPE", "AZE", ("Азербайджана", "азербайджанского"), roles=("country",)),
            Ent("Turkey", "GPE", "TUR", ("Турции", "турецкого"), roles=("country",)),
            Ent("Ilham Aliyev", "PERSON", None, ("Ильхам Алиев",)),
            Ent("Recep Tayyip Erdogan", "PERSON", None, ("Реджеп Эрдоган",))]
    (talks,) = [e for e in extract_events(make_doc(text, "ru", ents)) if e.type == "CONSULT"]
    assert {(a.name, a.country) for a in talks.actors} == {("Ilham Aliyev", "AZE"), ("Recep Tayyip Erdogan", "TUR")}
