"""Engines: where the per-article work runs (in process, a process pool, Ray).

All share one interface: ``engine.map(documents)`` yields an ``Article`` or a
``ReadFailure`` per document, in input order, with a bounded window in
flight; ``engine.close()`` releases the workers.
"""
from __future__ import annotations

import os
from typing import Any

from ..settings import Settings
from .base import Engine, Result, analyse_one
from .local import LocalEngine

ENGINES = ("auto", "local", "process", "ray")


def make_engine(name: str | None = None, settings: Settings | None = None, *, workers: int | None = None,
                address: str | None = None, analyzer: Any = None) -> Engine:
    """Build an engine by name; ``auto`` is the process pool on more than one core."""
    settings = settings or Settings.load()
    name = (name or settings.engine or "auto").lower()
    if name == "auto":
        wanted = workers or settings.workers or (os.cpu_count() or 1)
        name = "process" if wanted > 1 else "local"
    if name == "local":
        return LocalEngine(settings, analyzer)
    if name == "process":
        from .process import ProcessEngine

        return ProcessEngine(settings, workers)
    if name == "ray":
        from .ray import RayEngine

        return RayEngine(settings, workers, address=address)
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


__all__ = ["Engine", "Result", "LocalEngine", "make_engine", "analyse_one", "ENGINES"]
