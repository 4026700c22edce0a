"""When a contact happened, on sentences written for these tests (English and Russian): the dates stage's own
expressions, anchored on the publication day, read the way an analyst reads them - a date that belongs to
something the contact is placed against, a week that names no day, a year the text does not give, and a
weekday of a contact announced by the verb's own tense."""
from __future__ import annotations

import datetime as dt

from stagedocs import JAPAROV, MOSCOW, PUTIN, Ent, make_doc

from dyadwatch.stages.dates import extract_dates
from dyadwatch.stages.events import extract_events

PUTIN_RU = Ent("Vladimir Putin", "PERSON", "RUS", ("Владимир Путин", "Владимиром Путиным", "Путина", "Путин"))
MOSCOW_RU = Ent("Moscow", "GPE", "RUS", ("Москву", "Москве", "Москва"))
JAPAROV_RU = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Садыр Жапаров", "Садыром Жапаровым", "Жапаров"))


def dated(text: str, lang: str, published: str | None) -> list:
    """The contacts of ``text``, with the dates stage's real expressions anchored on ``published``."""
    anchor = dt.date.fromisoformat(published) if published else None
    ents = [PUTIN, JAPAROV, MOSCOW] if lang == "en" else [PUTIN_RU, JAPAROV_RU, MOSCOW_RU]
    doc = make_doc(text, lang, ents, published=published, date_layer=tuple(extract_dates(text, lang, anchor)))
    return [e for e in extract_events(doc) if e.type == "CONSULT" or e.cameo == "036"]


def days(events) -> list:
    return [e.date.iso() if e.date else None for e in events]


def test_relative_days_are_anchored_on_the_publication_day():
    assert days(dated("Vladimir Putin held talks with Sadyr Japarov yesterday.", "en", "2026-03-12")) == ["2026-03-11"]
    assert days(dated("Владимир Путин накануне провел переговоры с Садыром Жапаровым.", "ru", "2026-03-12")) \
        == ["2026-03-11"]
    assert days(dated("В понедельник Владимир Путин встретился с Садыром Жапаровым.", "ru", "2026-03-12")) \
        == ["2026-03-09"]


def test_a_date_of_the_gathering_a_contact_is_placed_against_is_not_its_day():
    for text, lang in (("Ahead of the summit on March 20, Vladimir Putin met Sadyr Japarov.", "en"),
                       ("Before the forum on March 3, Vladimir Putin spoke with Sadyr Japarov by phone.", "en"),
                       ("До начала саммита 3 марта Владимир Путин встретился с Садыром Жапаровым.", "ru"),
                       ("Накануне форума Владимир Путин встретился с Садыром Жапаровым.", "ru")):
        assert days(dated(text, lang, "2026-03-12")) == [None], text
    # a bare «накануне» is still the day before
    assert days(dated("Накануне Владимир Путин встретился с Садыром Жапаровым.", "ru", "2026-03-12")) == ["2026-03-11"]


def test_a_week_names_no_day_of_the_contact():
    assert days(dated("Vladimir Putin spoke with Sadyr Japarov by phone earlier this week.", "en", "2026-03-12")) \
        == [None]
    assert days(dated("На прошлой неделе Владимир Путин встретился с Садыром Жапаровым.", "ru", "2026-03-12")) \
        == [None]


def test_a_day_and_month_take_the_year_only_where_it_is_derivable():
    # before publication in its year: the publication year
    assert days(dated("Vladimir Putin met Sadyr Japarov on March 3.", "en", "2026-03-12")) == ["2026-03-03"]
    # just across New Year: the year before
    assert days(dated("Владимир Путин встретился с Садыром Жапаровым 28 декабря.", "ru", "2026-01-10")) \
        == ["2025-12-28"]
    # a reported meeting "on March 20" in an article of March 12, or one nine months back: no year to give it
    assert days(dated("Vladimir Putin met Sadyr Japarov on March 20.", "en", "2026-03-12")) == [None]
    assert days(dated("Vladimir Putin met Sadyr Japarov on June 20.", "en", "2026-03-12")) == [None]
    # the text's own year stands
    assert days(dated("Vladimir Putin met Sadyr Japarov on June 20, 2025.", "en", "2026-03-12")) == ["2025-06-20"]
    # no publication date: the day and month stay without a year
    assert days(dated("Vladimir Putin met Sadyr Japarov on March 3.", "en", None)) == ["--03-03"]


def test_a_contact_announced_by_the_verb_tense_takes_the_coming_weekday():
    (planned,) = dated("В пятницу Владимир Путин встретится с Садыром Жапаровым.", "ru", "2026-03-11")
    assert planned.future and planned.date.iso() == "2026-03-13"
    (planned,) = dated("Vladimir Putin will meet Sadyr Japarov on Friday.", "en", "2026-03-11")
    assert planned.future and planned.date.iso() == "2026-03-13"
    # the weekday of the statement that reports an invitation stays the statement's day
    text = "Vladimir Putin invited Sadyr Japarov to visit Moscow, the Kremlin said on Wednesday."
    assert all(d in (None, "2026-03-11") for d in days(dated(text, "en", "2026-03-11")))


def test_the_same_day_takes_the_day_named_just_before():
    text = ("On March 3, Sadyr Japarov arrived in Moscow on a working visit.\n"
            "The same day, Sadyr Japarov and Vladimir Putin held talks.")
    assert days(dated(text, "en", "2026-03-12")) == ["2026-03-03", "2026-03-03"]
    text = "3 марта Садыр Жапаров прибыл в Москву. В тот же день Садыр Жапаров и Владимир Путин провели переговоры."
    assert days(dated(text, "ru", "2026-03-12")) == ["2026-03-03", "2026-03-03"]
    # with no day named before, "the same day" gives none
    assert days(dated("The same day, Sadyr Japarov met Vladimir Putin.", "en", "2026-03-12")) == [None]


def test_a_later_mention_that_names_nobody_dates_the_meeting():
    assert days(dated("Vladimir Putin met Sadyr Japarov. The talks took place on Monday.", "en", "2026-03-12")) \
        == ["2026-03-09"]
    assert days(dated("Владимир Путин встретился с Садыром Жапаровым. Переговоры прошли в понедельник.", "ru",
                      "2026-03-12")) == ["2026-03-09"]
    # what followed the talks has its own day
    text = "Vladimir Putin met Sadyr Japarov. After the talks, Japarov flew home on Wednesday."
    assert days(dated(text, "en", "2026-03-12")) == [None]


def test_a_russian_visit_announced_by_the_verb_takes_its_coming_day_and_month():
    (visit,) = dated("Садыр Жапаров 20-21 марта посетит Россию с государственным визитом.", "ru", "2026-03-12")
    assert visit.future and visit.date.iso() == "2026-03-20"
    (visit,) = dated("Садыр Жапаров посетил Россию с государственным визитом 2-3 марта.", "ru", "2026-03-12")
    assert not visit.future and visit.date.iso() == "2026-03-02"


def test_a_day_is_preferred_to_a_bare_year_of_the_same_sentence():
    text = "Vladimir Putin met Sadyr Japarov in Astana on March 3, a city that hosts the CIS in 2026."
    assert days(dated(text, "en", "2026-03-12")) == ["2026-03-03"]


def test_talks_during_a_one_day_visit_take_its_day_a_longer_visit_leaves_it_open():
    during = "\n\nDuring the visit, Japarov held talks with Vladimir Putin."
    text = "Sadyr Japarov paid a working visit to Moscow on March 3." + during
    visit, talks = dated(text, "en", "2026-03-12")
    assert visit.date.iso() == talks.date.iso() == "2026-03-03" and "visit" in talks.context
    text = ("Садыр Жапаров 3 марта прибыл в Москву с рабочим визитом.\n\n"
            "В ходе визита Жапаров провел переговоры с Владимиром Путиным.")
    assert days(dated(text, "ru", "2026-03-12")) == ["2026-03-03", "2026-03-03"]
    text = "Sadyr Japarov paid a working visit to Moscow on March 3-4." + during
    assert days(dated(text, "en", "2026-03-12")) == ["2026-03-03", None]


def test_a_date_on_another_line_is_not_the_contact_s_even_where_the_sentence_runs_over():
    from dyadwatch.api import process_text

    # a dateline and a byline with no full stop: the sentence splitter joins them to the lead
    text = (" date 2026-03-10 Bishkek, Kyrgyzstan, March 10\n\nBy Asel Karimova – Agency:\n\n"
            "Sadyr Japarov met Vladimir Putin on the eve of the forum, the ministry said.\n")
    art = process_text(text)
    assert art.published[:10] == "2026-03-10"
    assert [e.date for e in art.events if e.type == "CONSULT"] == [None]
