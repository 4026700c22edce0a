"""CSV/TSV dumps: a header row naming the columns, one article per row.

Streamed row by row. The delimiter is a tab for .tsv, otherwise sniffed from
the first rows (comma, semicolon, tab or pipe — spreadsheet exports in Russian
locales use semicolons). A record's id is its id column or
``<file stem>:<line>``, the line where the row starts.
"""
from __future__ import annotations

import codecs
import csv
import io
import sys
from pathlib import Path
from typing import Any, Iterator

from ..document import RawDocument
from . import ReadFailure
from .encoding import BinaryContent, detect_encoding
from .records import record_document
from .sniff import document_stem

_DELIMITERS = ",;\t|"


def _delimiter(path: Path, sample: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


class _BoundedLines:
    """Physical lines read at most ``limit + 1`` characters at a time. A longer line is skipped
    in chunks and raises ``csv.Error`` for that row only (the iterator goes on), so it never
    sits in memory whole."""

    def __init__(self, fh: Any, limit: int) -> None:
        self.fh, self.limit = fh, limit

    def __iter__(self) -> "_BoundedLines":
        return self

    def __next__(self) -> str:
        line = self.fh.readline(self.limit + 1)
        if not line:
            raise StopIteration
        if len(line) > self.limit and not line.endswith("\n"):
            while (rest := self.fh.readline(1 << 20)) and not rest.endswith("\n"):
                pass
            raise csv.Error("line longer than max_file_bytes, skipped")
        return line


def read_csv(path: Path, head: bytes, settings: Any) -> Iterator[RawDocument | ReadFailure]:
    stem = document_stem(path)
    try:
        encoding = detect_encoding(head)
    except BinaryContent as exc:
        yield ReadFailure(str(path), str(exc), stem)
        return
    if codecs.lookup(encoding).name == "utf-8":
        encoding = "utf-8-sig"  # spreadsheet exports start with a BOM; left in, it hides a quoted first column name
    fields = dict(settings.jsonl_fields)
    # Article bodies exceed the csv module's default 128 KiB field limit.
    csv.field_size_limit(min(sys.maxsize, max(settings.max_file_bytes, 131072)))
    with io.open(path, encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(16384)
        fh.seek(0)
        reader = csv.reader(_BoundedLines(fh, settings.max_file_bytes), delimiter=_delimiter(path, sample))
        try:
            header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        except (StopIteration, csv.Error) as exc:
            yield ReadFailure(str(path), f"no header row ({exc or 'file has no rows'})", stem)
            return
        if not any(header):
            yield ReadFailure(str(path), "no header row (the first line is blank)", stem)
            return
        start = reader.line_num + 1
        records = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                if not records:
                    yield ReadFailure(str(path), "no records below the header", stem)
                return
            except csv.Error as exc:
                yield ReadFailure(str(path), f"line {start}: {exc}", f"{stem}:{start}")
                start = reader.line_num + 1
                continue
            default_id = f"{stem}:{start}"
            line = start
            start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            records += 1
            if len(row) != len(header):
                yield ReadFailure(str(path), f"line {line}: {len(row)} fields where the header has {len(header)}",
                                  default_id)
                continue
            yield record_document(dict(zip(header, row)), fields, default_id, str(path), "csv")
