"""Cleaning: every quirk of the scraped seeds, on fixture texts written for these tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.clean import CleanError, clean_document, normalize_published, normalize_text
from dyadwatch.document import RawDocument
from dyadwatch.settings import Settings

NB = "\u00a0"


def _clean(text: str, settings: Settings | None = None, **meta: object) -> object:
    return clean_document(RawDocument(id="t", content=text, meta=meta), settings)


def test_clean_date_header_with_time_and_title() -> None:
    doc = _clean(f" date 2025-06-17 09:05\nKyrgyzstan and Russia to{NB}build a{NB}new border checkpoint\n\n"
                 f"The governments of{NB}Kyrgyzstan and Russia agreed on{NB}Monday to{NB}build a{NB}checkpoint.\n\n"
                 f"Construction will start in{NB}2026.\n")
    assert doc.published == "2025-06-17T09:05:00"
    assert doc.title == "Kyrgyzstan and Russia to build a new border checkpoint"
    assert doc.text == ("The governments of Kyrgyzstan and Russia agreed on Monday to build a checkpoint.\n\n"
                        "Construction will start in 2026.")
    assert doc.removed == ("date 2025-06-17 09:05",)


def test_clean_date_header_without_time_glued_to_body_has_no_title() -> None:
    doc = _clean(" date 2021-04-02 Foreign ministers of Kyrgyzstan and Russia met in Moscow. The ministry "
                 "reported.\n\nThe parties discussed labour migration.\n")
    assert doc.published == "2021-04-02"
    assert doc.title is None
    assert doc.text.startswith("Foreign ministers of Kyrgyzstan and Russia met in Moscow.")
    assert "date" not in doc.text


def test_clean_known_banner_title_and_russian_view_counter() -> None:
    doc = _clean("Opening Asia for Russia\n\nKyrgyz speaker visits Saint Petersburg\n\n14.05.2023 1 204 просмотра\n\n"
                 "The speaker of the Jogorku Kenesh arrived in Saint Petersburg on Sunday.\n")
    assert doc.title == "Kyrgyz speaker visits Saint Petersburg"
    assert doc.published == "2023-05-14"
    assert doc.views == 1204
    assert doc.source == "bigasia.ru" and doc.meta["outlet"] == "Большая Азия"
    assert doc.text == "The speaker of the Jogorku Kenesh arrived in Saint Petersburg on Sunday."
    assert "Opening Asia for Russia" in doc.removed and "14.05.2023 1 204 просмотра" in doc.removed


def test_clean_unknown_banner_before_title_and_date_line_becomes_source() -> None:
    doc = _clean("Central Asia Monitor\nRussia and Kyrgyzstan discuss energy\n02.02.2024 310 просмотров\n"
                 "The energy ministers met in Moscow on Thursday.\n")
    assert doc.title == "Russia and Kyrgyzstan discuss energy"
    assert doc.source == "Central Asia Monitor"
    assert doc.text == "The energy ministers met in Moscow on Thursday."


def test_clean_link_and_views_footer_become_fields() -> None:
    doc = _clean(f"Putin thanks Bishkek for{NB}support of{NB}Russian language\n\n"
                 "Vladimir Putin praised the new Russian-language schools.\n"
                 "link: https://www.24.kg/english/400123/\nviews: 2 015\n")
    assert doc.url == "https://www.24.kg/english/400123/"
    assert doc.source == "24.kg"
    assert doc.views == 2015
    assert doc.text == "Vladimir Putin praised the new Russian-language schools."
    assert doc.removed[-2:] == ("link: https://www.24.kg/english/400123/", "views: 2 015")


def test_clean_russian_site_chrome_and_footer_marker_removed() -> None:
    doc = _clean("Opening Asia for Russia\n\nКиргизия и Россия обсудили квоты\n\n11.11.2021 45 просмотров\n\n"
                 "Стороны обсудили квоты на обучение студентов.\n\n"
                 "«Мы готовы увеличить число бюджетных мест», – отметила Валентина Матвиенко.\n\n"
                 "Новости партнёров\n\nРоссийские вузы открыли приём\n\n"
                 "Подпишитесь на рассылки Большой Азии\n\nПодпишитесь и не пропускайте эксклюзивные новости\n")
    assert doc.text.endswith("– отметила Валентина Матвиенко.")
    for chrome in ("Новости партнёров", "Российские вузы открыли приём", "Подпишитесь"):
        assert chrome not in doc.text
    assert "Новости партнёров" in doc.removed


def test_clean_no_title_no_date_single_newline_paragraphs() -> None:
    text = ("Кыргызстан и Россия подтвердили курс на стратегическое партнёрство. Об этом заявили на встрече в Москве.\n"
            "В переговорах участвовал Руслана Казакбаев.\n"
            "\"Мы ценим поддержку\", - заключил министр.\n")
    doc = _clean(text)
    assert doc.published is None and doc.title is None and doc.url is None
    assert [p.text for p in doc.paragraphs] == [line for line in text.splitlines()]
    for p in doc.paragraphs:
        assert doc.text[p.start:p.end] == p.text


def test_clean_soft_wrapped_lines_are_joined() -> None:
    doc = _clean("The delegation discussed the supply of\nfuel and lubricants for the\nsowing season.\n"
                 "Next year the talks continue in Bishkek.\n")
    assert [p.text for p in doc.paragraphs] == [
        "The delegation discussed the supply of fuel and lubricants for the sowing season.",
        "Next year the talks continue in Bishkek."]


def test_clean_normalizes_characters_conservatively() -> None:
    raw = ("Title\r\n\r\nPresident\u200b Japarov said:\u00a0\u00a0«Russia\u2009is our ally».\r\n"
           "He added: “We value ''fraternal'' ties.”  Soft\u00adhyphen gone; Russia’s role stays.\r\n")
    doc = _clean(raw)
    assert doc.text == ("President Japarov said: «Russia is our ally».\n\n"
                        "He added: “We value \"fraternal\" ties.” Softhyphen gone; Russia’s role stays.")
    assert normalize_text("a\u2028b") == "a\nb"


def test_clean_metadata_from_reader_wins_and_duplicate_title_line_is_dropped() -> None:
    doc = _clean("Lavrov meets Kulubaev\n\nThe ministers met in Moscow.\n", title="Lavrov meets Kulubaev",
                 published="2025-03-04T10:00:00+03:00", url="https://kabar.kg/eng/news/x/")
    assert doc.title == "Lavrov meets Kulubaev"
    assert doc.text == "The ministers met in Moscow."
    assert doc.published == "2025-03-04T10:00:00"
    assert doc.source == "kabar.kg"


def test_clean_long_article_is_cut_and_recorded() -> None:
    paras = [f"Paragraph {i} about trade between Kyrgyzstan and Russia." for i in range(50)]
    doc = _clean("\n\n".join(paras), Settings(max_article_chars=500))
    assert len(doc.text) <= 500
    assert doc.text.endswith("Russia.")  # cut at a paragraph end
    assert doc.meta["truncated"]["original_chars"] > 500
    assert doc.paragraphs[-1].end <= len(doc.text)


def test_clean_chrome_only_raises_clean_error() -> None:
    with pytest.raises(CleanError):
        _clean(" date 2024-01-01\nПодпишитесь на наш Telegram-канал\nlink: https://24.kg/x/\n")


def test_clean_user_knowledge_extends_chrome(tmp_path: Path) -> None:
    folder = tmp_path / "my_knowledge" / "cleaning"
    folder.mkdir(parents=True)
    (folder / "chrome.yaml").write_text("languages:\n  en:\n    exact:\n      - Brought to you by Steppe Wire\n",
                                        encoding="utf-8")
    text = "Trade grew by 10 percent in 2024.\nBrought to you by Steppe Wire\n"
    assert "Steppe Wire" in _clean(text).text
    settings = Settings(knowledge_paths=(str(tmp_path / "my_knowledge"),))
    assert _clean(text, settings).text == "Trade grew by 10 percent in 2024."


@pytest.mark.parametrize("value, expected", [
    ("2024-12-03 13:41", "2024-12-03T13:41:00"),
    ("2020-10-24", "2020-10-24"),
    ("30.03.2022", "2022-03-30"),
    ("30.03.2022, 14:05", "2022-03-30T14:05:00"),
    ("Tue, 14 Oct 2025 18:30:00 +0600", "2025-10-14T18:30:00"),
    ("2025-09-01T08:15:00Z", "2025-09-01T08:15:00"),
    ("3 марта 2025", "2025-03-03"),
    ("2024-13-45", None),
    ("yesterday", None),
    ("", None),
])
def test_clean_normalize_published(value: str, expected: str | None) -> None:
    assert normalize_published(value) == expected


def test_clean_any_text_gives_consistent_spans_or_clean_error() -> None:
    from hypothesis import given, settings as hsettings, strategies as st

    pieces = st.sampled_from([" date 2024-12-03 13:41", "Opening Asia for Russia", "30.03.2022 89 просмотров",
                              "Новости партнёров", "link: https://24.kg/english/1/", "views: 158", "",
                              "Kyrgyzstan and Russia", f"Переговоры{NB}в Москве прошли вчера.", "\u200b",
                              "«Мы друзья», – отметил он.", "''quoted''", "of the\r", "  \t  "])

    @hsettings(max_examples=200, deadline=None)
    @given(st.lists(pieces, max_size=12))
    def check(lines: list[str]) -> None:
        try:
            doc = _clean("\n".join(lines))
        except CleanError:
            return
        assert doc.text and doc.text == doc.text.strip()
        assert "\u00a0" not in doc.text and "\r" not in doc.text and "\u200b" not in doc.text
        for span in doc.paragraphs:
            assert doc.text[span.start:span.end] == span.text and "\n" not in span.text
        assert "\n\n".join(p.text for p in doc.paragraphs) == doc.text

    check()


def test_clean_written_out_date_lines_and_hyphenated_wrap() -> None:
    en = _clean("Japarov receives Russian delegation\nMarch 30, 2022, 14:05\n\nThe Russian-\n"
                "language schools programme was discussed.\n")
    assert en.published == "2022-03-30T14:05:00"
    assert en.text == "The Russian-language schools programme was discussed."
    ru = _clean("Делегация Госдумы прибыла в Бишкек\n30 марта 2022 г.\n\nДепутаты обсудили миграцию.\n")
    assert ru.published == "2022-03-30" and ru.text == "Депутаты обсудили миграцию."


def test_clean_long_run_of_header_lines_keeps_the_body() -> None:
    head = "\n".join(["Поделиться"] * 9)
    doc = _clean(f"{head}\nКыргызстан и Россия обсудили поставки зерна.\nСтороны договорились продолжить работу.\n")
    assert doc.text.startswith("Кыргызстан и Россия обсудили поставки зерна.")


def test_clean_text_field_holding_a_page_is_extracted() -> None:
    page = ("<!DOCTYPE html><html><head><title>Overchuk in Bishkek</title></head><body><article>"
            + "<p>Alexei Overchuk arrived in Bishkek for talks on the intergovernmental commission.</p>" * 3
            + "</article></body></html>")
    doc = _clean(page)
    assert "<p>" not in doc.text and doc.text.startswith("Alexei Overchuk arrived in Bishkek")
    assert doc.title == "Overchuk in Bishkek"
    assert _clean("<3 Bishkek: a short note about a festival.").text == "<3 Bishkek: a short note about a festival."
