"""Commitment extraction on hand-built Docs: modality, actor, amount, deadline, evidence."""
from __future__ import annotations

from stagedocs import KG_MFA, KYRGYZSTAN, MATVIENKO, PUTIN, RUSSIA, Ent, make_doc

from dyadwatch.records import Amount, PartialDate
from dyadwatch.stages.commitments import CommitmentStage, extract_commitments


def test_commitments_collective_intent_with_amount():
    text = "In the coming years, the two countries intend to raise mutual trade to 7\u00a0billion rubles."
    doc = make_doc(text, "en", [RUSSIA, KYRGYZSTAN], published="2024-05-10",
                   amounts=[("7\u00a0billion rubles", Amount(7e9, "", "RUB"))])
    (c,) = extract_commitments(doc)
    assert c.modality == "intend" and c.amount.currency == "RUB" and c.amount.value == 7e9
    assert c.actor.name == "Kyrgyzstan and Russia"
    assert c.what.startswith("raise mutual trade") and c.evidence.text.endswith("rubles")


def test_commitments_split_at_as_well_as_and_side_is_the_country():
    text = ("«To deepen integration, the Russian side confirmed its readiness to provide technical assistance to "
            "Kyrgyzstan, as well as to help obtain a soft loan of $ 50 million from the fund,» the ministry stressed.")
    doc = make_doc(text, "en", [RUSSIA, KYRGYZSTAN, KG_MFA], published="2021-02-01",
                   amounts=[("$ 50 million", Amount(5e7, "", "USD"))])
    first, second = extract_commitments(doc)
    assert first.modality == second.modality == "ready to"
    assert first.actor.name == second.actor.name == "Russia" and first.actor.country == "RUS"
    assert first.amount is None and second.amount.text == "$ 50 million"
    assert second.evidence.text.startswith("as well as to help obtain")


def test_commitments_studying_two_proposals_in_one_sentence():
    text = ("According to her, Russia is currently studying the request of Bishkek to add university places for "
            "Kyrgyz students, as well as on an amnesty for labour migrants.")
    doc = make_doc(text, "en", [RUSSIA, KYRGYZSTAN, MATVIENKO])
    commitments = extract_commitments(doc)
    assert [c.modality for c in commitments] == ["studying", "studying"]
    assert all(c.actor.name == "Russia" for c in commitments)
    assert "amnesty" in commitments[1].what


def test_commitments_future_deadline_and_expectations_are_not_promises():
    text = ("The speaker expressed confidence that this year the parties will be able to hold several events.\n"
            "Four new schools are being built, with the first two scheduled to open on September 1, 2028.")
    doc = make_doc(text, "en", [RUSSIA, KYRGYZSTAN], published="2025-11-26",
                   dates=[("September 1, 2028", PartialDate(2028, 9, 1, future=True))],
                   amounts=[("Four", Amount(4, "", None, "school"))])
    (c,) = extract_commitments(doc)
    assert c.modality == "will" and c.deadline.iso() == "2028-09-01"
    assert c.amount is None  # a counted quantity is not the commitment's money


def test_commitments_russian_passive_agent_is_the_actor_not_the_reporter():
    text = ("Глава МИД КР затронул вопросы помощи. В ответ, как сообщили в посольстве, была подтверждена "
            "готовность содействия рассмотрению этих вопросов российской стороной.")
    doc = make_doc(text, "ru", [RUSSIA, KYRGYZSTAN])
    (c,) = extract_commitments(doc)
    assert c.modality == "ready to" and c.actor.name == "Russia"
    assert c.evidence.text.startswith("В ответ") and c.evidence.text.endswith("стороной")


def test_commitments_bare_will_needs_an_actor():
    text = ("It will be warm in spring. Vladimir Putin will attend the forum in Bishkek. "
            "Vladimir Putin will open a Russian school in Osh.")
    doc = make_doc(text, "en", [PUTIN])
    commitments = CommitmentStage().process(doc)["commitments"]
    assert [c.actor.name for c in commitments] == ["Vladimir Putin"]
    assert commitments[0].stage == "commitments" and commitments[0].id.startswith("cm:")


def test_commitments_russian_parties_agree_and_intend_with_amount():
    text = ("Стороны договорились продолжить регулярные политические консультации между внешнеполитическими "
            "ведомствами. Кыргызстан и Россия намерены довести товарооборот до 2\u00a0млрд долларов.")
    doc = make_doc(text, "ru", [RUSSIA, KYRGYZSTAN], published="2023-04-02",
                   amounts=[("2\u00a0млрд долларов", Amount(2e9, "", "USD"))])
    agreed, intend = extract_commitments(doc)
    assert agreed.modality == "agreed" and agreed.actor.name == "Kyrgyzstan and Russia"
    assert agreed.what.startswith("продолжить регулярные")
    assert intend.modality == "intend" and intend.amount.value == 2e9
    assert intend.actor.name == "Kyrgyzstan and Russia"


def test_commitments_reported_clause_actor_is_its_own_subject_not_the_reporter():
    text = "The minister said that the Kyrgyz side remains fully committed to all its obligations."
    kazakbaev = Ent("Ruslan Kazakbaev", "PERSON", "KGZ", ("The minister",), kinds={"The minister": "role"})
    (c,) = extract_commitments(make_doc(text, "en", [kazakbaev, KYRGYZSTAN]))
    assert c.modality == "committed" and c.actor.name == "Kyrgyzstan" and c.actor.country == "KGZ"
