"""The small public Python API.

>>> from dyadwatch import process_text
>>> art = process_text("Sadyr Japarov met Vladimir Putin in Bishkek on Tuesday.", published="2025-11-26")
>>> [e.name for e in art.entities]                                  # doctest: +SKIP
['Sadyr Japarov', 'Vladimir Putin', 'Bishkek']

``Analyzer`` runs the configured pipeline over clean documents; ``extract``
reads paths and yields analysed articles (or read failures) without a
database; ``ingest`` (in ``dyadwatch.ingest``) stores them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .assemble import to_article
from .document import CleanDocument, RawDocument
from .pipeline import Pipeline, Stage, StageError
from .records import Article
from .settings import Settings


class Analyzer:
    """Clean and analyse documents with one pipeline (models load once, lazily)."""

    def __init__(self, settings: Settings | None = None, stages: Sequence[Stage | str] | None = None) -> None:
        self.settings = settings or Settings.load()
        self.pipeline = Pipeline(stages, self.settings)

    def analyze(self, clean: CleanDocument) -> Article:
        return to_article(self.pipeline.run(clean))

    def analyze_raw(self, raw: RawDocument) -> Article:
        from .clean import clean_document

        return self.analyze(clean_document(raw, self.settings))


_default: Analyzer | None = None


def default_analyzer() -> Analyzer:
    global _default
    if _default is None:
        _default = Analyzer()
    return _default


def process_text(text: str, *, id: str = "text", title: str | None = None, published: str | None = None,
                 url: str | None = None, source: str | None = None, analyzer: Analyzer | None = None) -> Article:
    """Analyse one article given as plain text (scraped-file quirks are cleaned too)."""
    meta = {k: v for k, v in {"title": title, "published": published, "url": url, "source": source}.items() if v}
    raw = RawDocument(id=id, content=text, meta=meta)
    return (analyzer or default_analyzer()).analyze_raw(raw)


def extract(paths: Iterable[str | Path], settings: Settings | None = None,
            analyzer: Analyzer | None = None) -> Iterator[Any]:
    """Read and analyse paths without a database.

    Yields ``Article`` objects, and ``ReadFailure`` objects for input that
    could not be read or analysed (with the reason), in input order.
    """
    from .clean import CleanError, clean_document
    from .read import ReadFailure, read_paths

    analyzer = analyzer or Analyzer(settings)
    for item in read_paths(paths, analyzer.settings):
        if isinstance(item, ReadFailure):
            yield item
            continue
        try:
            clean = clean_document(item, analyzer.settings)
            yield analyzer.analyze(clean)
        except CleanError as exc:
            yield ReadFailure(item.path or item.id, str(exc), item.id, stage="clean")
        except StageError as exc:
            yield ReadFailure(item.path or item.id, str(exc), item.id, stage=exc.stage)
