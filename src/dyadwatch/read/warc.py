"""WARC archives via warcio: each HTML response inside is an article.

Streamed record by record (archives are often gigabytes, so max_file_bytes
applies to each record's payload, not to the archive). Requests, metadata,
non-HTML responses and error statuses are skipped. A document's id is
``<file stem>:<n>`` (n counts the articles taken), its url the record's
WARC-Target-URI.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from ..document import RawDocument
from . import ReadFailure
from .encoding import BinaryContent, decode_bytes
from .html import declared_charset, extract_html, page_meta
from .sniff import document_stem

_HTML_TYPES = ("text/html", "application/xhtml+xml")


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
    taken = 0
    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
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
        except ArchiveLoadFailed as exc:
            yield ReadFailure(str(path), f"broken WARC archive: {exc}", stem if not taken else f"{stem}:{taken + 1}")


def _document(path: Path, doc_id: str, uri: str, payload: bytes, charset: str | None) -> RawDocument | ReadFailure:
    if not payload.strip():
        return ReadFailure(str(path), f"record {uri} is empty", doc_id)
    try:
        html, encoding = decode_bytes(payload, declared=charset or declared_charset(payload))
    except BinaryContent as exc:
        return ReadFailure(str(path), f"record {uri}: {exc}", doc_id)
    page = extract_html(html, url=uri or None)
    if page is None:
        return ReadFailure(str(path), f"record {uri}: no readable text in the HTML", doc_id)
    meta = page_meta(page)
    if uri:
        meta["url"] = uri  # the address it was fetched from beats a canonical link inside the page
    return RawDocument(id=doc_id, content=page.text, content_type="text", path=str(path), format="warc",
                       encoding=encoding, meta=meta)
