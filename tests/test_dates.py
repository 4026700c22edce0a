"""The dates stage on small English and Russian texts in the shapes of the seeds."""
from __future__ import annotations

import datetime as dt

import pytest

from dyadwatch.document import CleanDocument, Doc
from dyadwatch.pipeline import Pipeline
from dyadwatch.stages.dates import DateStage, parse_date_expression

NB = "\u00a0"


def run_dates(text: str, language: str, published: str | None):
    doc = Doc(CleanDocument(id="t", text=text, published=published))
    doc.add("language", language)
    return DateStage().process(doc)["dates"]


def by_text(dates, text):
    hits = [d for d in dates if d.text == text]
    assert hits, f"{text!r} not found among {[d.text for d in dates]}"
    return hits[0]


def test_dates_relative_weekday_resolves_to_previous_tuesday():
    text = ("Kyrgyzstan expects closer cooperation with Russia. This was stated on Tuesday in Alma-Ata "
            "by the Speaker of the Parliament Talent Mamytov.")
    dates = run_dates(text, "en", "2022-03-30")  # a Wednesday
    tue = by_text(dates, "Tuesday")
    assert tue.iso() == "2022-03-29"
    assert tue.source == "relative" and tue.anchor == "2022-03-30"
    assert text[tue.span.start:tue.span.end] == "Tuesday"
    assert tue.stage == "dates" and 0 < tue.confidence < 1 and not tue.future


def test_dates_vchera_with_anchor():
    text = f"Вчера в{NB}Бишкеке прошли переговоры, – сообщила пресс-служба МИД КР."
    dates = run_dates(text, "ru", "2020-10-24")
    assert [d.iso() for d in dates] == ["2020-10-23"]
    assert dates[0].text == "Вчера" and dates[0].source == "relative"


def test_dates_future_deadline_is_flagged():
    text = ("He recalled that nine Russian-language schools are being built, with the first three "
            "scheduled to open on September 1, 2027.")
    dates = run_dates(text, "en", "2025-11-26")
    d = by_text(dates, "September 1, 2027")
    assert d.iso() == "2027-09-01" and d.future and d.source == "text"


def test_dates_future_weekday_after_will_visit_goes_forward():
    dates = run_dates("The Russian minister will visit Bishkek on Friday.", "en", "2022-03-30")
    assert by_text(dates, "Friday").iso() == "2022-04-01"
    assert by_text(dates, "Friday").future


def test_dates_ranges_english_and_russian():
    en = run_dates(f"The forum will be held November{NB}25–27 in Sochi.", "en", "2024-06-01")
    assert (en[0].iso(), en[0].end_iso()) == ("2024-11-25", "2024-11-27")
    ru = run_dates("Форум пройдёт с 25 по 27 ноября 2024 года в Сочи.", "ru", "2024-06-01")
    assert ru[0].text == "с 25 по 27 ноября 2024 года"
    assert (ru[0].iso(), ru[0].end_iso()) == ("2024-11-25", "2024-11-27")


def test_dates_month_day_without_anchor_keeps_open_year():
    text = ("Об этом было заявлено в ходе состоявшейся 22 октября в Москве встречи Константина Косачева "
            "с министром после назначения на эту должность 14 октября.")
    dates = run_dates(text, "ru", None)
    assert [(d.year, d.month, d.day) for d in dates] == [(None, 10, 22), (None, 10, 14)]
    assert dates[0].iso() == "--10-22" and dates[0].anchor is None


def test_dates_month_day_with_anchor_takes_the_year_before_when_later_in_the_calendar():
    dates = run_dates("Встреча состоялась 22 октября в Москве.", "ru", "2021-03-02")
    assert dates[0].iso() == "2020-10-22"  # reported events prefer the past


def test_dates_we_and_may_are_not_dates():
    text = ("«We, of course, perceive the Kyrgyz Republic as a very close partner. We may discuss it "
            "later,» Konstantin Kosachev said.")
    assert run_dates(text, "en", "2024-12-03") == ()


def test_dates_russian_month_year_and_year_in_context():
    dates = run_dates("Соглашение подписали в марте 2023 года, а в 2021 году начали переговоры.", "ru",
                      "2024-01-10")
    assert [d.iso() for d in dates] == ["2023-03", "2021"]
    assert dates[0].text == "в марте 2023 года"


@pytest.mark.parametrize("phrase, language, expected", [
    ("three days ago", "en", "2022-03-27"),
    ("last week", "en", "2022-03-21"),
    ("earlier this month", "en", "2022-03"),
    ("next year", "en", "2023"),
    ("в следующем году", "ru", "2023"),
    ("сегодня", "ru", "2022-03-30"),
    ("yesterday", "en", "2022-03-29"),
    ("два месяца назад", "ru", "2022-01"),
    ("30.03.2022", "ru", "2022-03-30"),
    ("this weekend", "en", "2022-03-26"),
])
def test_parse_date_expression_relative_and_absolute(phrase, language, expected):
    pd = parse_date_expression(f"It happened {phrase}." if language == "en" else f"Это было {phrase}.",
                               language, dt.date(2022, 3, 30))
    assert pd is not None and pd.iso() == expected


def test_parse_date_expression_last_week_is_a_monday_to_sunday_range():
    pd = parse_date_expression("last week", "en", dt.date(2017, 7, 21))
    assert (pd.iso(), pd.end_iso()) == ("2017-07-10", "2017-07-16")


def test_dates_two_years_joined_by_and_stay_two_dates():
    dates = run_dates("He was held in 1997 and 1998 , officials said.", "en", "2015-05-07")
    assert [d.iso() for d in dates] == ["1997", "1998"]


def test_parse_date_expression_relative_without_anchor_has_no_value():
    pd = parse_date_expression("вчера", "ru", None)
    assert pd is not None and pd.source == "relative" and pd.iso() is None


def test_dates_amount_years_are_not_dates_but_cross_year_is():
    dates = run_dates("Trade reached 2000 rubles per head within the announced 2020 Cross-Year.", "en",
                      "2020-10-24")
    assert [d.iso() for d in dates] == ["2020"]


def test_dates_stage_runs_in_pipeline_after_language():
    from dyadwatch.stages.language import LanguageStage

    pipe = Pipeline([LanguageStage(), DateStage()])
    doc = pipe.run(CleanDocument(id="x", text="Президент посетит Москву в следующий вторник, сообщили в "
                                             "пресс-службе.", published="2025-11-26"))
    assert [d.iso() for d in doc["dates"]] == ["2025-12-02"]


def test_dates_spans_of_millennia_ago_are_not_calendar_dates():
    """'5000 лет назад' anchored on 2024 would be year -2976: no date, and the article is not lost."""
    import datetime as dt

    from dyadwatch.stages.dates import extract_dates

    text = "Бананы были повторно окультурены в Африке уже 5000 лет назад, а 3 года назад — нет."
    found = extract_dates(text, "ru", dt.date(2024, 5, 2))
    assert all(d.year is None or d.year >= 1 for d in found)
    assert any(d.year == 2021 for d in found)
    assert extract_dates("It happened 3,000,000 days ago.", "en", dt.date(2024, 5, 2)) is not None


def test_dates_relative_days_past_the_calendar_edges_are_dropped():
    """A scrape's placeholder date (0001-01-01, 9999-12-31) as anchor: "on Sunday" or "tomorrow"
    would fall outside what datetime holds. They are no date; the article's other dates stay."""
    text = "The delegation arrived on Sunday; talks go on tomorrow, and the loan of 12 March 2024 stands."
    first = run_dates(text, "en", "0001-01-01")  # a Monday: the Sunday before is in year 0
    assert [d.iso() for d in first] == ["0001-01-02", "2024-03-12"]
    last = run_dates("Вчера делегация прибыла в Бишкек, а завтра начнутся переговоры.", "ru", "9999-12-31")
    assert [d.iso() for d in last] == ["9999-12-30"]


def test_dates_earlier_on_a_weekday_is_that_weekday_of_the_publication_week():
    en = run_dates("Earlier on Monday, the two ministers spoke by phone.", "en", "2024-05-22")  # a Wednesday
    assert [d.iso() for d in en] == ["2024-05-20"]
    ru = run_dates("Ранее в понедельник министры провели переговоры.", "ru", "2024-05-22")
    assert [d.iso() for d in ru] == ["2024-05-20"]


def test_dates_a_range_and_a_deadline_year_keep_their_own_values():
    dates = run_dates("The forum on April 18-19 set a goal of doubling trade by 2030.", "en", "2024-05-22")
    assert by_text(dates, "April 18-19").iso() == "2024-04-18"  # a range is dated by its first day
    assert [d.iso() for d in dates if d.text.endswith("2030")] == ["2030"]
