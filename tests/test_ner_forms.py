"""Forms that are never names: dates, times, time zones, currency codes, headline fragments.

Also: a byline's author is a person of the page, never an actor of its events.
"""
from __future__ import annotations

import pytest

from dyadwatch.stages.ner_forms import is_not_a_name_form

NOT_NAMES = [
    ("en", "UTC +04:00"), ("en", "(GMT+3)"), ("en", "+06:00"), ("en", "21:10"), ("en", "4.10 pm"),
    ("en", "08.05.2023"), ("en", "2023-05-08 21:10"), ("en", "10th May 2021"), ("en", "May 2021"),
    ("en", "USD"), ("en", "KGS"), ("en", "RUB"), ("en", "Monday, Tuesday"), ("en", "Today"), ("en", "Ex"),
    ("en", "Will Attend"), ("en", "Accepts Invitation - Kremlin"), ("en", "Invites Japarov"),
    ("en", "Breaking News"), ("en", "1.5 billion"),
    ("ru", "Сегодня"), ("ru", "Вчера"), ("ru", "Вчера вечером"), ("ru", "14 апреля 2021"), ("ru", "МСК"),
    ("ru", "15 млн"), ("ru", "Экс"), ("ru", "Новости"),
]
NAMES = [
    ("en", "Theresa May"), ("en", "May"), ("en", "Will Smith"), ("en", "Said"), ("en", "New York"),
    ("en", "Vladimir Putin"), ("en", "CIS"), ("en", "Kyrgyzstan 2023"), ("en", "Collective Security Council"),
    ("ru", "Сергей Лавров"), ("ru", "Кремль"), ("ru", "Бишкек"), ("ru", "Марта Иванова"),
    ("en", "Bob"), ("ru", "Пятница"), ("ru", "ВС"), ("en", "NO"),
]


@pytest.mark.parametrize("lang, surface", NOT_NAMES)
def test_forms_that_are_never_names(lang: str, surface: str) -> None:
    assert is_not_a_name_form(surface, lang)


@pytest.mark.parametrize("lang, surface", NAMES)
def test_names_stay_names(lang: str, surface: str) -> None:
    assert not is_not_a_name_form(surface, lang)


def test_headline_and_dateline_words_give_no_person_entities() -> None:
    from dyadwatch.api import process_text

    # the reader's title differs from the page's headline line, so that line stays in the body
    art = process_text("Putin Will Attend Summit, Japarov Accepts Invitation - Kremlin\n\n"
                       "Sadyr Japarov accepted an invitation from Vladimir Putin, the Kremlin said on Monday, "
                       "12 October 2022, 18:30 (UTC +04:00). Trade reached 3 billion USD.\n",
                       title="Summit news")
    assert "Will Attend" in art.text
    persons = {e.name for e in art.entities if e.type == "PERSON"}
    assert persons <= {"Sadyr Japarov", "Vladimir Putin"}
    for e in art.entities:
        assert not is_not_a_name_form(e.name, "en"), e.name


def test_a_byline_author_is_a_person_of_the_page_but_no_actor() -> None:
    from dyadwatch.api import process_text

    art = process_text("Japarov and Putin discuss fuel supplies\nBy Anna Petrova\n"
                       "MOSCOW (AA) – Russian President Vladimir Putin met Kyrgyz President Sadyr Japarov "
                       "in Moscow on Friday.\n")
    assert art.meta["author"] == "Anna Petrova"
    actors = {a.name for ev in art.events for a in ev.actors}
    assert "Anna Petrova" not in actors and "Vladimir Putin" in actors
    assert all(q.speaker is None or q.speaker.name != "Anna Petrova" for q in art.quotes)
