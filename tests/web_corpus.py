"""A small analysed corpus for the dashboard, report and browser tests.

Hand-written English and Russian texts in the shapes of scraped news
(non-breaking spaces, «» and “” quotes, dash attributions, case forms, a typo
in a name), turned into contract ``Article`` records with offsets found in
the text — the shape the pipeline produces — so the web layer can be tested
without loading models. One article carries HTML and a script in its text and
title: it must be shown as text.
"""
from __future__ import annotations

from pathlib import Path

from dyadwatch.document import content_hash
from dyadwatch.records import (Actor, Amount, Article, Commitment, Entity, Event, Mention, PartialDate, Place, Quote,
                               Span, Topic)

NB = "\u00a0"

JAPAROV = ("person:sadyr-japarov", "Sadyr Japarov", "PERSON", "KGZ")
PUTIN = ("person:vladimir-putin", "Vladimir Putin", "PERSON", "RUS")
KOSACHEV = ("person:konstantin-kosachev", "Konstantin Kosachev", "PERSON", "RUS")
MAMYTOV = ("person:talant-mamytov", "Talant Mamytov", "PERSON", "KGZ")
LAVROV = ("person:sergey-lavrov", "Sergey Lavrov", "PERSON", "RUS")
KAZAKBAEV = ("person:ruslan-kazakbaev", "Ruslan Kazakbaev", "PERSON", "KGZ")
RUSSIA = ("Q159", "Russia", "GPE", "RUS")
KYRGYZSTAN = ("Q813", "Kyrgyzstan", "GPE", "KGZ")
MOSCOW = ("Q649", "Moscow", "GPE", "RUS")
BISHKEK = ("Q9361", "Bishkek", "GPE", "KGZ")


def find(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle), needle)


def entity(text: str, who: tuple[str, str, str, str], *surfaces: str, roles: tuple[str, ...] = ()) -> Entity:
    mentions = []
    for s in surfaces:
        sp = find(text, s)
        mentions.append(Mention(sp.start, sp.end, s, who[2], stage="test", entity=who[0]))
    return Entity(who[0], who[1], who[2], who[3], mentions=tuple(mentions), roles=roles, known=True, stage="test")


def actor(who: tuple[str, str, str, str], role: str) -> Actor:
    return Actor(who[1], who[0], who[3], role)


def sentence(text: str, inside: str) -> Span:
    sp = find(text, inside)
    dot = text.rfind(". ", 0, sp.start)
    start = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, sp.start) + 1)
    end = text.find(".", sp.end)
    end = len(text) if end < 0 else end + 1
    return Span(start, end, text[start:end])


def day(iso: str, text: str = "", span: Span | None = None, source: str = "text") -> PartialDate:
    y, m, d = (int(x) for x in iso.split("-"))
    return PartialDate(y, m, d, text=text or iso, source=source, span=span, stage="test")


def _article(id: str, text: str, **kw) -> Article:
    return Article(id=id, text=text, content_hash=content_hash(text), **kw)


def meeting_en() -> Article:
    text = (f"Sadyr Japarov and Vladimir Putin met in Moscow on Tuesday to discuss labour migration and trade.\n\n"
            f"“We personally monitor the situation of migrants,” said Vladimir Putin after the talks.\n\n"
            f"Russia will provide a loan of $ 100{NB}million to Kyrgyzstan by 1 September 2025, "
            f"the Kremlin said.")
    ev = Event("CONSULT", sentence(text, "met in Moscow"), mode="visit", cameo="042",
               actors=(actor(JAPAROV, "source"), actor(PUTIN, "target")),
               date=day("2024-03-12", "on Tuesday", find(text, "on Tuesday"), "relative"),
               place=Place("Moscow", "RUS", MOSCOW[0]), trigger=find(text, "met"), id="ev:meeting-2024-03-12",
               stage="test")
    q_text = "We personally monitor the situation of migrants,"
    q = find(text, q_text)
    quote = Quote(q_text, q.start, q.end, Actor(PUTIN[1], PUTIN[0], PUTIN[3], "speaker"), True,
                  sentence(text, "personally monitor"), find(text, "said"), stage="test")
    amt = Amount(100_000_000, f"$ 100{NB}million", "USD", span=find(text, f"$ 100{NB}million"), stage="test")
    com = Commitment("provide a loan to Kyrgyzstan", sentence(text, "will provide"), actor(RUSSIA, "actor"), amt,
                     day("2025-09-01", "by 1 September 2025", find(text, "1 September 2025")), "will",
                     id="cm:loan-100m", stage="test")
    return _article(
        "en_meeting", text, language="en", source="24.kg", url="https://example.org/en/meeting",
        title="Japarov and Putin meet in Moscow", published="2024-03-13T10:15:00",
        entities=(entity(text, JAPAROV, "Sadyr Japarov", roles=("President of Kyrgyzstan",)),
                  entity(text, PUTIN, "Vladimir Putin", roles=("President of Russia",)),
                  entity(text, MOSCOW, "Moscow"), entity(text, RUSSIA, "Russia"), entity(text, KYRGYZSTAN, "Kyrgyzstan")),
        events=(ev,), quotes=(quote,), commitments=(com,), amounts=(amt,),
        dates=(ev.date, com.deadline), topics=(Topic("migration", 0.7), Topic("trade", 0.5)), tone=4.5,
        story="story:moscow-visit")


def meeting_ru() -> Article:
    text = (f"Президент Кыргызстана Садыр Жапаров и Владимир Путин провели переговоры в{NB}Москве 12 марта.\n\n"
            f"Стороны обсудили положение трудовых мигрантов и{NB}торговлю.\n\n"
            f"«Мы лично следим за ситуацией с мигрантами», – отметил Владимир Путин.")
    ev = Event("CONSULT", sentence(text, "провели переговоры"), mode="visit", cameo="042",
               actors=(Actor(JAPAROV[1], JAPAROV[0], "KGZ", "source"), Actor(PUTIN[1], PUTIN[0], "RUS", "target")),
               date=day("2024-03-12", "12 марта", find(text, "12 марта")), place=Place("Moscow", "RUS", MOSCOW[0]),
               trigger=find(text, "провели переговоры"), id="ev:meeting-2024-03-12", stage="test")
    q_text = "Мы лично следим за ситуацией с мигрантами"
    q = find(text, q_text)
    quote = Quote(q_text, q.start, q.end, Actor(PUTIN[1], PUTIN[0], "RUS", "speaker"), True,
                  cue=find(text, "отметил"), stage="test")
    return _article(
        "ru_meeting", text, language="ru", source="kabar.kg", url="https://example.org/ru/vstrecha",
        title="Жапаров и Путин провели переговоры", published="2024-03-13T12:40:00",
        entities=(entity(text, JAPAROV, "Садыр Жапаров", roles=("Президент Кыргызстана",)),
                  entity(text, PUTIN, "Владимир Путин", roles=("President of Russia",)),
                  entity(text, MOSCOW, f"Москве"), entity(text, KYRGYZSTAN, "Кыргызстана")),
        events=(ev,), quotes=(quote,), dates=(ev.date,), topics=(Topic("migration", 0.8),), tone=4.0,
        story="story:moscow-visit")


def visit_en() -> Article:
    text = (f"Konstantin Kosachev arrived in Bishkek on Monday and held talks with Talent Mamytov, "
            f"the speaker of parliament.\n\nThe sides discussed education and places for Kyrgyz students in Russian "
            f"universities.")
    ev = Event("CONSULT", sentence(text, "held talks"), mode="visit", cameo="043",
               actors=(actor(KOSACHEV, "source"), actor(MAMYTOV, "target")),
               date=day("2024-05-20", "on Monday", find(text, "on Monday"), "relative"),
               place=Place("Bishkek", "KGZ", BISHKEK[0]), trigger=find(text, "held talks"), id="ev:visit-2024-05-20",
               stage="test")
    return _article(
        "en_visit", text, language="en", source="akipress.com", title="Kosachev visits Bishkek",
        published="2024-05-21", entities=(
            entity(text, KOSACHEV, "Konstantin Kosachev", roles=("Deputy Chairman of the Federation Council",)),
            entity(text, MAMYTOV, "Talent Mamytov", roles=("Speaker of Parliament",)),
            entity(text, BISHKEK, "Bishkek")),
        events=(ev,), dates=(ev.date,), topics=(Topic("education", 0.9),), tone=3.0)


def call_ru() -> Article:
    text = (f"Министр иностранных дел России Сергей Лавров провёл телефонный разговор с{NB}Русланом Казакбаевым. "
            f"Обсуждались вопросы безопасности на{NB}границе и энергетики.\n\n"
            f"Россия построит в Кыргызстане солнечную электростанцию до конца 2024 года, – сообщил Сергей Лавров.")
    ev = Event("CONSULT", sentence(text, "телефонный разговор"), mode="phone", cameo="041",
               actors=(actor(LAVROV, "source"), actor(KAZAKBAEV, "target")), date=day("2024-06-03", source="published"),
               trigger=find(text, "телефонный разговор"), id="ev:call-2024-06-03", stage="test")
    com = Commitment("построит солнечную электростанцию", sentence(text, "построит"), actor(RUSSIA, "actor"),
                     deadline=PartialDate(2024, text="до конца 2024 года", span=find(text, "до конца 2024 года"),
                                          stage="test"), modality="will", id="cm:solar", stage="test")
    return _article(
        "ru_call", text, language="ru", source="tass.ru", title="Лавров и Казакбаев обсудили безопасность",
        published="2024-06-03T09:00:00", entities=(
            entity(text, LAVROV, "Сергей Лавров", roles=("Minister of Foreign Affairs of Russia",)),
            entity(text, KAZAKBAEV, "Русланом Казакбаевым"), entity(text, RUSSIA, "России")),
        events=(ev,), commitments=(com,), dates=(com.deadline,), topics=(Topic("security", 0.6), Topic("energy", 0.5)),
        tone=1.5)


def hostile_markup() -> Article:
    """Text and title with markup a careless page would execute."""
    text = ("Bishkek hosted a forum on 2 April 2024. A reader comment said <script>window.pwned=1</script> "
            "and <img src=x onerror=\"window.pwned=2\"> <b>bold</b> & more.")
    return _article(
        "xss_probe", text, language="en", source="example.com", title="Forum <script>window.pwned=3</script>",
        published="2024-04-03", entities=(entity(text, BISHKEK, "Bishkek"),),
        dates=(day("2024-04-02", "2 April 2024", find(text, "2 April 2024")),), topics=(Topic("trade", 0.2),),
        tone=0.5)


def corpus() -> list[Article]:
    return [meeting_en(), meeting_ru(), visit_en(), call_ru(), hostile_markup()]


def write_db(path: Path) -> Path:
    from dyadwatch.store import open_store

    from dyadwatch.link.storage import link_stored

    store = open_store(path)
    try:
        store.write(corpus())
        link_stored(store)  # merged events, stories and the ledger, as ingest stores them
    finally:
        store.close()
    return path

