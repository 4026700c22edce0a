"""Linking's results in the store: merged events, stories, the commitment ledger, person clusters.

Ingest links each batch and hands ``write_link_rows`` the rows of every group
the batch touched (built by ``dyadwatch.link.results``), inside the batch's
own transaction: the articles and what linking said of them never disagree.
A group is written whole. Groups only grow (two reports found to be one stay
one), so the rows a group had under an earlier id are found through its
members and replaced.

Everything that shows linked facts (dashboard, API, export, report, overview
counts) reads these tables, at any corpus size. The writer takes any object
with the ``LinkRows`` attributes: the store does not import the linker.

A ledger entry's stored status is the linker's: ``fulfilled`` (a later report
says it was done, ``fulfilled_by``) or ``open``. Whether an open one is past
its deadline depends on the day it is read: ``ledger_status`` and the SQL
expression ``status_column`` say so by the reader's ``today``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Sequence

from sqlalchemy import Connection, and_, case, delete, literal, or_, select

from ..records import Actor
from .schema import (articles, entity_clusters, ledger, ledger_members, ledger_mentions, merged_event_reports,
                     merged_events, stories, story_aliases, story_articles)
from .schema import events as events_table

_CHUNK = 400  # ids per IN (...): under SQLite's bound-parameter limit with room to spare
LEDGER_STATUSES = ("open", "past_deadline", "fulfilled")


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


def _old_ids(conn: Connection, column_out: Any, column_in: Any, values: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(set(values))):
        found.update(conn.execute(select(column_out).where(column_in.in_(chunk))).scalars())
    return found


def _delete_in(conn: Connection, column: Any, values: Iterable[str]) -> None:
    for chunk in _chunks(sorted(set(values))):
        conn.execute(delete(column.table).where(column.in_(chunk)))


def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        conn.execute(table.insert(), list(chunk))


def write_link_rows(conn: Connection, rows: Any) -> None:
    """Replace the stored rows of every group in ``rows`` (a ``dyadwatch.link.results.LinkRows``)."""
    # merged events: the groups the covered reports were in before, and the groups they are in now
    covered_articles = {a for a, _ in rows.covered_reports}
    old: set[str] = set()
    for chunk in _chunks(sorted(covered_articles)):
        for aid, eid, mid in conn.execute(select(merged_event_reports.c.article_id, merged_event_reports.c.event_id,
                                                 merged_event_reports.c.merged_id)
                                          .where(merged_event_reports.c.article_id.in_(chunk))):
            if (aid, eid) in rows.covered_reports:
                old.add(mid)
    gone = old | {r["id"] for r in rows.merged_events}
    _delete_in(conn, merged_event_reports.c.merged_id, gone)
    _delete_in(conn, merged_events.c.id, gone)
    _insert(conn, merged_events, rows.merged_events)
    _insert(conn, merged_event_reports, rows.merged_event_reports)

    members = [r["article_id"] for r in rows.story_articles]
    before = _old_ids(conn, story_articles.c.story_id, story_articles.c.article_id, members)
    gone = before | {r["id"] for r in rows.stories}
    _alias_stories(conn, before, rows.story_articles)
    _delete_in(conn, story_articles.c.story_id, gone)
    _delete_in(conn, stories.c.id, gone)
    _insert(conn, stories, rows.stories)
    _insert(conn, story_articles, rows.story_articles)

    keys = [r["commitment_key"] for r in rows.ledger_members]
    gone = _old_ids(conn, ledger_members.c.entry_id, ledger_members.c.commitment_key, keys) | {
        r["id"] for r in rows.ledger}
    for table_column in (ledger_members.c.entry_id, ledger_mentions.c.entry_id, ledger.c.id):
        _delete_in(conn, table_column, gone)
    _insert(conn, ledger, rows.ledger)
    _insert(conn, ledger_mentions, rows.ledger_mentions)
    _insert(conn, ledger_members, rows.ledger_members)

    _delete_in(conn, entity_clusters.c.entity_id, [r["entity_id"] for r in rows.entity_clusters])
    _insert(conn, entity_clusters, [r for r in rows.entity_clusters if r["entity_id"] != r["cluster_id"]])


def _alias_stories(conn: Connection, before: set[str], now: list[dict[str, Any]]) -> None:
    """A story is named after its first article, so an earlier report joining it renames it: the old
    id stays an alias of the new one (links and filters that name it keep finding the story)."""
    story_now = {r["article_id"]: r["story_id"] for r in now}
    new_of: dict[str, str] = {}
    for chunk in _chunks(sorted(before)):
        for old, aid in conn.execute(select(story_articles.c.story_id, story_articles.c.article_id)
                                     .where(story_articles.c.story_id.in_(chunk))):
            new_of.setdefault(old, story_now.get(aid, old))
    renamed = {old: new for old, new in new_of.items() if old != new}
    if not renamed:
        return
    # aliases of a renamed story follow it; a story named again under an old name is no alias of itself
    for old, new in renamed.items():
        conn.execute(story_aliases.update().where(story_aliases.c.story_id == old).values(story_id=new))
    _delete_in(conn, story_aliases.c.old_id, list(renamed) + list(renamed.values()))
    _insert(conn, story_aliases, [{"old_id": old, "story_id": new} for old, new in renamed.items()])


def clear_link_rows(conn: Connection) -> None:
    """Empty the result tables (before a store is linked again from scratch)."""
    for table in (merged_event_reports, merged_events, story_articles, stories, story_aliases, ledger_members,
                  ledger_mentions, ledger, entity_clusters):
        conn.execute(delete(table))


# --------------------------------------------------------------------------- reading
def last_day_of(iso: str | None) -> str | None:
    """The last day an ISO date, possibly partial (2025, 2025-09), allows; None without a year."""
    import calendar

    parts = (iso or "").split("-")
    if not iso or iso.startswith("--") or not parts[0].isdigit():
        return None
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
        return date(year, month, day).isoformat()
    except (ValueError, IndexError):
        return None


def ledger_status(status: str, deadline_last: str | None, made_on: str | None, today: date) -> str:
    """fulfilled, past_deadline (open, and the deadline's last day is before ``today`` — a deadline not
    after the day the promise was made is none to miss) or open."""
    if status == "fulfilled":
        return status
    if deadline_last and deadline_last < today.isoformat() and not (made_on and deadline_last <= made_on):
        return "past_deadline"
    return "open"


def status_column(today: date) -> Any:
    """``ledger_status`` as a SQL expression, for filtering and sorting in the database."""
    day = literal(today.isoformat())
    return case((ledger.c.status == "fulfilled", "fulfilled"),
                (and_(ledger.c.deadline_last.is_not(None), ledger.c.deadline_last < day,
                      or_(ledger.c.made_on.is_(None), ledger.c.deadline_last > ledger.c.made_on)), "past_deadline"),
                else_="open")


@dataclass(frozen=True, slots=True)
class MergedReport:
    """One article's report of a merged event, with what the list shows of the article."""

    article_id: str
    event_id: str
    event_row: str | None  # the stored event's row id (its page), when the article is stored
    title: str | None
    source: str | None
    language: str | None
    published: str | None
    date: str | None
    evidence: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "event_id": self.event_id, "event": self.event_row,
                "title": self.title, "source": self.source, "language": self.language,
                "published": self.published, "date": self.date, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class MergedEventRow:
    """One real-world event, however many articles in whichever languages report it."""

    id: str
    type: str
    mode: str | None
    cameo: str | None
    date: str | None
    date_source: str | None
    place: dict[str, Any] | None
    future: bool
    in_dyad: bool
    actors: tuple[Actor, ...]
    n_reports: int
    n_articles: int
    languages: tuple[str, ...]
    sources: tuple[str, ...]
    first_published: str | None
    first_article: str | None
    reports: tuple[MergedReport, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "mode": self.mode, "cameo": self.cameo, "date": self.date,
                "date_source": self.date_source, "place": self.place, "future": self.future,
                "in_dyad": self.in_dyad, "actors": [a.to_dict() for a in self.actors],
                "n_reports": self.n_reports, "n_articles": self.n_articles, "languages": list(self.languages),
                "sources": list(self.sources), "first_published": self.first_published,
                "first_article": self.first_article, "reports": [r.to_dict() for r in self.reports]}


def merged_event_row(r: Any, reports: tuple[MergedReport, ...] = ()) -> MergedEventRow:
    actors = tuple(a for a in (Actor.from_dict(d) for d in json.loads(r.actors or "[]")) if a is not None)
    place = {"name": r.place_name, "country": r.place_country} if r.place_name else None
    return MergedEventRow(r.id, r.type, r.mode, r.cameo, r.date, r.date_source, place, bool(r.future),
                          bool(r.in_dyad), actors, r.n_reports, r.n_articles,
                          tuple((r.languages or "").split(",")) if r.languages else (),
                          tuple(json.loads(r.sources or "[]")), r.first_published, r.first_article, reports)


def reports_of(conn: Connection, merged_ids: Sequence[str]) -> dict[str, list[MergedReport]]:
    """The reports of these merged events, earliest published first, joined to their stored articles."""
    out: dict[str, list[MergedReport]] = {m: [] for m in merged_ids}
    rep = merged_event_reports
    event_row = (select(events_table.c.id).where(events_table.c.article_key == articles.c.key,
                                                 events_table.c.event_id == rep.c.event_id)
                 .limit(1).scalar_subquery())
    for chunk in _chunks(list(merged_ids)):
        q = (select(rep, articles.c.title, articles.c.published_date, event_row.label("event_row"))
             .select_from(rep.outerjoin(articles, articles.c.id == rep.c.article_id))
             .where(rep.c.merged_id.in_(chunk))
             .order_by(articles.c.published_date.asc().nulls_last(), rep.c.article_id, rep.c.event_id))
        for r in conn.execute(q):
            out[r.merged_id].append(MergedReport(
                r.article_id, r.event_id, r.event_row, r.title, r.source, r.language, r.published_date, r.date,
                {"start": r.evidence_start, "end": r.evidence_end, "text": r.evidence_text}))
    return out
