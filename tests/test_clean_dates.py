"""Publication dates as real pages show them: datelines, wire datelines, dates in the address.

Every text here is written for these tests, in the shapes scraped pages take.
"""
from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.clean import clean_document
from dyadwatch.clean.dates import date_rules, read_dateline, read_wire_dateline, url_date
from dyadwatch.document import RawDocument

BODY_EN = "The two ministers discussed labour migration and the supply of fuel.\n"
BODY_RU = "Министры обсудили трудовую миграцию и поставки топлива.\n"


def _clean(text: str, **meta: object):
    return clean_document(RawDocument(id="t", content=text, meta=meta))


# --------------------------------------------------------------------------- dateline shapes
@pytest.mark.parametrize("line, expected", [
    # site words glued to the date, time last («НовостиЭкономика14 апреля 2021 9:15»)
    ("НовостиЭкономика14 апреля 2021 9:15", "2021-04-14T09:15:00"),
    ("ПолитикаОбщество3 мар. 2020", "2020-03-03"),
    # weekday, ordinal day, bar, 12-hour time
    ("Tue 3rd Aug 2021 | 11:20 AM", "2021-08-03T11:20:00"),
    ("Wed 4th Aug 2021 | 02:05 PM", "2021-08-04T14:05:00"),
    # time first, numeric date with slashes on a Russian page
    ("09:45 15/04/2021", "2021-04-15T09:45:00"),
    ("10:05, 3 марта 2023", "2023-03-03T10:05:00"),
    # dd.mm.yyyy hh:mm
    ("14.04.2021 09:15", "2021-04-14T09:15:00"),
    # markdown heading or bullet marks, a time zone
    ("# 12 October 2022 18:30 (UTC +06:00)", "2022-10-12T18:30:00"),
    ("• 14 апреля 2021", "2021-04-14"),
    ("- 7 May 2022, 08:00 GMT+3", "2022-05-07T08:00:00"),
    # a section name and a byline around the date
    ("Politics | April 14, 2021 | By Anna Smith", "2021-04-14"),
    ("Регион, 22 ноября 2019 г., 16:40", "2019-11-22T16:40:00"),
    ("Updated: Sept 9, 2020 7:12 p.m.", "2020-09-09T19:12:00"),
    ("Опубликовано: 01.02.2024 в 12:30", "2024-02-01T12:30:00"),
    # a blog's post line
    ("Posted on March 12, 2019 by admin", "2019-03-12"),
    ("15:20 12.03.2019 (обновлено: 16:40 12.03.2019)", "2019-03-12T15:20:00"),
    ("May 25, 2023 3:20 PM GMT+3 Updated 2 years ago", "2023-05-25T15:20:00"),
    ("12-Mar-2019 15:20", "2019-03-12T15:20:00"),
    ("2019/03/12 15:20", "2019-03-12T15:20:00"),
    ("March 12th, 2019", "2019-03-12"),
    ("Бишкек, 12 марта 2019 г. в 15:20", "2019-03-12T15:20:00"),
])
def test_dateline_shapes(line: str, expected: str) -> None:
    found = read_dateline(line, date_rules())
    assert found is not None and found.iso() == expected


@pytest.mark.parametrize("line", [
    "The ministers met on 12 March 2023 in Bishkek to discuss the border.",   # a sentence with a date
    "Putin and Japarov will meet in Moscow on 9 May 2023",                    # a headline with a date
    "Сегодня: 6 декабря 2026",                                                # the page's "today"
    "Today is Sunday, December 6, 2026",
    "Retrieved 3 May 2021",
    "05/06/2017",                                                             # May 6 or 5 June: no guess
])
def test_lines_that_are_not_the_articles_dateline(line: str) -> None:
    assert read_dateline(line, date_rules()) is None


@pytest.mark.parametrize("line, month, day", [
    ("ANKARA, June 3 (Reuters) - Turkey's foreign minister said", 6, 3),
    ("ТАШКЕНТ, 14 фев — РИА Новости. Президенты провели переговоры", 2, 14),
    ("ALMATY, November 2. /TASS/. The sides agreed", 11, 2),
    ("(MENAFN- Some Agency) DUSHANBE, Tajikistan, April 30. The share of", 4, 30),
    ("Tashkent, Uzbekistan, January 9", 1, 9),
    ("Москва. 5 июля. INTERFAX.RU - Президенты обсудили поставки", 7, 5),
])
def test_wire_datelines_have_a_day_and_month(line: str, month: int, day: int) -> None:
    wire = read_wire_dateline(line, date_rules())
    assert wire is not None and (wire.month, wire.day) == (month, day)


def test_a_full_date_where_the_wire_dateline_stands_is_the_date() -> None:
    doc = _clean("DUSHANBE, May 25, 2023, Asia-Plus -- The presidents of Tajikistan and Russia met.\n")
    assert doc.published == "2023-05-25" and doc.meta["published_from"] == "text-dateline"


def test_a_sentence_with_a_day_and_month_is_no_wire_dateline() -> None:
    assert read_wire_dateline("Sadyr Japarov will visit Moscow on May 9 for the parade.", date_rules()) is None
    assert read_wire_dateline("В Москве 9 мая прошёл парад.", date_rules()) is None


# --------------------------------------------------------------------------- addresses
@pytest.mark.parametrize("url, expected", [
    ("https://news.example.kg/2021/04/14/ministers-meet/", date(2021, 4, 14)),
    ("https://example.ru/2019/11/22/081", date(2019, 11, 22)),
    ("https://example.com/politics/2020/3/5/story", date(2020, 3, 5)),
    ("https://ru.example.kg/amp/20211114/ministry-1051234567.html", date(2021, 11, 14)),
    ("https://www.example.com/world/asia/ministers-agree-on-fuel-2022-10-12/", date(2022, 10, 12)),
    ("https://example.ru/amp/politics/22/11/2019/abcdef0123", date(2019, 11, 22)),
    ("https://example.ru/amp/politics/05/06/2019/abcdef0123", None),     # day and month both <= 12
    ("https://example.kg/news/1051234567/", None),                      # an id, not a date
    ("https://example.news/2023/10/news/summit", None),                 # a year and month only
    ("https://example.kg/english/203344_Ministers_meet/", None),
    ("https://example.uz/news/25-05-2023-presidents-meet", date(2023, 5, 25)),
    ("https://example.uz/news/05-06-2023-presidents-meet", None),
])
def test_url_dates(url: str, expected: date | None) -> None:
    assert url_date(url, date_rules()) == expected


# --------------------------------------------------------------------------- whole pages
def test_glued_site_words_dateline_above_the_headline_with_weather_widget() -> None:
    doc = _clean("Кыргызстан\n+3°\nКурсы валют\nСегодня:\nНовостиЭкономика14 апреля 2021 9:15\n\n"
                 "Кыргызстан и Россия обсудили поставки топлива\n\n" + BODY_RU)
    assert doc.published == "2021-04-14T09:15:00"
    assert doc.title == "Кыргызстан и Россия обсудили поставки топлива"
    assert doc.text == BODY_RU.strip()
    assert doc.meta["published_from"] == "dateline-above-title"


def test_bulleted_date_and_time_lines_under_the_headline() -> None:
    doc = _clean("Ministers of Kyrgyzstan and Russia discuss fuel\n• 14 April 2021\n• 09:15\n\n" + BODY_EN)
    assert doc.published.startswith("2021-04-14")
    assert doc.text == BODY_EN.strip()


def test_wire_dateline_takes_its_year_from_the_address() -> None:
    doc = _clean("ANKARA, June 3 (Reuters) - Turkey's foreign minister met his Azerbaijani counterpart.\n"
                 "They discussed transport.\nlink: https://www.example.com/world/2021/06/ministers-meet/\n")
    assert doc.published == "2021-06-03"
    assert doc.meta["published_from"] == "wire+url"
    assert doc.source == "example.com" and doc.meta["credit"] == "Reuters"


def test_wire_dateline_whose_month_the_address_contradicts_gives_no_date() -> None:
    doc = _clean("ANKARA, June 3 (Reuters) - Turkey's foreign minister met his counterpart.\n"
                 "link: https://www.example.com/world/2021/07/ministers-meet/\n")
    assert doc.published is None


def test_wire_dateline_alone_gives_no_date() -> None:
    doc = _clean("ТАШКЕНТ, 14 фев — Sputnik. Президенты Узбекистана и России провели переговоры.\n")
    assert doc.published is None
    assert doc.source == "sputniknews.com" and doc.meta["source_from"] == "credit"


def test_full_date_in_the_address_when_the_page_shows_none() -> None:
    doc = _clean("Госдума одобрила соглашение с Кыргызстаном\n" + BODY_RU
                 + "link: https://example.ru/2018/01/19/gosduma-odobrila/\n")
    assert doc.published == "2018-01-19" and doc.meta["published_from"] == "url"


def test_an_event_date_in_the_body_is_never_the_publication_date() -> None:
    doc = _clean("Министры встретились 12 марта 2021 года в Бишкеке и обсудили миграцию.\n"
                 "Следующая встреча пройдёт 5 апреля 2021 года.\n")
    assert doc.published is None


def test_the_articles_dateline_wins_over_the_scrapers_header_and_the_choice_is_recorded() -> None:
    doc = _clean(" date 2021-04-16\nMinisters of Kyrgyzstan and Russia discuss fuel\n14 April 2021, 09:15\n\n"
                 + BODY_EN)
    assert doc.published == "2021-04-14T09:15:00"
    assert doc.meta["published_from"] == "dateline"
    assert doc.meta["published_candidates"] == {"dateline": "2021-04-14T09:15:00", "header": "2021-04-16"}


def test_a_date_above_the_headline_yields_to_the_address() -> None:
    # site headers print today's date above the headline; the address is the article's
    doc = _clean("Sunday, 6 December 2026\nMinisters of Kyrgyzstan and Russia discuss fuel\n\n" + BODY_EN
                 + "link: https://example.kg/2021/04/14/ministers/\n")
    assert doc.published == "2021-04-14"


def test_scraper_header_followed_by_a_dateline_keeps_the_time() -> None:
    doc = _clean(" date 2023-05-08 8 May 2023 21:10 (UTC+04:00)\n\n" + BODY_EN)
    assert doc.published == "2023-05-08T21:10:00"
    assert doc.text == BODY_EN.strip()


def test_scraper_header_followed_by_the_site_name() -> None:
    doc = _clean(" date 2021-05-10 SteppeWire.com\nMinisters of Kyrgyzstan and Russia discuss fuel\n\n" + BODY_EN)
    assert doc.published == "2021-05-10"
    assert doc.title == "Ministers of Kyrgyzstan and Russia discuss fuel"
    assert doc.source == "steppewire.com"
    assert doc.text == BODY_EN.strip()


def test_related_headlines_with_dates_in_the_tail_are_not_the_date() -> None:
    doc = _clean("Ministers of Kyrgyzstan and Russia discuss fuel\n\n" + BODY_EN
                 + "Related news\n12 March 2019 Japarov meets Mishustin in Moscow\n"
                   "3 April 2019 Trade grows by ten percent\n")
    assert doc.published is None
    assert "Japarov meets" not in doc.text


def test_a_short_sentence_with_a_date_under_the_headline_stays_in_the_body() -> None:
    doc = _clean("Министры Кыргызстана и России обсудили поставки\nВстреча состоялась 12 марта 2021 года.\n"
                 + BODY_RU)
    assert doc.published is None
    assert doc.text.startswith("Встреча состоялась 12 марта 2021 года.")


def test_a_site_headers_weekday_date_above_the_headline_is_not_the_articles() -> None:
    doc = _clean("Sunday, 6 December 2026\nMinisters of Kyrgyzstan and Russia discuss fuel\n\n" + BODY_EN)
    assert doc.published is None and doc.title == "Ministers of Kyrgyzstan and Russia discuss fuel"
    assert doc.text == BODY_EN.strip()


def test_a_long_menu_above_the_headline_and_its_dateline() -> None:
    menu = "\n".join(["Главная", "Новости", "Политика", "Экономика", "Общество", "Спорт", "Культура", "Видео"])
    doc = _clean(menu + "\nКыргызстан и Россия обсудили поставки топлива\n12 марта 2019, 15:20\n\n" + BODY_RU)
    assert doc.published == "2019-03-12T15:20:00"
    assert doc.title == "Кыргызстан и Россия обсудили поставки топлива" and doc.text == BODY_RU.strip()


def test_a_labelled_date_line_at_the_end_of_the_article() -> None:
    doc = _clean("Кыргызстан и Россия обсудили поставки топлива\n\n" + BODY_RU
                 + "Дата публикации: 12.03.2019 15:20\nПоделиться\n")
    assert doc.published == "2019-03-12T15:20:00" and doc.meta["published_from"] == "footer"
    assert doc.text == BODY_RU.strip()
    # an unlabelled date at the end is a related headline's, not the article's
    other = _clean("Кыргызстан и Россия обсудили поставки топлива\n\n" + BODY_RU + "12.03.2019 15:20\n")
    assert other.published is None
