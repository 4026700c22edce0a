"""Readers: one module per source format, picked by extension and content sniffing.

``read_paths`` walks files, folders (recursively) and globs and yields a
``RawDocument`` per article, or a ``ReadFailure`` with the reason when a file
(or one record inside a dump) cannot be read. It never raises for bad input:
one broken file must not stop a batch.

Formats: text, html, jsonl (and .json lists), csv/tsv, feed (RSS/Atom), warc.
Single-article files are limited by ``Settings.max_file_bytes`` as a whole;
dumps and archives are streamed and the limit applies to each record.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..document import RawDocument
from .sniff import document_stem, sniff_format
from .walk import iter_input_files


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A file or record that could not be read, and why."""

    path: str
    reason: str
    id: str | None = None
    stage: str = "read"

_HEAD_BYTES = 65536
# Formats read whole, so max_file_bytes applies to the file. Dumps and archives
# are streamed and the limit applies to each record instead.
_WHOLE_FILE_FORMATS = ("text", "html", "feed")


def _reader(fmt: str) -> Callable[[Path, bytes, Any], Iterator[RawDocument | ReadFailure]]:
    if fmt == "text":
        from .text import read_text as fn
    elif fmt == "html":
        from .html import read_html as fn
    elif fmt == "jsonl":
        from .jsonl import read_jsonl as fn
    elif fmt == "csv":
        from .csv import read_csv as fn
    elif fmt == "feed":
        from .feed import read_feed as fn
    elif fmt == "warc":
        from .warc import read_warc as fn
    else:  # pragma: no cover - sniff_format returns only the names above
        raise ValueError(f"no reader for format {fmt!r}")
    return fn


def read_file(path: str | os.PathLike[str], settings: Any = None) -> Iterator[RawDocument | ReadFailure]:
    """The documents in one file (one for an article file, many for a dump, feed or archive)."""
    if settings is None:
        from ..settings import Settings

        settings = Settings()
    path = Path(path)
    stem = document_stem(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield ReadFailure(str(path), "empty", stem)
            return
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        yield ReadFailure(str(path), f"cannot read: {exc.strerror or exc}", stem)
        return
    fmt = sniff_format(path, head)
    if fmt in _WHOLE_FILE_FORMATS and size > settings.max_file_bytes:
        yield ReadFailure(str(path), f"file too large: {size} bytes > max_file_bytes {settings.max_file_bytes}",
                          stem)
        return
    try:
        data = head if fmt not in _WHOLE_FILE_FORMATS or size <= len(head) else path.read_bytes()
        yield from _reader(fmt)(path, data, settings)
    except Exception as exc:  # a reader bug or a pathological file must not stop the batch
        yield ReadFailure(str(path), f"{fmt} reader failed: {type(exc).__name__}: {exc}", stem)


def read_paths(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
               settings: Any = None) -> Iterator[RawDocument | ReadFailure]:
    """Every document under the given files, folders and globs, in a stable order.

    Never raises for bad input: a path that names nothing, an unreadable
    file, or one bad record in a dump is a ``ReadFailure`` with the reason.
    """
    # listed once, before reading, so that ids can be told apart (a file that vanishes after
    # the listing is a failure, as before); the listing holds paths, not documents. The one-argument
    # walk unless asked to follow links: tests stand in for the walk with a function of the paths.
    walk = iter_input_files(paths, follow_links=True) if getattr(settings, "follow_links", False) \
        else iter_input_files(paths)
    listing = list(walk)
    qualified = qualified_stems(p for p in listing if not isinstance(p, tuple))
    for item in listing:
        if isinstance(item, tuple):
            yield ReadFailure(item[0], item[1])
            continue
        own = qualified.get(str(item))
        for doc in read_file(item, settings):
            yield doc if own is None else _with_id(doc, document_stem(item), own)


def qualified_stems(files: Iterable[Path]) -> dict[str, str]:
    """Ids for files whose stem another input file shares: ``a/001`` and ``b/001`` for two ``001.txt``.

    An article's id is its file's stem where that is unique among the inputs (the export contract);
    where it is not, each such file's id is its stem qualified by as many of its parent folders as tell
    it apart from the others (all of them, so neither takes over the other's id in any order).
    Returns {path: id} for the qualified files only."""
    first: dict[str, str] = {}
    shared: dict[str, list[Path]] = {}
    for f in files:
        stem = document_stem(f)
        if stem not in first:
            first[stem] = str(f)
        else:
            shared.setdefault(stem, [Path(first[stem])]).append(f)
    out: dict[str, str] = {}
    for stem, group in shared.items():
        parts = [Path(os.path.abspath(f)).parent.parts for f in group]
        depth = 1
        while depth < max(len(p) for p in parts) and \
                len({tuple(p[-depth:]) for p in parts}) < len(parts):
            depth += 1
        for f, p in zip(group, parts):
            out[str(f)] = "/".join((*p[-depth:], stem)).lstrip("/")
    return out


def _with_id(doc: RawDocument | ReadFailure, stem: str, own: str) -> RawDocument | ReadFailure:
    """A document of a qualified file with its id qualified (records of a dump: ``<stem>:<n>``)."""
    from dataclasses import replace

    did = doc.id
    if did == stem:
        return replace(doc, id=own)
    if isinstance(did, str) and did.startswith(stem + ":"):
        return replace(doc, id=own + did[len(stem):])
    return doc


__all__ = ["ReadFailure", "qualified_stems", "read_file", "read_paths"]
