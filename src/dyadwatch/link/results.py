"""Linking's results as plain rows: what ingest stores with each batch (``store.linked``).

After a batch is linked, ``rows_for`` turns what the linker decided about the
batch's articles into rows of the result tables (documented in
``store/schema.py``): every merged event one of the articles reports, with all
its reports; every story one of them belongs to, with all its articles; every
ledger entry one of them made or followed up, with all its mentions; the
corpus-wide ids of persons a merge joined. Each group is written whole, so the
rows that stood for a group before it grew (under its old id) are found by its
members and replaced (``LinkRows.covered_*``).

Rows are dicts of plain values (strings, numbers, JSON text): the store reads
and writes them without importing the linker.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable

from ..store.linked import last_day_of

if TYPE_CHECKING:
    from . import Linker
    from .events import MergedEvent
    from .followups import LedgerEntry
    from .stories import Story

_NO_TODAY = date.min  # linking stores fulfilment only; "past deadline" is the reader's, by its today


@dataclass
class LinkRows:
    """Rows for the result tables, and the members whose earlier rows they replace."""

    merged_events: list[dict[str, Any]] = field(default_factory=list)
    merged_event_reports: list[dict[str, Any]] = field(default_factory=list)
    covered_reports: set[tuple[str, str]] = field(default_factory=set)  # (article id, event id)
    stories: list[dict[str, Any]] = field(default_factory=list)
    story_articles: list[dict[str, Any]] = field(default_factory=list)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    ledger_mentions: list[dict[str, Any]] = field(default_factory=list)
    ledger_members: list[dict[str, Any]] = field(default_factory=list)
    entity_clusters: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.merged_events or self.stories or self.ledger or self.entity_clusters
                    or self.covered_reports)


def rows_for(linker: "Linker", article_ids: Iterable[str], commitment_keys: Iterable[str] = (),
             entity_ids: Iterable[str] = (), dyad: Iterable[str] = ()) -> LinkRows:
    """The result rows of every group the given articles, commitments and persons belong to."""
    out = LinkRows()
    dyad_codes = {c.upper() for c in dyad}
    article_ids = sorted(set(article_ids))
    linker.index.get_many("features", article_ids)
    seen_events: set[str] = set()
    seen_stories: set[str] = set()
    for aid in article_ids:
        feats = linker.features(aid)
        if feats is None:
            continue
        for ev in feats.events:
            root = linker.events.sets.find(ev.key)
            if root in seen_events:
                continue
            seen_events.add(root)
            merged = linker.events.merged(ev.key, linker.features)
            reporting = sorted({m.article_id for m in merged.mentions}, key=linker._order)
            first = linker.features(reporting[0])
            _add_merged(out, merged, ev.future, first.published if first else None, reporting[0], dyad_codes)
        root = linker.stories.sets.find(aid)
        if root not in seen_stories:
            seen_stories.add(root)
            _add_story(out, linker.story_of(aid))
    seen_entries: set[str] = set()
    for key in sorted(set(commitment_keys)):
        root = linker.followups.sets.find(key)
        if root in seen_entries:
            continue
        seen_entries.add(root)
        members = linker.followups.sets.members(key)
        _add_entry(out, linker.followups.entry(key, _NO_TODAY, linker._order), members)
    seen_persons: set[str] = set()
    for eid in sorted(set(entity_ids)):
        for member in linker.entities.sets.members(eid):
            if member in seen_persons:
                continue
            seen_persons.add(member)
            out.entity_clusters.append({"entity_id": member, "cluster_id": linker.entities.canonical(member)})
    return out


def _add_merged(out: LinkRows, merged: "MergedEvent", future: bool, first_published: date | None,
                first_article: str, dyad: set[str]) -> None:
    countries = sorted({a.country.upper() for a in merged.actors if a.country})
    out.merged_events.append({
        "id": merged.id, "type": merged.type, "mode": merged.mode, "cameo": merged.cameo,
        "date": merged.date.iso() if merged.date else None,
        "date_source": merged.date.source if merged.date else None,
        "place_name": merged.place.name if merged.place else None,
        "place_country": merged.place.country if merged.place else None,
        "future": future, "in_dyad": not dyad or bool(dyad & set(countries)),
        "actors": json.dumps([a.to_dict() for a in merged.actors], ensure_ascii=False),
        "countries": "," + ",".join(countries) + "," if countries else None,
        "n_reports": len(merged.mentions), "n_articles": merged.n_articles,
        "languages": ",".join(merged.languages) or None,
        "sources": json.dumps(list(merged.sources), ensure_ascii=False),
        "first_published": first_published.isoformat() if first_published else None,
        "first_article": first_article,
    })
    for m in merged.mentions:
        out.covered_reports.add((m.article_id, m.event_id))
        out.merged_event_reports.append({
            "article_id": m.article_id, "event_id": m.event_id, "merged_id": merged.id,
            "evidence_start": m.evidence.start, "evidence_end": m.evidence.end, "evidence_text": m.evidence.text,
            "date": m.date, "source": m.source, "language": m.language})


def _add_story(out: LinkRows, story: "Story") -> None:
    out.stories.append({"id": story.id, "title": story.title, "start": story.start, "end": story.end,
                        "n_articles": len(story.articles), "first_article": story.articles[0] if story.articles
                        else None, "events": json.dumps(list(story.events))})
    out.story_articles.extend({"article_id": a, "story_id": story.id} for a in story.articles)


def _add_entry(out: LinkRows, entry: "LedgerEntry", members: list[str]) -> None:
    actor, amount = entry.actor, entry.amount
    record = entry.to_dict()
    record.pop("status")  # the stored status is the linker's (fulfilled | open); readers date it
    record["made_on"] = entry.made_on
    out.ledger.append({
        "id": entry.id, "actor_name": actor.name if actor else None, "actor_entity": actor.entity if actor else None,
        "actor_country": actor.country if actor else None, "what": entry.what,
        "amount_value": amount.value if amount else None, "amount_currency": amount.currency if amount else None,
        "amount_text": amount.text if amount else None,
        "deadline": entry.deadline.iso() if entry.deadline else None,
        "deadline_last": last_day_of(entry.deadline.iso() if entry.deadline else None), "made_on": entry.made_on,
        "fulfilled_by": entry.fulfilled_by, "status": "fulfilled" if entry.fulfilled_by else "open",
        "first_article": entry.first.article_id, "first_date": entry.first.date,
        "latest_article": entry.latest.article_id, "latest_date": entry.latest.date,
        "n_mentions": len(entry.mentions), "record": json.dumps(record, ensure_ascii=False)})
    for m in entry.mentions:
        out.ledger_mentions.append({
            "entry_id": entry.id, "article_id": m.article_id, "kind": m.kind, "date": m.date,
            "evidence_start": m.evidence.start, "evidence_end": m.evidence.end, "evidence_text": m.evidence.text,
            "fulfilment": m.fulfilment.text if m.fulfilment else None})
    out.ledger_members.extend({"commitment_key": k, "entry_id": entry.id} for k in members)
