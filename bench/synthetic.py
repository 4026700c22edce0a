"""Synthetic *analysed* articles for the store benchmark: realistic shape, made fast.

Analysing a million articles is out of reach here (the pipeline runs a few
articles per second), so ``bench_store.py`` fills the store with Article
records built directly, shaped like the pipeline's output on dyad news:

- entities: a few hundred frequent known actors (politicians, ministries,
  cities) drawn with Zipf-like weights, a long tail of unknown persons (a
  large pool, so most appear once or a few times), and the two countries of
  the dyad in every article;
- 1-3 events of assorted PLOVER types with two actors, a place and a date
  (the publication day or a few days before), dates spread over many years;
- quotes with speakers, commitments with amounts (some), topics, tone;
- bodies of real paragraphs (bench/corpus.py sources: samples and the shared
  gold texts) recombined per article, after a lead sentence that names the
  actors, so MinHash/LSH shingles real text; every span points into it;
- a share of re-published copies of a recent article (new source, next day).

Articles come from a generator (one at a time) and are deterministic for a
seed and index, so a fill streams and two runs build the same store.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from dyadwatch.document import content_hash
from dyadwatch.records import (Actor, Amount, Article, Commitment, Entity, Event, Mention, PartialDate, Place,
                               Quote, Span, Topic)

from .corpus import ROOT, source_texts

EVENT_TYPES = ("CONSULT", "AGREE", "AID", "COOPERATE", "DEMAND", "ACCUSE", "PROTEST", "SANCTION", "RETREAT")
EVENT_MODES = {"CONSULT": "meeting", "AGREE": "sign", "AID": "economic", "COOPERATE": "economic"}
TOPICS = ("energy", "migration", "trade", "security", "education", "transport", "health", "culture")
OBJECTS = ("loan", "grant", "school", "investment", "railway", "hydropower plant", "flights")
SOURCES = ("24.kg", "kabar.kg", "ria.ru", "tass.ru", "akipress.org", "sputnik.kg", "rg.ru", "kaktus.media")

_EN_SYL = ("ka", "to", "mur", "bek", "sa", "di", "ru", "al", "nur", "ta", "li", "er", "zhan", "ay", "go", "ven",
           "ko", "ser", "mi", "lo", "ban", "ish", "ul", "an", "vo", "ro", "zhu", "ma", "tur", "sul", "de", "ne",
           "bo", "pe", "chu", "ga", "ky", "ya", "shar", "el", "tem", "ze", "bu", "pa")
_RU_SYL = ("ка", "то", "мур", "бек", "са", "ди", "ру", "ал", "нур", "та", "ли", "ер", "жан", "ай", "го", "вен",
           "ко", "сер", "ми", "ло", "бан", "иш", "ул", "ан", "во", "ро", "жу", "ма", "тур", "сул", "де", "не",
           "бо", "пе", "чу", "га", "кы", "я", "шар", "ел", "тем", "зе", "бу", "па")
_FIRST = (("Ruslan", "Руслан"), ("Sergei", "Сергей"), ("Almaz", "Алмаз"), ("Dmitry", "Дмитрий"),
          ("Aigul", "Айгуль"), ("Maria", "Мария"), ("Nurlan", "Нурлан"), ("Oleg", "Олег"), ("Zhyldyz", "Жылдыз"),
          ("Anna", "Анна"), ("Bakyt", "Бакыт"), ("Ivan", "Иван"))
_SUFFIX = (("ov", "ов"), ("ev", "ев"), ("baev", "баев"), ("uulu", "уулу"), ("in", "ин"), ("kulov", "кулов"))


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    en: str
    ru: str
    country: str
    known: bool


@dataclass(frozen=True, slots=True)
class City:
    id: str
    en: str
    ru: str
    country: str


def _name(rnd: random.Random) -> tuple[str, str]:
    parts = [rnd.randrange(len(_EN_SYL)) for _ in range(rnd.randint(2, 3))]
    first = rnd.choice(_FIRST)
    suf = rnd.choice(_SUFFIX)
    en = "".join(_EN_SYL[p] for p in parts).capitalize() + suf[0]
    ru = "".join(_RU_SYL[p] for p in parts).capitalize() + suf[1]
    return f"{first[0]} {en}", f"{first[1]} {ru}"


class World:
    """The actors, places and paragraphs articles are made of (fixed for a seed)."""

    def __init__(self, seed: int = 7, known_persons: int = 300, unknown_pool: int = 400_000,
                 cities: int = 60, shared: Path | None = None) -> None:
        rnd = random.Random(seed)
        self.seed = seed
        self.persons = [Person(f"dw:person:{i}", *_name(rnd), rnd.choice(("KGZ", "RUS")), True)
                        for i in range(known_persons)]
        self.cities = [City(f"dw:city:{i}", *(n.split()[1] for n in _name(rnd)), rnd.choice(("KGZ", "RUS")))
                       for i in range(cities)]
        self.unknown_pool = unknown_pool
        # Zipf-like: the head of the list is in the news every day, the tail rarely
        self.person_weights = [1.0 / (r + 5) for r in range(known_persons)]
        self.city_weights = [1.0 / (r + 2) for r in range(cities)]
        pool = source_texts(shared if shared is not None else _shared())
        self.paragraphs = {lang: [p for doc in docs for p in doc if len(p) < 1500] for lang, docs in pool.items()}
        self.start = date(2010, 1, 1)
        self.days = 15 * 365

    @lru_cache(maxsize=4096)
    def unknown(self, j: int) -> Person:
        rnd = random.Random(f"{self.seed}:unknown:{j}")
        return Person(f"unk:person:{j}", *_name(rnd), rnd.choice(("KGZ", "RUS")), False)


def _shared() -> Path | None:
    p = ROOT.parent / "shared"
    return p if p.is_dir() else None


_COUNTRIES = (Entity("Q159", "Russia", "GPE", "RUS", "Q159", known=True),
              Entity("Q813", "Kyrgyzstan", "GPE", "KGZ", "Q813", known=True))
_COUNTRY_RU = {"Q159": "Россия", "Q813": "Кыргызстан"}


class _Text:
    """Builds a body piece by piece and hands out the spans of what it wrote."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, s: str) -> Span:
        start = self.length
        self.parts.append(s)
        self.length += len(s)
        return Span(start, self.length, s)

    def text(self) -> str:
        return "".join(self.parts)


def make_article(world: World, i: int, day: date | None = None) -> Article:
    """Article number ``i`` of the synthetic stream (deterministic for world seed and i)."""
    rnd = random.Random(f"{world.seed}:article:{i}")
    lang = "ru" if i % 3 else "en"
    if day is None:
        day = world.start + timedelta(days=rnd.randrange(world.days))
    known = rnd.choices(world.persons, world.person_weights, k=rnd.randint(1, 2))
    people = list(dict.fromkeys(known))
    if rnd.random() < 0.6:  # the long tail: someone the gazetteer does not know
        people.append(world.unknown(int(world.unknown_pool * rnd.random() ** 1.5)))
    city = rnd.choices(world.cities, world.city_weights)[0]
    body = _Text()
    mentions: dict[str, list[Mention]] = {}

    def name(p: Person | City) -> str:
        return p.ru if lang == "ru" else p.en

    def mention(ent_id: str, s: str, kind: str) -> Span:
        sp = body.add(s)
        mentions.setdefault(ent_id, []).append(Mention(sp.start, sp.end, s, kind, entity=ent_id, stage="ner"))
        return sp

    a = people[0]
    b = people[1] if len(people) > 1 else None
    lead_start = body.length
    mention(a.id, name(a), "PERSON")
    if b is not None:
        body.add(" провёл переговоры с\u00a0" if lang == "ru" else " met ")
        mention(b.id, name(b), "PERSON")
    else:
        body.add(" прибыл с\u00a0визитом" if lang == "ru" else " arrived on a visit")
    body.add(" в\u00a0" if lang == "ru" else " in ")
    mention(city.id, name(city), "GPE")
    body.add(". ")
    lead = Span(lead_start, body.length - 1, body.text()[lead_start:body.length - 1])
    for c in _COUNTRIES:
        mention(c.id, _COUNTRY_RU[c.id] if lang == "ru" else c.name, "GPE")
        body.add(" и " if lang == "ru" and c.id == "Q159" else (" and " if c.id == "Q159" else ". "))
    paras = world.paragraphs[lang]
    for _ in range(rnd.randint(2, 5)):
        body.add("\n\n" + paras[rnd.randrange(len(paras))])
    quotes: list[Quote] = []
    if rnd.random() < 0.5:
        body.add("\n\n")
        said = "Мы договорились о\u00a0многом" if lang == "ru" else "We agreed on a great deal"
        q = body.add(f"«{said}»" if lang == "ru" else f"“{said}”")
        body.add(", – отметил " if lang == "ru" else ", said ")
        mention(a.id, name(a), "PERSON")
        body.add(".")
        quotes.append(Quote(q.text[1:-1], q.start + 1, q.end - 1, Actor(name(a), a.id, a.country, "speaker"),
                            stage="quotes"))
    commitments: list[Commitment] = []
    if rnd.random() < 0.1:
        value = rnd.randrange(1, 500) * 1_000_000
        what = rnd.choice(OBJECTS)
        money = f"${value // 1_000_000} million"
        body.add(f"\n\nRussia will provide a {what} of ")
        m = body.add(money)
        body.add(".")
        commitments.append(Commitment(what, m, Actor("Russia", "Q159", "RUS", "actor"),
                                      Amount(float(value), money, "USD", span=m), stage="commitments"))
    text = body.text()
    ents = [Entity(p.id, p.en, "PERSON", p.country, known=p.known, mentions=tuple(mentions.get(p.id, ())),
                   stage="resolve") for p in people]
    ents.append(Entity(city.id, city.en, "GPE", city.country, known=True, mentions=tuple(mentions[city.id])))
    ents.extend(Entity(c.id, c.name, c.type, c.country, c.wikidata, tuple(mentions[c.id]), known=True)
                for c in _COUNTRIES)
    events = []
    first_type = min(int(rnd.expovariate(0.6)), len(EVENT_TYPES) - 1)
    for k in range(rnd.randint(1, 3)):  # an article's events are of different types
        etype = EVENT_TYPES[(first_type + k) % len(EVENT_TYPES)]
        ev_day = day - timedelta(days=rnd.randrange(3))
        actors = (Actor(a.en, a.id, a.country, "source"),
                  Actor(b.en, b.id, b.country, "target") if b else Actor("Kyrgyzstan", "Q813", "KGZ", "target"))
        events.append(Event(etype, lead, mode=EVENT_MODES.get(etype), actors=actors,
                            date=PartialDate(ev_day.year, ev_day.month, ev_day.day, source="text"),
                            place=Place(city.en, city.country, city.id), tone=round(rnd.uniform(-3, 3), 2),
                            id=f"e{k + 1}", stage="events"))
    topics = tuple(Topic(t, round(rnd.uniform(0.2, 0.9), 2)) for t in rnd.sample(TOPICS, rnd.randint(1, 3)))
    return Article(id=f"syn-{i:07d}", text=text, language=lang, source=rnd.choice(SOURCES),
                   url=f"https://news.example/{i}", title=text[:80].split(".")[0], published=day.isoformat(),
                   entities=tuple(ents), events=tuple(events), quotes=tuple(quotes),
                   commitments=tuple(commitments), topics=topics, tone=round(rnd.uniform(-2, 2), 2),
                   content_hash=content_hash(text), path=f"/corpus/{i}.txt")


def republished(world: World, i: int, original: Article) -> Article:
    """A copy of ``original`` on another site the next day (same body, so a duplicate)."""
    rnd = random.Random(f"{world.seed}:copy:{i}")
    day = date.fromisoformat(original.published[:10]) + timedelta(days=1)
    # a reprint credits its source: not byte-identical (ingest skips those before analysis), still a duplicate
    text = original.text + f"\n\n{rnd.choice(SOURCES)}"
    return Article(id=f"syn-{i:07d}", text=text, language=original.language,
                   source=rnd.choice(SOURCES), url=f"https://copy.example/{i}", title=original.title,
                   published=day.isoformat(), entities=original.entities, events=original.events,
                   quotes=original.quotes, commitments=original.commitments, topics=original.topics,
                   tone=original.tone, content_hash=content_hash(text), path=f"/corpus/{i}.txt")


def stream(world: World, start: int, stop: int, copy_share: float = 0.03,
           day_of: Callable[[int], date] | None = None) -> Iterator[Article]:
    """Articles ``start`` .. ``stop - 1``; a re-published copy reuses a recent article's body.

    ``day_of(i)``, when given, dates article ``i`` (an archive filled in time order) instead of a
    random day of the world's fixed span."""
    recent: list[Article] = []
    for i in range(start, stop):
        rnd = random.Random(f"{world.seed}:kind:{i}")
        if recent and rnd.random() < copy_share:
            art = republished(world, i, recent[rnd.randrange(len(recent))])
        else:
            art = make_article(world, i, day_of(i) if day_of is not None else None)
            recent.append(art)
            if len(recent) > 200:
                recent.pop(0)
        yield art
