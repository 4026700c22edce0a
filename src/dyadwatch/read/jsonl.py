"""JSONL dumps (one article object per line), and .json files holding a list of them.

Streamed line by line, so a dump of any size reads in constant memory; one
bad line is a ReadFailure for that record and the rest go on. That includes a
line nested deeper than ``MAX_JSON_DEPTH`` (100k levels of ``[`` made the
parser raise RecursionError, which ended the whole file). A record's id is
its id column, or ``<file stem>:<line number>``.
"""
from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any, Iterator

from ..document import RawDocument
from . import ReadFailure
from .encoding import BinaryContent, detect_encoding, utf8_with_replacement
from .records import record_document
from .sniff import document_stem


MAX_JSON_DEPTH = 200  # arrays/objects inside each other; an article record needs two or three


def json_depth_exceeds(line: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when brackets outside strings nest deeper than ``limit`` (checked before parsing: the parser
    recurses once per level). Only lines with that many opening brackets are scanned."""
    if line.count("[") + line.count("{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for ch in line:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def read_jsonl(path: Path, head: bytes, settings: Any) -> Iterator[RawDocument | ReadFailure]:
    stem = document_stem(path)
    fields = dict(settings.jsonl_fields)
    try:
        encoding = "utf-8" if _mostly_utf8(head) else detect_encoding(head)
    except BinaryContent as exc:
        yield ReadFailure(str(path), str(exc), stem)
        return
    if path.suffix.lower() == ".json" and path.stat().st_size <= settings.max_file_bytes:
        whole = _json_document(path, encoding)
        if whole is not None:
            items = whole if isinstance(whole, list) else [whole]
            for n, record in enumerate(items, 1):
                yield _checked(record_document(record, fields, f"{stem}:{n}", str(path), "json"), settings, path)
            return
    records = 0
    for lineno, line, replaced in _lines(path, encoding, settings.max_file_bytes):
        if line is _TOO_LONG:
            records += 1
            yield ReadFailure(str(path), f"line {lineno}: record larger than max_file_bytes", f"{stem}:{lineno}")
            continue
        if line is not None and not line.strip():
            continue
        records += 1
        default_id = f"{stem}:{lineno}"
        if line is None:
            yield ReadFailure(str(path), f"line {lineno}: not valid UTF-8", default_id)
            continue
        if len(line) > settings.max_file_bytes:
            yield ReadFailure(str(path), f"line {lineno}: record larger than max_file_bytes", default_id)
            continue
        if json_depth_exceeds(line):
            yield ReadFailure(str(path), f"line {lineno}: JSON nested deeper than {MAX_JSON_DEPTH} levels", default_id)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(str(path), f"line {lineno}: invalid JSON ({exc.msg} at column {exc.colno})", default_id)
            continue
        except RecursionError:  # nested past what the parser allows (the depth check above should catch it)
            yield ReadFailure(str(path), f"line {lineno}: JSON nested too deeply", default_id)
            continue
        item = record_document(record, fields, default_id, str(path), "jsonl")
        if replaced and isinstance(item, RawDocument):  # a few bad bytes in a UTF-8 line: kept, and counted
            item = dataclasses.replace(item, meta={**item.meta, "warnings": {"invalid_utf8_replaced": replaced}})
        yield _checked(item, settings, path)
    if not records:
        yield ReadFailure(str(path), "no records (only blank lines)", stem)


def _mostly_utf8(head: bytes) -> bool:
    """JSONL is UTF-8 by definition: a dump whose lines mostly decode as UTF-8 is read as UTF-8,
    so that one line in another encoding fails alone instead of recoding the whole file."""
    lines = head.split(b"\n")[:-1] or [head]  # the last line of the head may be cut mid-character
    ok = bad = 0
    for line in lines:
        try:
            line.decode("utf-8")
            ok += 1
        except UnicodeDecodeError:
            bad += 1
    return ok > bad


def _checked(item: RawDocument | ReadFailure, settings: Any, path: Path) -> RawDocument | ReadFailure:
    if isinstance(item, RawDocument) and len(item.content) > settings.max_file_bytes:
        return ReadFailure(str(path), "record larger than max_file_bytes", item.id)
    return item


def _json_document(path: Path, encoding: str) -> Any:
    """The parsed file when it is one JSON value (a list or an object), else None (then it is JSONL)."""
    try:
        return json.loads(path.read_bytes().decode(encoding))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return None  # read line by line instead, where a too deep line fails alone


_TOO_LONG = "\0line longer than max_file_bytes"  # sentinel: the line was skipped, not read


def _bounded_lines(fh: Any, limit: int) -> Iterator[Any]:
    """Lines of a file read at most ``limit + 1`` at a time: a line longer than the limit is
    skipped in chunks and yields ``_TOO_LONG``, so one huge line never sits in memory."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and line[-1:] not in ("\n", b"\n"):
            while (rest := fh.readline(1 << 20)) and rest[-1:] not in ("\n", b"\n"):
                pass
            yield _TOO_LONG
            continue
        yield line


def _lines(path: Path, encoding: str, limit: int) -> Iterator[tuple[int, str | None, int]]:
    """Numbered lines; None for a line whose bytes do not decode, ``_TOO_LONG`` for one over ``limit``;
    and how many invalid UTF-8 sequences were replaced in a line that is UTF-8 but for a few bytes."""
    if encoding.replace("_", "-") in ("utf-8", "ascii"):
        # Decode per line so that one line of broken bytes fails alone.
        with path.open("rb") as fh:
            for lineno, raw in enumerate(_bounded_lines(fh, limit), 1):
                if raw is _TOO_LONG:
                    yield lineno, _TOO_LONG, 0
                    continue
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    mostly = utf8_with_replacement(raw)
                    yield (lineno, mostly.text.lstrip("\ufeff"), mostly.replaced) if mostly else (lineno, None, 0)
                    continue
                yield lineno, text.lstrip("\ufeff"), 0
        return
    with io.open(path, encoding=encoding, errors="replace", newline=None) as fh:
        for lineno, text in enumerate(_bounded_lines(fh, limit), 1):
            yield lineno, text if text is _TOO_LONG else text.lstrip("\ufeff"), 0
