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
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import Connection, Engine, inspect, select, text

from . import postgres, sqlite
from .schema import INITIAL_TABLES, LINK_RESULT_TABLES, articles, link_keys, link_records, metadata, migrations

Migration = tuple[str, Callable[[Connection, str], None]]

log = logging.getLogger(__name__)
# A migration that runs longer is reported when done (data migrations of a 1M store take minutes;
# a new store's take milliseconds and say nothing).
SLOW_MIGRATION_S = 5.0


# Each migration creates only its own tables: a later migration that alters a
# table must find it as the earlier migrations left it.
def _initial_tables(conn: Connection, dialect: str) -> None:
    metadata.create_all(conn, tables=list(INITIAL_TABLES), checkfirst=True)


def _link_index(conn: Connection, dialect: str) -> None:
    metadata.create_all(conn, tables=[link_keys, link_records], checkfirst=True)


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


def _link_keys_v2(conn: Connection, dialect: str) -> None:
    """Finer link keys for persons and commitments; no country-wide keys (see link_refile.refile_link_keys)."""
    from .link_refile import refile_link_keys

    refile_link_keys(conn, dialect)


def _name_eras(conn: Connection, dialect: str) -> None:
    """Unknown persons' name keys by era (see link_refile.refile_name_eras)."""
    from .link_refile import refile_name_eras

    refile_name_eras(conn, dialect)


def _link_keys_clustered(conn: Connection, dialect: str) -> None:
    """SQLite: link_keys clustered on its primary key (see sqlite.link_keys_without_rowid)."""
    if dialect == "sqlite":
        sqlite.link_keys_without_rowid(conn)


def _entity_counts(conn: Connection, dialect: str) -> None:
    """The articles naming each entity, for the namesake guard (see link_refile.count_entities)."""
    from .link_refile import count_entities

    count_entities(conn)


def _link_cards(conn: Connection, dialect: str) -> None:
    """Cards of stored articles and events, what linking compares of a candidate (see link_refile.write_cards)."""
    from .link_refile import write_cards

    write_cards(conn)


def _event_keys_by_type(conn: Connection, dialect: str) -> None:
    """Events filed by type and tense (see link_refile.refile_event_keys)."""
    from .link_refile import refile_event_keys

    refile_event_keys(conn)


def _link_results(conn: Connection, dialect: str) -> None:
    """Linking's results as tables (merged events, stories, ledger, person clusters; see linked.py).

    A store linked before has them empty until it is linked again from its stored articles."""
    metadata.create_all(conn, tables=list(LINK_RESULT_TABLES), checkfirst=True)


MIGRATIONS: list[Migration] = [
    ("0001_initial_tables", _initial_tables),
    ("0002_search_index", _search_index),
    ("0003_link_index", _link_index),
    ("0004_search_entity_names", _search_entity_names),
    ("0005_search_rowids", _search_rowids),
    ("0006_link_keys_v2", _link_keys_v2),
    ("0007_name_eras", _name_eras),
    ("0008_link_keys_clustered", _link_keys_clustered),
    ("0009_entity_counts", _entity_counts),
    ("0010_link_cards", _link_cards),
    ("0011_event_keys_by_type", _event_keys_by_type),
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


def _applied_in(conn: Connection) -> set[str]:
    if not inspect(conn).has_table("migrations"):
        return set()
    return set(conn.execute(select(migrations.c.name)).scalars())


def apply_migrations(engine: Engine) -> list[str]:
    """Apply the migrations this database lacks; return the names applied now."""
    dialect = engine.dialect.name
    if {name for name, _ in MIGRATIONS} <= set(applied(engine)):
        return []  # up to date: no write lock (a reader opening the store must not wait for a writer)
    with engine.begin() as conn:
        _lock(conn, dialect)
        migrations.create(conn, checkfirst=True)
    now_applied = []
    for name, fn in MIGRATIONS:
        started = time.perf_counter()
        with engine.begin() as conn:
            _lock(conn, dialect)
            if name in _applied_in(conn):  # read under the lock: another process may have applied it
                continue
            fn(conn, dialect)
            conn.execute(migrations.insert().values(
                name=name, applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))
        now_applied.append(name)
        if (secs := time.perf_counter() - started) > SLOW_MIGRATION_S:
            log.info("migration %s applied in %.0f s", name, secs)
    return now_applied
