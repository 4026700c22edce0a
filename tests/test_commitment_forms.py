"""Commitment forms, exclusions, polarity, amounts and deadlines on sentences written for these tests.

The amounts layer is the real amounts parser (no model needed), the entities and dates are added by
hand (stagedocs), so each test pins one rule of the commitments stage.
"""
from __future__ import annotations

import pytest
from stagedocs import Ent, make_doc

from dyadwatch.records import PartialDate
from dyadwatch.stages.amounts import find_amounts
from dyadwatch.stages.commitments import extract_commitments

RUS = Ent("Russia", "GPE", "RUS", ("Russia", "России", "Россия", "Москва", "Moscow"), roles=("country",))
TJK = Ent("Tajikistan", "GPE", "TJK", ("Tajikistan", "Таджикистану", "Таджикистаном", "Таджикистана", "Таджикистан",
                                         "Душанбе"),
          roles=("country",))
KAZ = Ent("Kazakhstan", "GPE", "KAZ", ("Kazakhstan", "Казахстан"), roles=("country",))
UZB = Ent("Uzbekistan", "GPE", "UZB", ("Uzbekistan", "Узбекистаном", "Узбекистан"), roles=("country",))
ENTS = [RUS, TJK, KAZ, UZB]


def commitments(text, lang="en", published="2025-03-02", dates=()):
    amounts = [(a.text, a) for a in find_amounts(text, lang) if a.currency or a.unit == "percent"]
    return extract_commitments(make_doc(text, lang, ENTS, published=published, dates=dates, amounts=amounts))


# ----------------------------------------------------------------------------- forms and amounts
def test_loan_pledge_keeps_a_decimal_amount_whole():
    (c,) = commitments("Russia will provide Tajikistan with a $1.2 billion loan for the new power line.")
    assert c.amount.value == 1_200_000_000 and c.amount.currency == "USD" and c.amount.text == "$1.2 billion"
    assert c.kind == "loan" and c.actor.name == "Russia" and not c.negated


def test_russian_allocation_without_a_modality_cue():
    (c,) = commitments("Правительство России выделит Таджикистану 34 млрд рублей на строительство школ.", "ru")
    assert c.amount.value == 34e9 and c.amount.currency == "RUB" and c.kind == "allocation"


def test_russian_grant_with_the_dollar_sign_before_millions():
    (c,) = commitments("Москва предоставит Душанбе грант в размере $500 млн на закупку зерна.", "ru")
    assert c.amount.value == 500e6 and c.amount.currency == "USD" and c.kind == "grant"


def test_past_write_off_reported_as_news_is_a_commitment():
    (c,) = commitments("В прошлом месяце Россия списала долг Таджикистана в размере 1,5 млрд долларов.", "ru")
    assert c.amount.value == 1.5e9 and c.kind == "write_off"


def test_more_than_keeps_its_bound():
    from dyadwatch.stages.amounts.bounds import with_bound

    text = "Russian companies will invest more than $1 billion in a copper plant in Kazakhstan."
    (a,) = [with_bound(text, a, "en") for a in find_amounts(text, "en")]
    assert a.bound == "min" and a.value == 1e9 and a.text == "$1 billion"
    (c,) = commitments(text)
    assert c.kind == "investment" and c.amount.value == 1e9


def test_target_with_a_year_deadline():
    text = "The two governments intend to bring bilateral trade to $10 billion by 2030."
    (c,) = commitments(text, dates=[("2030", PartialDate(2030, future=True))])
    assert c.kind == "target" and c.amount.value == 1e10 and c.deadline.iso() == "2030"


def test_russian_target_from_to_keeps_the_starting_figure():
    (c,) = commitments("Поставлена цель — увеличить долю электромобилей в Узбекистане с 5 до 20 процентов.", "ru")
    assert c.kind == "target" and c.amount.text == "с 5 до 20 процентов" and c.amount.value == 20


def test_trade_that_increased_is_a_statistic_not_a_target():
    assert commitments("Trade between Russia and Tajikistan increased to $4.2 billion last year.") == []


def test_same_amount_in_two_sentences_is_one_commitment():
    text = ("Russia will lend Tajikistan $300 million for the railway. Deputy minister said the $300 million "
            "loan will be disbursed in two tranches.")
    assert len(commitments(text)) == 1


# ----------------------------------------------------------------------------- deadlines
def test_deadline_with_a_full_date():
    text = "Kazakhstan pledged to complete the new border crossing by September 1, 2027."
    (c,) = commitments(text, dates=[("September 1, 2027", PartialDate(2027, 9, 1))])
    assert c.deadline.iso() == "2027-09-01"


def test_russian_deadline_without_a_year_takes_the_publication_year():
    text = "Узбекистан обязуется сдать новый мост до 30 декабря."
    (c,) = commitments(text, "ru", published="2025-03-02", dates=[("30 декабря", PartialDate(None, 12, 30))])
    assert c.deadline.iso() == "2025-12-30"


def test_deadline_day_already_past_at_publication_is_next_year():
    text = "Узбекистан обязуется сдать новый мост до 10 января."
    (c,) = commitments(text, "ru", published="2025-11-20", dates=[("10 января", PartialDate(None, 1, 10))])
    assert c.deadline.iso() == "2026-01-10"


def test_no_year_and_no_publication_date_is_no_deadline():
    text = "Узбекистан обязуется сдать новый мост до 30 декабря."
    (c,) = commitments(text, "ru", published=None, dates=[("30 декабря", PartialDate(None, 12, 30))])
    assert c.deadline is None


# ----------------------------------------------------------------------------- polarity
def test_negative_pledge_keeps_its_polarity():
    (c,) = commitments("Tajikistan will not host a foreign military base on its territory, the president said.")
    assert c.negated and c.actor.name == "Tajikistan" and c.what.startswith("not host a foreign military base")


def test_russian_negative_pledge():
    (c,) = commitments("Казахстан не будет размещать на своей территории иностранные военные базы.", "ru")
    assert c.negated and c.actor.name == "Kazakhstan" and c.what.startswith("не размещать")


def test_positive_pledge_is_not_negated():
    (c,) = commitments("Kazakhstan will host the regional logistics hub of the union.")
    assert not c.negated


# ----------------------------------------------------------------------------- what is not a commitment
@pytest.mark.parametrize("text,lang", [
    ("Russia will send a delegation to meet officials of Tajikistan next week.", "en"),
    ("The president of Russia will visit Tajikistan in May.", "en"),
    ("Russia and Uzbekistan agreed to hold talks on gas prices in June.", "en"),
    ("Russia and Uzbekistan will discuss gas prices at the next round.", "en"),
    ("Kazakhstan plans to participate in the forum in Kazan.", "en"),
    ("Tajikistan will be represented by the foreign minister, who will be accompanied by his deputy.", "en"),
    ("The loan agreement for $200 million will be signed by Russia during the visit.", "en"),
    ("Стороны обсудят вопросы энергетики на следующей неделе.", "ru"),
    ("Узбекистан и Россия договорились встретиться в Ташкенте осенью.", "ru"),
    ("Соглашение о кредите будет подписано Россией в ходе визита.", "ru"),
    ("Russia and Tajikistan agreed that the situation on the border is calm.", "en"),
    ("Россия будет уделять особое внимание вопросам безопасности в регионе.", "ru"),
    ("After the talks, Russia will have dinner with the delegation of Tajikistan.", "en"),
])
def test_planned_events_discussions_signings_meals_are_not_commitments(text, lang):
    assert commitments(text, lang) == []


@pytest.mark.parametrize("text,lang", [
    ("Tajikistan asked Russia to provide a $200 million loan for the hydropower plant.", "en"),
    ("Kazakhstan proposed that Russia finance the railway with $300 million.", "en"),
    ("Таджикистан попросил Россию выделить кредит в размере $100 млн.", "ru"),
    ("Trade between Russia and Uzbekistan reached $9.5 billion last year.", "en"),
    ("Russian investments in Uzbekistan amounted to $2 billion last year.", "en"),
    ("Since its founding, the fund has invested over $500 million in Tajikistan.", "en"),
    ("Initially, Russia planned to invest $50 million in the plant in Kazakhstan.", "en"),
    ("Напомним, в 2015 году Россия выделила Таджикистану 30 млн долларов на ремонт дорог.", "ru"),
    ("Trade between Russia and Kazakhstan could grow to $30 billion, experts expect.", "en"),
])
def test_requests_proposals_statistics_and_history_are_not_commitments(text, lang):
    assert commitments(text, lang) == []


def test_a_year_gone_by_is_history():
    text = "In 2019, Russia allocated Tajikistan $20 million for schools."
    assert commitments(text, published="2025-03-02") == []
    assert len(commitments(text, published=None)) == 1  # without a publication date nothing is known past


# ----------------------------------------------------------------------------- actors
def test_two_countries_joined_by_and_are_bound_together():
    (c,) = commitments("Uzbekistan and Kazakhstan aim to raise mutual trade to $10 billion.")
    assert c.actor.name == "Uzbekistan and Kazakhstan" and c.modality == "intend" and c.kind == "target"


def test_subject_of_the_reported_clause_is_bound_not_the_reporter():
    putin = Ent("Vladimir Putin", "PERSON", "RUS", ("Владимир Путин",))
    text = "Владимир Путин подтвердил, что Россия выделит Таджикистану кредит в размере $200 млн."
    amounts = [(a.text, a) for a in find_amounts(text, "ru")]
    (c,) = extract_commitments(make_doc(text, "ru", [putin, *ENTS], published="2025-03-02", amounts=amounts))
    assert c.actor.name == "Russia" and c.kind == "loan"


def test_we_in_a_quote_is_the_speakers_country():
    lavrov = Ent("Sergey Lavrov", "PERSON", "RUS", ("Сергей Лавров",))
    text = "Об этом сказал Сергей Лавров. «Мы выделили Таджикистану более 50 миллионов долларов на школы»."
    amounts = [(a.text, a) for a in find_amounts(text, "ru")]
    (c,) = extract_commitments(make_doc(text, "ru", [lavrov, *ENTS], published="2025-03-02", amounts=amounts))
    assert c.actor.name == "Russia" and c.amount.value == 50e6


def test_investment_deal_signed_is_a_commitment_but_a_loan_to_discuss_is_not():
    (c,) = commitments("Russia and Uzbekistan signed investment agreements worth $5 billion in Tashkent.")
    assert c.kind == "investment" and c.amount.value == 5e9
    assert commitments("Russia and Uzbekistan will discuss a $300 million loan for the metro.") == []
    assert commitments("Стороны обсудят кредит в размере 300 млн долларов на строительство метро.", "ru") == []


def test_russian_deals_worth_a_sum():
    (c,) = commitments("Компании России и Казахстана заключили контракты на сумму 2 млрд долларов.", "ru")
    assert c.kind == "investment" and c.amount.value == 2e9


def test_what_keeps_an_amount_as_written():
    (c,) = commitments("Russia will build a small nuclear plant worth $1.5 billion in Uzbekistan.")
    assert "$1.5 billion" in c.what and c.kind == "project" and c.amount.value == 1.5e9


def test_a_past_year_with_a_future_promise_is_not_history_and_may_is_a_month():
    (c,) = commitments("Under the 2019 agreement, Russia will lend Tajikistan $300 million more.")
    assert c.amount.value == 300e6
    (c,) = commitments("In May, Russia will allocate $20 million to Tajikistan for schools.")
    assert c.kind == "allocation"


def test_the_giver_is_bound_when_the_receiver_is_the_subject():
    (c,) = commitments("Kazakhstan will receive a $100 million loan from Russia.")
    assert c.actor.name == "Russia" and c.kind == "loan"
    (c,) = commitments("Таджикистан получит кредит в размере $100 млн от России.", "ru")
    assert c.actor.name == "Russia"


def test_a_stance_is_not_a_promise_but_an_obligation_is():
    assert commitments("Russia will remain the main trade partner of Tajikistan.") == []
    (c,) = commitments("Russia will remain committed to its obligations to Tajikistan.")
    assert c.actor.name == "Russia"


def test_a_cue_with_nothing_after_it_is_no_empty_entry():
    assert commitments("Kazakhstan did what it had promised to. Russia, as Moscow agreed on.") == []


# ----------------------------------------------------------------------------- shapes of wire and agency news
def test_percent_the_pledge_names_is_its_amount():
    (c,) = commitments("Under the agreement, Russia will cover 75 percent of the cost of the new dam.")
    assert c.amount.unit == "percent" and c.amount.value == 75


def test_a_project_schedule_is_a_commitment_with_its_year():
    text = "Construction of the new border crossing is expected to be completed by 2027."
    (c,) = commitments(text, dates=[("2027", PartialDate(2027, future=True))])
    assert c.deadline.iso() == "2027"


def test_a_goal_set_and_an_instruction_bind():
    (c,) = commitments("The two presidents set a goal of doubling trade between Russia and Kazakhstan.")
    assert c.modality == "intend"
    text = "The leaders instructed the governments of Russia and Uzbekistan to prepare a roadmap by October 1, 2025."
    (c,) = commitments(text, dates=[("October 1, 2025", PartialDate(2025, 10, 1))])
    assert c.deadline.iso() == "2025-10-01"


def test_reported_would_binds_but_a_condition_does_not():
    (c,) = commitments("The Kremlin said Russia would supply Tajikistan with diesel fuel before the winter.")
    assert c.actor.name == "Russia"
    assert commitments("If the deal goes ahead, Russia would invest $2 billion in the mine in Tajikistan.") == []
    assert commitments("Если сделка состоится, Россия инвестирует в рудник 2 млрд долларов.", "ru") == []


@pytest.mark.parametrize("text,lang", [
    ("Tajikistan is seeking a $150 million credit from Russia for the power plant.", "en"),
    ("Tajikistan is counting on a $300 million soft loan from Russia.", "en"),
    ("Таджикистан рассчитывает получить от России льготный кредит на 300 млн долларов.", "ru"),
    ("Таджикские власти добиваются от России кредита в размере 150 млн долларов.", "ru"),
    ("The new Russian ambassador will present his credentials to the president of Tajikistan.", "en"),
    ("Russia would take over the chairmanship of the organisation next year, the minister said.", "en"),
])
def test_seeking_counting_on_and_formalities_are_not_commitments(text, lang):
    assert commitments(text, lang) == []


def test_a_yearless_due_date_lies_ahead_even_when_the_dates_layer_guessed_last_year():
    text = "Россия обязуется поставить Таджикистану вакцины до 15 июля."
    (c,) = commitments(text, "ru", published="2025-06-15", dates=[("до 15 июля", PartialDate(2024, 7, 15))])
    assert c.deadline.iso() == "2025-07-15"


def test_an_abbreviation_point_does_not_end_the_clause():
    text = "Россия обязуется поставить Узбекистану 100 тыс. тонн топлива до 1 декабря 2025 года."
    (c,) = commitments(text, "ru", dates=[("1 декабря 2025 года", PartialDate(2025, 12, 1))])
    assert c.deadline.iso() == "2025-12-01"


# ----------------------------------------------------------------------------- the Russian simple future
def ru_with_morphology(text, ents=ENTS, published="2025-03-02"):
    """A Russian doc with the real tokens layer (natasha), as the pipeline gives it."""
    from dyadwatch.stages.tokens import tokenize_ru

    amounts = [(a.text, a) for a in find_amounts(text, "ru") if a.currency or a.unit == "percent"]
    return extract_commitments(make_doc(text, "ru", ents, published=published, amounts=amounts,
                                        tokens=tokenize_ru(text)[1]))


def test_a_perfective_future_verb_is_a_pledge_and_a_capital_stands_for_its_state():
    (c,) = ru_with_morphology("Россия безвозмездно передаст Таджикистану 20 машин скорой помощи.")
    assert c.actor.name == "Russia" and c.what.startswith("передаст") and not c.negated
    moscow = Ent("Moscow", "GPE", "RUS", ("Москва",))
    (c,) = ru_with_morphology("В правительстве заявили, что Москва поставит Душанбе 100 тыс. тонн топлива.",
                              [RUS, TJK, moscow])
    assert c.actor.name == "Russia"
    (c,) = ru_with_morphology("Россия не станет повышать пошлины для Казахстана.")
    assert c.negated


@pytest.mark.parametrize("text", [
    "Россия и Таджикистан проведут консультации в Душанбе.",
    "Отметим, что Россия и Таджикистан подписали протокол.",
    "Президент Таджикистана посетит Россию в мае.",
    "Узбекистан надеется, что Россия снимет ограничения на ввоз фруктов.",
])
def test_future_verbs_of_contacts_editors_and_hopes_are_not_pledges(text):
    assert ru_with_morphology(text) == []


@pytest.mark.parametrize("text,lang", [
    ("Russian aid to Tajikistan amounts to about $100 million a year.", "en"),
    ("Кредитный портфель фонда в Таджикистане превышает 500 млн долларов.", "ru"),
    ("Citizens of Tajikistan will be able to enter Russia with internal passports.", "en"),
    ("Russia and Kazakhstan will celebrate the anniversary of their relations in 2026.", "en"),
    ("Russia will send a delegation of businessmen to the forum in Dushanbe.", "en"),
    ("Russia will consider the possibility of allocating a $100 million loan to Tajikistan.", "en"),
    ("Russia will continue to be the key partner of Kazakhstan.", "en"),
])
def test_measures_abilities_anniversaries_and_possibilities_are_not_commitments(text, lang):
    assert commitments(text, lang) == []


@pytest.mark.parametrize("text", [
    "Мигранты из Таджикистана смогут работать в России без патента.",
    "Россия и Казахстан отметят годовщину договора в 2026 году.",
    "Россия направит делегацию на форум в Душанбе.",
    "Россия рассмотрит возможность выделения Таджикистану кредита в размере 100 млн долларов.",
])
def test_russian_future_of_ability_anniversaries_delegations_and_possibilities(text):
    assert ru_with_morphology(text) == []


def test_promises_provisions_and_schedules_bind():
    (c,) = commitments("Russia has promised Tajikistan $100 million in budget support.")
    assert c.amount.value == 100e6
    text = "The agreement envisages the construction of a hydropower plant in Tajikistan by 2030."
    (c,) = commitments(text, dates=[("2030", PartialDate(2030, future=True))])
    assert c.deadline.iso() == "2030"
    text = "Ввод моста в эксплуатацию ожидается в 2027 году."
    (c,) = commitments(text, "ru", dates=[("2027 году", PartialDate(2027, future=True))])
    assert c.deadline.iso() == "2027"
    (c,) = commitments("Завершение строительства намечено на 2026 год.", "ru",
                       dates=[("2026 год", PartialDate(2026, future=True))])
    assert c.deadline.iso() == "2026"


@pytest.mark.parametrize("text, lang", [
    ("Russia and Tajikistan will also hold joint military exercises near the border in the spring.", "en"),
    ("The Russian prime minister will leave Dushanbe on Wednesday evening.", "en"),
    ("Russia and Uzbekistan will sum up the results of the year at the session.", "en"),
])
def test_drills_departures_and_summing_up_announced_are_not_commitments(text, lang):
    assert commitments(text, lang) == []


@pytest.mark.parametrize("text", [
    "Россия и Таджикистан проведут совместные учения у границы весной.",
    "Президент России проведет в Кремле совещание с членами правительства.",
])
def test_russian_drills_and_meetings_announced_are_not_commitments(text):
    assert ru_with_morphology(text) == []


@pytest.mark.parametrize("text, lang", [
    ("Flights between Tajikistan and Uzbekistan will be operated three times a week.", "en"),
    ("Trade with Russia will grow by a fifth, experts believe.", "en"),
    ("Рейсы между Таджикистаном и Узбекистаном будут выполняться три раза в неделю.", "ru"),
])
def test_a_country_after_a_preposition_is_not_bound_by_a_bare_will(text, lang):
    assert commitments(text, lang) == []


def test_a_country_subject_is_bound_and_a_countrys_adjective_after_a_preposition_still_names_it():
    (c,) = commitments("Russia will supply Tajikistan with twenty helicopters.")
    assert c.actor.name == "Russia"
    (c,) = commitments("Between the two rounds of talks, Kazakhstan will open a consulate in Dushanbe.")
    assert c.actor.name == "Kazakhstan"


def test_a_country_the_gazetteer_names_otherwise_than_the_packages_is_still_a_country():
    from dyadwatch.textindex import is_country_name

    assert is_country_name("Turkey") and is_country_name("Türkiye") and not is_country_name("Istanbul")


def test_the_heads_of_two_countries_bind_the_countries():
    (c,) = commitments("The presidents of Kazakhstan and Uzbekistan agreed to open two new border crossings.")
    assert c.actor.name == "Kazakhstan and Uzbekistan"


def test_a_write_off_without_its_sum_takes_the_size_the_article_gives_the_debt_once():
    text = "Russia will write off the debt of Tajikistan. The debt amounts to $240 million."
    (c,) = commitments(text)
    assert c.kind == "write_off" and c.amount.value == 240e6
    (c,) = ru_with_morphology("Россия спишет долг Таджикистана. Задолженность составляет 300 млн долларов.")
    assert c.kind == "write_off" and c.amount.value == 300e6


def test_a_debt_of_two_sizes_leaves_the_write_off_without_a_sum():
    text = ("Russia will write off the debt of Tajikistan. In 2015 the debt stood at $480 million; "
            "Russia wrote off $240 million of it in 2019.")
    first = next(c for c in commitments(text) if c.evidence.start == 0)
    assert first.kind == "write_off" and first.amount is None


@pytest.mark.parametrize("text", [
    "Kazakhstan's economy will grow by 5 percent next year, the bank predicts.",
    "The population of Tajikistan will exceed eleven million people soon.",
    "Russia's new migration rules will require migrants to pass an exam.",
])
def test_a_country_qualifying_another_noun_binds_nobody(text):
    assert commitments(text) == []


def test_a_country_qualifying_an_agent_or_its_money_is_bound():
    (c,) = commitments("Russia's government will build two schools in Dushanbe.")
    assert c.actor.name == "Russia"
    (c,) = commitments("A clinic built with Russia's funds will open in Dushanbe next year.")
    assert c.actor.name == "Russia"


@pytest.mark.parametrize("text", [
    "Экономика Казахстана вырастет на 5% в следующем году, прогнозирует банк.",
    "Население Таджикистана превысит 11 миллионов человек.",
])
def test_russian_genitive_of_a_non_agent_binds_nobody(text):
    assert ru_with_morphology(text) == []


def test_russian_genitive_of_an_agent_is_bound():
    (c,) = ru_with_morphology("Правительство Таджикистана построит две школы в Душанбе.")
    assert c.actor.name == "Tajikistan"


@pytest.mark.parametrize("text, lang", [
    ("Russia and Tajikistan decided to open a trade mission in Dushanbe.", "en"),
    ("Russia is going to build a new school in Dushanbe.", "en"),
])
def test_decisions_and_plans_in_other_words_bind(text, lang):
    (c,) = commitments(text, lang)
    assert not c.negated


def test_russian_decided_and_going_to_bind_only_before_a_verb():
    (c,) = ru_with_morphology("Россия собирается построить новую школу в Душанбе.")
    assert c.actor.name == "Russia"
    assert ru_with_morphology("Россия и Таджикистан решили вопрос о поставках топлива.") == []
    assert ru_with_morphology("Делегация России собирается в Душанбе на следующей неделе.") == []


def test_concluding_a_document_is_a_signing_not_a_pledge():
    assert ru_with_morphology("Теперь Россия и Таджикистан решили заключить договор на бессрочный период.") == []
    assert commitments("Russia and Tajikistan decided to conclude a new agreement on migration.") == []


@pytest.mark.parametrize("text", [
    "Russia will respond to the new sanctions, the ministry warned.",
    "Kazakhstan will demand compensation from the company.",
    "Russia will not recognise the results of the vote in Tajikistan.",
])
def test_reactions_and_demands_announced_are_not_pledges(text):
    assert commitments(text) == []


@pytest.mark.parametrize("text", [
    "Россия ответит на новые санкции зеркально.",
    "Казахстан потребует от компании компенсацию ущерба.",
    "Россия направит Таджикистану ноту протеста.",
])
def test_russian_reactions_demands_and_protests_are_not_pledges(text):
    assert ru_with_morphology(text) == []


def test_meeting_obligations_is_still_a_pledge():
    (c,) = commitments("Russia will meet its obligations to Tajikistan under the treaty.")
    assert c.actor.name == "Russia"


def test_a_year_after_by_is_a_deadline_even_without_a_publication_date():
    text = "Russia and Uzbekistan will build the first nuclear plant by 2029."
    (c,) = commitments(text, published=None, dates=[("2029", PartialDate(2029))])
    assert c.deadline.iso() == "2029"
    (c,) = commitments("Россия и Узбекистан намерены построить АЭС до 2029 года.", "ru", published=None,
                       dates=[("2029 года", PartialDate(2029))])
    assert c.deadline.iso() == "2029"
    (c,) = commitments("In 2019, Russia allocated Tajikistan $20 million for schools.", published=None,
                       dates=[("2019", PartialDate(2019))])
    assert c.deadline is None  # a year with no "by" is no deadline
