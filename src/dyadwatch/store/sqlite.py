"""SQLite specifics: connection pragmas and the FTS5 search table.

WAL lets the dashboard read while ingest writes; the busy timeout makes a
writer wait for a lock instead of failing at once. Search is an FTS5 table
holding title and text (for snippets and exact words) plus a ``stems`` column
of Snowball stems (see ``stems.py``) so inflected Russian forms match.
"""
from __future__ import annotations

import re
import sqlite3
import time
from typing import Any, Iterable

from sqlalchemy import Connection, event, text
from sqlalchemy.engine import Engine

from .stems import stem, stem_text

BUSY_TIMEOUT_MS = 30_000
# Prepared statements each connection keeps (the sqlite3 module's default is 128). Linking's reads
# send IN lists and per-key UNION ALLs whose text varies with their length, so a dense store asks for
# hundreds of different texts, and with the default many were prepared again: linking's SQL at 1M
# articles took 2.41 ms/article with 128 and 2.17 with 1024 (bench_store --peek, medians of 3).
CACHED_STATEMENTS = 1024


def configure(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            _set_wal(cur)
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()


def _set_wal(cur: Any) -> None:
    """``PRAGMA journal_mode = WAL``, retried while another process holds the new file's lock.

    Switching a new database to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once
    there instead of calling the busy handler: two processes opening one new store together saw
    "database is locked" (2 in 20 trials). So wait here, up to the busy timeout, as any other write does.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


def create_search(conn: Connection) -> None:
    conn.execute(text(
        "CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5("
        "key UNINDEXED, title, text, stems, tokenize = 'unicode61 remove_diacritics 2')"))


def index_articles(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Replace the search rows of these articles (``key``, ``title``, ``text``, ``names``)."""
    rows = list(rows)
    if not rows:
        return
    delete_articles(conn, [r["key"] for r in rows])
    before = conn.execute(text("SELECT coalesce(max(rowid), 0) FROM article_search")).scalar_one()
    conn.execute(text("INSERT INTO article_search (key, title, text, stems) VALUES (:key, :title, :text, :stems)"),
                 [{"key": r["key"], "title": r.get("title") or "", "text": r["text"],
                   "stems": stem_text(f"{r.get('title') or ''} {r['text']} {r.get('names') or ''}")} for r in rows])
    conn.execute(text("INSERT OR REPLACE INTO article_search_rowid (key, search_rowid) "
                      "SELECT key, rowid FROM article_search WHERE rowid > :before"), {"before": before})


def delete_articles(conn: Connection, keys: Iterable[str]) -> None:
    """Drop the search rows of these articles, found by rowid through ``article_search_rowid``:
    ``key`` is an UNINDEXED FTS5 column, so ``WHERE key = ?`` would scan the whole table per article."""
    keys = list(keys)
    if not keys:
        return
    ensure_search_rowids(conn)
    params = [{"key": k} for k in keys]
    conn.execute(text("DELETE FROM article_search WHERE rowid = "
                      "(SELECT search_rowid FROM article_search_rowid WHERE key = :key)"), params)
    conn.execute(text("DELETE FROM article_search_rowid WHERE key = :key"), params)


def ensure_search_rowids(conn: Connection) -> None:
    """The key -> FTS rowid table (migration 0005), filled from the search rows already there."""
    if conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'article_search_rowid'")).first():
        return
    conn.execute(text("CREATE TABLE article_search_rowid (key TEXT PRIMARY KEY, search_rowid INTEGER NOT NULL)"))
    conn.execute(text("INSERT OR REPLACE INTO article_search_rowid (key, search_rowid) "
                      "SELECT key, rowid FROM article_search"))


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
