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

Linking (``link=True``, the default) joins each new article to what is stored
— duplicates, merged events, stories, sibling dates, corpus-wide entities —
with ``dyadwatch.link.Linker`` over the store-backed index; earlier articles
whose linked view changed (``LinkUpdate.affected_articles``) are rewritten in
the same batch, and the index is saved in the batch's transaction.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import Connection

from .document import CleanDocument, RawDocument
from .engine import Engine, make_engine
from .engine.base import chunked
from .read import ReadFailure
from .records import Article
from .settings import Settings
from .store import Store, WriteResult, open_store
from .store.linked import write_link_rows
from .store.rows import article_key

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
    link_errors: list[str] = field(default_factory=list)

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
                "link_errors": list(self.link_errors),
                "failures": [{"path": f.path, "id": f.id, "stage": f.stage, "reason": f.reason}
                             for f in self.failures]}


Progress = Callable[[IngestReport], None]


def ingest(paths: Iterable[str | Path], settings: Settings | None = None, *, engine: Engine | str | None = None,
           progress: Progress | None = None, store: Store | None = None, reanalyse: bool = False,
           link: bool = True) -> IngestReport:
    """Read ``paths`` (files, folders, globs) and store every article not stored yet
    (with ``reanalyse``, analyse stored ones again and update those whose result changed)."""
    from .read import read_paths

    settings = settings or Settings.load()
    items = read_paths([str(p) for p in paths], settings)
    return ingest_documents(items, settings, engine=engine, progress=progress, store=store, reanalyse=reanalyse,
                            link=link)


def ingest_documents(items: Iterable[RawDocument | CleanDocument | ReadFailure], settings: Settings | None = None,
                     *, engine: Engine | str | None = None, progress: Progress | None = None,
                     store: Store | None = None, reanalyse: bool = False, link: bool = True) -> IngestReport:
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
    if link:  # a store linked by an earlier version is relinked first (once)
        from .link.storage import upgrade

        upgrade(store, settings)
    linking = _Linking(store, settings) if link else None
    # PostgreSQL's statistics are refreshed whenever the store has doubled since they last were
    # (the first batch into an empty store, then 2x, 4x ...): a few ANALYZEs in a bulk load
    stored_at_start = analysed_at = store.count() if store.dialect == "postgresql" else 0

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
        nonlocal analysed_at
        if not batch:
            return
        if linking is None:
            res = store.write(batch)
            report.known += res.known
        else:
            res = linking.write()
            # earlier articles rewritten for their links count as updated, never as known
            changed = set(res.changed)
            report.known += sum(1 for a in batch if article_key(a) not in changed)
        report.new += res.new
        report.updated += res.updated
        report.batches += 1
        if store.dialect == "postgresql" and res.new and stored_at_start + report.new >= 2 * analysed_at:
            store.refresh_statistics()
            analysed_at = stored_at_start + report.new
        in_flight.difference_update(res.keys)
        for art in batch:
            for failure_key in ((art.path or art.id, ""), (art.path or art.id, art.id)):
                if failure_key in previous_failures:
                    store.clear_failure(*failure_key)
        batch.clear()
        tick()

    batch: list[Article] = []
    batch_ids: dict[str, str] = {}  # ids given in the open batch, and their keys
    try:
        for result in eng.map(unknown()):
            if isinstance(result, ReadFailure):
                fail(result)
                continue
            result = own_id(result, store, batch_ids)
            batch.append(result)
            if linking is not None:
                error = linking.add(result)
                if error and len(report.link_errors) < MAX_REPORTED_FAILURES:
                    report.link_errors.append(error)
            if len(batch) >= batch_size:
                flush(batch)
                batch_ids.clear()
        flush(batch)
    finally:
        if own_engine:
            eng.close()
        if own_store:
            store.close()
    report.seconds = time.perf_counter() - t0
    return report


def own_id(art: Article, store: Store, batch_ids: dict[str, str]) -> Article:
    """The article with an id no other article has: an id a stored (or batched) article with other
    content holds gets the content hash's first characters (``001~3f2a9c1e``), so a second ``001.txt``
    from another folder in a later run is a second article, never a replacement of the first."""
    key = article_key(art)
    taken = {batch_ids[art.id]} if art.id in batch_ids else store.keys_of_id(art.id)
    if taken and key not in taken:
        art = replace(art, id=f"{art.id}~{key[:8]}")
    batch_ids[art.id] = key
    return art


class _Linking:
    """One batch of linking: new articles go into the linker; at flush, every
    article whose links may have changed is taken from the linker as linked."""

    def __init__(self, store: Store, settings: Settings) -> None:
        from .link import Linker
        from .link.store_index import StoreLinkIndex

        self.store = store
        self.index = StoreLinkIndex(store)
        self.linker = Linker(settings=settings, index=self.index)
        self.dyad = tuple(settings.dyad)
        self.reset()
        try:  # checked up front: failing mid-batch would leave the index half-written
            import datasketch  # noqa: F401
        except ImportError as exc:
            self.disabled = f"linking is off: {exc} (install dyadwatch[link])"
            self.reported = False

    disabled: str | None = None  # why linking is off for the rest of the run
    reported = True

    def reset(self) -> None:
        self.touched: set[str] = set()
        self.commitments: set[str] = set()  # ledger groups the batch made or followed up (commitment keys)
        self.persons: set[str] = set()  # person ids a merge gave a corpus-wide id
        self.unlinked: list[Article] = []
        self.reanalysed: dict[str, Article] = {}

    def add(self, art: Article) -> str | None:
        """Link one article; on a linker error keep it unlinked and return the reason."""
        if self.disabled:
            self.unlinked.append(art)
            if not self.reported:
                self.reported = True
                return self.disabled
            return None
        try:
            if art.id in self.linker:
                # Analysed again (--reanalyse): the linker keeps its first analysis,
                # so the new one is stored with the links the linker knows.
                self.reanalysed[art.id] = art
            with self.index.reading():  # one connection for the article's few dozen reads
                update = self.linker.add(art)
        except Exception as exc:  # e.g. two different files with one id: stored, not linked
            self.unlinked.append(art)
            self.reanalysed.pop(art.id, None)
            return f"{art.path or art.id}: {type(exc).__name__}: {exc}"
        self.touched.add(art.id)
        self.persons.update(eid for eid, _ in update.entity_ids)
        self.commitments.update(update.commitment_keys)
        # articles with a new story id, original or siblings' dates, and articles renamed by a person merge
        self.touched.update(update.affected_articles)
        return None

    def write(self, also: Callable[[Connection], None] | None = None) -> WriteResult:
        """Store the batch's articles as linked, with the index flushed, linking's result rows written
        (merged events, stories, ledger: ``store.linked``) and ``also(conn)`` run, in the same
        transaction; a failed write forgets the index's buffered changes with it."""
        linked_batch = self.articles()
        rows = self.result_rows()

        def save(conn: Connection) -> None:
            self.index.flush(conn)
            write_link_rows(conn, rows)
            if also is not None:
                also(conn)

        try:
            res = self.store.write(linked_batch, also=save)
        except BaseException:
            self.index.discard()
            raise
        self.reset()
        return res

    def result_rows(self) -> Any:
        """The result-table rows of every group the batch touched (``dyadwatch.link.results``)."""
        from .link.results import rows_for

        with self.index.reading():
            return rows_for(self.linker, self.touched, self.commitments, self.persons, self.dyad)

    def articles(self) -> list[Article]:
        out = list(self.unlinked)
        with self.index.reading():
            for article_id in sorted(self.touched):
                linked = self.linker.article(article_id)
                fresh = self.reanalysed.get(article_id)
                if fresh is not None:
                    linked = replace(fresh, duplicate_of=linked.duplicate_of, story=linked.story)
                out.append(linked)
        return out


def _clean(raw: RawDocument, settings: Settings) -> CleanDocument:
    from .clean import clean_document

    return clean_document(raw, settings)
