"""WARC archives via warcio: each HTML response inside is an article.

Streamed record by record (archives are often gigabytes, so max_file_bytes
applies to each record's payload, not to the archive). Requests, metadata,
non-HTML responses and error statuses are skipped. A document's id is
``<file stem>:<n>`` (n counts the articles taken), its url the record's
WARC-Target-URI.
"""
from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import Any, Iterator

from ..document import RawDocument
from . import ReadFailure
from .encoding import BinaryContent, decode_text
from .html import declared_charset, extract_html, page_meta
from .sniff import document_stem

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ARCHIVE_STARTS = (b"WARC/", b"filedesc://", b"\x1f\x8b")  # WARC, ARC, or gzip of either
# A gzipped archive may expand to at most this many times its size (text compresses ~5-10x);
# beyond it, it is a compression bomb and reading stops.
MAX_EXPANSION = 100
_REASON_CHARS = 300  # warcio quotes the offending line in its errors; a junk file is one huge line


class ExpansionLimit(Exception):
    """The decompressed archive grew past its budget."""


class _Budgeted:
    """A read-only stream that raises ``ExpansionLimit`` once more than ``limit`` bytes were read."""

    def __init__(self, raw: Any, limit: int) -> None:
        self.raw, self.limit, self.used = raw, limit, 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.used += len(data)
        if self.used > self.limit:
            raise ExpansionLimit(f"archive expands past {self.limit} bytes ({MAX_EXPANSION}x its compressed size "
                                 f"or max_file_bytes): a compression bomb, reading stopped")
        return data


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def read_warc(path: Path, head: bytes, settings: Any) -> Iterator[RawDocument | ReadFailure]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    stem = document_stem(path)
    if not head.startswith(_ARCHIVE_STARTS):
        yield ReadFailure(str(path), f"not a WARC archive (starts with {head[:16]!r})", stem)
        return
    taken = 0
    with path.open("rb") as fh:
        stream: Any = fh
        if head.startswith(b"\x1f\x8b"):
            # Decompress here, under a byte budget: warcio would inflate a bomb record to its end.
            limit = max(settings.max_file_bytes, MAX_EXPANSION * path.stat().st_size)
            stream = _Budgeted(gzip.GzipFile(fileobj=fh), limit)
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type not in ("response", "resource"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                if record.http_headers is not None:
                    status = record.http_headers.get_statuscode() or ""
                    if not status.startswith("2"):
                        continue
                    ctype = record.http_headers.get_header("Content-Type") or ""
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                if not ctype.lower().startswith(_HTML_TYPES):
                    continue
                taken += 1
                doc_id = f"{stem}:{taken}"
                payload = record.content_stream().read(settings.max_file_bytes + 1)
                if len(payload) > settings.max_file_bytes:
                    yield ReadFailure(str(path), f"record {uri} larger than max_file_bytes", doc_id)
                    continue
                yield _document(path, doc_id, uri, payload, _charset(ctype))
        except ExpansionLimit as exc:
            yield ReadFailure(str(path), f"{exc} after {taken} articles", stem if not taken else f"{stem}:{taken + 1}")
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error) as exc:
            yield ReadFailure(str(path), f"broken WARC archive: {str(exc)[:_REASON_CHARS]}",
                              stem if not taken else f"{stem}:{taken + 1}")


def _document(path: Path, doc_id: str, uri: str, payload: bytes, charset: str | None) -> RawDocument | ReadFailure:
    if not payload.strip():
        return ReadFailure(str(path), f"record {uri} is empty", doc_id)
    try:
        html, encoding, _ = decoded = decode_text(payload, declared=charset or declared_charset(payload))
    except BinaryContent as exc:
        return ReadFailure(str(path), f"record {uri}: {exc}", doc_id)
    page = extract_html(html, url=uri or None)
    if page is None:
        return ReadFailure(str(path), f"record {uri}: no readable text in the HTML", doc_id)
    meta = page_meta(page)
    if uri:
        meta["url"] = uri  # the address it was fetched from beats a canonical link inside the page
    if decoded.replaced:
        meta["warnings"] = decoded.warnings()
    return RawDocument(id=doc_id, content=page.text, content_type="text", path=str(path), format="warc",
                       encoding=encoding, meta=meta)
