"""Lists and exports of linking's results: merged events, stories, the ledger (tables in linked.py).

Filtering, sorting and paging happen in the database, so a page costs the same
at 100 or 1M articles. Sort keys are whitelisted (``lists.SORT_KEYS``).
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any, Iterator

from sqlalchemy import case, exists, func, literal, or_, select

from ..flatrows import merged_event_row as flat_merged_event
from .core import Store
from .linked import MergedEventRow, ledger_status, merged_event_row, reports_of, status_column
from .lists import Sort
from .rows import ArticleRef, Filters, Page, article_ref
from .schema import (articles, event_actors, ledger, ledger_mentions, merged_event_reports, merged_events, stories,
                     story_articles)
from .schema import events as events_table

_YIELD = 500
DUE_SOON_DAYS = 90  # the ledger's "due soon": open, with a deadline this near


# --------------------------------------------------------------------------- merged events
def _merged_day() -> Any:
    """Its date, else (none, or a day without a year) the day its first report was published."""
    return case((merged_events.c.date.like("--%"), merged_events.c.first_published),
                else_=func.coalesce(merged_events.c.date, merged_events.c.first_published))


def _merged_where(store: Store, q: Any, f: Filters | None) -> Any:
    """Filters of a merged event. Dates apply to its date (else its first report's day); an actor,
    language or outlet matches when one of its reports has it; a dyad keeps the events one of
    whose actors is of one of its countries (the dashboard's dyad views set it)."""
    f = f or Filters()
    day = _merged_day()
    if f.date_from:
        q = q.where(day >= f.date_from)
    if f.date_to:
        q = q.where(day <= f.date_to + "~")  # "~" sorts after any day suffix: a month ends the day it ends
    if f.event_type:
        q = q.where(merged_events.c.type == f.event_type)
    if f.language:
        q = q.where((literal(",") + merged_events.c.languages + literal(",")).like(f"%,{f.language},%"))
    if f.source or f.topic or f.story:  # one of its reports' articles is of this outlet, topic, story
        report = (select(merged_event_reports.c.article_id)
                  .join(articles, articles.c.id == merged_event_reports.c.article_id)
                  .where(merged_event_reports.c.merged_id == merged_events.c.id))
        q = q.where(exists(store._article_where(report, Filters(source=f.source, topic=f.topic, story=f.story),
                                                dates=False)))
    if f.entity:
        report_actor = (select(event_actors.c.event_id)
                        .join(events_table, events_table.c.id == event_actors.c.event_id)
                        .join(articles, articles.c.key == events_table.c.article_key)
                        .where(articles.c.id == merged_event_reports.c.article_id,
                               events_table.c.event_id == merged_event_reports.c.event_id,
                               event_actors.c.entity_id == f.entity))
        q = q.where(exists().where(merged_event_reports.c.merged_id == merged_events.c.id,
                                   exists(report_actor)))
    if f.dyad:
        q = q.where(or_(*[merged_events.c.countries.like(f"%,{c.upper()},%") for c in f.dyad]))
    return q


def _merged_column(key: str) -> Any:
    return {"date": _merged_day(), "type": merged_events.c.type, "reports": merged_events.c.n_articles,
            "languages": merged_events.c.languages, "published": merged_events.c.first_published}[key]


def merged_events_page(store: Store, f: Filters | None, sort: Sort, limit: int = 50,
                       offset: int = 0) -> Page[MergedEventRow]:
    """One row per real-world event, with its reports (earliest published first)."""
    q = _merged_where(store, select(merged_events), f)
    q = q.order_by(sort.order(_merged_column(sort.key)), merged_events.c.id)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()
        rows = conn.execute(q.limit(limit).offset(offset)).all()
        reports = reports_of(conn, [r.id for r in rows])
    return Page(tuple(merged_event_row(r, tuple(reports[r.id])) for r in rows), total, limit, offset)


def merged_ids(store: Store, reports: Any) -> dict[tuple[str, str], str]:
    """(article id, event id) -> the merged event each report belongs to, for those linked."""
    wanted = set(reports)
    out: dict[tuple[str, str], str] = {}
    articles_ = sorted({a for a, _ in wanted})
    with store.engine.connect() as conn:
        for i in range(0, len(articles_), _YIELD):
            q = select(merged_event_reports.c.article_id, merged_event_reports.c.event_id,
                       merged_event_reports.c.merged_id).where(
                merged_event_reports.c.article_id.in_(articles_[i:i + _YIELD]))
            out.update(((a, e), m) for a, e, m in conn.execute(q) if (a, e) in wanted)
    return out


def merged_event(store: Store, merged_id: str) -> MergedEventRow | None:
    with store.engine.connect() as conn:
        r = conn.execute(select(merged_events).where(merged_events.c.id == merged_id)).first()
        if r is None:
            return None
        return merged_event_row(r, tuple(reports_of(conn, [r.id])[r.id]))


def merged_event_of(store: Store, article_id: str, event_id: str | None) -> MergedEventRow | None:
    """The merged event one article's event is a report of (None before it is linked)."""
    with store.engine.connect() as conn:
        mid = conn.execute(select(merged_event_reports.c.merged_id).where(
            merged_event_reports.c.article_id == article_id,
            merged_event_reports.c.event_id == (event_id or ""))).scalar()
    return merged_event(store, mid) if mid else None


# --------------------------------------------------------------------------- ledger
def due_soon(deadline: str | None, today: date) -> bool:
    """An open entry's deadline falls within DUE_SOON_DAYS of ``today`` (its last day not yet passed)."""
    from .linked import last_day_of

    last = last_day_of(deadline)
    return last is not None and today.isoformat() <= last <= (today + timedelta(days=DUE_SOON_DAYS)).isoformat()


def _ledger_where(store: Store, q: Any, f: Filters | None, status: str | None, today: date) -> Any:
    """An entry matches the article filters when one of its mentions does (dates: the mention's day,
    else its article's publication day)."""
    f = f or Filters()
    if status == "due_soon":  # open, and the deadline's last day within DUE_SOON_DAYS
        q = q.where(status_column(today) == "open", ledger.c.deadline_last >= today.isoformat(),
                    ledger.c.deadline_last <= (today + timedelta(days=DUE_SOON_DAYS)).isoformat())
    elif status:
        q = q.where(status_column(today) == status)
    if f.entity:
        q = q.where(ledger.c.actor_entity == f.entity)
    article_filters = Filters(date_from=f.date_from, date_to=f.date_to, language=f.language, source=f.source,
                              topic=f.topic, story=f.story, event_type=f.event_type)
    if article_filters.to_dict():
        mention = (select(ledger_mentions.c.entry_id)
                   .join(articles, articles.c.id == ledger_mentions.c.article_id)
                   .where(ledger_mentions.c.entry_id == ledger.c.id))
        mention = store._article_where(mention, article_filters, dates=False)
        day = func.coalesce(ledger_mentions.c.date, articles.c.published_date)
        if f.date_from:
            mention = mention.where(day >= f.date_from)
        if f.date_to:
            mention = mention.where(day <= f.date_to)
        q = q.where(exists(mention))
    return q


_LEDGER_ORDER = {"past_deadline": 0, "open": 1, "fulfilled": 2}


def _ledger_column(key: str, today: date) -> Any:
    if key == "status":
        return case(*[(status_column(today) == s, i) for s, i in _LEDGER_ORDER.items()], else_=9)
    return {"deadline": ledger.c.deadline_last, "actor": func.lower(ledger.c.actor_name), "what": ledger.c.what,
            "first": ledger.c.first_date, "mentions": ledger.c.n_mentions}[key]


def ledger_entry(r: Any, today: date) -> dict[str, Any]:
    """A stored entry as the ledger shows it: its record, with its status on ``today``."""
    entry = json.loads(r.record)
    entry["status"] = ledger_status(r.status, r.deadline_last, r.made_on, today)
    return entry


def ledger_page(store: Store, f: Filters | None, status: str | None, today: date, sort: Sort,
                limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """One page of ledger entries (as ``ledger_entry`` gives them) and how many match in all."""
    q = _ledger_where(store, select(ledger), f, status, today)
    order = [sort.order(_ledger_column(sort.key, today))]
    if sort.key == "status":  # then soonest deadline, earliest made
        order += [ledger.c.deadline_last.asc().nulls_last(), ledger.c.first_date.asc().nulls_last()]
    q = q.order_by(*order, ledger.c.id)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()
        rows = conn.execute(q.limit(limit).offset(offset)).all()
    return [ledger_entry(r, today) for r in rows], total


def article_refs(store: Store, article_ids: Any) -> dict[str, ArticleRef]:
    """The listed form of these articles (by contract id), the text cut to its lead."""
    cols = [articles.c[n] for n in ("key", "id", "title", "source", "url", "published", "language", "tone", "story",
                                    "duplicate_of")]
    ids = sorted(set(article_ids))
    out: dict[str, ArticleRef] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(ids), _YIELD):
            q = select(*cols, func.substr(articles.c.text, 1, 280).label("text")).where(
                articles.c.id.in_(ids[i:i + _YIELD]))
            out.update((r.id, article_ref(r)) for r in conn.execute(q))
    return out


# --------------------------------------------------------------------------- exports
def iter_merged_events(store: Store, f: Filters | None = None, flat: bool = False) -> Iterator[dict[str, Any]]:
    """Every merged event (third countries' too, marked ``in_dyad``), by id; JSON objects carry
    their reports, flat rows have the actors' names and countries as plain columns."""
    q = _merged_where(store, select(merged_events), f).order_by(merged_events.c.id)
    with store.engine.connect() as conn:
        batch: list[Any] = []
        for r in conn.execution_options(stream_results=True, yield_per=_YIELD).execute(q):
            batch.append(r)
            if len(batch) >= _YIELD:
                yield from _merged_out(store, batch, flat)
                batch = []
        yield from _merged_out(store, batch, flat)


def _merged_out(store: Store, rows: list[Any], flat: bool) -> Iterator[dict[str, Any]]:
    if not rows:
        return
    with store.engine.connect() as conn:
        reports = reports_of(conn, [r.id for r in rows])
    for r in rows:
        row = merged_event_row(r, tuple(reports[r.id])).to_dict()
        if flat:
            row = flat_merged_event(row)
        yield row


def iter_stories(store: Store, f: Filters | None = None, flat: bool = False) -> Iterator[dict[str, Any]]:
    q = select(stories).order_by(stories.c.id)
    if f and f.date_from:
        q = q.where(stories.c.end >= f.date_from)
    if f and f.date_to:
        q = q.where(stories.c.start <= f.date_to)
    with store.engine.connect() as conn:
        for r in conn.execute(q).all():
            members = list(conn.execute(select(story_articles.c.article_id)
                                        .join(articles, articles.c.id == story_articles.c.article_id, isouter=True)
                                        .where(story_articles.c.story_id == r.id)
                                        .order_by(articles.c.published_date.asc().nulls_last(),
                                                  story_articles.c.article_id)).scalars())
            events = json.loads(r.events or "[]")
            row = {"id": r.id, "title": r.title, "start": r.start, "end": r.end, "n_articles": r.n_articles,
                   "first_article": r.first_article, "articles": members, "events": events}
            if flat:
                row.update(articles="; ".join(members), events="; ".join(events))
            yield row


def iter_ledger(store: Store, today: date, f: Filters | None = None, flat: bool = False) -> Iterator[dict[str, Any]]:
    q = _ledger_where(store, select(ledger), f, None, today).order_by(ledger.c.id)
    with store.engine.connect() as conn:
        for r in conn.execution_options(stream_results=True, yield_per=_YIELD).execute(q):
            entry = ledger_entry(r, today)
            if flat:
                actor, amount = entry.get("actor") or {}, entry.get("amount") or {}
                entry = {"id": entry["id"], "status": entry["status"], "actor": actor.get("name"),
                         "actor_country": actor.get("country"), "what": entry["what"],
                         "amount_value": amount.get("value"), "amount_currency": amount.get("currency"),
                         "amount_text": amount.get("text"), "deadline": entry["deadline"],
                         "fulfilled_by": entry.get("fulfilled_by"), "first_article": entry["first"]["article_id"],
                         "first_date": entry["first"]["date"], "latest_article": entry["latest"]["article_id"],
                         "latest_date": entry["latest"]["date"], "n_mentions": entry["n_mentions"]}
            yield entry
