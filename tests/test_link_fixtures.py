"""Builders for hand-made Article records used by the link tests (no tests here).

The linker works on analysed articles; until the analysis stages land these
builders play their part: they find each surface form in the fixture text and
make the spans, so every offset is real.
"""
from __future__ import annotations

from dataclasses import dataclass

from dyadwatch.document import content_hash
from dyadwatch.records import Actor, Amount, Article, Commitment, Entity, Event, Mention, PartialDate, Place, Span

NBSP = "\u00a0"


def span(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle), needle)


@dataclass(frozen=True)
class Ent:
    id: str
    name: str
    type: str
    country: str | None
    surfaces: tuple[str, ...]
    known: bool = True


def entities(text: str, ents: list[Ent]) -> tuple[Entity, ...]:
    out = []
    for e in ents:
        mentions = []
        for s in e.surfaces:
            sp = span(text, s)
            mentions.append(Mention(sp.start, sp.end, sp.text, e.type, e.name, "fixture", 1.0, e.id))
        out.append(Entity(e.id, e.name, e.type, e.country, mentions=tuple(mentions), known=e.known,
                          stage="fixture"))
    return tuple(out)


def actor(e: Ent, role: str = "participant") -> Actor:
    return Actor(e.name, e.id, e.country, role)


def event(text: str, evidence: str, actors: list[Actor], *, type: str = "CONSULT", mode: str | None = "meeting",
          date: PartialDate | None = None, place: Ent | None = None, id: str = "", future: bool = False) -> Event:
    return Event(type=type, evidence=span(text, evidence), mode=mode, actors=tuple(actors), date=date,
                 place=Place(place.name, place.country, place.id) if place else None, id=id, future=future,
                 stage="fixture")


def day(iso: str, text: str = "", source: str = "text") -> PartialDate:
    y, m, d = (int(x) for x in iso.split("-"))
    return PartialDate(y, m, d, text=text, source=source, stage="fixture")


def yearless(month: int, dday: int, text: str) -> PartialDate:
    return PartialDate(None, month, dday, text=text, source="text", stage="fixture")


def amount(text: str, surface: str, value: float, currency: str) -> Amount:
    return Amount(value, surface, currency, None, span(text, surface), "fixture")


def commitment(text: str, evidence: str, what: str, who: Actor, *, amt: Amount | None = None,
               deadline: PartialDate | None = None, modality: str = "will") -> Commitment:
    return Commitment(what, span(text, evidence), who, amt, deadline, modality, stage="fixture")


def article(id: str, text: str, language: str, *, source: str | None = None, published: str | None = None,
            ents: tuple[Entity, ...] = (), events: tuple[Event, ...] = (), commitments: tuple[Commitment, ...] = (),
            amounts: tuple[Amount, ...] = (), dates: tuple[PartialDate, ...] = (), title: str | None = None) -> Article:
    return Article(id=id, text=text, language=language, source=source, published=published, title=title,
                   entities=ents, events=events, commitments=commitments, amounts=amounts, dates=dates,
                   content_hash=content_hash(text))
