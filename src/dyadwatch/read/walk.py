"""Input paths -> files: single files, folders (recursive, sorted), and globs.

Folders are walked in sorted order so that two runs see the same sequence;
hidden files and folders are skipped, and only extensions a reader knows are
picked up (a README.md, LICENSE or .py beside the articles is not an article). A file
named explicitly is always read, whatever its extension. Symlinked folders are
followed once: resolved folders are remembered, so a link loop cannot hang.

A walk stays inside the folder it was given: a symbolic link that leads out of
it (to /etc, a home folder) is reported, not read, unless ``follow_links``
(the setting of that name) says to follow it.
"""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Iterable, Iterator

from .sniff import EXTENSIONS, extension_of

_GLOB_CHARS = set("*?[")


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


OUTSIDE = "a symbolic link out of the folder being read (set follow_links to read it)"


def _inside(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _walk_folder(root: Path, seen_dirs: set[str], top: str | None = None) -> Iterator[Path | tuple[str, str]]:
    """Files under ``root`` in path order (names sorted, a folder's content where its name sorts);
    with ``top`` (a resolved folder), a link leading out of it is yielded as ``(path, reason)``."""
    real = os.path.realpath(root)
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return  # an unreadable folder inside the tree: skip it, the rest goes on
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        path = Path(entry.path)
        try:
            if top is not None and entry.is_symlink() and not _inside(os.path.realpath(path), top):
                if entry.is_dir() or (entry.is_file() and extension_of(path) in EXTENSIONS):
                    yield (str(path), OUTSIDE)
                continue
            if entry.is_dir():  # follows links; the seen set stops loops
                yield from _walk_folder(path, seen_dirs, top)
            elif entry.is_file() and extension_of(path) in EXTENSIONS:
                yield path
        except OSError:
            continue


def iter_input_files(paths: Iterable[str | os.PathLike[str]], follow_links: bool = False
                     ) -> Iterator[Path | tuple[str, str]]:
    """Yield each input file once, in order; ``(path, reason)`` for a path that names nothing
    or a link out of a walked folder (unless ``follow_links``).

    A path is a file, a folder (walked recursively) or a glob (``**`` recurses).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    seen_files: set[str] = set()
    seen_dirs: set[str] = set()

    def once(path: Path | tuple[str, str]) -> Iterator[Path | tuple[str, str]]:
        if isinstance(path, tuple):
            yield path
            return
        real = os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            yield path

    for raw in paths:
        text = os.fspath(raw)
        path = Path(text).expanduser()
        if path.is_dir():
            for f in _walk_folder(path, seen_dirs, None if follow_links else os.path.realpath(path)):
                yield from once(f)
        elif path.is_file():
            yield from once(path)
        elif _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            if not matches:
                yield (text, "no files match this pattern")
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    for f in _walk_folder(mp, seen_dirs, None if follow_links else os.path.realpath(mp)):
                        yield from once(f)
                elif mp.is_file() and not _is_hidden(mp.name):
                    yield from once(mp)
        elif path.exists() or path.is_symlink():
            yield (text, "not a regular file or folder (broken link, device or socket)")
        else:
            yield (text, "no such file or folder")
