"""``bench_store --check N``: does the bench's fast fill store what ingest's path stores?

Builds an N-article store both ways (``NormalFill``: ingest's linking; ``FastFill``: the filler of
the 100k and 1M levels) and compares them table by table and link record by link record.
"""
from __future__ import annotations

import time
from itertools import islice
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import text

from dyadwatch.settings import Settings
from dyadwatch.store import Store, open_store

from .bench_store import FastFill, NormalFill
from .synthetic import World, stream

_LINK_FIELDS = ("story", "duplicate_of", "record", "entity_names", "ingested_at")


def _table_rows(store: Store, name: str, drop: tuple[str, ...] = ()) -> set[tuple]:
    with store.engine.connect() as conn:
        result = conn.execute(text(f"SELECT * FROM {name}"))  # noqa: S608 - fixed table names
        cols = [c for c in result.keys() if c not in drop]
        return {tuple(r._mapping[c] for c in cols) for r in result}


def check(n: int, folder: Path, batch: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Build an n-article store both ways and compare table by table."""
    settings = Settings()
    world = World()
    stores = {}
    for name, filler in (("normal", NormalFill), ("fast", FastFill)):
        path = folder / f"check-{name}-{n}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        store = open_store(path)
        t = time.perf_counter()
        gen = stream(world, 0, n)
        fill = filler(store, settings)
        while chunk := list(islice(gen, batch)):
            fill(chunk)
        log(f"  {name} path: {n} articles in {time.perf_counter() - t:.1f} s")
        stores[name] = store
    report: dict[str, Any] = {}
    normal, fast = stores["normal"], stores["fast"]
    tables = [("articles", _LINK_FIELDS), ("entities", ()), ("mentions", ()), ("events", ()),
              ("event_actors", ()), ("quotes", ()), ("commitments", ()), ("topics", ()),
              ("article_search", ("rowid",)), ("link_keys", ())]
    for name, drop in tables:
        a, b = _table_rows(normal, name, drop), _table_rows(fast, name, drop)
        report[name] = {"normal": len(a), "fast": len(b), "only_normal": len(a - b), "only_fast": len(b - a)}
    with normal.engine.connect() as c1, fast.engine.connect() as c2:
        q = text("SELECT kind, id, value FROM link_records")
        ra = {(k, i): v for k, i, v in c1.execute(q)}
        rb = {(k, i): v for k, i, v in c2.execute(q)}
    kinds = sorted({k for k, _ in ra} | {k for k, _ in rb})
    for kind in kinds:
        ka = {i for k, i in ra if k == kind}
        kb = {i for k, i in rb if k == kind}
        differ = sum(1 for i in ka & kb if _load(ra[(kind, i)]) != _load(rb[(kind, i)]))
        report[f"link_records:{kind}"] = {"normal": len(ka), "fast": len(kb), "only_normal": len(ka - kb),
                                          "only_fast": len(kb - ka), "values_differ": differ}
    with normal.engine.connect() as conn:
        linked = conn.execute(text("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")).scalar_one()
        stories = conn.execute(text("SELECT count(DISTINCT story) FROM articles")).scalar_one()
    report["normal_links"] = {"duplicates": linked, "stories": stories, "articles": n}
    for s in stores.values():
        s.close()
    return report


def _load(blob: bytes) -> Any:
    from dyadwatch.link.codec import decode as load

    value = load(blob)
    return value.tolist() if hasattr(value, "tolist") else value
