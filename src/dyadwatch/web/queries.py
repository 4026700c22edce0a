"""Reads the dashboard needs that the ``Store`` API does not offer (yet); the sorted
lists are ``dyadwatch.store.lists`` and search is ``dyadwatch.search``.

All of them are SQLAlchemy Core over the store's schema tables with bound
parameters; none writes. Kept here, not in ``store/``, so the store stays
the store engineer's; each could move there unchanged.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select

from ..store import ArticleRef, Filters, Store
from ..store.schema import articles, event_actors, events, topics
from ..store.schema import quotes as quotes_table


def short_ref(ref: ArticleRef, lead: int = 280) -> ArticleRef:
    """The same reference with its lead cut (some store reads carry the whole text)."""
    from dataclasses import replace

    return replace(ref, lead=(ref.lead or "")[:lead])


# --------------------------------------------------------------------------- filter choices
def facets(store: Store) -> dict[str, list[str]]:
    """The values the filter drop-downs offer: event types, topics, languages, sources."""
    with store.engine.connect() as conn:
        def distinct(col: Any) -> list[str]:
            return [v for v in conn.execute(select(col).where(col.is_not(None)).distinct().order_by(col)).scalars()]

        return {"event_types": distinct(events.c.type), "topics": distinct(topics.c.label),
                "languages": distinct(articles.c.language), "sources": distinct(articles.c.source)}


# --------------------------------------------------------------------------- events
@dataclass(frozen=True, slots=True)
class Counterpart:
    entity: str
    name: str
    country: str | None
    events: int
    types: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "country": self.country, "events": self.events,
                "types": list(self.types)}


def counterparts(store: Store, entity_id: str, limit: int = 30) -> list[Counterpart]:
    """Who acted in the same events as this entity (met, called, signed with), most often first."""
    me = event_actors.alias("me")
    other = event_actors.alias("other")
    q = (select(other.c.entity_id, other.c.name, other.c.country, events.c.type, events.c.id)
         .select_from(me.join(other, and_(other.c.event_id == me.c.event_id, other.c.entity_id != me.c.entity_id))
                      .join(events, events.c.id == me.c.event_id))
         .where(me.c.entity_id == entity_id, other.c.entity_id.is_not(None)))
    seen: dict[str, set[str]] = defaultdict(set)
    names: dict[str, tuple[str, str | None]] = {}
    kinds: dict[str, Counter] = defaultdict(Counter)
    with store.engine.connect() as conn:
        for ent, name, country, etype, eid in conn.execute(q):
            seen[ent].add(eid)
            names.setdefault(ent, (name or ent, country))
            kinds[ent][etype] += 1
    ranked = sorted(seen, key=lambda e: (-len(seen[e]), names[e][0], e))[:limit]
    return [Counterpart(e, names[e][0], names[e][1], len(seen[e]), tuple(t for t, _ in kinds[e].most_common()))
            for e in ranked]


@dataclass(frozen=True, slots=True)
class RoleSpell:
    """A role the entity was given in articles, from the first to the last article that says so."""

    role: str
    first: str | None
    last: str | None
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "first": self.first, "last": self.last, "articles": self.articles}


def roles_over_time(store: Store, entity_id: str, max_articles: int = 500) -> list[RoleSpell]:
    """Office roles the articles give the entity (``Entity.roles``) and event roles, with date spans."""
    spells: dict[str, list[str | None]] = defaultdict(list)
    page = store.articles(Filters(entity=entity_id), limit=max_articles)
    keys = [ref.key for ref in page.items]
    dates = {ref.key: (ref.published or "")[:10] or None for ref in page.items}
    with store.engine.connect() as conn:
        for key in keys:
            rec = conn.execute(select(articles.c.record).where(articles.c.key == key)).scalar()
            for ent in (json.loads(rec).get("entities") or []) if rec else []:
                if ent.get("id") == entity_id:
                    for role in ent.get("roles") or ():
                        spells[role].append(dates[key])
        q = (select(event_actors.c.role, func.coalesce(events.c.date, articles.c.published_date))
             .join(events, events.c.id == event_actors.c.event_id)
             .join(articles, articles.c.key == events.c.article_key)
             .where(event_actors.c.entity_id == entity_id))
        for role, day in conn.execute(q):
            if role:
                spells[f"event {role}"].append(day)
    out = []
    for role, days in spells.items():
        known = sorted(d for d in days if d and not d.startswith("--"))
        out.append(RoleSpell(role, known[0] if known else None, known[-1] if known else None, len(days)))
    return sorted(out, key=lambda s: (s.first or "9999", s.role))


# --------------------------------------------------------------------------- commitment ledger
# The linker's statuses (dyadwatch.link.followups), plus due_soon: open with a deadline within 90 days.
LEDGER_STATUSES = ("open", "due_soon", "past_deadline", "fulfilled")


def top_actors(store: Store, limit: int = 200) -> list[tuple[str, str]]:
    """(entity id, name) of the entities acting in most events, for the actor filter's choices.

    One GROUP BY over the indexed ``event_actors`` table, cheap on a big store."""
    n = func.count(func.distinct(event_actors.c.event_id))
    q = (select(event_actors.c.entity_id, func.max(event_actors.c.name), n).where(event_actors.c.entity_id.is_not(None))
         .group_by(event_actors.c.entity_id).order_by(n.desc(), func.max(event_actors.c.name)).limit(limit))
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
    return sorted(((eid, name or eid) for eid, name, _ in rows), key=lambda r: r[1].lower())


def top_speakers(store: Store, limit: int = 200) -> list[tuple[str, str]]:
    """(entity id, name) of the most quoted speakers, for the speaker filter's choices."""
    col = quotes_table.c.speaker_entity
    q = (select(col, func.max(quotes_table.c.speaker_name), func.count()).where(col.is_not(None))
         .group_by(col).order_by(func.count().desc(), func.max(quotes_table.c.speaker_name)).limit(limit))
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
    return sorted(((eid, name or eid) for eid, name, _ in rows), key=lambda r: r[1].lower())

