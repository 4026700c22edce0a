"""Data migrations of the link index: stored keys and records re-filed as the linker now files them.

Each is a function of a connection, called by a named migration in ``migrations.py``;
they read and write the ``link_keys`` and ``link_records`` tables directly.
"""
from __future__ import annotations

import logging
from collections import Counter
from typing import Any, Iterator

from sqlalchemy import Connection, select

from .link_index import _IN_CHUNK, _dump, _insert, _load
from .schema import link_keys, link_records

_RECORDS_CHUNK = _IN_CHUNK * 4  # records per statement when migrations read or write a kind in bulk
PROGRESS_EVERY = 100_000  # a migration working through stored records says how far it is, this often

log = logging.getLogger(__name__)


def refile_link_keys(conn: Connection, dialect: str) -> None:
    """Migration 0006: the keys of persons and commitments in the finer scheme of dyadwatch 0006.

    Person names were filed under 4-letter surname heads and tails (``pn|``), whole
    buckets of "-ov"/"-baev" names; commitments and follow-up mentions under their
    objects alone (``cm|o:``, ``mn|o:``); every entity, countries included, under
    ``ent|`` (a country's key listed every article). The stored entity, commitment
    and mention records are filed again as ``link/entities.py`` and
    ``link/followups.py`` now file them, and the old keys are deleted, so a store
    linked before goes on linking new articles with the stored ones. Names fold
    with the shipped knowledge files (a user's own ``name_folding.yaml`` applies to
    articles linked from now on).
    """
    from sqlalchemy import text

    from ..link.entities import folded_name, name_keys
    from ..link.followups import FollowupLinker, _year_keys

    for pattern in ("pn|%", "cm|o:%", "mn|o:%"):
        conn.execute(link_keys.delete().where(link_keys.c.key.like(pattern)))
    # entity records are kept for persons only: the other ent| keys are the coarse ones
    conn.execute(text("DELETE FROM link_keys WHERE key LIKE 'ent|%' AND substr(key, 5) NOT IN "
                      "(SELECT id FROM link_records WHERE kind = 'entity')"))
    kinds = ("entity", "commitment", "mention")
    ids = conn.execute(select(link_records.c.kind, link_records.c.id)
                       .where(link_records.c.kind.in_(kinds))).all()
    for i in range(0, len(ids), _IN_CHUNK):
        chunk = ids[i:i + _IN_CHUNK]
        rows: list[dict[str, str]] = []
        for kind in kinds:
            wanted = [rid for k, rid in chunk if k == kind]
            if not wanted:
                continue
            for rid, blob in conn.execute(select(link_records.c.id, link_records.c.value).where(
                    link_records.c.kind == kind, link_records.c.id.in_(wanted))):
                value = _load(blob)
                if kind == "entity":  # unknown persons' eras are filed by the next migration
                    ent, known = value[:2]
                    keys = name_keys(folded_name(ent.name), known)
                elif kind == "commitment":
                    keys = _year_keys("cm", FollowupLinker._filed(value.concepts, [value.amount] if value.amount
                                                                   else []), [value.year])
                else:
                    keys = _year_keys("mn", FollowupLinker._filed(value.concepts, value.amounts), [value.year])
                rows.extend({"key": k, "member": rid} for k in keys)
        if rows:
            conn.execute(_insert(conn, link_keys).on_conflict_do_nothing(), rows)


def refile_name_eras(conn: Connection, dialect: str) -> None:
    """Migration 0007: unknown persons' name keys by era (``LinkConfig.name_era_days``).

    Their keys held every spelling of the archive; now each id is filed under the
    eras of the articles naming it (publication dates from the linker's stored
    article features), and its entity record keeps those eras, as
    ``link/entities.py`` files a name from now on.
    """
    from sqlalchemy import text

    from ..link.config import LinkConfig
    from ..link.entities import UNDATED, era_of, folded_name, name_keys

    era_days = LinkConfig().name_era_days
    conn.execute(link_keys.delete().where(link_keys.c.key.like("pname|u|%")))
    ids = list(conn.execute(select(link_records.c.id).where(link_records.c.kind == "entity")).scalars())
    for i in range(0, len(ids), _IN_CHUNK):
        unknown = {}
        for rid, blob in conn.execute(select(link_records.c.id, link_records.c.value).where(
                link_records.c.kind == "entity", link_records.c.id.in_(ids[i:i + _IN_CHUNK]))):
            value = _load(blob)
            if not value[1]:
                unknown[rid] = value
        if not unknown:
            continue
        named_in: dict[str, list[str]] = {}  # entity id -> the articles naming it
        for key, member in conn.execute(select(link_keys.c.key, link_keys.c.member).where(
                link_keys.c.key.in_([f"ent|{rid}" for rid in unknown]))):
            named_in.setdefault(key[4:], []).append(member)
        wanted = sorted({a for arts in named_in.values() for a in arts})
        published = {}
        for j in range(0, len(wanted), _IN_CHUNK):
            for aid, blob in conn.execute(select(link_records.c.id, link_records.c.value).where(
                    link_records.c.kind == "features", link_records.c.id.in_(wanted[j:j + _IN_CHUNK]))):
                published[aid] = _load(blob).published
        keys: list[dict[str, str]] = []
        records: list[dict[str, Any]] = []
        for rid, value in unknown.items():
            eras = frozenset(era_of(published[a], era_days) for a in named_in.get(rid, ()) if a in published)
            eras = eras or frozenset({UNDATED})
            folded = folded_name(value[0].name)
            keys.extend({"key": k, "member": rid} for era in sorted(eras) for k in name_keys(folded, False, era))
            records.append({"id": rid, "value": _dump((value[0], False, eras))})
        conn.execute(_insert(conn, link_keys).on_conflict_do_nothing(), keys)
        conn.execute(text("UPDATE link_records SET value = :value WHERE kind = 'entity' AND id = :id"), records)


def count_entities(conn: Connection) -> None:
    """Migration 0009: how many articles name each non-country entity, and how many there are.

    The namesake guard (``link/entities.py``) weighs a shared entity by its share of the
    archive; a store linked before kept no counts, so they are counted here from the linker's
    stored article features, as ``EntityLinker`` counts each article it adds.
    """
    from ..link.entities import ALL_ARTICLES, COUNT_KIND, counted_ids

    counts: Counter[str] = Counter()
    for rows in _stored_records(conn, "features"):
        for _, feats in rows:
            counts.update(counted_ids(feats))
            counts[ALL_ARTICLES] += 1
    conn.execute(link_records.delete().where(link_records.c.kind == COUNT_KIND))
    records = [{"kind": COUNT_KIND, "id": i, "value": _dump(n)} for i, n in sorted(counts.items())]
    for i in range(0, len(records), _RECORDS_CHUNK):
        conn.execute(link_records.insert(), records[i:i + _RECORDS_CHUNK])


def write_cards(conn: Connection) -> None:
    """Migration 0010: each stored article's ``ArticleCard`` and each of its events' ``EventCard``,
    which stories, the namesake guard and event merging now read for their candidates in place of
    the whole features and event records (see ``link/features.py``)."""
    from ..link.features import CARD_KIND, EVENT_CARD_KIND, article_card, event_card

    for rows in _stored_records(conn, "features"):
        cards = [{"kind": CARD_KIND, "id": rid, "value": _dump(article_card(feats))} for rid, feats in rows]
        cards += [{"kind": EVENT_CARD_KIND, "id": ev.key, "value": _dump(event_card(ev))}
                  for _, feats in rows for ev in feats.events]
        conn.execute(_insert(conn, link_records).on_conflict_do_nothing(), cards)


def refile_event_keys(conn: Connection) -> None:
    """Migration 0011: events filed by type and tense (see ``link/events.py``).

    Each stored event was filed under (actor, day) keys, with the reports of every type; its keys
    are now (type, tense, actor, day), none for a negated event. The old keys are deleted and each
    stored event is filed again from its card, as ``EventMerger`` files an event from now on.
    """
    from ..link.config import LinkConfig
    from ..link.events import event_keys
    from ..link.features import EVENT_CARD_KIND

    days = LinkConfig().max_range_days
    conn.execute(link_keys.delete().where(link_keys.c.key.like("ev|%") | link_keys.c.key.like("evc|%")))
    for rows in _stored_records(conn, EVENT_CARD_KIND):
        keys = sorted({(k, key) for key, card in rows for k in event_keys(card, days)})
        if keys:
            conn.execute(_insert(conn, link_keys).on_conflict_do_nothing(), [{"key": k, "member": m} for k, m in keys])


def _stored_records(conn: Connection, kind: str) -> Iterator[list[tuple[str, Any]]]:
    """The linker's stored records of ``kind``, (id, value) in id order, a chunk at a time: a
    million of them do not sit in memory at once. Every ``PROGRESS_EVERY`` records it logs how many
    it has handed out (a 1M store's migration runs for minutes)."""
    last, done = "", 0
    while True:
        rows = conn.execute(select(link_records.c.id, link_records.c.value).where(
            link_records.c.kind == kind, link_records.c.id > last)
            .order_by(link_records.c.id).limit(_RECORDS_CHUNK)).all()
        if not rows:
            return
        yield [(rid, _load(blob)) for rid, blob in rows]
        last = rows[-1][0]
        if (done + len(rows)) // PROGRESS_EVERY > done // PROGRESS_EVERY:
            log.info("migrating: %s stored %r records done", f"{done + len(rows):,}", kind)
        done += len(rows)
