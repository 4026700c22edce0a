"""Quote extraction on hand-built Docs (upstream layers added by hand, see stagedocs.py)."""
from __future__ import annotations

from stagedocs import (ALMATY, KAZAKBAEV, KG_MFA, KOSACHEV, KYRGYZSTAN, MATVIENKO, MOSCOW, RUSSIA, Ent,
                       make_doc)

from dyadwatch.stages.quotes import QuoteStage, extract_quotes, find_quoted_spans

NBSP = "\u00a0"

MAMYTOV = Ent("Talant Mamytov", "PERSON", "KGZ", ("Talant Mamytov", "Talent Mamytov", "Mamytov"))
EMBASSY = Ent("Embassy of Kyrgyzstan in Russia", "ORG", "KGZ", ("посольстве КР в РФ",))


def by_start(quotes, words):
    return next(q for q in quotes if q.text.startswith(words))


def test_quotes_english_direct_with_name_after_and_scare_quotes_skipped():
    text = ("The speaker Talant Mamytov hoped the sides would meet \"at the highest level\" soon.\n"
            f"“Kyrgyzstan is aimed at ever closer ties with the Russian{NBSP}Federation,” said Talent Mamytov.\n"
            "\"I want to say that our contacts are developing steadily,” Valentina Matvienko said during the meeting.")
    quotes = extract_quotes(make_doc(text, "en", [MAMYTOV, MATVIENKO, RUSSIA, KYRGYZSTAN]))
    texts = [q.text for q in quotes]
    assert not any("highest level" in t for t in texts)
    first = by_start(quotes, "Kyrgyzstan is aimed")
    assert first.direct and first.speaker.name == "Talant Mamytov" and first.speaker.country == "KGZ"
    assert text[first.start:first.end] == first.text and not first.text.endswith(",")
    second = by_start(quotes, "I want to say")
    assert second.speaker.name == "Valentina Matvienko" and second.cue.text == "said"


def test_quotes_russian_dash_attribution_and_role_noun_continue_the_speaker():
    text = ("Встреча Константина Косачева с Русланом Казакбаевым прошла в Москве.\n"
            "\"Видим, что отношения наших стран развиваются стабильно\", – отметил Константин Косачев.\n"
            "\"Будем и дальше поддерживать контакты на всех уровнях\", - продолжил парламентарий.\n"
            "«Уверен, что такая работа нужна обеим странам», – заключил глава Комитета по международным делам.")
    quotes = extract_quotes(make_doc(text, "ru", [KOSACHEV, KAZAKBAEV, MOSCOW]))
    assert [q.speaker.name for q in quotes if q.direct] == ["Konstantin Kosachev"] * 3
    assert by_start(quotes, "Будем").cue.text == "продолжил"


def test_quotes_pronoun_goes_to_last_speaker_of_that_gender():
    text = ("Valentina Matvienko met Ruslan Kazakbaev in Alma-Ata. Ruslan Kazakbaev thanked the hosts.\n"
            "According to Matvienko, the proposals on places for students are under study.\n"
            "“We will keep these questions under our control and will inform you,” she assured.")
    quotes = extract_quotes(make_doc(text, "en", [MATVIENKO, KAZAKBAEV, ALMATY]))
    assured = by_start(quotes, "We will keep")
    assert assured.speaker.name == "Valentina Matvienko"


def test_quotes_institution_speaker_from_press_service():
    text = ("Press service of the Foreign Ministry of Kyrgyzstan reported on the talks.\n"
            "«Ruslan Kazakbaev informed that the situation in the country has stabilized,» the ministry noted.\n"
            "«The Russian side confirmed its readiness to provide technical assistance,» the Foreign Ministry stressed.")
    quotes = extract_quotes(make_doc(text, "en", [KG_MFA, KAZAKBAEV, RUSSIA, KYRGYZSTAN]))
    direct = [q for q in quotes if q.direct]
    assert len(direct) == 2
    assert {q.speaker.name for q in direct} == {"Ministry of Foreign Affairs of Kyrgyzstan"}


def test_quotes_indirect_speech_is_marked_not_direct():
    text = ("Ruslan Kazakbaev said that the Kyrgyz side remains committed to all its obligations.\n"
            "Глава МИД затронул вопросы помощи. В ответ, как сообщили в посольстве КР в РФ, была подтверждена "
            "готовность содействия рассмотрению этих вопросов.")
    en = extract_quotes(make_doc(text.split("\n")[0], "en", [KAZAKBAEV, KYRGYZSTAN]))
    assert len(en) == 1 and not en[0].direct and en[0].speaker.name == "Ruslan Kazakbaev"
    assert en[0].text.startswith("the Kyrgyz side remains committed") and en[0].cue.text == "said that"
    ru = extract_quotes(make_doc(text.split("\n")[1], "ru", [EMBASSY, KYRGYZSTAN, RUSSIA]))
    assert len(ru) == 1 and not ru[0].direct
    assert ru[0].speaker.name == "Embassy of Kyrgyzstan in Russia"
    assert ru[0].text.startswith("была подтверждена готовность")


def test_quoted_spans_multi_paragraph_quote_continues_after_reopening_mark():
    text = ("«The Russian language is our official language, written into the Constitution.\n"
            "«It opens the labour market to our citizens,» Ulan Primov noted.")
    spans = find_quoted_spans(text)
    assert len(spans) == 1
    inner = text[spans[0].start:spans[0].end]
    assert inner.startswith("The Russian language") and inner.endswith("our citizens,")


def test_quoted_spans_nested_guillemets_stay_one_quote():
    text = "«Мы называем это «новой страницей» отношений двух стран», – сказал министр."
    spans = find_quoted_spans(text)
    assert len(spans) == 1 and "новой страницей" in text[spans[0].start:spans[0].end]


def test_quote_stage_declares_layers_and_carries_offsets():
    text = "«Relations between our countries are developing steadily,» Konstantin Kosachev said."
    doc = make_doc(text, "en", [KOSACHEV])
    out = QuoteStage().process(doc)
    assert set(out) == {"quotes"}
    (q,) = out["quotes"]
    assert q.stage == "quotes" and 0 < q.confidence <= 1
    assert q.evidence.text.startswith("«Relations") and q.speaker.entity == "e0"


def test_quotes_split_quote_second_half_keeps_the_speaker():
    text = ("“We are good neighbours and close partners,” Konstantin Kosachev said, “and we intend to remain "
            "friends for many years.”")
    quotes = extract_quotes(make_doc(text, "en", [KOSACHEV]))
    assert len(quotes) == 2
    assert [q.speaker.name for q in quotes] == ["Konstantin Kosachev"] * 2
    assert quotes[1].text.startswith("and we intend")
