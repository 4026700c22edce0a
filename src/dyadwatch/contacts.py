"""Contacts between the two sides of the dyad: who met whom, when, and at what level.

A *contact* is a stored event of one of the kinds of ``knowledge/contacts/contacts.yaml``
(meeting, visit, phone call, agreement signed) with at least one actor of each side of
``Settings.dyad``. Reports of the same contact are one row: those linking merged into one
real-world event (the store's merged events), else the same day, kind and actor set
(``group_reports``). The *level* (heads of state and government, ministers, parliament, other) comes
from the offices the actors held on the contact's day, through the gazetteer's office
holders with their dates; a contact is at the level of its highest-ranking participant.

``timeline`` lists the contacts of a period; ``matrix`` counts them per pair of actors.
Both are plain frozen dataclasses with ``to_dict`` for the dashboard and its JSON twins.
"""
from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Iterable, Sequence

from .knowledge import load_yaml
from .store import Filters, Store, linked_lists
from .store.rows import Actor, EventRow

MAX_EVENTS = 5000  # events read per period; beyond it the answer says it is truncated
KNOWLEDGE = "contacts/contacts.yaml"


# --------------------------------------------------------------------------- knowledge
@dataclass(frozen=True, slots=True)
class ContactKind:
    kind: str
    label: str
    types: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    cameo: tuple[str, ...] = ()

    def matches(self, type_: str | None, mode: str | None, cameo: str | None) -> bool:
        if self.types and (type_ or "").upper() not in self.types:
            return False
        if not (self.modes or self.cameo):
            return True
        return (mode or "").lower() in self.modes or (cameo or "") in self.cameo


@dataclass(frozen=True, slots=True)
class Level:
    level: str
    label: str
    roles: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()

    def takes(self, roles: Iterable[str], klass: str | None) -> bool:
        if klass and klass in self.classes:
            return True
        return any(fnmatch.fnmatchcase(r, pattern) for r in roles for pattern in self.roles)


@dataclass(frozen=True, slots=True)
class ContactRules:
    kinds: tuple[ContactKind, ...]
    levels: tuple[Level, ...]

    def kind_of(self, type_: str | None, mode: str | None, cameo: str | None) -> ContactKind | None:
        return next((k for k in self.kinds if k.matches(type_, mode, cameo)), None)

    def level_of(self, roles: Sequence[str], klass: str | None) -> Level:
        """The first level that takes these offices; the last level (the fallback) otherwise."""
        return next((lv for lv in self.levels[:-1] if lv.takes(roles, klass)), self.levels[-1])

    def rank(self, level: str) -> int:
        return next((i for i, lv in enumerate(self.levels) if lv.level == level), len(self.levels))

    def label(self, level: str) -> str:
        return next((lv.label for lv in self.levels if lv.level == level), level)


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()) if str(v).strip())


@lru_cache(maxsize=8)
def load_rules(paths: tuple[str, ...] = ()) -> ContactRules:
    """The kinds and levels of ``contacts.yaml``, bundled and users' (see its README)."""
    data = load_yaml(KNOWLEDGE, paths) or {}
    kinds = tuple(ContactKind(str(k["kind"]), str(k.get("label") or k["kind"]),
                              tuple(t.upper() for t in _strings(k.get("types"))),
                              tuple(m.lower() for m in _strings(k.get("modes"))), _strings(k.get("cameo")))
                  for k in data.get("kinds") or ())
    merged: dict[str, Level] = {}
    for entry in data.get("levels") or ():
        key = str(entry["level"])
        old = merged.get(key)
        merged[key] = Level(key, str(entry.get("label") or (old.label if old else key)),
                            (old.roles if old else ()) + _strings(entry.get("roles")),
                            (old.classes if old else ()) + _strings(entry.get("classes")))
    if not kinds or not merged:
        raise ValueError(f"{KNOWLEDGE} needs at least one kind and one level")
    return ContactRules(kinds, tuple(merged.values()))


class OfficeBook:
    """The offices an actor held on a day, from the gazetteer (office holders and organisations)."""

    def __init__(self, paths: tuple[str, ...] = ()) -> None:
        from .stages.gazetteer_index import load_gazetteer

        self.gz = load_gazetteer(paths)

    def known(self, actor: Actor) -> Any:
        from .translit import name_key

        if actor.entity and actor.entity in self.gz.entities:
            return self.gz.entities[actor.entity]
        key = name_key(actor.name or "")
        ids = self.gz.person_keys.get(key) or self.gz.name_keys.get(key) or set()
        return self.gz.entities[next(iter(ids))] if len(ids) == 1 else None

    def offices(self, actor: Actor, day: date | None) -> tuple[tuple[str, ...], str | None, str | None]:
        """(role keys held on ``day``, institution class, country) of the actor, as far as knowledge says."""
        known = self.known(actor)
        if known is None:
            return (), None, None
        held = tuple(dict.fromkeys(h.role for h in known.holdings
                                   if day is None or (h.covers(day) and h.certain(day))))
        return held, known.klass, known.country


# --------------------------------------------------------------------------- rows
@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    entity: str | None
    country: str | None
    side: str  # the dyad's country code this actor stands for, or "" for a third party
    level: str
    offices: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "entity": self.entity, "country": self.country, "side": self.side,
                "level": self.level, "offices": list(self.offices)}


@dataclass(frozen=True, slots=True)
class Report:
    event: str
    article: str
    title: str | None
    source: str | None
    language: str | None
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event, "article": self.article, "title": self.title, "source": self.source,
                "language": self.language, "published": self.published}


@dataclass(frozen=True, slots=True)
class Contact:
    day: str | None
    kind: str
    kind_label: str
    level: str
    level_label: str
    participants: tuple[Participant, ...]
    reports: tuple[Report, ...]
    place: str | None = None
    evidence: str = ""

    @property
    def event(self) -> str:
        """The event page this row opens: its first report's."""
        return self.reports[0].event

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event, "day": self.day, "kind": self.kind, "kind_label": self.kind_label,
                "level": self.level, "level_label": self.level_label, "place": self.place,
                "evidence": self.evidence, "participants": [p.to_dict() for p in self.participants],
                "reports": [r.to_dict() for r in self.reports],
                "sources": sorted({r.source for r in self.reports if r.source})}


def contact_day(ev: EventRow) -> str | None:
    """The contact's day: the event's own date when it has a year, else its article's publication day."""
    if ev.date and ev.date[:4].isdigit():
        return ev.date
    return (ev.article.published or "")[:10] or None


def _as_date(day: str | None) -> date | None:
    from .stages.gazetteer_index import parse_bound

    try:
        return parse_bound(day, False) if day and day[:4].isdigit() else None
    except ValueError:
        return None


def _actor_key(a: Actor | Participant) -> str:
    return a.entity or f"name:{a.name}"


def group_reports(events: Iterable[EventRow], rules: ContactRules,
                  merged_of: dict[tuple[str, str], str] | None = None) -> list[tuple[ContactKind, list[EventRow]]]:
    """Reports of one contact together: those linking merged into one real-world event (``merged_of``:
    (article id, event id) -> merged event id, from the store), else same day, same kind, same actor set.
    Events of no contact kind are left out."""
    merged_of = merged_of or {}
    groups: dict[tuple, tuple[ContactKind, list[EventRow]]] = {}
    for ev in events:
        kind = rules.kind_of(ev.type, ev.mode, ev.cameo)
        if kind is None:
            continue
        merged = merged_of.get((ev.article.id, ev.event_id or ""))
        key = (("merged", merged) if merged
               else (contact_day(ev), kind.kind, frozenset(_actor_key(a) for a in ev.actors)))
        groups.setdefault(key, (kind, []))[1].append(ev)
    return list(groups.values())


def _contact(kind: ContactKind, reports: list[EventRow], dyad: tuple[str, ...], rules: ContactRules,
             book: OfficeBook) -> Contact | None:
    first = reports[0]
    day = contact_day(first)
    on = _as_date(day)
    people = []
    # the actors of all its reports: one report may name only one side of a meeting another reports whole
    actors = {_actor_key(a): a for r in reversed(reports) for a in r.actors}
    for a in actors.values():
        roles, klass, known_country = book.offices(a, on)
        country = a.country or known_country
        people.append(Participant(a.name, a.entity, country, country if country in dyad else "",
                                  rules.level_of(roles, klass).level, roles))
    if len({p.side for p in people if p.side}) < len(set(dyad)):
        return None  # not a contact between the two sides
    top = min((p.level for p in people if p.side), key=rules.rank)
    # one report per article (an article that tells the contact twice lists once)
    refs = sorted({(r.article.published or "9999", r.article.id): r for r in reversed(reports)}.items())
    return Contact(day, kind.kind, kind.label, top, rules.label(top), tuple(people),
                   tuple(Report(r.id, r.article.id, r.article.title, r.article.source, r.article.language,
                                (r.article.published or "")[:10] or None) for _, r in refs),
                   first.place.name if first.place else None, first.evidence.text if first.evidence else "")


def contacts(store: Store, dyad: Sequence[str], start: str | None = None, end: str | None = None,
             paths: tuple[str, ...] = ()) -> tuple[list[Contact], bool]:
    """The contacts of a period, oldest first, and whether the period held more events than were read."""
    dyad = tuple(dyad)
    rules, book = load_rules(paths), OfficeBook(paths)
    page = store.events(Filters(date_from=start, date_to=end, dyad=dyad), limit=MAX_EVENTS)
    merged_of = linked_lists.merged_ids(store, [(ev.article.id, ev.event_id or "") for ev in page.items])
    out = [c for kind, group in group_reports(page.items, rules, merged_of)
           if (c := _contact(kind, group, dyad, rules, book)) is not None]
    out.sort(key=lambda c: (c.day or "", rules.rank(c.level), c.event))
    return out, page.total > len(page.items)


# --------------------------------------------------------------------------- timeline
@dataclass(frozen=True, slots=True)
class Timeline:
    start: str | None
    end: str | None
    dyad: tuple[str, ...]
    contacts: tuple[Contact, ...]  # after the level / kind filters
    levels: tuple[tuple[str, str, int], ...]  # (level, label, contacts of the period at that level)
    kinds: tuple[tuple[str, str, int], ...]
    truncated: bool = False

    def months(self) -> list[dict[str, Any]]:
        """The contacts grouped by month (YYYY-MM; "undated" last), oldest first."""
        out: dict[str, list[dict[str, Any]]] = {}
        for c in self.contacts:
            month = c.day[:7] if c.day and len(c.day) >= 7 else "undated"
            out.setdefault(month, []).append(c.to_dict())
        return [{"month": m, "contacts": rows} for m, rows in out.items()]

    def to_dict(self) -> dict[str, Any]:
        return {"period": {"from": self.start, "to": self.end}, "dyad": list(self.dyad),
                "total": len(self.contacts), "truncated": self.truncated,
                "levels": [{"level": k, "label": lab, "contacts": n} for k, lab, n in self.levels],
                "kinds": [{"kind": k, "label": lab, "contacts": n} for k, lab, n in self.kinds],
                "months": self.months(), "items": [c.to_dict() for c in self.contacts]}


def timeline(store: Store, dyad: Sequence[str], start: str | None = None, end: str | None = None, *,
             level: str | None = None, kind: str | None = None, paths: tuple[str, ...] = ()) -> Timeline:
    """Contacts of the period with counts per level and kind, narrowed to one level / kind when given."""
    rules = load_rules(paths)
    found, truncated = contacts(store, dyad, start, end, paths)
    per_level, per_kind = Counter(c.level for c in found), Counter(c.kind for c in found)
    shown = [c for c in found if (not level or c.level == level) and (not kind or c.kind == kind)]
    return Timeline(start, end, tuple(dyad), tuple(shown),
                    tuple((lv.level, lv.label, per_level[lv.level]) for lv in rules.levels),
                    tuple((k.kind, k.label, per_kind[k.kind]) for k in rules.kinds), truncated)


# --------------------------------------------------------------------------- matrix
@dataclass(frozen=True, slots=True)
class MatrixActor:
    key: str  # entity id, or "name:<name>" for an actor without one
    name: str
    country: str
    contacts: int

    @property
    def filter_value(self) -> str:
        """What the events list's actor filter takes for this actor (an id, else the name)."""
        return self.key[5:] if self.key.startswith("name:") else self.key

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "country": self.country, "contacts": self.contacts,
                "entity": None if self.key.startswith("name:") else self.key}


@dataclass(frozen=True, slots=True)
class Matrix:
    start: str | None
    end: str | None
    dyad: tuple[str, ...]
    rows: tuple[MatrixActor, ...]  # side A
    columns: tuple[MatrixActor, ...]  # side B
    cells: dict[tuple[str, str], int]
    total: int  # contacts of the period between the two sides
    truncated: bool = False

    def count(self, row: str, column: str) -> int:
        return self.cells.get((row, column), 0)

    def to_dict(self) -> dict[str, Any]:
        return {"period": {"from": self.start, "to": self.end}, "dyad": list(self.dyad), "total": self.total,
                "truncated": self.truncated, "rows": [a.to_dict() for a in self.rows],
                "columns": [a.to_dict() for a in self.columns],
                "cells": [[self.count(r.key, c.key) for c in self.columns] for r in self.rows]}


def matrix(store: Store, dyad: Sequence[str], start: str | None = None, end: str | None = None, *,
           top: int = 12, level: str | None = None, paths: tuple[str, ...] = ()) -> Matrix:
    """Contacts per pair (actor of side A, actor of side B), the ``top`` most active of each side."""
    dyad = tuple(dyad)
    found, truncated = contacts(store, dyad, start, end, paths)
    found = [c for c in found if not level or c.level == level]
    pairs: Counter[tuple[str, str]] = Counter()
    per_actor: Counter[str] = Counter()
    who: dict[str, tuple[str, str]] = {}
    for c in found:
        a_side = {_actor_key(p) for p in c.participants if p.side == dyad[0]}
        b_side = {_actor_key(p) for p in c.participants if p.side == dyad[-1]}
        for p in c.participants:
            if p.side:
                who.setdefault(_actor_key(p), (p.name, p.side))
        per_actor.update(a_side | b_side)
        pairs.update((a, b) for a in a_side for b in b_side)

    def ranked(side: str) -> tuple[MatrixActor, ...]:
        keys = [k for k in per_actor if who[k][1] == side]
        keys.sort(key=lambda k: (-per_actor[k], who[k][0], k))
        return tuple(MatrixActor(k, who[k][0], side, per_actor[k]) for k in keys[:top])

    return Matrix(start, end, dyad, ranked(dyad[0]), ranked(dyad[-1]), dict(pairs), len(found), truncated)
