"""A local process pool: models load once per worker, documents stream through.

Workers are started with the ``spawn`` method (safe with threads and on every
OS) and build one ``Analyzer`` each, warmed up in the initializer, so a
model loads once per worker, not per article. Documents go out in small
chunks (less pickling overhead) and at most ``window`` chunks are in flight,
so memory stays bounded whatever the corpus size. A worker that dies (out of
memory, a native crash) fails only its chunk: those documents are reported as
failures and the pool is restarted.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Iterable, Iterator

from ..read import ReadFailure
from ..settings import Settings
from .base import Document, Result, analyse_one, build_analyzer, chunked, doc_path

_worker_analyzer: Any = None


def _init_worker(settings: Settings) -> None:
    global _worker_analyzer
    _worker_analyzer = build_analyzer(settings, warm=True)


def _work(chunk: list[Document]) -> list[Result]:
    return [analyse_one(_worker_analyzer, doc) for doc in chunk]


def default_workers(settings: Settings | None = None) -> int:
    n = settings.workers if settings and settings.workers else 0
    return n or max(1, os.cpu_count() or 1)


class ProcessEngine:
    name = "process"

    def __init__(self, settings: Settings | None = None, workers: int | None = None, *, chunk_size: int = 4,
                 window: int | None = None) -> None:
        self.settings = settings or Settings.load()
        self.workers = workers or default_workers(self.settings)
        self.chunk_size = max(1, chunk_size)
        self.window = window or 2 * self.workers
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            from ..threads import single_threaded_blas

            single_threaded_blas()  # spawned workers inherit the environment before they import numpy
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(self.settings,))
        return self._pool

    def map(self, docs: Iterable[Document]) -> Iterator[Result]:
        pending: deque[tuple[list[Document], Future]] = deque()
        chunks = chunked(docs, self.chunk_size)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.window:
                try:
                    chunk = next(chunks)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((chunk, self._submit(chunk)))
            if not pending:
                return
            chunk, fut = pending.popleft()
            try:
                results = fut.result()
            except BrokenProcessPool:
                results = self._retry_alone(chunk)
                self._resubmit(pending)
            yield from results

    def _submit(self, chunk: list[Document]) -> Future:
        try:
            return self._start().submit(_work, chunk)
        except BrokenProcessPool:
            # A worker died before we saw it through a result: the chunks already on
            # the old pool fail through their futures; new work goes to a fresh pool.
            self._reset()
            return self._start().submit(_work, chunk)

    def _reset(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def _retry_alone(self, chunk: list[Document]) -> list[Result]:
        """A broken pool fails every pending chunk; rerun this one alone on a fresh
        pool, so only the chunk that really kills a worker is reported."""
        self._reset()
        try:
            return self._submit(chunk).result()
        except BrokenProcessPool as exc:
            self._reset()
            return [ReadFailure(doc_path(d), f"worker process died: {exc}", d.id, stage="engine") for d in chunk]

    def _resubmit(self, pending: deque[tuple[list[Document], Future]]) -> None:
        for i, (chunk, _) in enumerate(list(pending)):
            pending[i] = (chunk, self._submit(chunk))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "ProcessEngine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
