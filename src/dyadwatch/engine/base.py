"""What every engine shares: the per-document work and the result types.

An engine maps documents (raw, or already cleaned) to analysed ``Article``
objects or ``ReadFailure`` records, in input order, holding at most a bounded
window of documents in flight. Stages never know which engine runs them.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, Protocol, Union

from ..document import CleanDocument, RawDocument
from ..read import ReadFailure
from ..records import Article
from ..settings import Settings

Document = Union[RawDocument, CleanDocument]
Result = Union[Article, ReadFailure]


class Engine(Protocol):
    name: str

    def map(self, docs: Iterable[Document]) -> Iterator[Result]:
        """Analyse ``docs``; yield one result per document, in input order."""

    def close(self) -> None:
        """Release workers (idempotent)."""


def doc_path(doc: Document) -> str:
    return doc.path or doc.id


def analyse_one(analyzer: Any, doc: Document) -> Result:
    """Clean (when raw) and analyse one document; failures become records, never exceptions."""
    from ..pipeline import StageError

    try:
        if isinstance(doc, RawDocument):
            from ..clean import CleanError, clean_document

            try:
                doc = clean_document(doc, analyzer.settings)
            except CleanError as exc:
                return ReadFailure(doc_path(doc), str(exc), doc.id, stage="clean")
        return analyzer.analyze(doc)
    except StageError as exc:
        return ReadFailure(doc_path(doc), str(exc), doc.id, stage=exc.stage)
    except Exception as exc:  # a bug on one article must not stop the run; it is recorded with its reason
        return ReadFailure(doc_path(doc), f"{type(exc).__name__}: {exc}", doc.id, stage="analyse")


def build_analyzer(settings: Settings, warm: bool = True) -> Any:
    from ..api import Analyzer

    analyzer = Analyzer(settings)
    if warm:
        analyzer.pipeline.warm_up()
    return analyzer


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
