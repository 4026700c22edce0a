"""A local process pool: models load once per worker, documents stream through.

Workers are started with the ``spawn`` method (safe with threads and on every
OS) and build one ``Analyzer`` each, warmed up in the initializer, so a
model loads once per worker, not per article. Documents go out in small
chunks (less pickling overhead) and at most ``window`` chunks are in flight,
so memory stays bounded whatever the corpus size. A worker that dies (out of
memory, a native crash) fails only its chunk: those documents are reported as
failures and the pool is restarted.

Workers die with their parent, however it ends (SIGKILL, SIGTERM, Ctrl-C): on
Linux the kernel sends them SIGKILL when it goes (``PR_SET_PDEATHSIG``), and a
watchdog thread in each worker exits when its parent process changes (other
Unixes); see ``dyadwatch.lifeline``, armed when a worker first imports
dyadwatch, before its model imports. Workers ignore Ctrl-C:
the parent stops them, and a parent stopped mid-run kills them rather than
wait for their chunks. Orphaned workers of killed runs once piled up by the
dozen, half a gigabyte each (issue #27).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Iterable, Iterator

from ..lifeline import ENV as DIE_WITH_PARENT, die_with_parent
from ..read import ReadFailure
from ..settings import Settings
from .base import Document, Result, analyse_one, build_analyzer, chunked, doc_path

_worker_analyzer: Any = None


def _init_worker(settings: Settings, parent_pid: int | None = None) -> None:
    global _worker_analyzer
    if parent_pid is not None:
        die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
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
        self._busy = False  # a map is under way: closing now is an interruption

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            from ..threads import single_threaded_blas

            single_threaded_blas()  # spawned workers inherit the environment before they import numpy
            os.environ[DIE_WITH_PARENT] = str(os.getpid())  # read by the workers' first import of dyadwatch
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(self.settings, os.getpid()))
        return self._pool

    def map(self, docs: Iterable[Document]) -> Iterator[Result]:
        pending: deque[tuple[list[Document], Future]] = deque()
        chunks = chunked(docs, self.chunk_size)
        exhausted = False
        self._busy = True
        while True:
            while not exhausted and len(pending) < self.window:
                try:
                    chunk = next(chunks)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((chunk, self._submit(chunk)))
            if not pending:
                self._busy = False
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
            if self._busy:  # stopped mid-run (Ctrl-C, an error): kill the workers, do not wait for their chunks
                self._kill_workers()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._busy = False
        if os.environ.get(DIE_WITH_PARENT) == str(os.getpid()):
            del os.environ[DIE_WITH_PARENT]  # later children of this process are no workers

    def _kill_workers(self) -> None:
        # the executor has no public way to stop a running task; its process table is the one handle
        for proc in list((getattr(self._pool, "_processes", None) or {}).values()):
            if proc.is_alive():
                proc.kill()

    def __enter__(self) -> "ProcessEngine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
