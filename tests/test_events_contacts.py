"""One contact, one dated event per article, on sentences written for these tests (English and Russian): a
mention that dates the contact in its own "took place" sentence, the frame of an announced visit, talks about a
coming summit, contacts a speaker recalls as "we"/"your visit", and the cue words of the sentence before.
Also the codes of appeals and demands, the sentence cut after a byline, and a title-case dateline with a year."""
from __future__ import annotations

import datetime as dt

from stagedocs import JAPAROV, MOSCOW, PUTIN, RUSSIA, Ent, make_doc

from dyadwatch.records import Actor, Quote, Span
from dyadwatch.stages.dates import extract_dates
from dyadwatch.stages.events import extract_events

BISHKEK = Ent("Bishkek", "GPE", "KGZ", ("Bishkek", "Бишкек", "Бишкеке"))
ASHGABAT = Ent("Ashgabat", "GPE", "TKM", ("Ashgabat",))
MINSK = Ent("Minsk", "GPE", "BLR", ("Minsk", "Минске"))
KULUBAEV = Ent("Jeenbek Kulubaev", "PERSON", "KGZ", ("Jeenbek Kulubaev", "Kulubaev", "Жээнбек Кулубаев", "Кулубаева",
                                                     "Кулубаев"))
OVERCHUK = Ent("Alexei Overchuk", "PERSON", "RUS", ("Alexei Overchuk", "Overchuk", "Алексеем Оверчуком"))
KASYMALIEV = Ent("Adylbek Kasymaliev", "PERSON", "KGZ", ("Adylbek Kasymaliev", "Kasymaliev"))
MISHUSTIN = Ent("Mikhail Mishustin", "PERSON", "RUS", ("Mikhail Mishustin", "Mishustin"))
PUTIN_RU = Ent("Vladimir Putin", "PERSON", "RUS", ("Владимир Путин", "Владимиром Путиным", "Путина", "Путин"))
JAPAROV_RU = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Садыр Жапаров", "Садыром Жапаровым", "Жапаровым", "Жапаров"))
LAVROV_RU = Ent("Sergey Lavrov", "PERSON", "RUS", ("Сергеем Лавровым", "Лавровым"))
EN = [PUTIN, JAPAROV, MOSCOW, BISHKEK, RUSSIA, KULUBAEV, OVERCHUK, KASYMALIEV, MISHUSTIN, ASHGABAT, MINSK]
RU = [PUTIN_RU, JAPAROV_RU, LAVROV_RU, KULUBAEV, BISHKEK, MINSK, Ent("Moscow", "GPE", "RUS", ("Москву", "Москве"))]


def doc_of(text: str, lang: str, published: str | None, quotes: tuple = ()):
    anchor = dt.date.fromisoformat(published) if published else None
    doc = make_doc(text, lang, EN if lang == "en" else RU, published=published,
                   date_layer=tuple(extract_dates(text, lang, anchor)))
    doc.add("quotes", quotes)
    return doc


def contacts(text: str, lang: str, published: str | None = "2025-06-12", quotes: tuple = ()):
    return [e for e in extract_events(doc_of(text, lang, published, quotes)) if e.type == "CONSULT" or e.cameo == "036"]


def day(e) -> str | None:
    return e.date.iso() if e.date else None


def names(e) -> set[str]:
    return {a.name for a in e.actors}


# ---------------------------------------------------------------- the mention that dates its contact
def test_a_took_place_sentence_dates_the_call_reported_before():
    text = ("Sadyr Japarov held a phone call with Vladimir Putin, the press service said.\n\n"
            "The conversation took place on Monday.")
    (call,) = contacts(text, "en")
    assert call.mode == "phone" and day(call) == "2025-06-09"
    text = ("Садыр Жапаров провел телефонный разговор с Владимиром Путиным, сообщает пресс-служба.\n\n"
            "Разговор состоялся ранее в понедельник.")
    (call,) = contacts(text, "ru")
    assert call.mode == "phone" and day(call) == "2025-06-09"


def test_talks_told_again_as_a_call_are_that_call_and_its_further_topics_too():
    text = ("Vladimir Putin and Sadyr Japarov discussed the border, the Kremlin said. "
            "The conversation took place on Thursday by phone. Putin and Japarov also discussed energy.")
    (call,) = contacts(text, "en", "2025-07-04")
    assert call.mode == "phone" and day(call) == "2025-07-03" and names(call) == {"Vladimir Putin", "Sadyr Japarov"}


def test_a_meeting_dated_as_part_of_a_visit_gives_the_visit_its_city():
    text = ("Adylbek Kasymaliev met with Mikhail Mishustin in Moscow. "
            "The meeting took place on February 3 as part of Kasymaliev's working visit to Russia.")
    meeting, visit = contacts(text, "en", "2025-02-04")
    assert meeting.mode is None and day(meeting) == "2025-02-03" and meeting.place.name == "Moscow"
    assert visit.mode == "visit" and day(visit) == "2025-02-03" and visit.place.name == "Moscow"


def test_a_date_past_a_comma_in_another_clause_is_not_the_meeting_s():
    text = "Adylbek Kasymaliev met with Mikhail Mishustin. At the meeting, Kasymaliev said that on Friday he flew in."
    assert [day(e) for e in contacts(text, "en", "2025-02-04")] == [None]


def test_meetings_held_in_different_cities_stay_two():
    text = ("Jeenbek Kulubaev met Alexei Overchuk in Ashgabat. "
            "On June 3 Kulubaev and Overchuk held talks in Bishkek.")
    first, second = contacts(text, "en")
    assert first.place.name == "Ashgabat" and day(first) is None
    assert second.place.name == "Bishkek" and day(second) == "2025-06-03"


# ---------------------------------------------------------------- announced visits and what happens during them
def test_during_the_announced_visit_is_that_visit_and_its_talks_take_the_host_city():
    text = ("Jeenbek Kulubaev will pay an official visit to Moscow on March 12-13. "
            "During the visit, Kulubaev will hold talks with Alexei Overchuk.")
    visit, talks = contacts(text, "en", "2025-03-05")
    assert visit.future and day(visit) == "2025-03-12" and visit.place.name == "Moscow"
    assert talks.future and names(talks) == {"Jeenbek Kulubaev", "Alexei Overchuk"} and talks.place.name == "Moscow"
    assert "visit" in talks.context and day(talks) is None  # a two-day visit: the day of the talks is open


def test_a_russian_visit_verb_in_the_future_and_the_city_it_takes():
    text = ("Жээнбек Кулубаев 12–13 марта посетит Москву с официальным визитом. "
            "В ходе визита запланированы переговоры Кулубаева с Сергеем Лавровым.")
    visit, talks = contacts(text, "ru", "2025-03-05")
    assert visit.future and day(visit) == "2025-03-12" and visit.place.name == "Moscow"
    assert talks.future and talks.place.name == "Moscow" and names(talks) == {"Jeenbek Kulubaev", "Sergey Lavrov"}


# ---------------------------------------------------------------- a gathering that is only the topic of talks
def test_talks_about_a_coming_summit_are_no_summit_event_and_do_not_take_its_day():
    text = ("Vladimir Putin held a phone call with Sadyr Japarov on Thursday. Putin and Japarov also discussed "
            "preparations for the upcoming summit, which will be held in Minsk on June 26-27.")
    (call,) = contacts(text, "en", "2025-06-13")
    assert call.mode == "phone" and day(call) == "2025-06-12" and not call.future
    text = ("Владимир Путин в четверг провел телефонный разговор с Садыром Жапаровым. Владимир Путин и Садыр Жапаров "
            "также обсудили подготовку к саммиту, который пройдет в Минске 26–27 июня.")
    (call,) = contacts(text, "ru", "2025-06-13")
    assert call.mode == "phone" and day(call) == "2025-06-12" and not call.future


# ---------------------------------------------------------------- cue words stay in their sentence
def test_a_scheduling_word_of_the_sentence_before_does_not_make_a_meeting_planned_or_multilateral():
    text = "The ministers discussed the upcoming summit. Kulubaev also met with Alexei Overchuk in Moscow."
    (meeting,) = [e for e in contacts(text, "en") if "Alexei Overchuk" in names(e)]
    assert meeting.type == "CONSULT" and not meeting.future and meeting.mode is None
    assert "multilateral" not in meeting.context


# ---------------------------------------------------------------- contacts recalled in a quotation
def _quote(text: str, speaker: str, entity: str, country: str) -> Quote:
    start, end = text.index("«"), text.index("»") + 1
    return Quote(text[start + 1:end - 1], start, end, Actor(speaker, entity, country, "source"), stage="test")


def test_we_held_talks_during_your_visit_are_the_speaker_and_the_counterpart():
    text = ("Jeenbek Kulubaev met Alexei Overchuk in Ashgabat.\n\n"
            "«On May 20, as part of your working visit to Bishkek, we held detailed negotiations, and on June 3 "
            "the commission met again,» Kulubaev said.")
    quote = _quote(text, "Jeenbek Kulubaev", "e5", "KGZ")
    found = contacts(text, "en", "2025-06-12", (quote,))
    ashgabat = found[0]
    assert ashgabat.place.name == "Ashgabat" and day(ashgabat) is None
    recalled = found[1:]
    visit = next(e for e in recalled if e.mode == "visit")
    talks = next(e for e in recalled if e.mode != "visit")
    assert [a.name for a in visit.actors][0] == "Alexei Overchuk" and day(visit) == "2025-05-20"
    assert visit.place.name == "Bishkek"
    assert names(talks) == {"Jeenbek Kulubaev", "Alexei Overchuk"} and day(talks) == "2025-05-20"
    # with no speaker known, nobody is guessed
    assert len(contacts(text, "en", "2025-06-12")) == 1
    # talks recalled with no day of their own are the talks reported around the quotation
    text = "Jeenbek Kulubaev met Alexei Overchuk in Ashgabat on Monday.\n\n«We held very useful talks,» Kulubaev said."
    (talks,) = contacts(text, "en", "2025-06-12", (_quote(text, "Jeenbek Kulubaev", "e5", "KGZ"),))
    assert day(talks) == "2025-06-09" and talks.place.name == "Ashgabat"


# ---------------------------------------------------------------- appeals and demands
def test_a_request_is_an_appeal_a_demand_is_a_demand():
    def codes(text: str, lang: str) -> list[str]:
        return [e.cameo for e in extract_events(doc_of(text, lang, "2025-06-12")) if e.type == "REQUEST"]

    assert codes("Sadyr Japarov asked Vladimir Putin to extend the migration amnesty.", "en") == ["020"]
    assert codes("Садыр Жапаров попросил Владимира Путина продлить миграционную амнистию.", "ru") == ["020"]
    assert codes("Vladimir Putin demanded that Sadyr Japarov release the detained.", "en") == ["100"]
    assert codes("Владимир Путин потребовал от Садыра Жапарова освободить задержанных.", "ru") == ["100"]
    assert codes("Садыр Жапаров обратил внимание на поставки топлива.", "ru") == []
    appeal = next(e for e in extract_events(doc_of("Sadyr Japarov asked Vladimir Putin for help.", "en", None))
                  if e.type == "REQUEST")
    assert appeal.tone > 0  # an appeal is cooperative on the Goldstein scale, a demand is not


# ---------------------------------------------------------------- sentences and datelines
def test_a_byline_before_a_blank_line_is_its_own_sentence_a_wrapped_sentence_is_not_cut():
    from dyadwatch.stages.tokens import split_at_blank_lines

    text = "By Aida Asanova\n\nSadyr Japarov met Vladimir Putin in\n\nMoscow on Tuesday."
    whole = (Span.of(text, 0, len(text)),)
    assert [s.text for s in split_at_blank_lines(text, whole)] == [
        "By Aida Asanova", "Sadyr Japarov met Vladimir Putin in\n\nMoscow on Tuesday."]
    text = "BISHKEK, March 3 (Reuters) -\n\nSadyr Japarov met Vladimir Putin."
    assert len(split_at_blank_lines(text, (Span.of(text, 0, len(text)),))) == 2


def test_a_title_case_city_and_a_full_date_open_a_dateline():
    from dyadwatch.clean import clean_document
    from dyadwatch.document import RawDocument

    def published(text: str) -> str | None:
        return clean_document(RawDocument(id="t", content=text, meta={})).published

    assert published("Бишкек, 5 марта 2025 года /Кабар/. Министры обсудили поставки топлива.\n")[:10] == "2025-03-05"
    assert published("Osh, 14 April 2024 (Agency) - The ministers discussed fuel supplies.\n")[:10] == "2024-04-14"
    assert published("Yesterday, 4 March 2025, the ministers discussed fuel supplies.\n") is None
    assert published("BISHKEK (Agency) - March 5, 2025 - The ministers discussed fuel supplies.\n")[:10] == "2025-03-05"


# ---------------------------------------------------------------- sides the sentence leaves to the one before
def test_talks_after_a_visit_naming_one_side_take_the_visitor_as_the_other():
    text = ("Sadyr Japarov arrived in Moscow on Thursday for the parade. "
            "On Friday, he held a brief meeting with Vladimir Putin at the Kremlin.")
    visit, meeting = contacts(text, "en", "2025-05-09")
    assert names(meeting) == {"Sadyr Japarov", "Vladimir Putin"} and day(meeting) == "2025-05-09"
    assert [a.name for a in meeting.actors][0] == "Sadyr Japarov" and meeting.place.name == "Moscow"
    text = "Садыр Жапаров с 12 по 13 апреля посетит Москву. Переговоры с Владимиром Путиным запланированы на 12 апреля."
    visit, talks = contacts(text, "ru", "2025-04-10")
    assert day(visit) == "2025-04-12" and talks.future and day(talks) == "2025-04-12"
    assert names(talks) == {"Sadyr Japarov", "Vladimir Putin"} and talks.place.name == "Moscow"
    # a second person of the visitor's own country is not talks with the visitor
    text = "Sadyr Japarov arrived in Moscow on Thursday. On Friday, he met Jeenbek Kulubaev."
    assert len(contacts(text, "en", "2025-05-09")) == 1


# ---------------------------------------------------------------- background mentions
def test_an_attack_named_as_the_cause_of_condolences_is_no_attack_by_the_people_of_the_sentence():
    text = "Sadyr Japarov sent condolences to Vladimir Putin after the terrorist attack in the Moscow region."
    assert [e for e in extract_events(doc_of(text, "en", "2024-03-25")) if e.type == "ASSAULT"] == []
    text = "Садыр Жапаров выразил соболезнования Владимиру Путину после теракта в Подмосковье."
    assert [e for e in extract_events(doc_of(text, "ru", "2024-03-25")) if e.type == "ASSAULT"] == []


def test_a_summit_whose_sidelines_frame_a_meeting_is_no_event_of_its_own():
    text = "Vladimir Putin met Sadyr Japarov on the sidelines of the Shanghai Cooperation Organisation summit in Minsk."
    (meeting,) = contacts(text, "en")
    assert meeting.mode == "third-party" and meeting.place.name == "Minsk"  # two sides met in a third country


def test_people_and_places_after_they_discussed_are_topics_not_the_meeting_s():
    text = ("Jeenbek Kulubaev met Alexei Overchuk on Tuesday. They discussed the programme of Sadyr Japarov's "
            "coming visit and a business forum in Bishkek.")
    meeting, visit = contacts(text, "en", "2025-06-12")
    assert names(meeting) == {"Jeenbek Kulubaev", "Alexei Overchuk"} and meeting.place is None
    assert visit.future and names(visit) == {"Sadyr Japarov"}  # the visit talked about: an announced one
    text = ("Жээнбек Кулубаев встретился с Алексеем Оверчуком. Они обсудили программу визита Садыра Жапарова "
            "и проведение форума в Бишкеке.")
    ents = RU + [Ent("Alexei Overchuk", "PERSON", "RUS", ("Алексеем Оверчуком",)),
                 Ent("Sadyr Japarov", "PERSON", "KGZ", ("Садыра Жапарова",))]
    doc = make_doc(text, "ru", ents, published="2025-06-12",
                   date_layer=tuple(extract_dates(text, "ru", dt.date(2025, 6, 12))))
    doc.add("quotes", ())
    found = [e for e in extract_events(doc) if e.type == "CONSULT"]
    (meeting,) = [e for e in found if e.mode is None]
    assert {a.name for a in meeting.actors} == {"Jeenbek Kulubaev", "Alexei Overchuk"} and meeting.place is None
    assert not [e for e in found if e.mode == "multilateral"]  # «проведение форума» is talked about, not held


def test_talks_on_the_sidelines_of_a_summit_stay_two_sided():
    text = "Во вторник Садыр Жапаров и Владимир Путин провели переговоры в Минске на полях саммита СНГ."
    (talks,) = contacts(text, "ru", "2025-10-08")
    assert "multilateral" not in talks.context and day(talks) == "2025-10-07" and talks.place.name == "Minsk"


def test_talks_to_come_during_a_visit_under_way_take_the_visitor_not_the_venue():
    kremlin = Ent("Kremlin", "ORG", "RUS", ("Кремле",))
    text = ("Садыр Жапаров накануне прибыл в Москву с рабочим визитом. "
            "Сегодня в Кремле состоятся его переговоры с Владимиром Путиным.")
    doc = make_doc(text, "ru", RU + [kremlin], published="2025-06-20",
                   date_layer=tuple(extract_dates(text, "ru", dt.date(2025, 6, 20))))
    doc.add("quotes", ())
    visit, talks = [e for e in extract_events(doc) if e.type == "CONSULT" or e.cameo == "036"]
    assert day(visit) == "2025-06-19" and talks.future and day(talks) == "2025-06-20"
    assert [a.name for a in talks.actors] == ["Sadyr Japarov", "Vladimir Putin"] and talks.place.name == "Moscow"


def test_a_contact_noun_opening_its_sentence_takes_the_tense_of_its_predicate():
    text = "Жээнбек Кулубаев завтра прибудет в Москву. Переговоры Кулубаева с Сергеем Лавровым пройдут в Москве."
    visit, talks = contacts(text, "ru", "2025-06-12")
    assert visit.future and day(visit) == "2025-06-13" and visit.place.name == "Moscow"
    assert talks.future and names(talks) == {"Jeenbek Kulubaev", "Sergey Lavrov"}
    text = "Talks between Jeenbek Kulubaev and Alexei Overchuk will take place in Moscow on Friday."
    (talks,) = contacts(text, "en", "2025-06-11")
    assert talks.future and day(talks) == "2025-06-13"
    # a predicate in the past keeps it held
    (talks,) = contacts("Переговоры Кулубаева с Сергеем Лавровым прошли в Москве.", "ru", "2025-06-12")
    assert not talks.future


def test_a_day_and_place_after_a_background_act_are_that_act_s():
    kgz, tjk = Ent("Kyrgyzstan", "GPE", "KGZ", ("Kyrgyzstan",), roles=("country",)), \
        Ent("Tajikistan", "GPE", "TJK", ("Tajikistan",), roles=("country",))
    batken = Ent("Batken", "GPE", "KGZ", ("Batken",))
    text = "Kyrgyzstan and Tajikistan held talks on the border after the armed clashes in Batken in 2022."
    doc = make_doc(text, "en", [kgz, tjk, batken], published="2025-03-10",
                   date_layer=tuple(extract_dates(text, "en", dt.date(2025, 3, 10))))
    doc.add("quotes", ())
    (talks,) = [e for e in extract_events(doc) if e.type == "CONSULT"]
    assert talks.date is None and talks.place is None


def test_people_named_by_what_was_done_to_them_are_no_act_an_arrest_keeps_its_agent():
    kgz = Ent("Kyrgyzstan", "GPE", "KGZ", ("Kyrgyzstan", "Kyrgyz"), roles=("country",))
    rus = Ent("Russia", "GPE", "RUS", ("Russia", "Russian"), roles=("country",))

    def coercive(text: str) -> list:
        doc = make_doc(text, "en", [kgz, rus, MOSCOW], published="2025-03-10",
                       date_layer=tuple(extract_dates(text, "en", dt.date(2025, 3, 10))))
        doc.add("quotes", ())
        return [e for e in extract_events(doc) if e.type == "COERCE"]

    assert coercive("The Kyrgyz embassy asked Moscow to release the detained citizens.") == []
    (arrest,) = coercive("Russian police detained a Kyrgyz citizen in Moscow on Sunday.")
    assert [a.name for a in arrest.actors][0] == "Russia" and arrest.date.iso() == "2025-03-09"


def test_a_planned_visit_does_not_take_the_day_of_the_statement_or_the_dateline():
    text = ("MOSCOW, June 9 (Agency) - Vladimir Putin held a phone call with Sadyr Japarov and invited him to visit "
            "Russia, the Kremlin said on Monday.")
    call, visit = contacts(text, "en", "2025-06-09")
    assert call.mode == "phone" and day(call) == "2025-06-09"
    assert visit.future and day(visit) is None


def test_a_previous_meeting_named_after_the_reported_one_does_not_date_it():
    text = "Vladimir Putin met Sadyr Japarov in Moscow. Their previous meeting took place on March 3."
    (meeting,) = contacts(text, "en", "2025-06-12")
    assert day(meeting) is None and meeting.place.name == "Moscow"
    text = "Владимир Путин встретился с Садыром Жапаровым. Их прошлая встреча состоялась 3 марта."
    (meeting,) = contacts(text, "ru", "2025-06-12")
    assert day(meeting) is None
