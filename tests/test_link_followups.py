"""Commitment follow-ups across articles and the ledger's status."""
from __future__ import annotations

from datetime import date

from dyadwatch.link import Linker, link_all
from dyadwatch.link.followups import fulfilment_span
from test_link_fixtures import NBSP, Ent, actor, amount, article, commitment, day, entities

RUSSIA = Ent("dw:russia", "Russia", "GPE", "RUS", ())
KGZ = Ent("dw:kyrgyzstan", "Kyrgyzstan", "GPE", "KGZ", ())


def _with(e: Ent, *s: str) -> Ent:
    return Ent(e.id, e.name, e.type, e.country, s, e.known)


PROMISE = (
    "Russia will provide Kyrgyzstan with a concessional loan of $ 50 million to support the budget by "
    "December 1, 2022, Deputy Prime Minister Alexei Overchuk said after the talks in Bishkek. The parties also "
    "agreed to open two more flights a week between Osh and Novosibirsk.")
REMINDER = (
    f"Россия подтвердила готовность предоставить Кыргызстану льготный кредит в{NBSP}размере $50 млн, – "
    f"сообщили в{NBSP}Министерстве финансов КР. По словам источника, документы по займу пока находятся "
    f"на{NBSP}согласовании.")
DONE = (
    "The first tranche of the Russian loan of $50 million was disbursed to Kyrgyzstan's budget on Monday, "
    "the Ministry of Finance said. «The funds will go to social programmes,» the ministry added.")
NOT_YET = (
    "The Russian loan of $50 million has not yet been disbursed to Kyrgyzstan, the Ministry of Finance said on "
    "Friday, citing pending paperwork.")
UNRELATED = (
    "Kazakhstan will receive a loan of $ 50 million from the Asian Development Bank for its roads, "
    "the bank said in Astana.")


def _promise():
    t = PROMISE
    amt = amount(t, "$ 50 million", 50_000_000, "USD")
    return article("p1", t, "en", source="tass.ru", published="2022-05-10T12:00:00",
                   ents=entities(t, [_with(RUSSIA, "Russia"), _with(KGZ, "Kyrgyzstan")]), amounts=(amt,),
                   commitments=(commitment(t, "Russia will provide Kyrgyzstan with a concessional loan of $ 50 million",
                                           "Russia to provide a concessional loan to Kyrgyzstan", actor(RUSSIA),
                                           amt=amt, deadline=day("2022-12-01", "by December 1, 2022")),))


def _reminder():
    t = REMINDER
    amt = amount(t, "$50 млн", 50_000_000, "USD")
    return article("p2", t, "ru", source="kabar.kg", published="2022-09-02T09:00:00",
                   ents=entities(t, [_with(RUSSIA, "Россия"), _with(KGZ, "Кыргызстану")]), amounts=(amt,))


def _done(text=DONE, id="p3", published="2023-01-16T15:00:00"):
    amt = amount(text, "$50 million", 50_000_000, "USD")
    return article(id, text, "en", source="24.kg", published=published,
                   # "Russian" is an adjective mention of Russia, as the resolve stage links it
                   ents=entities(text, [_with(KGZ, "Kyrgyzstan"), _with(RUSSIA, "Russian")]),
                   amounts=(amt,))


def _unrelated():
    t = UNRELATED
    amt = amount(t, "$ 50 million", 50_000_000, "USD")
    kz = Ent("dw:kazakhstan", "Kazakhstan", "GPE", "KAZ", ("Kazakhstan",))
    return article("p4", t, "en", source="kapital.kz", published="2022-11-01T10:00:00",
                   ents=entities(t, [kz]), amounts=(amt,))


def test_followups_ledger_links_later_mentions_in_both_languages():
    result = link_all([_promise(), _reminder(), _done(), _unrelated()], today=date(2023, 6, 1))
    (entry,) = result.ledger
    assert [m.article_id for m in entry.mentions] == ["p1", "p2", "p3"]
    assert entry.first.article_id == "p1" and entry.first.kind == "commitment"
    assert entry.latest.article_id == "p3" and entry.latest.date == "2023-01-16"
    assert entry.deadline.iso() == "2022-12-01"
    assert entry.status == "fulfilled"
    assert entry.latest.fulfilment.text == "disbursed"
    assert entry.amount.value == 50_000_000


def test_followups_status_open_then_past_deadline():
    linker = Linker()
    linker.add(_promise())
    linker.add(_reminder())
    (before,) = linker.ledger(date(2022, 10, 1))
    assert before.status == "open"
    (after,) = linker.ledger(date(2023, 1, 1))
    assert after.status == "past_deadline"
    assert after.latest.article_id == "p2"


def test_followups_negated_fulfilment_is_not_done():
    result = link_all([_promise(), _done(NOT_YET, "p5", "2022-12-09T10:00:00")], today=date(2023, 1, 1))
    (entry,) = result.ledger
    assert [m.article_id for m in entry.mentions] == ["p1", "p5"]
    assert entry.status == "past_deadline"


def test_followups_earlier_article_is_not_a_followup():
    early = _done(DONE, "p0", "2021-03-01T10:00:00")
    (entry,) = link_all([early, _promise()], today=date(2022, 6, 1)).ledger
    assert [m.article_id for m in entry.mentions] == ["p1"]
    assert entry.status == "open"


def test_followups_same_in_any_order():
    arts = [_promise(), _reminder(), _done(), _unrelated()]
    ref = [e.to_dict() for e in link_all(arts, today=date(2023, 6, 1)).ledger]
    assert ref == [e.to_dict() for e in link_all(arts[::-1], today=date(2023, 6, 1)).ledger]
    assert ref == [e.to_dict() for e in link_all(arts[2:] + arts[:2], today=date(2023, 6, 1)).ledger]


def test_fulfilment_span_finds_russian_cue_and_skips_negation():
    assert fulfilment_span("Первые три школы открылись в Оше.", 0, ()).text == "открылись"
    assert fulfilment_span("Школы ещё не открыты.", 10, ()) is None
    assert fulfilment_span("Кредит перечислен в бюджет.", 5, ()).start == 5 + len("Кредит ")


def test_followups_naming_the_object_alone_is_not_a_followup():
    chat = ("Russia and Kyrgyzstan discussed loans, investment and migration at the business forum in Osh, "
            "the organisers said.")
    promised = ("Kyrgyzstan is still waiting for the promised Russian loan, the Minister of Finance told "
                "deputies on Wednesday.")
    arts = [_promise(),
            article("c1", chat, "en", published="2022-06-01T10:00:00",
                    ents=entities(chat, [_with(RUSSIA, "Russia"), _with(KGZ, "Kyrgyzstan")])),
            article("c2", promised, "en", published="2022-07-01T10:00:00",
                    ents=entities(promised, [_with(RUSSIA, "Russian"), _with(KGZ, "Kyrgyzstan")]))]
    (entry,) = link_all(arts, today=date(2022, 8, 1)).ledger
    assert [m.article_id for m in entry.mentions] == ["p1", "c2"]
    assert entry.status == "open"


def test_followups_same_day_report_of_done_is_not_a_later_fulfilment():
    # a report of the same day (another outlet's copy of the announcement) is not "later"
    same_day = _done(DONE, "p6", "2022-05-10T18:00:00")
    (entry,) = link_all([_promise(), same_day], today=date(2022, 6, 1)).ledger
    assert entry.status == "open"


def test_followups_negative_pledge_is_never_fulfilled_by_a_done_report():
    from dataclasses import replace

    promise = _promise()
    negative = replace(promise, commitments=(replace(promise.commitments[0], negated=True),))
    (entry,) = link_all([negative, _done()], today=date(2023, 6, 1)).ledger
    assert entry.status != "fulfilled"


def test_followups_date_of_the_day_the_promise_was_made_is_no_deadline_to_miss():
    from dataclasses import replace

    promise = _promise()
    on_the_day = replace(promise, commitments=(replace(promise.commitments[0],
                                                       deadline=day("2022-05-10", "on May 10, 2022")),))
    (entry,) = link_all([on_the_day], today=date(2023, 6, 1)).ledger
    assert entry.status == "open"
