"""The in-process engine: one analyzer, documents one after another."""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from ..settings import Settings
from .base import Document, Result, analyse_one, build_analyzer


class LocalEngine:
    name = "local"

    def __init__(self, settings: Settings | None = None, analyzer: Any = None) -> None:
        self.settings = settings or Settings.load()
        self._analyzer = analyzer

    @property
    def analyzer(self) -> Any:
        if self._analyzer is None:
            self._analyzer = build_analyzer(self.settings, warm=False)
        return self._analyzer

    def map(self, docs: Iterable[Document]) -> Iterator[Result]:
        for doc in docs:
            yield analyse_one(self.analyzer, doc)

    def close(self) -> None:
        return None

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
