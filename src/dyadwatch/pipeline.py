"""Stages and the pipeline that runs them over one article.

A stage is a small object with a ``name``, the layers it ``requires`` and the
layers it ``adds``; ``process(doc)`` returns a mapping of exactly those added
layers. The pipeline checks the order once, at start-up, and then only runs;
while a stage runs it sees the document through a ``StageView`` that holds only
the cleaning's layers and those it requires, so an undeclared read fails.
Stages are looked up by name in ``STAGE_REGISTRY`` (dotted paths, imported
lazily so heavy models load only when their stage is used); a user can pass
their own stage objects too.
"""
from __future__ import annotations

import importlib
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Iterator, Mapping, Sequence

from .document import CleanDocument, Doc, StageView
from .layers import BASE_LAYERS, LAYERS


class PipelineError(ValueError):
    """The stage list cannot run: unknown stage, or a layer needed before it is added."""


class StageError(RuntimeError):
    """A stage failed on one article; carries the stage name for the failure record."""

    def __init__(self, stage: str, doc_id: str, cause: BaseException) -> None:
        super().__init__(f"stage {stage!r} failed on {doc_id}: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.doc_id = doc_id
        self.cause = cause


class ArticleTimeout(Exception):
    """The article used up its time budget (``Settings.article_seconds``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the article exceeded its time budget of {seconds:g} s (article_seconds)")
        self.seconds = seconds


@contextmanager
def article_budget(seconds: float) -> Iterator[None]:
    """Raise ``ArticleTimeout`` inside the block once ``seconds`` have passed (0: no budget).

    A real-time timer interrupts a stage mid-way, so a runaway article cannot hold a worker or the
    open batch; it needs the main thread of a Unix process, which is where the local and process
    engines analyse. Elsewhere (threads, Windows), or when the program runs a timer of its own
    (left alone), the pipeline checks the clock between stages.
    """
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread() \
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    if not usable:
        yield
        return
    armed = True

    def expire(signum: int, frame: Any) -> None:
        if armed:
            raise ArticleTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Stage:
    """Base class of analysis stages.

    Subclasses set ``name``, ``requires`` and ``adds`` and implement
    ``process``. Constructors take the settings object; models are loaded
    lazily on first use, so building a pipeline is cheap.
    """

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    adds: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: Any = None) -> None:
        self.settings = settings

    def process(self, doc: Doc) -> Mapping[str, Any]:  # pragma: no cover - interface
        raise NotImplementedError

    def warm_up(self) -> None:
        """Load models now (workers call it once before the first article)."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}: {list(self.requires)} -> {list(self.adds)}>"


# name -> "module:Class" (relative to dyadwatch.stages)
STAGE_REGISTRY: dict[str, str] = {
    "language": "language:LanguageStage",
    "tokens": "tokens:TokenStage",
    "ner": "ner:NerStage",
    "gazetteer": "gazetteer:GazetteerStage",
    "resolve": "resolve:ResolveStage",
    "dates": "dates:DateStage",
    "amounts": "amounts:AmountStage",
    "quotes": "quotes:QuoteStage",
    "events": "events:EventStage",
    "commitments": "commitments:CommitmentStage",
    "topics": "topics:TopicStage",
    "tone": "tone:ToneStage",
}

DEFAULT_STAGES: tuple[str, ...] = tuple(STAGE_REGISTRY)


def load_stage_class(name: str) -> type[Stage]:
    try:
        target = STAGE_REGISTRY[name]
    except KeyError:
        raise PipelineError(f"unknown stage {name!r}; known: {', '.join(STAGE_REGISTRY)}") from None
    module_name, _, cls_name = target.partition(":")
    module = importlib.import_module(f"dyadwatch.stages.{module_name}")
    return getattr(module, cls_name)


def check_order(stages: Sequence[Stage], base: Iterable[str] = BASE_LAYERS) -> None:
    """Raise PipelineError when a stage requires a layer that no earlier stage adds."""
    available = set(base)
    seen: set[str] = set()
    for stage in stages:
        if not stage.name:
            raise PipelineError(f"{stage!r} has no name")
        if stage.name in seen:
            raise PipelineError(f"stage {stage.name!r} appears twice")
        seen.add(stage.name)
        missing = [layer for layer in stage.requires if layer not in available]
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage adds "
                f"(order: {', '.join(s.name for s in stages)})")
        for layer in stage.adds:
            if layer in available:
                raise PipelineError(f"stage {stage.name!r} adds {layer!r}, which is already added")
            if layer not in LAYERS:
                raise PipelineError(f"stage {stage.name!r} adds undeclared layer {layer!r} (see layers.py)")
            available.add(layer)


@dataclass
class StageTimer:
    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, dt: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + dt
        self.calls[name] = self.calls.get(name, 0) + 1


class Pipeline:
    """An ordered list of stages, checked once, run per article."""

    def __init__(self, stages: Sequence[Stage | str] | None = None, settings: Any = None) -> None:
        if settings is None:
            from .settings import Settings

            settings = Settings()
        self.settings = settings
        names = stages if stages is not None else settings.stages
        self.stages: list[Stage] = [
            s if isinstance(s, Stage) else load_stage_class(s)(settings) for s in names
        ]
        check_order(self.stages)
        self.timer = StageTimer()
        self.warm = False

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def warm_up(self) -> None:
        for stage in self.stages:
            stage.warm_up()
        self.warm = True

    def run(self, clean: CleanDocument) -> Doc:
        budget = float(getattr(self.settings, "article_seconds", 0) or 0)
        if budget and not self.warm:
            # models load outside the budget: a load cut short by the timer would start again, and time
            # out again, on every article after it
            self.warm_up()
        with article_budget(budget):
            return self._run(clean, budget)

    def _run(self, clean: CleanDocument, budget: float) -> Doc:
        doc = Doc(clean, self.settings)
        started = time.perf_counter()
        for stage in self.stages:
            t0 = time.perf_counter()
            try:
                out = stage.process(StageView(doc, stage.name, (*BASE_LAYERS, *stage.requires)))
            except Exception as exc:  # one bad article must not kill a batch: the caller records it
                raise StageError(stage.name, doc.id, exc) from exc
            done = time.perf_counter()
            self.timer.add(stage.name, done - t0)
            if budget and done - started > budget:  # where no timer could interrupt the stage (not the main thread)
                raise StageError(stage.name, doc.id, ArticleTimeout(budget))
            if set(out) != set(stage.adds):
                raise StageError(stage.name, doc.id, PipelineError(
                    f"returned layers {sorted(out)} but declares {sorted(stage.adds)}"))
            for layer, value in out.items():
                doc.add(layer, value)
        return doc
