"""The documents that flow between stages.

``RawDocument``  what a reader yields: text or HTML plus whatever metadata the
                 source carries. Readers never guess at NLP.
``CleanDocument`` what cleaning makes of it: the cleaned body that every span
                 indexes, and metadata lifted out of the text.
``Doc``          the working object of the analysis pipeline: a clean document
                 plus named layers that stages add, each exactly once.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping

from .records import Span


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as a reader found it.

    ``id`` is the input file's stem, or the record's own id inside a dump
    (JSONL/CSV row, feed entry, WARC record). A stem that two input files share
    is qualified by their folders (``kabar/001``, ``akipress/001``: see
    ``read.qualified_stems``), and ingest never gives an id a stored article
    with other content holds (``ingest.own_id``). ``content_type`` is ``text`` or
    ``html``. ``meta`` holds title/url/published/source/views when the source
    format carries them.
    """

    id: str
    content: str
    content_type: str = "text"
    path: str | None = None
    format: str = "text"
    encoding: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CleanDocument:
    """A cleaned article: body text plus lifted metadata."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    source: str | None = None
    url: str | None = None
    views: int | None = None
    paragraphs: tuple[Span, ...] = ()
    removed: tuple[str, ...] = ()  # the site chrome and metadata lines taken out
    path: str | None = None
    format: str = "text"
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


def content_hash(text: str) -> str:
    """The article key: a hash of its cleaned text, whitespace-insensitive."""
    norm = " ".join(text.split()).encode("utf-8")
    return hashlib.sha256(norm).hexdigest()[:32]


def stable_id(*parts: Any, prefix: str = "", length: int = 16) -> str:
    """Deterministic id from content, so running twice changes nothing."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:length]
    return f"{prefix}{h}"


class LayerError(KeyError):
    pass


class Doc:
    """A clean document with the layers stages have added so far.

    A layer is set once: a stage that tries to overwrite another's output is
    a bug the pipeline reports, not a silent replacement.
    """

    __slots__ = ("clean", "_layers", "settings")

    def __init__(self, clean: CleanDocument, settings: Any = None) -> None:
        self.clean = clean
        self.settings = settings
        self._layers: dict[str, Any] = {}

    @property
    def text(self) -> str:
        return self.clean.text

    @property
    def id(self) -> str:
        return self.clean.id

    def add(self, layer: str, value: Any) -> None:
        if layer in self._layers:
            raise LayerError(f"layer {layer!r} is already set on {self.id}")
        self._layers[layer] = value

    def __getitem__(self, layer: str) -> Any:
        try:
            return self._layers[layer]
        except KeyError:
            raise LayerError(f"layer {layer!r} is not set on {self.id}; which stage adds it?") from None

    def get(self, layer: str, default: Any = None) -> Any:
        return self._layers.get(layer, default)

    def __contains__(self, layer: str) -> bool:
        return layer in self._layers

    def layers(self) -> Iterator[str]:
        return iter(self._layers)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.clean.text[start:end])


class StageView:
    """What one stage sees of a ``Doc``: the cleaning's fields and only the layers it declares.

    ``requires`` is a promise the pipeline checks before the first article; the view makes it
    true while the stage runs, so a stage that reads a layer it never declared fails in its
    tests instead of depending on the order of a user's stage list by chance.
    """

    __slots__ = ("_doc", "_stage", "_allowed")

    def __init__(self, doc: Doc, stage: str, allowed: Iterable[str]) -> None:
        self._doc = doc
        self._stage = stage
        self._allowed = frozenset(allowed)

    @property
    def clean(self) -> CleanDocument:
        return self._doc.clean

    @property
    def settings(self) -> Any:
        return self._doc.settings

    @property
    def text(self) -> str:
        return self._doc.text

    @property
    def id(self) -> str:
        return self._doc.id

    def _check(self, layer: str) -> None:
        if layer not in self._allowed:
            raise LayerError(f"stage {self._stage!r} reads layer {layer!r}, which it does not declare in "
                             f"`requires` (it may read: {', '.join(sorted(self._allowed))})")

    def __getitem__(self, layer: str) -> Any:
        self._check(layer)
        return self._doc[layer]

    def get(self, layer: str, default: Any = None) -> Any:
        self._check(layer)
        return self._doc.get(layer, default)

    def __contains__(self, layer: str) -> bool:
        self._check(layer)
        return layer in self._doc

    def layers(self) -> Iterator[str]:
        return (layer for layer in self._doc.layers() if layer in self._allowed)

    def span(self, start: int, end: int) -> Span:
        return self._doc.span(start, end)
