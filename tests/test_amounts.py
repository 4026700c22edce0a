"""The amounts stage on small English and Russian texts in the shapes of the seeds."""
from __future__ import annotations

import pytest

from dyadwatch.document import CleanDocument, Doc
from dyadwatch.stages.amounts import AmountStage, parse_amount

NB = "\u00a0"


def run_amounts(text: str, language: str):
    doc = Doc(CleanDocument(id="t", text=text))
    doc.add("language", language)
    return AmountStage().process(doc)["amounts"]


@pytest.mark.parametrize("text, language, value, currency", [
    ("$ 100 million", "en", 100_000_000, "USD"),
    ("$20m", "en", 20_000_000, "USD"),
    ("5 billion rubles", "en", 5_000_000_000, "RUB"),
    ("€1.5bn", "en", 1_500_000_000, "EUR"),
    ("USD 20 million", "en", 20_000_000, "USD"),
    ("100 млн долларов", "ru", 100_000_000, "USD"),
    ("2 млрд рублей", "ru", 2_000_000_000, "RUB"),
    ("1,2 млрд сомов", "ru", 1_200_000_000, "KGS"),
    (f"15{NB}тыс. руб.", "ru", 15_000, "RUB"),
    ("$3,3 млрд", "ru", 3_300_000_000, "USD"),
    ("500 тысяч тенге", "ru", 500_000, "KZT"),
    ("5,000 yuan", "en", 5_000, "CNY"),
    ("ста миллионов рублей", "ru", 100_000_000, "RUB"),
    ("девять миллионов шведских крон", "ru", 9_000_000, "SEK"),
    ("five billion dollars", "en", 5_000_000_000, "USD"),
])
def test_parse_amount_money_forms(text, language, value, currency):
    a = parse_amount(text, language)
    assert a is not None
    assert a.value == pytest.approx(value) and a.currency == currency and a.unit is None
    assert a.span.start == 0 and a.span.end == len(text) and a.stage == "amounts"


def test_amounts_currency_from_symbol_word_and_russian_abbreviation():
    text = ("Россия выделит $ 100 млн, еще 2 млрд рублей направят на школы, а 300 млн сом. – "
            "на дороги, отметил Адылбек Касымалиев.")
    found = run_amounts(text, "ru")
    assert [(a.text, a.currency) for a in found if a.currency] == [
        ("$ 100 млн", "USD"), ("2 млрд рублей", "RUB"), ("300 млн сом.", "KGS")]
    for a in found:
        assert text[a.span.start:a.span.end] == a.text


def test_amounts_loan_in_english_article():
    text = ("«The Russian side confirmed its readiness to provide assistance in obtaining a concessional loan "
            "in the amount of $ 100 million within the EFSD,» the Foreign Ministry stressed.")
    found = run_amounts(text, "en")
    assert [(a.value, a.currency, a.text) for a in found] == [(100_000_000, "USD", "$ 100 million")]


def test_amounts_counted_quantities_english():
    text = ("He recalled that nine Russian-language schools are being built in the republic, with the first "
            "three scheduled to open. He highlighted the contribution of hundreds of thousands of "
            "Kyrgyzstanis working in Russia.")
    found = run_amounts(text, "en")
    assert [(a.value, a.unit) for a in found] == [(9, "school"), (100_000, "kyrgyzstani")]
    approx = found[1]
    assert approx.text == "hundreds of thousands of Kyrgyzstanis"
    assert approx.confidence < found[0].confidence


def test_amounts_counted_quantities_russian_case_forms():
    found = run_amounts("В республике построят три школы, а в Оше – девять новых школ для трёх тысяч детей.",
                        "ru")
    units = [(a.value, a.unit) for a in found]
    assert (3, "школа") in units and (9, "школа") in units


def test_amounts_percent_is_not_money():
    found = run_amounts("Товарооборот вырос на 12,5% и составил 3,5 процента ВВП.", "ru")
    assert [(a.value, a.unit, a.currency) for a in found] == [(12.5, "percent", None), (3.5, "percent", None)]


def test_amounts_years_and_dates_are_not_amounts():
    text = "On 22 October 2020 the ministers met; in 2021 the 2020 Cross-Year closed. 14 октября назначен."
    assert run_amounts(text, "en") == ()
    assert run_amounts("Встреча прошла 22 октября 2020 года в Москве.", "ru") == ()


def test_parse_amount_none_for_plain_words():
    assert parse_amount("We are good neighbors, we are friends.", "en") is None


def test_amounts_clock_time_before_a_headline_is_not_a_count():
    text = " date 2024-12-03 13:41\nKyrgyzstan counts on support from Russian senators in migration policy"
    assert run_amounts(text, "en") == ()


def test_amounts_russian_counts_skip_years_of_age_and_legal_references():
    text = "Он умер на 85 году жизни; дело возбуждено по статье 205 УК, в суде выступили 57 парламентариев."
    assert [(a.value, a.unit) for a in run_amounts(text, "ru")] == [(57, "парламентарий")]


@pytest.mark.parametrize("text, language, value, currency, bound", [
    ("Moscow will lend Minsk half a billion dollars for the plant.", "en", 500_000_000, "USD", None),
    ("Москва выделит полмиллиарда долларов на строительство.", "ru", 500_000_000, "USD", None),
    ("The $2.5-billion project was approved.", "en", 2_500_000_000, "USD", None),
    ("Investors pledged $2-3 billion for the corridor.", "en", 2_000_000_000, "USD", "min"),
    ("Инвесторы вложат $1–2 млрд в коридор.", "ru", 1_000_000_000, "USD", "min"),
])
def test_fractions_hyphenated_scales_and_ranges_keep_the_value_written(text, language, value, currency, bound):
    (a,) = [a for a in run_amounts(text, language) if a.currency]
    assert (a.value, a.currency, a.bound) == (value, currency, bound)
