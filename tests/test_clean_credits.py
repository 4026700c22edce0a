"""Titles, outlets and credits as real pages show them (texts written for these tests)."""
from __future__ import annotations

import pytest

from dyadwatch.clean import clean_document
from dyadwatch.document import RawDocument

BODY_EN = "The two ministers discussed labour migration and the supply of fuel.\n"
BODY_RU = "Министры обсудили трудовую миграцию и поставки топлива.\n"


def _clean(text: str, **meta: object):
    return clean_document(RawDocument(id="t", content=text, meta=meta))


# --------------------------------------------------------------------------- titles
@pytest.mark.parametrize("label", ["Регион", "Region", "Politics", "Главные новости"])
def test_a_section_label_and_no_headline_leaves_the_title_empty(label: str) -> None:
    doc = _clean(f"{label}\n\n{BODY_RU}Стороны договорились продолжить работу.\n")
    assert doc.title is None
    assert doc.text.startswith("Министры обсудили") and label not in doc.text


def test_skip_links_and_a_row_of_tags_are_not_the_headline() -> None:
    en = _clean("Skip to content\n\nMinisters of Kyrgyzstan and Russia discuss fuel\n\n" + BODY_EN)
    assert en.title == "Ministers of Kyrgyzstan and Russia discuss fuel"
    ru = _clean("Садыр Жапаров Владимир Путин Кыргызстан Россия Бишкек Москва Политика\n\n"
                "Жапаров и Путин обсудили поставки топлива\n\n" + BODY_RU)
    assert ru.title == "Жапаров и Путин обсудили поставки топлива"
    assert ru.text == BODY_RU.strip()
    # tags printed twice, some in lower case
    cloud = _clean("Садыр Жапаров Бишкек политика визит Садыр Жапаров Бишкек политика визит\n\n"
                   "Жапаров и Путин обсудили поставки топлива\n\n" + BODY_RU)
    assert cloud.title == "Жапаров и Путин обсудили поставки топлива"
    # a long first sentence whose words repeat is the body, not a tag row
    lead = ("Chairman of the Cabinet of Ministers of Kyrgyzstan met the Chairman of the Government of "
            "Kazakhstan in Ashgabat. The press service of the Cabinet reported.\n")
    body = _clean("Kyrgyz and Kazakh heads of government meet\n\n" + lead + BODY_EN)
    assert body.text.startswith("Chairman of the Cabinet")


def test_the_headline_printed_twice_with_a_dateline_between() -> None:
    doc = _clean("Ministers Agree To Expand Fuel Supplies\n\nTue 3rd Aug 2021 | 11:20 AM\n\n"
                 "Ministers agree to expand fuel supplies\n\n" + BODY_EN)
    assert doc.title == "Ministers Agree To Expand Fuel Supplies"
    assert doc.published == "2021-08-03T11:20:00"
    assert doc.text == BODY_EN.strip()


# --------------------------------------------------------------------------- outlets
@pytest.mark.parametrize("text, source, credit", [
    ("BISHKEK (Reuters) - The two ministers met on Tuesday.\n", "reuters.com", "Reuters"),
    ("ALMATY, November 2. /TASS/. The sides agreed to meet again.\n", "tass.ru", "TASS"),
    ("МОСКВА, 2 ноя — Sputnik. Стороны договорились встретиться.\n", "sputniknews.com", "Sputnik"),
    ("The ministers met in Baku, Trend reports citing TASS.\n", "trend.az", "Trend"),
    ("Министры встретились в Москве, передает ТАСС.\n", "tass.ru", "TASS"),
    ("Министры встретились в Москве. Об этом сообщает «МИР 24».\n", "mir24.tv", "MIR 24"),
    ("Москва. 5 июля. INTERFAX.RU - Президенты обсудили поставки.\n", "interfax.ru", "Interfax"),
    ("AKIpress news agency - The ministers met in Bishkek.\n", "akipress.com", "AKIpress"),
    ("MINSK, 14 September (BelTA) - The presidents met in Sochi.\n", "belta.by", "BelTA"),
    ("YEREVAN, MAY 25, ARMENPRESS. The prime minister met the president.\n", "armenpress.am", "Armenpress"),
    ("ASTANA. KAZINFORM – The presidents held talks by phone.\n", "inform.kz", "Kazinform"),
    ("АСТАНА, 25 мая. /Корр. Kazinform/ – Президенты провели переговоры.\n", "inform.kz", "Kazinform"),
    ("DUSHANBE, May 25, 2023, Asia-Plus -- The presidents met.\n", "asiaplustj.info", "Asia-Plus"),
    ("ЕРЕВАН, 25 мая — Sputnik Армения. Премьер-министр встретился с президентом.\n", "sputniknews.com", "Sputnik"),
])
def test_wire_credit_names_the_outlet_when_the_page_has_no_address(text: str, source: str, credit: str) -> None:
    doc = _clean(text)
    assert doc.source == source and doc.meta["credit"] == credit


def test_the_address_host_stays_the_source_and_the_cited_agency_is_kept() -> None:
    doc = _clean("The ministers met in Baku, Azernews reports citing TASS.\n"
                 "link: https://www.example.az/region/12345.html\n")
    assert doc.source == "example.az"
    assert doc.meta["credit"] == "Azernews" and doc.meta["credit_cites"] == "TASS"


def test_a_sentence_about_an_agency_is_no_credit() -> None:
    doc = _clean("The trend reports of the ministry were discussed at length.\n")
    assert doc.source is None and "credit" not in doc.meta


# --------------------------------------------------------------------------- bylines and photo credits
def test_a_byline_is_the_author_role_and_stays_a_paragraph_of_its_own() -> None:
    doc = _clean("Ministers of Kyrgyzstan and Russia discuss fuel\nBy Anna Petrova\n"
                 "MOSCOW (AA) – The two ministers discussed labour migration.\n")
    assert doc.meta["author"] == "Anna Petrova"
    byline = doc.meta["byline"]
    assert doc.text[byline["start"]:byline["end"]] == "By Anna Petrova"
    assert doc.meta["credit"] == "Anadolu Agency"


def test_a_byline_with_its_agency_under_a_wire_dateline() -> None:
    doc = _clean(" date 2019-02-11 Tashkent, Uzbekistan, February 11\n\nBy Ivan Sokolov – Trend:\n\n" + BODY_EN)
    assert doc.meta["author"] == "Ivan Sokolov"
    assert doc.meta["credit"] == "Trend" and doc.source == "trend.az"
    assert doc.published == "2019-02-11"


def test_an_empty_author_line_is_chrome() -> None:
    doc = _clean("Госдума одобрила соглашение с Кыргызстаном\n\nАвтор -\n312\n\n" + BODY_RU)
    assert "author" not in doc.meta and doc.text == BODY_RU.strip()


def test_photo_credits_leave_the_body_with_their_caption() -> None:
    doc = _clean("Ministers of Kyrgyzstan and Russia discuss fuel\n\n"
                 "Erlan Omurov, Minister of Energy, and Pavel Sorokin\n\n"
                 "© Steppe Photo | Erlan Omurov, Minister of Energy, and Pavel Sorokin\n\n"
                 "# 12 October 2022 18:30 (UTC +06:00)\n\n" + BODY_EN + "Фото: Иван Петров/ТАСС\n")
    assert doc.text == BODY_EN.strip()
    assert doc.meta["photo_credit"] == "Steppe Photo"
    assert doc.published == "2022-10-12T18:30:00"
    ru = _clean(BODY_RU + "Фото: Иван Петров/ТАСС\n")
    assert ru.meta["photographer"] == "Иван Петров" and ru.text == BODY_RU.strip()


def test_a_sentence_opening_with_by_is_no_byline() -> None:
    doc = _clean("Ministers of Kyrgyzstan and Russia discuss fuel\nBy Friday, Russia will deliver the fuel.\n"
                 + BODY_EN)
    assert "author" not in doc.meta and "byline" not in doc.meta


def test_an_outlets_name_above_the_headline_is_its_banner() -> None:
    doc = _clean("Информационное агентство АКИpress\nКыргызстан и Россия обсудили поставки\n\n" + BODY_RU)
    assert doc.source == "akipress.com" and doc.meta["outlet"] == "AKIpress"
    assert doc.title == "Кыргызстан и Россия обсудили поставки"


@pytest.mark.parametrize("url, source", [
    ("https://www.example.kg/news/1/", "example.kg"),
    ("https://amp.example.best/news/1/", "example.best"),
    ("https://lite.example.tv/news/1/", "example.tv"),
    ("https://m.example.ru/news/1/", "example.ru"),
    ("https://en.example.az/news/1/", "en.example.az"),    # an edition of its own
    ("https://m.kg/news/1/", "m.kg"),                      # a host that is only the prefix and a zone
])
def test_the_source_host_drops_mobile_and_amp_views(url: str, source: str) -> None:
    assert _clean(BODY_EN + f"link: {url}\n").source == source
