"""What the linker keeps of an article: the few fields it compares, extracted once.

Built from an ``Article`` at ``add`` time and stored in the index as the
``features`` record, so candidates are compared without re-reading articles.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

from ..document import stable_id
from ..records import Article, Entity, Event, PartialDate, Span
from .config import LinkConfig
from .timing import DayRange, When, distance, event_when, from_partial, published_day, url_when

_UNKNOWN_ORDER = "9999-12-31"


@dataclass(frozen=True, slots=True)
class EntityInfo:
    id: str
    name: str
    type: str
    country: str | None
    known: bool
    is_country: bool


@dataclass(frozen=True, slots=True)
class EventInfo:
    key: str  # "<article id>#<event id>", unique corpus-wide
    article_id: str
    event_id: str
    type: str
    mode: str | None
    cameo: str | None
    future: bool
    negated: bool
    actor_ids: tuple[str, ...]  # entity ids, or "country:XXX" for an actor with a country only
    actor_names: tuple[tuple[str, str, str | None, str], ...]  # (key, name, country, role)
    country_actor_ids: frozenset[str]  # the actors that are whole countries
    date_stated: bool  # the date comes from the text, not from the publication date
    place_key: str | None
    place: Any  # records.Place | None
    when: When | None
    date: PartialDate | None
    evidence: Span


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    id: str
    published: date | None
    order_key: tuple[str, str, str]  # (published, ingested, id): who came first
    language: str | None
    source: str | None
    content_hash: str
    entities: tuple[EntityInfo, ...]
    events: tuple[EventInfo, ...]
    whens: tuple[When, ...]  # publication and event dates, for stories
    # what stories compare (countries left out: every article of a dyad names both)
    persons: frozenset[str] = frozenset()
    orgs: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()  # place entities and names, event places included
    event_places: frozenset[str] = frozenset()
    # a date that a story sibling or another report of its event may complete (a year-less day,
    # an event without a date); None in a record stored before this was kept, read as "may"
    completable_dates: bool | None = None

    def entity(self, eid: str) -> EntityInfo | None:
        for e in self.entities:
            if e.id == eid:
                return e
        return None


CARD_KIND = "card"  # the index records holding each article's ArticleCard


@dataclass(frozen=True, slots=True)
class ArticleCard:
    """What linking compares of a *candidate* article (stories, the namesake guard), kept apart from
    its ``ArticleFeatures``.

    A probe compares a dozen candidates or more, most of which do not match, and a store decodes each
    one it reads: the features (events, entity records, partial dates: ~20 objects) take ~34 us to
    decode at best, a card ~9 (bench/bench_store.py's stores). In a dense archive of a million
    articles, decoding candidates' features was the part of linking that grew most with the archive.
    """

    whens: tuple[When, ...]
    persons: frozenset[str]
    orgs: frozenset[str]
    places: frozenset[str]
    event_places: frozenset[str]
    entities: frozenset[str]  # every entity id but the countries (the namesake guard's context)
    # the day (ordinal) that places the article in a story's span: its publication, else its text's
    # earliest day; None when it has neither (or a card stored before this was kept)
    anchor: int | None = None


def article_card(feats: ArticleFeatures) -> ArticleCard:
    return ArticleCard(feats.whens, feats.persons, feats.orgs, feats.places, feats.event_places,
                       frozenset(e.id for e in feats.entities if not e.is_country), anchor_day(feats))


def anchor_day(feats: ArticleFeatures) -> int | None:
    if feats.published is not None:
        return feats.published.toordinal()
    days = [w.start.toordinal() for w in feats.whens if isinstance(w, DayRange)]
    return min(days) if days else None


EVENT_CARD_KIND = "event:card"  # the index records holding each event's EventCard


@dataclass(frozen=True, slots=True)
class EventCard:
    """What ``EventMerger.same_event`` compares of a candidate report, kept apart from its
    ``EventInfo`` (whose partial date, place, evidence and actor names build merged events and
    are not compared): decoded for each of up to a dozen candidates per event, in ~6 us against ~16."""

    type: str
    mode: str | None
    future: bool
    negated: bool
    actor_ids: tuple[str, ...]
    country_actor_ids: frozenset[str]
    date_stated: bool
    place_key: str | None
    when: When | None


def event_card(ev: EventInfo) -> EventCard:
    return EventCard(ev.type, ev.mode, ev.future, ev.negated, ev.actor_ids, ev.country_actor_ids, ev.date_stated,
                     ev.place_key, ev.when)


def read_event_cards(index: Any, keys: Iterable[str]) -> dict[str, EventCard]:
    """The cards of these events (by event key), read together; from their ``EventInfo`` where an
    index has none (see ``read_cards``)."""
    return _read_cards(index, EVENT_CARD_KIND, "event", event_card, keys)


def read_cards(index: Any, ids: Iterable[str]) -> dict[str, ArticleCard]:
    """The cards of these articles, read together. An article filed without a card (by a linker from
    before cards, in an index that migration 0010 has not reached) gets one made from its features."""
    return _read_cards(index, CARD_KIND, "features", article_card, ids)


def _read_cards(index: Any, kind: str, full_kind: str, make: Any, ids: Iterable[str]) -> dict[str, Any]:
    ids = list(ids)
    cards = index.get_many(kind, ids)
    missing = [i for i in ids if i not in cards]
    if missing:
        cards.update({i: make(full) for i, full in index.get_many(full_kind, missing).items()})
    return cards


@lru_cache(maxsize=512)
def _country_names(alpha3: str) -> frozenset[str]:
    """Every common name of a country (pycountry + Babel, English and Russian)."""
    import pycountry
    from babel import Locale

    c = pycountry.countries.get(alpha_3=alpha3.upper())
    if c is None:
        return frozenset()
    names = {getattr(c, a, "") for a in ("name", "official_name", "common_name")}
    for loc in ("en", "ru"):
        names.add(Locale(loc).territories.get(c.alpha_2, ""))
    return frozenset(n.casefold() for n in names if n)


def is_country(entity: Entity) -> bool:
    if entity.type not in ("GPE", "LOC") or not entity.country:
        return False
    names = _country_names(entity.country)
    return entity.name.casefold() in names or any(a.casefold() in names for a in entity.aliases)


def event_key(article_id: str, event: Event, position: int) -> str:
    eid = event.id or stable_id(event.type, event.evidence.start, event.evidence.end, position, prefix="ev_")
    return f"{article_id}#{eid.replace('#', '_')}"  # the last '#' separates the article id


def place_key(place: Any) -> str | None:
    if place is None:
        return None
    return place.entity or place_name_key(place.name)


def extract_features(article: Article, config: LinkConfig) -> ArticleFeatures:
    published = published_day(article)
    from_url = url_when(article.url) if published is None else None
    if from_url is not None and from_url.start == from_url.end:  # the day a news URL states
        published = from_url.start
    entities = tuple(EntityInfo(e.id, e.name, e.type, e.country, e.known, is_country(e)) for e in article.entities)
    countries = {e.id for e in entities if e.is_country}
    events = []
    for i, ev in enumerate(article.events):
        ids: list[str] = []
        names: list[tuple[str, str, str | None, str]] = []
        for a in ev.actors:
            k = a.entity or (f"country:{a.country}" if a.country else None)
            if k and k not in ids:
                ids.append(k)
                names.append((k, a.name, a.country, a.role))
        key = event_key(article.id, ev, i)
        events.append(EventInfo(
            key=key, article_id=article.id, event_id=key.rsplit("#", 1)[1], type=ev.type, mode=ev.mode,
            cameo=ev.cameo, future=ev.future, negated=ev.negated, actor_ids=tuple(ids), actor_names=tuple(names),
            country_actor_ids=frozenset(k for k in ids if k in countries or k.startswith("country:")),
            date_stated=ev.date is not None and ev.date.source != "published" and ev.date.month is not None,
            place_key=place_key(ev.place), place=ev.place,
            when=event_when(ev, published, config.undated_event_lookback_days), date=ev.date,
            evidence=ev.evidence))
    whens: list[When] = []
    if published is not None:
        whens.append(DayRange(published, published))
    for ev in article.events:
        if ev.date is not None and ev.date.source != "cluster":
            w = from_partial(ev.date)
            # what happened years before the news (background) does not place it in a story
            if w is not None and w not in whens and (published is None or distance(w, whens[0]) <=
                                                     config.story_max_span_days):
                whens.append(w)
    if published is None:  # an undated article is placed by the dates its text gives
        for d in article.dates:
            w = from_partial(d) if d.source != "cluster" else None
            if w is not None and w not in whens:
                whens.append(w)
    ingested = str(article.meta.get("ingested") or "") if article.meta else ""
    stamp = article.published or (published.isoformat() if published else _UNKNOWN_ORDER)
    if len(stamp) == 10:
        # a day without a time is not known to be earlier than a report timed that day: it goes after them
        stamp += "T~"
    order = (stamp, ingested, article.id)
    persons, orgs, places, event_places = set(), set(), set(), set()
    for e in entities:
        if e.is_country:
            continue
        if e.type == "PERSON":
            persons.add(e.id)
        elif e.type == "ORG":
            orgs.add(e.id)
        elif e.type in ("GPE", "LOC"):
            places.update(k for k in (e.id, place_name_key(e.name)) if k)
    for ev in article.events:
        if ev.place is not None:
            event_places.update(k for k in (ev.place.entity, place_name_key(ev.place.name)) if k)
    completable = (any(d.year is None for d in article.dates)
                   or any(ev.date is None or ev.date.year is None for ev in article.events))
    return ArticleFeatures(article.id, published, order, article.language, article.source,
                           article.content_hash, entities, tuple(events), tuple(whens), frozenset(persons),
                           frozenset(orgs), frozenset(places | event_places), frozenset(event_places),
                           completable)


def place_name_key(name: str | None) -> str | None:
    name = " ".join((name or "").split()).casefold()
    return f"place:{name}" if name else None
