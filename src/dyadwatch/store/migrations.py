"""Named schema migrations, applied in order and recorded in ``migrations``.

A migration is a name and a function of (connection, dialect name). Names are
never reused or renamed: a database records which names it has, and
``apply_migrations`` runs only the missing ones, each in its own transaction.
New schema changes are appended to ``MIGRATIONS``.

Any number of processes may open a new store at once: each migration's
transaction first takes the database's write lock (SQLite ``BEGIN IMMEDIATE``,
PostgreSQL a transaction-scoped advisory lock) and only then reads whether the
migration is applied, so the second process waits and then skips it. Reading
first and locking later let two processes both apply one migration (issue #27).

Other parts of dyadwatch that keep tables in the store own them and their
migrations: they pass their own list to ``apply_migrations`` (``Store.migrate``),
named under their prefix and recorded in the same table. Linking's are
"link/..." (``dyadwatch.link.storage``); the store imports nothing of linking.
``locked``, ``applied_in`` and ``record_applied`` serve a migration that runs in
several transactions (linking's relink of a store linked before).
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

from sqlalchemy import Connection, Engine, inspect, select, text

from . import postgres, sqlite
from .schema import INITIAL_TABLES, LINK_RESULT_TABLES, articles, metadata, migrations

Migration = tuple[str, Callable[[Connection, str], None]]

log = logging.getLogger(__name__)
# A migration that runs longer is reported when done (data migrations of a 1M store take minutes;
# a new store's take milliseconds and say nothing).
SLOW_MIGRATION_S = 5.0


# Each migration creates only its own tables: a later migration that alters a
# table must find it as the earlier migrations left it.
def _initial_tables(conn: Connection, dialect: str) -> None:
    metadata.create_all(conn, tables=list(INITIAL_TABLES), checkfirst=True)


def _superseded(conn: Connection, dialect: str) -> None:
    """A migration of the link index, which linking now owns (``dyadwatch.link.storage``): its name
    stays applied where it was, and does nothing. Link's own first migration relinks a store that
    was linked before, into link's tables, so what these did is done there."""


def _search_index(conn: Connection, dialect: str) -> None:
    if dialect == "sqlite":
        sqlite.create_search(conn)
    elif dialect == "postgresql":
        postgres.create_search(conn)


def _search_entity_names(conn: Connection, dialect: str) -> None:
    """Canonical entity names join the searched text (cross-script search)."""
    import json

    from .rows import entity_names
    from ..records import Article

    if "entity_names" not in {c["name"] for c in inspect(conn).get_columns("articles")}:
        conn.execute(text("ALTER TABLE articles ADD COLUMN entity_names TEXT"))
    keys = list(conn.execute(select(articles.c.key).order_by(articles.c.key)).scalars())
    for i in range(0, len(keys), 500):  # a chunk at a time: the corpus need not fit in memory
        rows = conn.execute(select(articles.c.key, articles.c.title, articles.c.text, articles.c.record)
                            .where(articles.c.key.in_(keys[i:i + 500]))).all()
        names = {r.key: entity_names(Article.from_dict(json.loads(r.record))) for r in rows}
        conn.execute(text("UPDATE articles SET entity_names = :n WHERE key = :k"),
                     [{"k": k, "n": n} for k, n in names.items()])
        if dialect == "sqlite":
            sqlite.index_articles(conn, [{"key": r.key, "title": r.title, "text": r.text, "names": names[r.key]}
                                         for r in rows])
    if dialect == "postgresql":
        conn.execute(text("ALTER TABLE articles DROP COLUMN IF EXISTS search"))
        postgres.create_search(conn, with_names=True)


def _search_rowids(conn: Connection, dialect: str) -> None:
    """SQLite: a key -> FTS5 rowid table, so rewriting an article's search row is a lookup, not a scan."""
    if dialect == "sqlite":
        sqlite.ensure_search_rowids(conn)


def _link_results(conn: Connection, dialect: str) -> None:
    """Linking's results as tables (merged events, stories, ledger, person clusters; see linked.py).

    A store linked before has them empty until it is linked again from its stored articles."""
    metadata.create_all(conn, tables=list(LINK_RESULT_TABLES), checkfirst=True)


MIGRATIONS: list[Migration] = [
    ("0001_initial_tables", _initial_tables),
    ("0002_search_index", _search_index),
    ("0003_link_index", _superseded),
    ("0004_search_entity_names", _search_entity_names),
    ("0005_search_rowids", _search_rowids),
    ("0006_link_keys_v2", _superseded),
    ("0007_name_eras", _superseded),
    ("0008_link_keys_clustered", _superseded),
    ("0009_entity_counts", _superseded),
    ("0010_link_cards", _superseded),
    ("0011_event_keys_by_type", _superseded),
    ("0012_link_results", _link_results),
]


def applied(engine: Engine) -> list[str]:
    if not inspect(engine).has_table("migrations"):
        return []
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(migrations.c.name).order_by(migrations.c.name))]


# pg_advisory_xact_lock key of the migration runner (any constant the application uses for nothing else)
PG_MIGRATION_LOCK = 0x6479_6164_6D69_67  # "dyadmig"


def _lock(conn: Connection, dialect: str) -> None:
    """Start the transaction holding the database's write lock, before anything is read."""
    if dialect == "sqlite":
        # pysqlite opens a transaction before a data change only: a CREATE TABLE that comes first
        # would be committed alone (and a migration killed after it left the table behind, found by
        # the next run as if the migration had filled it). IMMEDIATE takes the write lock now, waiting
        # out another writer for the busy timeout, so what this transaction reads stays true.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})


def applied_in(conn: Connection) -> set[str]:
    """The names applied, read with ``conn`` (inside ``locked``: what it reads stays true)."""
    if not inspect(conn).has_table("migrations"):
        return set()
    return set(conn.execute(select(migrations.c.name)).scalars())


@contextmanager
def locked(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the database's write lock (SQLite) or the migration lock (PostgreSQL),
    taken before anything is read: for a migration that runs in several transactions (the link
    relink), each step that reads and then writes what is applied."""
    with engine.begin() as conn:
        _lock(conn, engine.dialect.name)
        yield conn


def record_applied(conn: Connection, name: str) -> None:
    migrations.create(conn, checkfirst=True)
    conn.execute(migrations.insert().values(name=name, applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))


def apply_migrations(engine: Engine, named: Sequence[Migration] | None = None) -> list[str]:
    """Apply the migrations this database lacks; return the names applied now.

    ``named`` defaults to the store's own ``MIGRATIONS``; another part of dyadwatch that keeps
    tables in the store (linking: ``dyadwatch.link.storage``) passes its own, named under its
    prefix ("link/0001_..."), and they are applied and recorded the same way."""
    named = MIGRATIONS if named is None else named
    dialect = engine.dialect.name
    if {name for name, _ in named} <= set(applied(engine)):
        return []  # up to date: no write lock (a reader opening the store must not wait for a writer)
    with engine.begin() as conn:
        _lock(conn, dialect)
        migrations.create(conn, checkfirst=True)
    now_applied = []
    for name, fn in named:
        started = time.perf_counter()
        with engine.begin() as conn:
            _lock(conn, dialect)
            if name in applied_in(conn):  # read under the lock: another process may have applied it
                continue
            fn(conn, dialect)
            record_applied(conn, name)
        now_applied.append(name)
        if (secs := time.perf_counter() - started) > SLOW_MIGRATION_S:
            log.info("migration %s applied in %.0f s", name, secs)
    return now_applied
