"""Linking's tables in the store, and their migrations: link's own, named "link/...".

>>> from dyadwatch.link.storage import upgrade
>>> upgrade(open_store("news.db"))        # doctest: +SKIP

``ensure_tables`` applies link's schema migrations through the store's migration runner
(``Store.migrate(named)``: each in a transaction that takes the database's write lock, SQLite
``BEGIN IMMEDIATE`` or PostgreSQL's advisory lock, before it reads what is applied).
``StoreLinkIndex`` calls it, so an index always finds its tables.

``upgrade`` also relinks a store linked before (``RELINKED``): a store whose link index was
pickled Python records (dyadwatch before link owned its tables), or that has articles and no link
state in link's tables. Every stored article is linked again from its stored record, through what
ingest links with (``ingest._Linking``: ``add`` each article, then at each batch its ``write``,
which stores the linked articles and flushes the index in one transaction), so the rewritten
articles get their ``duplicate_of`` and ``story`` as ingest would give them. Ingest runs it before
it links; the CLI's serve, export and report run it when they open a store.

The relink runs in many transactions, so it is claimed (``link_state``: host, process, time) and
each batch saves how far it is (the last article key) in the batch's own transaction: a relink
killed part way is taken up on the next ``upgrade`` from its last batch: by a process on the same
host as soon as the claimer is gone, by any once the claim has not been renewed (each batch renews
it) for ``STALE_CLAIM_S``. A second process waits while a live one relinks (or, told not to wait,
goes on with what is linked so far).

What is relinked is each article's stored record, the linked view an earlier version stored
(corpus-wide entity ids, dates completed from siblings), not its first analysis, which is not kept.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import time
from typing import Any, Callable

from sqlalchemy import Connection, delete, func, inspect, select

from ..store.migrations import Migration, applied, applied_in, locked, record_applied
from ..store.schema import migrations as migrations_table
from .tables import TABLES, link_keys, link_records, link_state

log = logging.getLogger(__name__)

RELINKED = "link/0002_relinked"  # applied when every stored article is linked in link's tables
RELINK_BATCH = 500  # articles linked and written per transaction by the relink
PROGRESS_EVERY = 5_000  # the relink logs how far it is this often (articles; a 100k store takes an hour)
STALE_CLAIM_S = 600.0  # a relink claim not renewed for this long is taken up (a batch takes seconds)
_WAIT_S = 2.0  # how often a process waiting for another's relink looks again
_CLAIM, _AFTER = "relink:claim", "relink:after"

Progress = Callable[[int, int], None]  # (articles relinked, articles in all)


def _plain_tables(conn: Connection, dialect: str) -> None:
    """link/0001: link's tables, in place of the index of pickled records the store kept before.

    Whatever link tables were there (pickled records, rowid or clustered keys) are dropped; a store
    with no articles has nothing to relink and is recorded as relinked too."""
    from ..store.schema import articles

    names = set(inspect(conn).get_table_names())
    for table in reversed(TABLES):
        if table.name in names:
            table.drop(conn)
    for table in TABLES:
        table.create(conn, checkfirst=True)
    if conn.execute(select(articles.c.key).limit(1)).first() is None and RELINKED not in applied_in(conn):
        record_applied(conn, RELINKED)


SCHEMA_MIGRATIONS: list[Migration] = [
    ("link/0001_plain_tables", _plain_tables),
]


def ensure_tables(store: Any) -> list[str]:
    """Apply link's schema migrations to ``store``; the names applied now."""
    return store.migrate(SCHEMA_MIGRATIONS)


def upgrade(store: Any, settings: Any = None, progress: Progress | None = None, *, wait: bool = True) -> bool:
    """Bring ``store``'s link state to this version's: link's tables, and a relink of a store linked
    before. True when the store is linked in link's tables now (False: another process is relinking
    it and ``wait`` is off)."""
    ensure_tables(store)
    if RELINKED in applied(store.engine):
        return True
    return _relink(store, settings, progress, wait)


# ------------------------------------------------------------------------------------------ relink
def _claim_value() -> str:
    return json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "at": time.time()})


def _claimed_by_other(value: str | None) -> str | None:
    """Who holds a live claim that is not this process's; None when it is free, ours or abandoned: its
    process is gone (same host), or it has not been renewed for ``STALE_CLAIM_S`` (a batch renews it)."""
    if value is None:
        return None
    claim = json.loads(value)
    pid, host = int(claim.get("pid", 0)), claim.get("host")
    if host == socket.gethostname():
        if pid == os.getpid():
            return None  # this process's, left by a relink that raised: taken up again
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # alive, another user's
    if time.time() - float(claim.get("at", 0)) > STALE_CLAIM_S:
        return None
    return f"process {pid}" + ("" if host == socket.gethostname() else f" on {host}")


def _state(conn: Connection, name: str) -> str | None:
    return conn.execute(select(link_state.c.value).where(link_state.c.name == name)).scalar()


def _set_state(conn: Connection, name: str, value: str) -> None:
    conn.execute(delete(link_state).where(link_state.c.name == name))
    conn.execute(link_state.insert().values(name=name, value=value))


def _take_claim(store: Any) -> tuple[str, str | None]:
    """("done", None) when relinked; ("busy", who) while another process relinks; else ("ours", the
    last article key relinked, "" for none), with the claim taken."""
    with locked(store.engine) as conn:
        if RELINKED in applied_in(conn):
            return "done", None
        holder = _claimed_by_other(_state(conn, _CLAIM))
        if holder is not None:
            return "busy", holder
        after = _state(conn, _AFTER)
        if after is None:  # a fresh start: nothing committed by a relink; whatever is here goes
            conn.execute(link_keys.delete())
            conn.execute(link_records.delete())
            after = ""
            _set_state(conn, _AFTER, after)
        _set_state(conn, _CLAIM, _claim_value())
        return "ours", after


def _relink(store: Any, settings: Any, progress: Progress | None, wait: bool) -> bool:
    try:  # linking off: nothing is relinked now, and the relink waits for a run that can link
        import datasketch  # noqa: F401
    except ImportError as exc:
        log.warning("the store is not relinked: linking is off (%s; install dyadwatch[link])", exc)
        return False
    said = float("-inf")
    while True:
        status, after = _take_claim(store)
        if status == "done":
            return True
        if status == "ours":
            break
        if not wait:
            log.info("%s is relinking this store: going on with what is linked so far", after)
            return False
        if time.monotonic() - said > 60:
            log.info("waiting for %s, which is relinking this store", after)
            said = time.monotonic()
        time.sleep(_WAIT_S)
    relink_articles(store, settings, after or "", progress)
    with locked(store.engine) as conn:
        if RELINKED not in applied_in(conn):
            record_applied(conn, RELINKED)
        conn.execute(delete(link_state).where(link_state.c.name.in_([_CLAIM, _AFTER])))
    return True


def link_stored(store: Any, settings: Any = None, progress: Progress | None = None) -> int:
    """Link every stored article again, from scratch: link's index and linking's result tables
    (merged events, stories, ledger, person clusters) are emptied and rebuilt from the stored
    records, as the relink after an upgrade does. For a store written without linking
    (``ingest --no-link``, ``Store.write``) or one to link with other settings
    (``dyadwatch relink``). Killed part way, the next ``upgrade`` takes it up. Returns the articles."""
    from ..store.linked import clear_link_rows

    ensure_tables(store)
    with locked(store.engine) as conn:
        for table in (link_keys, link_records):
            conn.execute(delete(table))
        clear_link_rows(conn)
        _set_state(conn, _AFTER, "")
        _set_state(conn, _CLAIM, _claim_value())
        conn.execute(delete(migrations_table).where(migrations_table.c.name == RELINKED))
    done = relink_articles(store, settings, "", progress)
    with locked(store.engine) as conn:
        record_applied(conn, RELINKED)
        conn.execute(delete(link_state).where(link_state.c.name.in_([_CLAIM, _AFTER])))
    return done


def relink_articles(store: Any, settings: Any, after: str, progress: Progress | None = None) -> int:
    """Link every stored article whose key sorts after ``after``, in key order, as ingest links;
    each batch's transaction also saves its last key (and the claim's time). Returns how many."""
    from ..ingest import _Linking  # what ingest links with: the same add, flush and result tables
    from ..records import Article
    from ..settings import Settings
    from ..store.schema import articles

    settings = settings or Settings.load()
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(articles)).scalar_one()
        left = conn.execute(select(func.count()).select_from(articles).where(articles.c.key > after)).scalar_one()
    done = total - left
    started = time.perf_counter()
    log.info("relinking %s stored articles into link's tables (once, after an upgrade; %s done before)",
             f"{total:,}", f"{done:,}")
    linking = _Linking(store, settings)
    errors = 0
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(select(articles.c.key, articles.c.record).where(articles.c.key > after)
                                .order_by(articles.c.key).limit(RELINK_BATCH)).all()
        if not rows:
            break
        for _, record in rows:
            error = linking.add(Article.from_dict(json.loads(record)))
            if error:
                errors += 1
                log.warning("relinking: %s", error)
        after = rows[-1][0]

        def save_position(conn: Connection, last: str = after) -> None:
            _set_state(conn, _AFTER, last)
            _set_state(conn, _CLAIM, _claim_value())

        linking.write(also=save_position)
        before, done = done, done + len(rows)
        if done // PROGRESS_EVERY > before // PROGRESS_EVERY:
            log.info("relinking: %s of %s stored articles done", f"{done:,}", f"{total:,}")
        if progress is not None:
            progress(done, total)
    log.info("relinked %s stored articles in %.0f s%s", f"{total:,}", time.perf_counter() - started,
             f" ({errors} not linked: see the warnings)" if errors else "")
    return done
