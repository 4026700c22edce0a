"""Readers: one module per source format, picked by extension and content sniffing.

``read_paths`` walks files, folders (recursively) and globs and yields a
``RawDocument`` per article, or a ``ReadFailure`` with the reason when a file
(or one record inside a dump) cannot be read. It never raises for bad input:
one broken file must not stop a batch.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A file or record that could not be read, and why."""

    path: str
    reason: str
    id: str | None = None
    stage: str = "read"
