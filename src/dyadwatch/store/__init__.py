"""The store: one schema on SQLite (default, a file) and PostgreSQL (at scale).

>>> from dyadwatch.store import open_store, Filters
>>> store = open_store("dyadwatch.db")                      # doctest: +SKIP
>>> store.write(articles)                                   # doctest: +SKIP
WriteResult(new=5, known=0, updated=0)
>>> store.events(Filters(event_type="CONSULT"), limit=10)   # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

from .core import Store, database_url
from .rows import (ArticleRef, CommitmentRow, EntityRow, EventRow, FailureRow, Filters, MonthlyPoint, Page,
                   QuoteRow, SearchHit, WriteResult)


def open_store(url_or_path: str | Path | None = None, *, migrate: bool = True) -> Store:
    """Open (and migrate) the store at a SQLite path or SQLAlchemy URL; default ``dyadwatch.db``."""
    return Store(url_or_path or "dyadwatch.db", migrate=migrate)


__all__ = ["Store", "open_store", "database_url", "Filters", "Page", "ArticleRef", "EventRow", "EntityRow",
           "QuoteRow", "CommitmentRow", "SearchHit", "MonthlyPoint", "WriteResult", "FailureRow"]
