"""NER stage: natasha / spaCy mentions mapped to the contract, tidied, with repeated names recovered."""
from __future__ import annotations

import pytest

from dyadwatch.document import Doc
from dyadwatch.stages.ner import NerStage, tidy
from stagedocs import tokenised as analysed

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def ner() -> NerStage:
    return NerStage()


def persons(ner: NerStage, doc: Doc) -> list[tuple[str, str]]:
    return [(m.text, m.normal) for m in ner.process(doc)["ner_mentions"] if m.type == "PERSON"]


def test_ner_russian_normal_form_is_nominative(ner: NerStage) -> None:
    doc = analysed(f"Об этом заявил председатель комитета Константин Косачев в{NBSP}беседе "
                   f"с{NBSP}Русланом Казакбаевым. Позже Косачева поддержали коллеги.", "ru")
    found = persons(ner, doc)
    assert ("Константин Косачев", "Константин Косачев") in found
    assert ("Русланом Казакбаевым", "Руслан Казакбаев") in found
    # a lone surname in another case form is the same person, found on lemmas
    assert ("Косачева", "Косачев") in found


def test_ner_offsets_and_stage_name(ner: NerStage) -> None:
    text = f"Встреча прошла в{NBSP}Бишкеке, сообщила пресс-служба Жогорку Кенеша."
    doc = analysed(text, "ru")
    mentions = ner.process(doc)["ner_mentions"]
    assert mentions and all(text[m.start:m.end] == m.text and m.stage == "ner" for m in mentions)
    assert any(m.text == "Бишкеке" and m.type == "LOC" and m.normal == "Бишкек" for m in mentions)


def test_ner_english_titles_split_off_person_names(ner: NerStage) -> None:
    doc = analysed("On Wednesday, President Sadyr Japarov received the delegation. "
                   "Later Prime Minister Mikhail Mishustin arrived in Bishkek.", "en")
    texts = [m.text for m in ner.process(doc)["ner_mentions"] if m.type == "PERSON"]
    assert "Sadyr Japarov" in texts
    assert "Mikhail Mishustin" in texts
    assert not any(t.startswith(("President", "Prime")) for t in texts)


def test_ner_english_leading_article_dropped(ner: NerStage) -> None:
    text = "Deputies of the State Duma approved the bill, and the Federation Council backed it."
    doc = analysed(text, "en")
    orgs = [m.text for m in ner.process(doc)["ner_mentions"] if m.type == "ORG"]
    assert orgs and not any(o.lower().startswith("the ") for o in orgs)


def test_ner_lone_surname_in_headline_is_a_person(ner: NerStage) -> None:
    text = ("Japarov to Putin: our ties are strong\n\n"
            "Kyrgyz President Sadyr Japarov held talks with Vladimir Putin in Bishkek.")
    doc = analysed(text, "en")
    mentions = ner.process(doc)["ner_mentions"]
    heads = {m.text: m.type for m in mentions if m.end <= text.index("\n")}
    assert heads.get("Japarov") == "PERSON"
    assert heads.get("Putin") == "PERSON"


def test_ner_repeated_full_name_reclaimed_from_a_bad_org_span(ner: NerStage) -> None:
    text = ("Deputy Chairman of the Federation Council Konstantin Kosachev met the delegation. "
            "«We are friends,» Konstantin Kosachev said.")
    doc = analysed(text, "en")
    people = [m for m in ner.process(doc)["ner_mentions"] if m.type == "PERSON"]
    assert [m.text for m in people].count("Konstantin Kosachev") == 2


def test_ner_tidy_strips_possessive_and_titles() -> None:
    text = "President Sadyr Japarov’s visit"
    start, end = tidy(text, 0, len("President Sadyr Japarov’s"), "PERSON", "en")
    assert text[start:end] == "Sadyr Japarov"


def test_ner_unsupported_language_gives_nothing(ner: NerStage) -> None:
    doc = analysed("Садыр Жапаров Бишкекте жолугушуу өткөрдү.", "ky")
    assert ner.process(doc)["ner_mentions"] == ()


def test_ner_tidy_keeps_brand_punctuation_and_russian_apostrophes() -> None:
    for text, lang, expected in [("Yahoo!", "en", "Yahoo!"), ("Sotheby's", "ru", "Sotheby's"),
                                 ("«Газпром»,", "ru", "Газпром"), ("Ким\"", "ru", "Ким")]:
        start, end = tidy(text, 0, len(text), "ORG", lang)
        assert text[start:end] == expected
