"""Named schema migrations, applied in order and recorded in ``migrations``.

A migration is a name and a function of (connection, dialect name). Names are
never reused or renamed: a database records which names it has, and
``apply_migrations`` runs only the missing ones, each in its own transaction.
New schema changes are appended to ``MIGRATIONS``.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import Connection, Engine, inspect, select

from . import postgres, sqlite
from .schema import INITIAL_TABLES, link_keys, link_records, metadata, migrations

Migration = tuple[str, Callable[[Connection, str], None]]


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


MIGRATIONS: list[Migration] = [
    ("0001_initial_tables", _initial_tables),
    ("0002_search_index", _search_index),
    ("0003_link_index", _link_index),
]


def applied(engine: Engine) -> list[str]:
    if not inspect(engine).has_table("migrations"):
        return []
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(migrations.c.name).order_by(migrations.c.name))]


def apply_migrations(engine: Engine) -> list[str]:
    """Apply the migrations this database lacks; return the names applied now."""
    migrations.create(engine, checkfirst=True)
    done = set(applied(engine))
    now_applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with engine.begin() as conn:
            fn(conn, engine.dialect.name)
            conn.execute(migrations.insert().values(
                name=name, applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))
        now_applied.append(name)
    return now_applied
