"""Cross-article links for the dashboard: merged events and the commitment ledger.

The store keeps each article's own analysis; which reports are one real
event, and which later articles follow a commitment up, is ``dyadwatch.link``'s
work. The dashboard runs the ``Linker`` over the stored articles once and keeps
it until the store changes (article count or latest ingest time moves). Past
``LINK_MAX_ARTICLES`` the pages fall back to the cheaper SQL heuristics in
``queries`` rather than hold a big corpus in memory for one request.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from ..store import Store
from ..store.schema import articles

log = logging.getLogger(__name__)

LINK_MAX_ARTICLES = 20_000
# While an ingest runs the store changes all the time; a view younger than this is reused
# (a page may lag the store by this much) rather than rebuilt on every request.
REBUILD_AFTER_S = 30.0
MAX_CACHED_STORES = 4


@dataclass
class LinkedView:
    state: tuple[int, str | None]
    linker: Any  # dyadwatch.link.Linker
    built_at: float = 0.0
    merged: dict[tuple[str, str], Any] = field(default_factory=dict)  # (article id, event id) -> MergedEvent

    def merged_event(self, article_id: str, event_id: str | None) -> Any | None:
        return self.merged.get((article_id, event_id or ""))

    def title(self, article_id: str) -> str | None:
        art = self.linker.index.get("article", article_id)
        return art.title if art is not None else None

    def ledger(self, today: date) -> list[Any]:
        return self.linker.ledger(today)


_cache: dict[str, LinkedView] = {}
_lock = threading.Lock()


def store_state(store: Store) -> tuple[int, str | None]:
    with store.engine.connect() as conn:
        n, last = conn.execute(select(func.count(), func.max(articles.c.ingested_at))).one()
    return int(n), last


def linked(store: Store, settings: Any = None) -> LinkedView | None:
    """The linked view of the store, built on first use and rebuilt when the store changes; None when too big."""
    state = store_state(store)
    if state[0] == 0 or state[0] > LINK_MAX_ARTICLES:
        return None
    try:
        from ..link import Linker
    except ImportError:  # linking is optional for the dashboard
        return None
    key = f"memory:{id(store)}" if store.url == "sqlite://" else store.url
    with _lock:
        cached = _cache.get(key)
        if cached is not None and (cached.state == state or time.monotonic() - cached.built_at < REBUILD_AFTER_S):
            return cached
        linker = Linker(settings=settings)
        for art in store.iter_articles():
            if art.id in linker:
                continue
            try:
                linker.add(art)
            except ValueError as exc:  # two stored versions under one id: the first one stands
                log.warning("not linked: %s", exc)
        view = LinkedView(state, linker, time.monotonic())
        for merged in linker.merged_events():
            for m in merged.mentions:
                view.merged[(m.article_id, m.event_id)] = merged
        _cache.pop(key, None)
        _cache[key] = view
        while len(_cache) > MAX_CACHED_STORES:  # oldest first: dicts keep insertion order
            _cache.pop(next(iter(_cache)))
        return view
