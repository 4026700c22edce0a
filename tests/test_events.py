"""Event coding on hand-built Docs: PLOVER/CAMEO codes, actors, place, date, merging."""
from __future__ import annotations

from stagedocs import ALMATY, BISHKEK, JAPAROV, KAZAKBAEV, KOSACHEV, KYRGYZSTAN, MOSCOW, PUTIN, RUSSIA, Ent, make_doc

from dyadwatch.records import PartialDate
from dyadwatch.stages.events import EventStage, extract_events, find_triggers, plover_of

MATVIENKO = Ent("Valentina Matvienko", "PERSON", "RUS", ("Valentina Matvienko", "Matvienko"))
MAMYTOV = Ent("Talant Mamytov", "PERSON", "KGZ", ("Talant Mamytov", "Mamytov"))
IPA = Ent("CIS Inter-Parliamentary Assembly", "ORG", None, ("CIS Inter-Parliamentary Assembly",))
MUKHAMETSHIN = Ent("Farit Mukhametshin", "PERSON", "RUS", ("Фарит Мухаметшин",))


def meetings(events):
    return [e for e in events if e.type == "CONSULT"]


def test_plover_of_follows_the_cameo_table():
    assert plover_of("042") == ("CONSULT", "visit", ())
    assert plover_of("041")[1] == "phone"
    assert plover_of("0311")[0] == "AGREE"
    assert plover_of("163")[0] == "COERCE"


def test_triggers_english_and_russian_case_forms():
    en = find_triggers("Sadyr Japarov held bilateral talks and then the state visit began.", "en")
    assert [(h.span.text, h.cameo) for h in en] == [("held bilateral talks", "040"), ("state visit", "042")]
    ru = find_triggers("в ходе состоявшейся в Москве встречи и телефонного разговора", "ru")
    assert [h.type for h in ru] == ["CONSULT", "CONSULT"] and ru[1].mode == "phone"


def test_events_meeting_in_third_country_dated_relative_and_separate_multilateral_session():
    text = ("Kyrgyzstan wants closer ties with Russia.\n"
            "This was said on Tuesday in Alma-Ata by Talant Mamytov during a bilateral meeting with the head "
            "of the Federal Assembly of Russia Valentina Matvienko.\n"
            "“We will keep these issues under control,” Valentina Matvienko said during the meeting.\n"
            "Mamytov and Matvienko also took part on Tuesday in Alma-Ata in the solemn meeting of the CIS "
            "Inter-Parliamentary Assembly.")
    tuesday = PartialDate(2022, 3, 29, source="relative")
    doc = make_doc(text, "en", [MAMYTOV, MATVIENKO, ALMATY, RUSSIA, KYRGYZSTAN, IPA], published="2022-03-30",
                   dates=[("on Tuesday in Alma-Ata by", tuesday), ("on Tuesday in Alma-Ata in", tuesday)])
    events = meetings(extract_events(doc))
    assert len(events) == 2
    bilateral, multilateral = events
    assert {a.name for a in bilateral.actors} == {"Talant Mamytov", "Valentina Matvienko"}
    assert bilateral.cameo == "044" and bilateral.mode == "third-party"  # two countries meeting in Kazakhstan
    assert bilateral.place.name == "Almaty" and bilateral.place.country == "KAZ"
    assert bilateral.date.iso() == "2022-03-29" and bilateral.date_source == "relative"
    assert multilateral.mode == "multilateral" and "multilateral" in multilateral.context
    assert "CIS Inter-Parliamentary Assembly" in {a.name for a in multilateral.actors}


def test_events_talks_and_state_visit_are_two_events_dated_by_later_today():
    text = ("President of Kyrgyzstan Sadyr Japarov said this during talks with Vladimir Putin in Bishkek as part "
            "of the Russian leader’s state visit.\n"
            "Japarov noted that Putin’s visit confirms the allied ties.\n"
            "Following the talks, the signing of several documents is scheduled for later today.")
    doc = make_doc(text, "en", [JAPAROV, PUTIN, BISHKEK, RUSSIA, KYRGYZSTAN], published="2025-11-26",
                   dates=[("later today", PartialDate(2025, 11, 26, source="relative", future=True))])
    events = meetings(extract_events(doc))
    assert [(e.mode, e.cameo) for e in events] == [(None, "040"), ("visit", "042")]
    visit = events[1]
    assert [(a.name, a.role) for a in visit.actors] == [("Vladimir Putin", "source"), ("Sadyr Japarov", "target")]
    assert all(e.date.iso() == "2025-11-26" and e.date_source == "published" for e in events)
    assert all(e.place.name == "Bishkek" for e in events)


def test_events_meeting_without_a_day_is_not_dated_with_publication():
    text = ("Foreign ministers Ruslan Kazakbaev and Sergei Lavrov discussed cooperation at a meeting in Moscow.\n"
            "Today the ministries keep in touch.")
    lavrov = Ent("Sergey Lavrov", "PERSON", "RUS", ("Sergei Lavrov",))
    doc = make_doc(text, "en", [KAZAKBAEV, lavrov, MOSCOW], published="2020-10-24",
                   dates=[("Today", PartialDate(2020, 10, 24, source="relative"))])
    (event,) = meetings(extract_events(doc))
    assert event.date is None and event.place.name == "Moscow"


def test_events_russian_participants_join_the_meeting_with_open_year():
    text = ("Об этом было заявлено на состоявшейся 22\u00a0октября в Москве встрече Константина Косачева с "
            "Русланом Казакбаевым.\n"
            "Во встрече приняли участие заместитель председателя комитета Фарит Мухаметшин.\n"
            "Собеседники обменялись мнениями о сотрудничестве.")
    doc = make_doc(text, "ru", [KOSACHEV, KAZAKBAEV, MOSCOW, MUKHAMETSHIN],
                   dates=[("22\u00a0октября", PartialDate(None, 10, 22))])
    (event,) = meetings(extract_events(doc))
    assert {a.name for a in event.actors} == {"Konstantin Kosachev", "Ruslan Kazakbaev", "Farit Mukhametshin"}
    assert event.date.iso() == "--10-22" and event.place.name == "Moscow"
    assert event.trigger.text == "встрече"


def test_events_negated_and_planned_events_are_flagged_and_toned_down():
    text = ("Russia did not sign the agreement with Kyrgyzstan.\n"
            "Sadyr Japarov will visit Moscow next week for talks with Vladimir Putin.")
    doc = make_doc(text, "en", [RUSSIA, KYRGYZSTAN, JAPAROV, PUTIN, MOSCOW])
    events = extract_events(doc)
    signing = next(e for e in events if e.cameo == "057")
    assert signing.negated and signing.tone < 0
    planned = next(e for e in events if e.trigger.text == "visit")
    # a planned visit is, in CAMEO/PLOVER, an expressed intent to meet: AGREE 036, weight 4.0 as is
    assert planned.future and planned.date is None
    assert (planned.type, planned.cameo, planned.tone) == ("AGREE", "036", 4.0)


def test_events_previously_signed_treaties_are_not_events():
    text = "Ruslan Kazakbaev confirmed all previously signed treaties between Kyrgyzstan and Russia."
    doc = make_doc(text, "en", [KAZAKBAEV, KYRGYZSTAN, RUSSIA])
    assert not [e for e in extract_events(doc) if e.cameo == "057"]


def test_event_stage_ids_are_deterministic():
    text = "Sadyr Japarov met Vladimir Putin in Bishkek."
    a = EventStage().process(make_doc(text, "en", [JAPAROV, PUTIN, BISHKEK]))["events"]
    b = EventStage().process(make_doc(text, "en", [JAPAROV, PUTIN, BISHKEK]))["events"]
    assert a[0].id == b[0].id and a[0].id.startswith("ev:") and a[0].stage == "events"


def test_events_phone_call_to_discuss_is_one_event():
    text = "Sadyr Japarov telephoned Vladimir Putin on Tuesday to discuss the supply of fuel."
    events = extract_events(make_doc(text, "en", [JAPAROV, PUTIN]))
    assert [(e.type, e.mode, e.cameo) for e in events] == [("CONSULT", "phone", "041")]


def test_events_russian_visit_to_a_city_is_coded_with_visitor_and_place():
    text = "Садыр Жапаров посетил Москву 9\u00a0мая и провел переговоры с Владимиром Путиным."
    japarov = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Садыр Жапаров",))
    putin = Ent("Vladimir Putin", "PERSON", "RUS", ("Владимиром Путиным",))
    moscow = Ent("Moscow", "GPE", "RUS", ("Москву",))
    doc = make_doc(text, "ru", [japarov, putin, moscow], published="2025-05-10",
                   dates=[("9\u00a0мая", PartialDate(2025, 5, 9))])
    events = extract_events(doc)
    visit = next(e for e in events if e.mode == "visit")
    assert visit.place.name == "Moscow" and visit.date.iso() == "2025-05-09"
    assert [(a.name, a.role) for a in visit.actors][0] == ("Sadyr Japarov", "source")
    talks = next(e for e in events if e.mode is None)
    assert talks.trigger.text.startswith("провел") and talks.type == "CONSULT"


def test_events_agreed_visit_keeps_its_month_off_the_agreement_and_the_parties_act():
    text = ("Садыр Жапаров провел телефонный разговор с Владимиром Путиным. Стороны обсудили поставки газа.\n"
            "Также стороны договорились о визите Садыра Жапарова в Москву в сентябре.")
    japarov = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Садыр Жапаров", "Садыра Жапарова"))
    putin = Ent("Vladimir Putin", "PERSON", "RUS", ("Владимиром Путиным",))
    moscow = Ent("Moscow", "GPE", "RUS", ("Москву",))
    doc = make_doc(text, "ru", [japarov, putin, moscow, KYRGYZSTAN, RUSSIA], published="2023-06-15",
                   dates=[("в сентябре", PartialDate(2023, 9, source="relative", future=True))])
    call, agreement, visit = extract_events(doc)
    assert call.mode == "phone" and len(call.actors) == 2  # "the parties discussed" is that call
    assert agreement.type == "AGREE" and agreement.date is None
    assert {"Kyrgyzstan", "Russia"} <= {a.name for a in agreement.actors}
    # the visit agreed on is an announced event of its own (an intent to meet, AGREE 036), not folded away,
    # with its visitor, its destination and its month
    assert (visit.cameo, visit.future, visit.date.iso()) == ("036", True, "2023-09")
    assert [a.name for a in visit.actors] == ["Sadyr Japarov"] and visit.place.name == "Moscow"


def test_events_a_contact_of_countries_alone_is_no_event():
    text = "Также стороны договорились о визите в Москву в сентябре."
    doc = make_doc(text, "ru", [MOSCOW, KYRGYZSTAN, RUSSIA], published="2023-06-15")
    assert [e.cameo for e in extract_events(doc)] == ["030"]  # the agreement; no visit without a visitor
