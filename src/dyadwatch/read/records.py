"""One record of a dump (JSONL line, CSV row) -> a RawDocument, by Settings.jsonl_fields.

``jsonl_fields`` maps contract fields to the dump's column names; a column
name may be a dotted path into nested JSON (``"text": "body.plain"``).
"""
from __future__ import annotations

from typing import Any, Mapping

from ..document import RawDocument
from . import ReadFailure

META_FIELDS = ("title", "url", "published", "source", "views")


def column(record: Mapping[str, Any], name: str | None) -> Any:
    if not name:
        return None
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _present(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def record_document(record: Any, fields: Mapping[str, str], default_id: str, path: str,
                    fmt: str) -> RawDocument | ReadFailure:
    """The article in one dump record, or a ReadFailure saying what is missing."""
    if not isinstance(record, Mapping):
        return ReadFailure(path, f"record is a {type(record).__name__}, not an object", default_id)
    raw_id = column(record, fields.get("id", "id"))
    doc_id = str(raw_id).strip() if _present(raw_id) else default_id
    text = column(record, fields.get("text", "text"))
    html = column(record, fields.get("html", "html"))
    if _present(text):
        content, content_type = str(text), "text"
    elif _present(html):
        content, content_type = str(html), "html"
    else:
        wanted = " or ".join(repr(fields.get(k, k)) for k in ("text", "html"))
        return ReadFailure(path, f"record has no {wanted} field with content", doc_id)
    meta = {}
    for name in META_FIELDS:
        value = column(record, fields.get(name, name))
        if _present(value):
            meta[name] = value.strip() if isinstance(value, str) else value
    return RawDocument(id=doc_id, content=content, content_type=content_type, path=path, format=fmt,
                       encoding="utf-8", meta=meta)
