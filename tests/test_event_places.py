"""Where contacts happened, on short passages written for these tests in the shapes of bilateral news:
a city after "in"/"в", a visit's destination, a seat of power or residence standing for its city, "the
Kyrgyz capital" through country knowledge, talks held during a visit, a dispatch's dateline for the
statements made there, hard-wrapped lines; and where no city is stated: phone calls, a country, a
place that belongs to another happening."""
from __future__ import annotations

import pytest
from stagedocs import Ent, make_doc

from dyadwatch.records import Span
from dyadwatch.stages.events import extract_events

PUTIN = Ent("Vladimir Putin", "PERSON", "RUS", ("Vladimir Putin", "Putin", "Владимир Путин", "Владимира Путина",
                                                "Владимиром Путиным", "Путин", "Путина", "Путиным"))
JAPAROV = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Sadyr Japarov", "Japarov", "Садыр Жапаров", "Садыра Жапарова",
                                                 "Садыром Жапаровым", "Жапаров", "Жапарова", "Жапаровым"))
TOKAYEV = Ent("Kassym-Jomart Tokayev", "PERSON", "KAZ", ("Kassym-Jomart Tokayev", "Tokayev", "Касым-Жомарт Токаев",
                                                         "Касым-Жомартом Токаевым", "Токаев", "Токаевым"))
MIRZIYOYEV = Ent("Shavkat Mirziyoyev", "PERSON", "UZB", ("Shavkat Mirziyoyev", "Mirziyoyev", "Шавкат Мирзиёев",
                                                         "Шавкатом Мирзиёевым", "Мирзиёев", "Мирзиёевым"))
RAHMON = Ent("Emomali Rahmon", "PERSON", "TJK", ("Emomali Rahmon", "Rahmon", "Эмомали Рахмон", "Эмомали Рахмоном"))
KYRGYZSTAN = Ent("Kyrgyzstan", "GPE", "KGZ", ("Kyrgyzstan", "Kyrgyz", "Кыргызстан", "Киргизии", "Кыргызстана",
                                              "киргизской", "киргизскую", "кыргызской"), roles=("country",))
RUSSIA = Ent("Russia", "GPE", "RUS", ("Russia", "Russian", "России", "Россия", "российской", "российскую"),
             roles=("country",))
KAZAKHSTAN = Ent("Kazakhstan", "GPE", "KAZ", ("Kazakhstan", "Kazakh", "Казахстана", "казахстанской"),
                 roles=("country",))
UZBEKISTAN = Ent("Uzbekistan", "GPE", "UZB", ("Uzbekistan", "Uzbek", "Узбекистана", "узбекской"), roles=("country",))
TAJIKISTAN = Ent("Tajikistan", "GPE", "TJK", ("Tajikistan", "Tajik", "Таджикистана"), roles=("country",))
MOSCOW = Ent("Moscow", "GPE", "RUS", ("Moscow", "MOSCOW", "Москва", "Москве", "Москву", "МОСКВА"))
BISHKEK = Ent("Bishkek", "GPE", "KGZ", ("Bishkek", "BISHKEK", "Бишкек", "Бишкеке", "БИШКЕК"))
ASTANA = Ent("Astana", "GPE", "KAZ", ("Astana", "Астана", "Астане", "Астану"))
TASHKENT = Ent("Tashkent", "GPE", "UZB", ("Tashkent", "Ташкент", "Ташкенте"))
SOCHI = Ent("Sochi", "GPE", "RUS", ("Sochi", "Сочи"))
PETERSBURG = Ent("Saint Petersburg", "GPE", "RUS", ("St Petersburg", "Санкт-Петербурге"))
VIENNA = Ent("Vienna", "GPE", "AUT", ("Vienna", "Вене"))
OSH = Ent("Osh", "GPE", "KGZ", ("Osh", "Оше"))
KAZAN = Ent("Kazan", "GPE", "RUS", ("Kazan", "Казани"))

PEOPLE = [PUTIN, JAPAROV, TOKAYEV, MIRZIYOYEV, RAHMON]
COUNTRIES = [KYRGYZSTAN, RUSSIA, KAZAKHSTAN, UZBEKISTAN, TAJIKISTAN]
CITIES = [MOSCOW, BISHKEK, ASTANA, TASHKENT, SOCHI, PETERSBURG, VIENNA, OSH, KAZAN]


def contacts(text: str, lang: str) -> list:
    doc = make_doc(text, lang, PEOPLE + COUNTRIES + CITIES)
    if "\n" in text:  # a hard-wrapped sentence: the sentence splitter keeps it whole across its line breaks
        doc._layers["sentences"] = (Span.of(text, 0, len(text)),)
    return [e for e in extract_events(doc) if e.type == "CONSULT" or e.cameo == "036"]


def places(text: str, lang: str) -> set:
    return {e.place.name if e.place else None for e in contacts(text, lang)}


# Each passage: its language and the one place all its contacts (a meeting, a visit, a call) have.
STATED = [
    ("Vladimir Putin arrived in Moscow for talks with Sadyr Japarov.", "en", "Moscow"),
    ("Sadyr Japarov will pay a state visit to Moscow next month.", "en", "Moscow"),
    ("Kassym-Jomart Tokayev held talks with Sadyr Japarov in Bishkek on Tuesday.", "en", "Bishkek"),
    ("In Astana, Sadyr Japarov met Kassym-Jomart Tokayev.", "en", "Astana"),
    ("Sadyr Japarov and Vladimir Putin held talks in the Kremlin.", "en", "Moscow"),
    ("Vladimir Putin met Sadyr Japarov at the Kremlin on Friday.", "en", "Moscow"),
    ("Kassym-Jomart Tokayev met Sadyr Japarov at the Ak Orda residence.", "en", "Astana"),
    ("Sadyr Japarov met Vladimir Putin at the Ala-Archa state residence.", "en", "Bishkek"),
    ("Vladimir Putin met Sadyr Japarov at Novo-Ogaryovo.", "en", "Moscow"),
    ("Vladimir Putin held talks with Kassym-Jomart Tokayev at the Bocharov Ruchey residence.", "en", "Sochi"),
    ("Shavkat Mirziyoyev held talks with Sadyr Japarov at the Kuksaroy residence.", "en", "Tashkent"),
    ("On the sidelines of the SCO summit in Astana, Vladimir Putin met Shavkat Mirziyoyev.", "en", "Astana"),
    ("During his visit to Tashkent, Sadyr Japarov met Shavkat Mirziyoyev.", "en", "Tashkent"),
    ("Sadyr Japarov and Vladimir Putin held talks in the Russian capital.", "en", "Moscow"),
    ("Vladimir Putin arrived in the Kyrgyz capital on a state visit.", "en", "Bishkek"),
    ("Shavkat Mirziyoyev met Emomali Rahmon in the capital of Tajikistan.", "en", "Dushanbe"),
    ("Kassym-Jomart Tokayev held talks with Sadyr Japarov in Uzbekistan's capital.", "en", "Tashkent"),
    ("Sadyr Japarov met Kassym-Jomart Tokayev in the city of Osh.", "en", "Osh"),
    ("Vladimir Putin held negotiations with Kyrgyzstan's President Sadyr Japarov in\nBishkek.", "en", "Bishkek"),
    ("Vladimir Putin held negotiations with Sadyr Japarov in\n\nBishkek.", "en", "Bishkek"),
    ("Sadyr Japarov will visit the Kazakh capital in May.", "en", "Astana"),
    ("Sadyr Japarov met Vladimir Putin in St Petersburg.", "en", "Saint Petersburg"),
    ("Sadyr Japarov flew to Moscow on a working visit.", "en", "Moscow"),
    ("Vladimir Putin came to Bishkek for talks with Sadyr Japarov.", "en", "Bishkek"),
    ("Sadyr Japarov, who flew to Moscow on Monday, met Kassym-Jomart Tokayev in Astana.", "en", "Astana"),
    ("Vladimir Putin arrived at Manas International Airport on a state visit.", "en", "Bishkek"),
    ("Sadyr Japarov held talks with Vladimir Putin in Russia's Kazan.", "en", "Kazan"),
    ("Владимир Путин провел переговоры с Садыром Жапаровым в Кремле.", "ru", "Moscow"),
    ("Садыр Жапаров прибыл с государственным визитом в Москву.", "ru", "Moscow"),
    ("Касым-Жомарт Токаев встретился с Садыром Жапаровым в Бишкеке.", "ru", "Bishkek"),
    ("В Астане Садыр Жапаров провел переговоры с Касым-Жомартом Токаевым.", "ru", "Astana"),
    ("Владимир Путин встретился с Садыром Жапаровым в резиденции «Бочаров Ручей».", "ru", "Sochi"),
    ("Садыр Жапаров провел переговоры с Владимиром Путиным в государственной резиденции «Ала-Арча».", "ru", "Bishkek"),
    ("Касым-Жомарт Токаев встретился с Садыром Жапаровым в Акорде.", "ru", "Astana"),
    ("Владимир Путин провел переговоры с Садыром Жапаровым в Ново-Огарёве.", "ru", "Moscow"),
    ("Шавкат Мирзиёев встретился с Садыром Жапаровым в резиденции «Кук-Сарай».", "ru", "Tashkent"),
    ("На полях саммита ШОС в Астане Владимир Путин встретился с Шавкатом Мирзиёевым.", "ru", "Astana"),
    ("В ходе визита в Ташкент Садыр Жапаров провел переговоры с Шавкатом Мирзиёевым.", "ru", "Tashkent"),
    ("Садыр Жапаров и Владимир Путин провели переговоры в российской столице.", "ru", "Moscow"),
    ("Владимир Путин прибыл в киргизскую столицу с государственным визитом.", "ru", "Bishkek"),
    ("Шавкат Мирзиёев провел переговоры с Эмомали Рахмоном в столице Таджикистана.", "ru", "Dushanbe"),
    ("Касым-Жомарт Токаев встретился с Садыром Жапаровым в узбекской столице.", "ru", "Tashkent"),
    ("Садыр Жапаров встретился с Касым-Жомартом Токаевым в городе Оше.", "ru", "Osh"),
    ("Владимир Путин провел переговоры с Садыром Жапаровым в\nБишкеке.", "ru", "Bishkek"),
    ("Садыр Жапаров посетил Москву с официальным визитом.", "ru", "Moscow"),
    ("Переговоры Садыра Жапарова и Владимира Путина прошли в Санкт-Петербурге.", "ru", "Saint Petersburg"),
    ("Садыр Жапаров встретился с Касым-Жомартом Токаевым в столице Казахстана.", "ru", "Astana"),
    ("Садыр Жапаров провел переговоры с Владимиром Путиным в российской Казани.", "ru", "Kazan"),
    ("Владимир Путин встретился с Садыром Жапаровым в Северной столице.", "ru", "Saint Petersburg"),
]


@pytest.mark.parametrize("text,lang,place", STATED)
def test_a_stated_city_a_venue_or_a_capital_is_where_the_contact_was(text, lang, place):
    assert contacts(text, lang), text
    assert places(text, lang) == {place}, text


# No city stated for the contact: a call, a country, a region, a city that belongs to another happening.
UNPLACED = [
    ("Vladimir Putin spoke by phone with Sadyr Japarov.", "en"),
    ("Ahead of the CIS summit in St Petersburg, Vladimir Putin had a phone conversation with Sadyr Japarov.", "en"),
    ("Vladimir Putin, who is in Sochi, held a telephone conversation with Sadyr Japarov.", "en"),
    ("Sadyr Japarov met Vladimir Putin in Russia.", "en"),
    ("Sadyr Japarov met Kassym-Jomart Tokayev in the capital.", "en"),
    ("Sadyr Japarov met Vladimir Putin and invited him to the forum, which will be held in Vienna in June.", "en"),
    ("Sadyr Japarov met Vladimir Putin, who will fly to Astana next week.", "en"),
    ("Kremlin spokesman Dmitry Peskov said Vladimir Putin and Sadyr Japarov held talks.", "en"),
    ("Владимир Путин провел телефонный разговор с Садыром Жапаровым.", "ru"),
    ("До начала саммита СНГ в Санкт-Петербурге Владимир Путин переговорил с Садыром Жапаровым по телефону.", "ru"),
    ("Садыр Жапаров встретился с Владимиром Путиным в России.", "ru"),
    ("Vladimir Putin held talks with Sadyr Japarov in the Kremlin via video link.", "en"),
    ("Владимир Путин в Кремле провел переговоры с Садыром Жапаровым по видеосвязи.", "ru"),
    ("В Кремле рассказали о встрече Владимира Путина и Садыра Жапарова.", "ru"),
    ("В Москве заявили, что Владимир Путин провел переговоры с Садыром Жапаровым.", "ru"),
    ("Садыр Жапаров встретился с Владимиром Путиным и пригласил его на форум, который пройдет в Вене.", "ru"),
]


@pytest.mark.parametrize("text,lang", UNPLACED)
def test_no_city_is_stated_for_the_contact(text, lang):
    assert contacts(text, lang), text
    assert places(text, lang) == {None}, text


def test_russian_capital_money_is_no_place():
    text = "Sadyr Japarov met Vladimir Putin and discussed the inflow of Russian capital."
    assert places(text, "en") == {None}


@pytest.mark.parametrize("text,lang", [
    ("BISHKEK, March 5 - Sputnik. Sadyr Japarov said Kyrgyzstan welcomed the plan of Russia.\n"
     "Sadyr Japarov spoke by phone with Vladimir Putin.", "en"),
    ("БИШКЕК, 5 мар — Sputnik. Садыр Жапаров заявил, что Кыргызстан приветствовал план России.\n"
     "Садыр Жапаров провел телефонный разговор с Владимиром Путиным.", "ru"),
    ("Bishkek, March 5 /Kabar/. Sadyr Japarov said Kyrgyzstan welcomed the plan of Russia.\n"
     "Sadyr Japarov spoke by phone with Vladimir Putin.", "en"),
    ("BISHKEK. KABAR - Sadyr Japarov said Kyrgyzstan welcomed the plan of Russia.\n"
     "Sadyr Japarov spoke by phone with Vladimir Putin.", "en"),
    ("Бишкек, 5 марта. Садыр Жапаров заявил, что Кыргызстан приветствовал план России.\n"
     "Садыр Жапаров провел телефонный разговор с Владимиром Путиным.", "ru"),
])
def test_a_dateline_places_the_statements_made_there_not_the_call(text, lang):
    events = extract_events(make_doc(text, lang, PEOPLE + COUNTRIES + CITIES))
    said = [e for e in events if e.type not in ("CONSULT",) and e.cameo != "036"]
    assert said and all(e.place and e.place.name == "Bishkek" for e in said)
    assert all(e.place is None for e in events if e.type == "CONSULT")


def test_a_venue_the_model_found_as_a_place_of_its_own_is_its_city():
    venue = Ent("Novo-Ogaryovo", "GPE", None, ("Novo-Ogaryovo",))
    text = "Sadyr Japarov held talks with Vladimir Putin at Novo-Ogaryovo."
    events = [e for e in extract_events(make_doc(text, "en", [JAPAROV, PUTIN, venue])) if e.type == "CONSULT"]
    assert events and {(e.place.name, e.place.country) for e in events} == {("Moscow", "RUS")}


def test_a_city_opening_a_line_is_no_dateline_without_a_date():
    text = ("Bishkek, the capital, hosted a fair. Sadyr Japarov said Kyrgyzstan welcomed the plan of Russia.\n"
            "Sadyr Japarov spoke by phone with Vladimir Putin.")
    events = extract_events(make_doc(text, "en", PEOPLE + COUNTRIES + CITIES))
    assert events and all(e.place is None for e in events)


def test_a_later_contact_in_a_relative_clause_keeps_its_city_the_held_one_has_none():
    text = "Sadyr Japarov met Vladimir Putin, who will hold talks with Kassym-Jomart Tokayev in Astana next week."
    held, planned = sorted(contacts(text, "en"), key=lambda e: e.future)
    assert not held.future and held.place is None
    assert planned.future and planned.place.name == "Astana"


def test_a_city_known_from_a_venue_carries_the_gazetteers_id_as_the_city_named_in_text_does():
    """Linking compares places by entity id: Bishkek from a residence must be the same place as Bishkek named."""
    from dyadwatch.stages.events.placing import known_city

    venue = known_city("Bishkek", "KGZ")
    assert venue.entity and venue.entity.startswith("Q")
    assert known_city("Bishkek", None).entity == venue.entity
    assert known_city("Nowhereville", "KGZ").entity is None  # not in the gazetteer: a name, no invented id
