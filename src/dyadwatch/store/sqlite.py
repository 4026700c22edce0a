"""SQLite specifics: connection pragmas and the FTS5 search table.

WAL lets the dashboard read while ingest writes; the busy timeout makes a
writer wait for a lock instead of failing at once. Search is an FTS5 table
holding title and text (for snippets and exact words) plus a ``stems`` column
of Snowball stems (see ``stems.py``) so inflected Russian forms match.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from sqlalchemy import Connection, event, text
from sqlalchemy.engine import Engine

from .stems import stem, stem_text

BUSY_TIMEOUT_MS = 30_000


def configure(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()


def create_search(conn: Connection) -> None:
    conn.execute(text(
        "CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5("
        "key UNINDEXED, title, text, stems, tokenize = 'unicode61 remove_diacritics 2')"))


def index_articles(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Replace the search rows of these articles (``key``, ``title``, ``text``, ``names``)."""
    rows = list(rows)
    if not rows:
        return
    conn.execute(text("DELETE FROM article_search WHERE key = :key"), [{"key": r["key"]} for r in rows])
    conn.execute(text("INSERT INTO article_search (key, title, text, stems) VALUES (:key, :title, :text, :stems)"),
                 [{"key": r["key"], "title": r.get("title") or "", "text": r["text"],
                   "stems": stem_text(f"{r.get('title') or ''} {r['text']} {r.get('names') or ''}")} for r in rows])


def delete_articles(conn: Connection, keys: Iterable[str]) -> None:
    keys = list(keys)
    if keys:
        conn.execute(text("DELETE FROM article_search WHERE key = :key"), [{"key": k} for k in keys])


_TOKEN = re.compile(r"\w+", re.UNICODE)


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression: every query word must match, by stem for words,
    literally for numbers. Words are quoted, so user input is never FTS syntax."""
    parts = []
    for tok in _TOKEN.findall(query or ""):
        if tok.isalpha():
            parts.append(f'stems : "{stem(tok)}"')
        else:
            parts.append(f'"{tok.lower()}"')
    return " AND ".join(parts) or None


SEARCH_SQL = ("SELECT key, bm25(article_search) AS rank FROM article_search "
              "WHERE article_search MATCH :match")
