"""Ingest: read, clean, analyse and store a corpus — idempotent and resumable.

>>> from dyadwatch.ingest import ingest
>>> report = ingest(["corpus/"], Settings.load(db="news.db"))     # doctest: +SKIP
>>> report.new, report.known, report.failed                      # doctest: +SKIP

The flow is a stream with bounded memory: documents are read and cleaned in
the driver, their content hash (of the cleaned text) is looked up in the
store, and only unknown ones go to the engine for analysis. Results are
written ``Settings.batch_size`` at a time, one transaction per batch, so a
killed run loses at most the open batch and a rerun skips what was stored.
Every file or record that fails is recorded in the store's ``failures`` table
with its path, stage and reason, and the run goes on.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .document import CleanDocument, RawDocument
from .engine import Engine, make_engine
from .engine.base import chunked
from .read import ReadFailure
from .records import Article
from .settings import Settings
from .store import Store, open_store

MAX_REPORTED_FAILURES = 1000  # the report keeps the first ones; the store keeps them all


@dataclass
class IngestReport:
    """Counts of one ingest run. ``read`` counts every input document or record,
    including those that failed; ``known`` those skipped because their cleaned
    text was already stored (or seen earlier in this run)."""

    read: int = 0
    new: int = 0
    known: int = 0
    updated: int = 0
    failed: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    batches: int = 0
    seconds: float = 0.0

    @property
    def failure_share(self) -> float:
        return self.failed / self.read if self.read else 0.0

    def exit_code(self, threshold: float) -> int:
        """1 when more than ``threshold`` of the inputs failed, else 0."""
        return 1 if self.failed and self.failure_share > threshold else 0

    def add_failure(self, failure: ReadFailure) -> None:
        self.failed += 1
        if len(self.failures) < MAX_REPORTED_FAILURES:
            self.failures.append(failure)

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "new": self.new, "known": self.known, "updated": self.updated,
                "failed": self.failed, "batches": self.batches, "seconds": round(self.seconds, 3),
                "failures": [{"path": f.path, "id": f.id, "stage": f.stage, "reason": f.reason}
                             for f in self.failures]}


Progress = Callable[[IngestReport], None]


def ingest(paths: Iterable[str | Path], settings: Settings | None = None, *, engine: Engine | str | None = None,
           progress: Progress | None = None, store: Store | None = None, reanalyse: bool = False) -> IngestReport:
    """Read ``paths`` (files, folders, globs) and store every article not stored yet
    (with ``reanalyse``, analyse stored ones again and update those whose result changed)."""
    from .read import read_paths

    settings = settings or Settings.load()
    items = read_paths([str(p) for p in paths], settings)
    return ingest_documents(items, settings, engine=engine, progress=progress, store=store, reanalyse=reanalyse)


def ingest_documents(items: Iterable[RawDocument | CleanDocument | ReadFailure], settings: Settings | None = None,
                     *, engine: Engine | str | None = None, progress: Progress | None = None,
                     store: Store | None = None, reanalyse: bool = False) -> IngestReport:
    """Ingest documents a reader (or the caller) produced; see the module doc."""
    settings = settings or Settings.load()
    own_store = store is None
    store = store or open_store(settings.db)
    own_engine = engine is None or isinstance(engine, str)
    eng: Engine = make_engine(engine if isinstance(engine, str) else None, settings) if own_engine else engine  # type: ignore[assignment]
    report = IngestReport()
    t0 = time.perf_counter()
    previous_failures = {(f.path, f.record_id) for f in store.failures()}
    in_flight: set[str] = set()
    # With reanalyse the store cannot tell what this run already did; keep the keys (32 bytes each).
    seen_this_run: set[str] | None = set() if reanalyse else None
    batch_size = max(1, settings.batch_size)

    def tick() -> None:
        if progress is not None:
            report.seconds = time.perf_counter() - t0
            progress(report)

    def fail(failure: ReadFailure) -> None:
        report.add_failure(failure)
        store.record_failure(failure.path, failure.reason, record_id=failure.id, stage=failure.stage)
        tick()

    def cleaned() -> Iterator[tuple[CleanDocument, str]]:
        for item in items:
            report.read += 1
            if isinstance(item, ReadFailure):
                fail(item)
                continue
            try:
                doc = item if isinstance(item, CleanDocument) else _clean(item, settings)
            except Exception as exc:  # CleanError or a cleaning bug: recorded, the run goes on
                fail(ReadFailure(item.path or item.id, str(exc) or type(exc).__name__, item.id, stage="clean"))
                continue
            yield doc, doc.content_hash

    def unknown() -> Iterator[CleanDocument]:
        # Look keys up a batch at a time: one query per batch, not per document.
        for chunk in chunked(cleaned(), batch_size):
            stored = set() if reanalyse else store.known_keys(k for _, k in chunk)
            for doc, key in chunk:
                if key in stored or key in in_flight or (seen_this_run is not None and key in seen_this_run):
                    report.known += 1
                    tick()
                    continue
                in_flight.add(key)
                if seen_this_run is not None:
                    seen_this_run.add(key)
                yield doc

    def flush(batch: list[Article]) -> None:
        if not batch:
            return
        res = store.write(batch)
        report.new += res.new
        report.updated += res.updated
        report.known += res.known
        report.batches += 1
        in_flight.difference_update(res.keys)
        for art in batch:
            for failure_key in ((art.path or art.id, ""), (art.path or art.id, art.id)):
                if failure_key in previous_failures:
                    store.clear_failure(*failure_key)
        batch.clear()
        tick()

    batch: list[Article] = []
    try:
        for result in eng.map(unknown()):
            if isinstance(result, ReadFailure):
                fail(result)
                continue
            batch.append(result)
            if len(batch) >= batch_size:
                flush(batch)
        flush(batch)
    finally:
        if own_engine:
            eng.close()
        if own_store:
            store.close()
    report.seconds = time.perf_counter() - t0
    return report


def _clean(raw: RawDocument, settings: Settings) -> CleanDocument:
    from .clean import clean_document

    return clean_document(raw, settings)
