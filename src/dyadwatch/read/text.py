"""Plain text files: one article per file, as a scraper saved it.

The scraper's quirks (date headers, banners, view counters, link/views lines,
site chrome) are left in place here; cleaning turns them into fields.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from ..document import RawDocument
from . import ReadFailure
from .encoding import BinaryContent, decode_text
from .sniff import document_stem


def read_text(path: Path, data: bytes, settings: Any) -> Iterator[RawDocument | ReadFailure]:
    stem = document_stem(path)
    try:
        text, encoding, _ = decoded = decode_text(data)
    except BinaryContent as exc:
        yield ReadFailure(str(path), str(exc), stem)
        return
    if not text.strip():
        yield ReadFailure(str(path), "empty (only whitespace)", stem)
        return
    yield RawDocument(id=stem, content=text, content_type="text", path=str(path), format="text", encoding=encoding,
                      meta={"warnings": decoded.warnings()} if decoded.replaced else {})
