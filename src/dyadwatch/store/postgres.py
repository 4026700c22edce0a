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

from sqlalchemy import Connection, text

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
