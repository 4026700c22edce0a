"""Knowledge is data: gazetteers, lexicons, office holders, cleaning patterns.

Files live in this package folder (bundled) and in the user's folders named by
``Settings.knowledge_paths``. A file of the same relative path in a user folder
*extends* the bundled one: YAML lists are appended, YAML mappings merged
(user keys win), TSV rows appended. Each subject's README.md documents its
format.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

BUNDLED = Path(__file__).resolve().parent


def roots(extra: Iterable[str | Path] = ()) -> list[Path]:
    return [BUNDLED, *(Path(p) for p in extra)]


def files(pattern: str, extra: Iterable[str | Path] = ()) -> list[Path]:
    """All files matching a glob (relative to each root), bundled first."""
    out: list[Path] = []
    for root in roots(extra):
        out.extend(sorted(root.glob(pattern)))
    return out


def _merge(a: Any, b: Any) -> Any:
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = _merge(out[k], v) if k in out else v
        return out
    return b


def load_yaml(relpath: str, extra: Iterable[str | Path] = ()) -> Any:
    """A YAML knowledge file, merged over every root that has it."""
    return _load_yaml_cached(relpath, tuple(str(p) for p in extra))


@lru_cache(maxsize=256)
def _load_yaml_cached(relpath: str, extra: tuple[str, ...]) -> Any:
    result: Any = None
    found = False
    for root in roots(extra):
        path = root / relpath
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
            result = data if not found else _merge(result, data)
            found = True
    if not found:
        raise FileNotFoundError(f"knowledge file {relpath!r} not found in {', '.join(map(str, roots(extra)))}")
    return result


def load_tsv(relpath: str, extra: Iterable[str | Path] = ()) -> list[dict[str, str]]:
    """Rows of a TSV knowledge file (header line first, '#' lines are comments)."""
    return list(_load_tsv_cached(relpath, tuple(str(p) for p in extra)))


@lru_cache(maxsize=256)
def _load_tsv_cached(relpath: str, extra: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    rows: list[dict[str, str]] = []
    found = False
    for root in roots(extra):
        path = root / relpath
        if path.is_file():
            found = True
            rows.extend(_read_tsv(path))
    if not found:
        raise FileNotFoundError(f"knowledge file {relpath!r} not found")
    return tuple(rows)


def _read_tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.lstrip().startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            yield {k.strip(): (v or "").strip() for k, v in row.items() if k}
