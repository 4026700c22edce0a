"""The OS page cache around store benchmarks: what a level read from disk, and warming it first.

A store of a million articles is larger than this machine's memory (32 GB against 23.5), so what a
probe batch costs depends on which of its pages the OS still holds. That depends on what ran before
the process: readings at 1M swung by 10-40% with it. Three things make it visible and repeatable:

- ``disk_read_bytes()``: what the process has read from the block device so far (``/proc/self/io``;
  reads served by the page cache are not counted). Per article, it says how cold a level ran.
- ``forget(paths)``: drops other files' pages (other stores on this machine), so that they do not
  crowd the store under test out of memory.
- ``warm(store)``: walks every B-tree that linking and writing read (link records and keys, the
  search index, every index on the child tables) so that they are in the page cache before timing,
  as they are after an ingest has run for a while on a machine with the memory to hold them. The
  bodies are left out (article rows, the search table's copy of the text, event rows): a probe
  reads them only for the few earlier articles it rewrites, and at 1M they are half the file.
"""
from __future__ import annotations

import os
import time
from typing import Any

from sqlalchemy import text

# Tables whose rows are article bodies and records: read only when an earlier article is rewritten.
BODY_TABLES = ("articles", "article_search_content", "events")


def disk_read_bytes() -> int | None:
    """Bytes this process has read from storage devices (Linux), or None where that is not known."""
    try:
        with open("/proc/self/io", encoding="ascii") as f:
            for line in f:
                if line.startswith("read_bytes:"):
                    return int(line.split(":")[1])
    except OSError:
        return None
    return None


def forget(paths: list[str]) -> None:
    """Drop these files' clean pages from the OS page cache (other stores on the machine, so that a
    level runs as if its store were alone, as a user's is). Linux and other POSIX systems only."""
    for path in paths:
        for name in (path, f"{path}-wal"):
            if os.path.exists(name):
                fd = os.open(name, os.O_RDONLY)
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)


def warm(store: Any) -> tuple[int, float]:
    """Read the store's hot B-trees into the OS page cache; return (bytes walked, seconds).

    SQLite: the ``dbstat`` table walks every page of a named tree, overflow pages included.
    PostgreSQL: ``pg_prewarm`` loads each relation. Where neither is available nothing is read and
    (0, seconds) is returned, so the caller can say the level ran unwarmed.
    """
    t = time.perf_counter()
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            walked = _warm_sqlite(conn)
        else:
            walked = _warm_postgres(conn)
    return walked, time.perf_counter() - t


def _warm_sqlite(conn: Any) -> int:
    try:
        page_size = conn.execute(text("PRAGMA page_size")).scalar_one()
        names = conn.execute(text("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') "
                                  "AND rootpage > 0")).scalars().all()
        pages = 0
        for _ in range(2):  # Linux evicts a page read once before any read twice: the second pass keeps them
            pages = sum(conn.execute(text("SELECT count(*) FROM dbstat WHERE name = :n"), {"n": name}).scalar_one()
                        for name in names if name not in BODY_TABLES)
        return pages * page_size
    except Exception as exc:  # a SQLite built without dbstat
        if "dbstat" not in str(exc):
            raise
        return 0


def _warm_postgres(conn: Any) -> int:
    try:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
    except Exception as exc:  # contrib not installed, or no right to create extensions
        if "pg_prewarm" not in str(exc):
            raise
        conn.rollback()
        return 0
    rels = conn.execute(text(
        "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i') AND NOT (c.relname = ANY(:bodies))"),
        {"bodies": list(BODY_TABLES)}).scalars().all()
    blocks = sum(conn.execute(text("SELECT pg_prewarm(:oid)"), {"oid": oid}).scalar_one() for oid in rels)
    conn.commit()
    return blocks * conn.execute(text("SELECT current_setting('block_size')::int")).scalar_one()
