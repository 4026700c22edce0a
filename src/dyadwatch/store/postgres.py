"""PostgreSQL specifics: the psycopg 3 driver URL and tsvector search.

The search vector is a stored generated column over title, text and the
canonical entity names (since migration 0004) with both
the 'russian' and the 'english' text-search configurations (Snowball stems,
the same algorithm ``stems.py`` uses for SQLite), indexed with GIN. Queries
go through ``websearch_to_tsquery``, which accepts any user input safely.

The database needs a UTF-8 character type (LC_CTYPE such as C.UTF-8 or
ru_RU.UTF-8): with LC_CTYPE=C the text-search parser does not see Cyrillic
letters as letters and Russian words are not stemmed. The collation may be C.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, text

_DOC = "coalesce(title, '') || ' ' || coalesce(text, '')"
_DOC_WITH_NAMES = _DOC + " || ' ' || coalesce(entity_names, '')"


def driver_url(url: str) -> str:
    """postgresql://... uses psycopg 3 (the [postgres] extra), not psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def create_search(conn: Connection, with_names: bool = False) -> None:
    doc = _DOC_WITH_NAMES if with_names else _DOC
    conn.execute(text(
        "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS ("
        f"to_tsvector('russian'::regconfig, {doc}) || to_tsvector('english'::regconfig, {doc})) STORED"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING GIN (search)"))


QUERY_SQL = ("(websearch_to_tsquery('russian'::regconfig, :q) || "
             "websearch_to_tsquery('english'::regconfig, :q))")


# --------------------------------------------------------------------------- bulk load
# Batches reach PostgreSQL with COPY (psycopg 3) rather than executemany: one
# stream per table instead of a round trip per few hundred rows. The COPY runs
# on the DBAPI connection under the caller's SQLAlchemy transaction, so a
# batch is still all or nothing. Tables with upsert semantics (entities, the
# link index) are copied into a temporary table and merged from there with
# INSERT ... ON CONFLICT. Below COPY_MIN_ROWS rows a plain INSERT is used.
COPY_MIN_ROWS = 1

# The same merge as Store._upsert_entities: a later article may add what an earlier one lacked.
ENTITY_CONFLICT = ("ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, "
                   "country = coalesce(excluded.country, entities.country), "
                   "wikidata = coalesce(excluded.wikidata, entities.wikidata), "
                   "known = excluded.known OR entities.known")


def _columns(table: Table, rows: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(name, value when a row lacks it): the Core default, as executemany would apply it."""
    present = set().union(*rows)
    out = []
    for col in table.columns:
        if col.name in present:
            default = col.default.arg if col.default is not None and col.default.is_scalar else None
            out.append((col.name, default))
    return out


def copy_rows(conn: Connection, table: Table, rows: list[dict[str, Any]], *, into: str | None = None) -> None:
    """COPY ``rows`` (dicts keyed by column name) into ``table`` (or the table named ``into``)."""
    from psycopg import sql

    cols = _columns(table, rows)
    stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(into or table.name), sql.SQL(", ").join(sql.Identifier(c) for c, _ in cols))
    raw = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(stmt) as copy:
        for row in rows:
            copy.write_row([row.get(c, default) for c, default in cols])


def copy_upsert(conn: Connection, table: Table, rows: list[dict[str, Any]], conflict: str) -> None:
    """COPY into a temporary twin of ``table``, then INSERT ... SELECT ... ``conflict``
    (an ``ON CONFLICT`` clause). Rows must be unique on the conflict target."""
    temp = f"_copy_{table.name}"
    cols = ", ".join(f'"{c}"' for c, _ in _columns(table, rows))
    conn.execute(text(f'CREATE TEMP TABLE IF NOT EXISTS "{temp}" (LIKE "{table.name}" INCLUDING DEFAULTS) '
                      "ON COMMIT DELETE ROWS"))
    copy_rows(conn, table, rows, into=temp)
    conn.execute(text(f'INSERT INTO "{table.name}" ({cols}) SELECT {cols} FROM "{temp}" {conflict}'))
    conn.execute(text(f'TRUNCATE "{temp}"'))  # a second batch in this transaction starts empty
