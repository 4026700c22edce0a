"""Hand-built analysed articles for the store, ingest and export tests.

The texts are written for these tests in the shapes of scraped news (non-breaking
spaces, «» quotes, em-dash attributions, Russian case forms); the analysis on
them is what the stages would add, set by hand so the store is tested alone.
"""
from __future__ import annotations

from dyadwatch.document import content_hash
from dyadwatch.records import (Actor, Amount, Article, Commitment, Entity, Event, Mention, PartialDate, Place,
                               Quote, Span, Topic)

RU_TEXT = ("Председатель Кабинета министров Адылбек Касымалиев встретился в\u00a0Москве с\u00a0Михаилом "
           "Мишустиным. Стороны обсудили положение трудовых мигрантов из\u00a0Кыргызстана. «Мы ценим вклад "
           "мигрантов в\u00a0экономику», – отметил Михаил Мишустин. Россия выделит $\u00a025 млн на\u00a0строительство "
           "школ до\u00a02027 года.")
EN_TEXT = ("Sadyr Japarov met Vladimir Putin in Bishkek on Tuesday. The presidents discussed energy supplies "
           "and labour migrants. “We personally monitor the construction of schools,” Putin said. Russia will "
           "allocate $ 100 million for the Kambarata hydropower plant by 2028.")


def _span(text: str, needle: str) -> Span:
    i = text.index(needle)
    return Span(i, i + len(needle), needle)


def _mention(text: str, needle: str, type_: str) -> Mention:
    s = _span(text, needle)
    return Mention(s.start, s.end, s.text, type_, stage="gazetteer")


def ru_article(**changes) -> Article:
    t = RU_TEXT
    kasymaliev = Entity("Q-kasymaliev", "Adylbek Kasymaliev", "PERSON", "KGZ", known=True,
                        mentions=(_mention(t, "Адылбек Касымалиев", "PERSON"),))
    mishustin = Entity("Q-mishustin", "Mikhail Mishustin", "PERSON", "RUS", "Q-mishustin", known=True,
                       mentions=(_mention(t, "Михаилом Мишустиным", "PERSON"), _mention(t, "Михаил Мишустин", "PERSON")))
    moscow = Entity("Q-moscow", "Moscow", "GPE", "RUS", known=True, mentions=(_mention(t, "Москве", "GPE"),))
    russia = Entity("Q-russia", "Russia", "GPE", "RUS", known=True, mentions=(_mention(t, "Россия", "GPE"),))
    meet = Event("CONSULT", _span(t, t[:t.index(".") + 1]), mode="visit", cameo="042",
                 actors=(Actor("Adylbek Kasymaliev", "Q-kasymaliev", "KGZ", "source"),
                         Actor("Mikhail Mishustin", "Q-mishustin", "RUS", "target")),
                 date=PartialDate(2024, 12, 3, source="published"), place=Place("Moscow", "RUS", "Q-moscow"),
                 id="ev-ru-1", stage="events", tone=1.0)
    q = _span(t, "Мы ценим вклад мигрантов в\u00a0экономику")
    quote = Quote(q.text, q.start, q.end, Actor("Mikhail Mishustin", "Q-mishustin", "RUS", "speaker"), True,
                  stage="quotes")
    amt = _span(t, "$\u00a025 млн")
    commit = Commitment("строительство школ", _span(t, t[t.index("Россия выделит"):]),
                        Actor("Russia", "Q-russia", "RUS", "actor"), Amount(25_000_000, amt.text, "USD", span=amt),
                        PartialDate(2027, source="text"), "will", id="cm-ru-1", stage="commitments")
    art = Article(id="ru_meeting", text=t, language="ru", source="24.kg", url="https://24.kg/x/1",
                  title="Касымалиев и\u00a0Мишустин обсудили мигрантов", published="2024-12-03T13:41:00",
                  entities=(kasymaliev, mishustin, moscow, russia), events=(meet,), quotes=(quote,),
                  commitments=(commit,), topics=(Topic("migration", 0.8), Topic("education", 0.3)),
                  tone=2.5, content_hash=content_hash(t), path="/in/ru_meeting.txt", views=158)
    return _replace(art, **changes)


def en_article(**changes) -> Article:
    t = EN_TEXT
    japarov = Entity("Q-japarov", "Sadyr Japarov", "PERSON", "KGZ", known=True,
                     mentions=(_mention(t, "Sadyr Japarov", "PERSON"),))
    putin = Entity("Q-putin", "Vladimir Putin", "PERSON", "RUS", known=True,
                   mentions=(_mention(t, "Vladimir Putin", "PERSON"), _mention(t, "Putin said", "PERSON")))
    meet = Event("CONSULT", _span(t, "Sadyr Japarov met Vladimir Putin in Bishkek on Tuesday."), mode="visit",
                 cameo="042", actors=(Actor("Sadyr Japarov", "Q-japarov", "KGZ", "source"),
                                      Actor("Vladimir Putin", "Q-putin", "RUS", "target")),
                 date=PartialDate(2022, 3, 29, text="on Tuesday", source="relative", anchor="2022-03-30"),
                 place=Place("Bishkek", "KGZ"), stage="events")
    q = _span(t, "We personally monitor the construction of schools,")
    quote = Quote(q.text, q.start, q.end, Actor("Vladimir Putin", "Q-putin", "RUS", "speaker"), True)
    amt = _span(t, "$ 100 million")
    commit = Commitment("allocate $ 100 million for the Kambarata hydropower plant",
                        _span(t, t[t.index("Russia will"):]), Actor("Russia", "Q-russia", "RUS", "actor"),
                        Amount(100_000_000, amt.text, "USD", span=amt), PartialDate(2028), "will")
    art = Article(id="en_meeting", text=t, language="en", source="akipress.com", url="https://akipress.com/n/2",
                  title="Japarov and Putin discuss energy", published="2022-03-30",
                  entities=(japarov, putin), events=(meet,), quotes=(quote,), commitments=(commit,),
                  topics=(Topic("energy", 0.7), Topic("migration", 0.4)), tone=3.4, content_hash=content_hash(t))
    return _replace(art, **changes)


def plain_article(id: str, text: str, published: str | None = None, language: str = "en", **kw) -> Article:
    return Article(id=id, text=text, language=language, published=published, content_hash=content_hash(text), **kw)


def _replace(art: Article, **changes) -> Article:
    from dataclasses import replace

    if "text" in changes and "content_hash" not in changes:
        changes["content_hash"] = content_hash(changes["text"])
    return replace(art, **changes) if changes else art
