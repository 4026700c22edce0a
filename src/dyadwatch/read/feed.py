"""RSS and Atom feed files via feedparser: each entry is an article.

The entry's full content is preferred over its summary; either is HTML and is
reduced to text with paragraph breaks. An entry's id is ``<file stem>:<n>``
(its position in the file); its guid is kept in meta.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from ..document import RawDocument
from . import ReadFailure
from .html import html_to_text
from .sniff import document_stem


def _entry_html(entry: Any) -> str:
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def read_feed(path: Path, data: bytes, settings: Any) -> Iterator[RawDocument | ReadFailure]:
    import feedparser

    stem = document_stem(path)
    parsed = feedparser.parse(data)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        why = parsed.get("bozo_exception")
        yield ReadFailure(str(path), f"not an RSS/Atom feed{f' ({why})' if why else ''}", stem)
        return
    if not parsed.entries:
        yield ReadFailure(str(path), "feed has no entries", stem)
        return
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(parsed.entries, 1):
        doc_id = f"{stem}:{n}"
        text = html_to_text(_entry_html(entry)) if _entry_html(entry).strip() else ""
        if not text.strip():
            yield ReadFailure(str(path), f"entry {n} has no content or summary", doc_id)
            continue
        meta = {
            "title": (entry.get("title") or "").strip() or None,
            "url": entry.get("link"),
            "published": entry.get("published") or entry.get("updated"),
            "guid": entry.get("id"),
            "feed_title": feed_title,
        }
        yield RawDocument(id=doc_id, content=text, content_type="text", path=str(path), format="feed",
                          encoding=parsed.get("encoding"), meta={k: v for k, v in meta.items() if v})
