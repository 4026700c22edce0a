"""The Ray engine (extra ``[ray]``): per-article work as tasks on a Ray cluster.

Each Ray actor holds one warmed ``Analyzer`` (models load once per actor);
documents go out in chunks, at most ``window`` chunks in flight, and results
come back in input order to the driver, where the store is written — workers
never touch the database.
"""
from __future__ import annotations

from collections import deque
from typing import Any, Iterable, Iterator

from ..read import ReadFailure
from ..settings import Settings
from .base import Document, Result, analyse_one, build_analyzer, chunked, doc_path


def _require_ray() -> Any:
    try:
        import ray
    except ImportError:  # pragma: no cover - depends on the extra
        raise RuntimeError("the ray engine needs the [ray] extra: pip install 'dyadwatch[ray]'") from None
    return ray


class _Worker:
    """Body of the Ray actor: one analyzer for the actor's lifetime."""

    def __init__(self, settings: Settings) -> None:
        self.analyzer = build_analyzer(settings, warm=True)

    def analyse(self, chunk: list[Document]) -> list[Result]:
        return [analyse_one(self.analyzer, doc) for doc in chunk]


class RayEngine:
    name = "ray"

    def __init__(self, settings: Settings | None = None, workers: int | None = None, *, address: str | None = None,
                 chunk_size: int = 8, window: int | None = None, init_kwargs: dict[str, Any] | None = None) -> None:
        self.settings = settings or Settings.load()
        self.address = address if address is not None else (self.settings.ray_address or None)
        self.workers = workers or self.settings.workers or 0
        self.chunk_size = max(1, chunk_size)
        self.window = window
        self.init_kwargs = init_kwargs or {}
        self._actors: list[Any] = []
        self._started_ray = False

    def _start(self) -> list[Any]:
        if self._actors:
            return self._actors
        ray = _require_ray()
        if not ray.is_initialized():
            ray.init(address=self.address or None, ignore_reinit_error=True, log_to_driver=False,
                     **self.init_kwargs)
            self._started_ray = True
        n = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor_cls = ray.remote(num_cpus=1)(_Worker)
        self._actors = [actor_cls.remote(self.settings) for _ in range(n)]
        return self._actors

    def map(self, docs: Iterable[Document]) -> Iterator[Result]:
        ray = _require_ray()
        actors = self._start()
        window = self.window or 2 * len(actors)
        pending: deque[tuple[list[Document], Any]] = deque()
        chunks = chunked(docs, self.chunk_size)
        turn = 0
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                try:
                    chunk = next(chunks)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((chunk, actors[turn % len(actors)].analyse.remote(chunk)))
                turn += 1
            if not pending:
                return
            chunk, ref = pending.popleft()
            try:
                results = ray.get(ref)
            except Exception as exc:  # an actor died or raised: fail its chunk, keep the run going
                results = [ReadFailure(doc_path(d), f"ray task failed: {type(exc).__name__}: {exc}", d.id,
                                       stage="engine") for d in chunk]
            yield from results

    def close(self) -> None:
        if self._actors:
            ray = _require_ray()
            for actor in self._actors:
                ray.kill(actor)
            self._actors = []
        if self._started_ray:
            _require_ray().shutdown()
            self._started_ray = False

    def __enter__(self) -> "RayEngine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
