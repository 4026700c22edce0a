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
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select

from ..store import ArticleRef, EventRow, Filters, Store
from ..store.schema import articles, commitments, event_actors, events, topics
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
def event_reports(store: Store, ev: EventRow, limit: int = 50) -> list[EventRow]:
    """Every stored report of the same real event, this one included.

    Two event rows report one event when they share the contract event id
    (set by linking), or when they have the same type, a shared actor entity
    and either the same date or articles of the same story.
    """
    mine = {a.entity for a in ev.actors if a.entity}
    conds = [events.c.id == ev.id]
    if ev.event_id:
        conds.append(events.c.event_id == ev.event_id)
    same_kind = [events.c.type == ev.type]
    link = []
    if ev.date and len(ev.date) == 10:
        link.append(events.c.date == ev.date)
    if ev.article.story:
        link.append(articles.c.story == ev.article.story)
    if mine and link:
        conds.append(and_(*same_kind, or_(*link)))
    q = (select(events.c.id).join(articles, articles.c.key == events.c.article_key).where(or_(*conds))
         .order_by(articles.c.published_date.nulls_last(), events.c.id).limit(limit * 4))
    with store.engine.connect() as conn:
        ids = list(conn.execute(q).scalars())
        actor_sets: dict[str, set[str]] = defaultdict(set)
        if ids:
            for eid, ent in conn.execute(select(event_actors.c.event_id, event_actors.c.entity_id)
                                         .where(event_actors.c.event_id.in_(ids))):
                if ent:
                    actor_sets[eid].add(ent)
    out: list[EventRow] = []
    for eid in ids:
        row = ev if eid == ev.id else store.event(eid)
        if row is None:
            continue
        shared_id = ev.event_id and row.event_id == ev.event_id
        if row.id != ev.id and not shared_id and not (actor_sets.get(eid, set()) & mine):
            continue
        out.append(row)
        if len(out) >= limit:
            break
    return out


def event_in_article(store: Store, article_id: str, event_id: str) -> EventRow | None:
    """The stored row of an article's event, by the article's contract id and the event's own id."""
    q = (select(events.c.id).join(articles, articles.c.key == events.c.article_key)
         .where(articles.c.id == article_id, events.c.event_id == event_id).limit(1))
    with store.engine.connect() as conn:
        row_id = conn.execute(q).scalar()
    return store.event(row_id) if row_id else None


# --------------------------------------------------------------------------- entity pages
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
LEDGER_ORDER = ("past_deadline", "open", "fulfilled")


def deadline_status(deadline: str | None, today: date, soon_days: int = 90) -> str:
    """overdue / due_soon / open / no_deadline by the last day a (possibly partial) deadline allows."""
    if not deadline or deadline.startswith("--"):
        return "no_deadline"
    last = _last_day(deadline)
    if last is None:
        return "no_deadline"
    if last < today:
        return "overdue"
    if last <= today + timedelta(days=soon_days):
        return "due_soon"
    return "open"


def ledger_from_rows(store: Store, today: date, max_rows: int = 5000) -> tuple[list[dict[str, Any]],
                                                                                 dict[str, dict[str, Any]]]:
    """Ledger entries in the linker's shape from stored commitment rows (when the linker cannot run)."""
    entries, meta = [], {}
    for c in store.commitments(limit=max_rows).items:
        art = c.article
        meta[art.id] = {"title": art.title, "lead": art.lead, "source": art.source, "language": art.language,
                        "published": (art.published or "")[:10] or None}
        first = {"article_id": art.id, "date": meta[art.id]["published"], "kind": "commitment",
                 "evidence": c.evidence.to_dict() if c.evidence else None, "fulfilment": None}
        later = [{"article_id": f["article"], "date": f["published_date"], "kind": "followup",
                  "evidence": {"text": f["evidence_text"] or ""}, "fulfilment": None}
                 for f in followups(store, c.id)]
        for f in later:
            meta.setdefault(f["article_id"], {"published": f["date"]})
        state = deadline_status(c.deadline, today)
        entries.append({"id": c.id, "actor": c.actor.to_dict() if c.actor else None, "what": c.what,
                        "amount": c.to_dict()["amount"], "deadline": c.deadline,
                        "status": "past_deadline" if state == "overdue" else "open", "due_soon": state == "due_soon",
                        "first": first, "latest": later[-1] if later else first, "mentions": [first, *later],
                        "n_mentions": 1 + len(later), "stage": "web.queries"})
    for aid, topics_ in _topics_of(store, list(meta)).items():
        meta[aid]["topics"] = topics_
    for aid, (story, types) in _story_and_event_types(store, list(meta)).items():
        meta[aid].update(story=story, event_types=types)
    return entries, meta


def _story_and_event_types(store: Store, article_ids: list[str]) -> dict[str, tuple[str | None, list[str]]]:
    out: dict[str, tuple[str | None, list[str]]] = {}
    if not article_ids:
        return out
    with store.engine.connect() as conn:
        for aid, story, type_ in conn.execute(
                select(articles.c.id, articles.c.story, events.c.type)
                .join(events, events.c.article_key == articles.c.key, isouter=True)
                .where(articles.c.id.in_(article_ids))):
            types = out.setdefault(aid, (story, []))[1]
            if type_ and type_ not in types:
                types.append(type_)
    return out


def _topics_of(store: Store, article_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    if not article_ids:
        return out
    with store.engine.connect() as conn:
        for aid, label in conn.execute(select(articles.c.id, topics.c.label)
                                       .join(topics, topics.c.article_key == articles.c.key)
                                       .where(articles.c.id.in_(article_ids))):
            out[aid].append(label)
    return out


def _last_day(iso: str) -> date | None:
    import calendar

    parts = [int(p) for p in iso.split("-") if p.isdigit()]
    try:
        if len(parts) >= 3:
            return date(parts[0], parts[1], parts[2])
        if len(parts) == 2:
            return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        if len(parts) == 1:
            return date(parts[0], 12, 31)
    except ValueError:
        return None
    return None


def followups(store: Store, commitment_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """Later commitments by the same actor (entity or country) with the same amount, or in the same story."""
    with store.engine.connect() as conn:
        me = conn.execute(select(commitments, articles.c.published_date, articles.c.story)
                          .join(articles, articles.c.key == commitments.c.article_key)
                          .where(commitments.c.id == commitment_id)).first()
        if me is None:
            return []
        m = me._mapping
        same_actor = []
        if m["actor_entity"]:
            same_actor.append(commitments.c.actor_entity == m["actor_entity"])
        if m["actor_country"]:
            same_actor.append(commitments.c.actor_country == m["actor_country"])
        matches = []
        if m["amount_value"] is not None and same_actor:
            matches.append(and_(or_(*same_actor), commitments.c.amount_value == m["amount_value"],
                                commitments.c.amount_currency == m["amount_currency"]))
        if m["story"]:
            matches.append(articles.c.story == m["story"])
        if not matches:
            return []
        q = (select(commitments.c.id, commitments.c.what, commitments.c.evidence_text, articles.c.id.label("article"),
                    articles.c.title, articles.c.published_date)
             .join(articles, articles.c.key == commitments.c.article_key)
             .where(or_(*matches), commitments.c.article_key != m["article_key"]))
        if m["published_date"]:
            q = q.where(articles.c.published_date >= m["published_date"])
        q = q.order_by(articles.c.published_date.nulls_last(), commitments.c.id).limit(limit)
        return [dict(r._mapping) for r in conn.execute(q)]


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

