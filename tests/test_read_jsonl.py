"""JSONL and JSON dumps: column mapping, ids, one bad line fails alone."""
from __future__ import annotations

import json
from pathlib import Path

from dyadwatch.clean import clean_document
from dyadwatch.document import RawDocument
from dyadwatch.read import read_file
from dyadwatch.settings import Settings

RECORDS = [
    {"id": "akipress-1001", "text": "Kyrgyzstan and Russia signed a memorandum on labour migration on Monday.",
     "title": "Memorandum on labour migration signed", "url": "https://akipress.com/news:1001/",
     "published": "2025-02-10 16:05"},
    {"text": "Россия выделит Кыргызстану 2\u00a0млрд рублей на\u00a0ремонт школ.", "published": "11.02.2025"},
]


def test_read_jsonl_records_ids_and_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [json.dumps(RECORDS[0], ensure_ascii=False), '{"id": "broken", "text": "unterminated',
             "", json.dumps(RECORDS[1], ensure_ascii=False), json.dumps({"id": "no-body", "title": "Only a title"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_file(path))
    assert [type(x).__name__ for x in items] == ["RawDocument", "ReadFailure", "RawDocument", "ReadFailure"]
    first, bad, second, empty = items
    assert first.id == "akipress-1001" and first.meta["url"] == "https://akipress.com/news:1001/"
    assert bad.id == "dump:2" and "line 2" in bad.reason and "invalid JSON" in bad.reason
    assert second.id == "dump:4" and "2\u00a0млрд" in second.content
    assert empty.id == "no-body" and "no 'text' or 'html'" in empty.reason


def test_read_jsonl_custom_columns_and_nested_path(tmp_path: Path) -> None:
    path = tmp_path / "export.ndjson"
    record = {"guid": "x-17", "body": {"plain": "Sadyr Japarov held a phone call with Vladimir Putin."},
              "headline": "Japarov, Putin talk by phone", "link": "https://24.kg/english/1/"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    fields = {"id": "guid", "text": "body.plain", "title": "headline", "url": "link"}
    [doc] = list(read_file(path, Settings(jsonl_fields=fields)))
    assert isinstance(doc, RawDocument)
    assert doc.id == "x-17" and doc.content.startswith("Sadyr Japarov")
    assert doc.meta == {"title": "Japarov, Putin talk by phone", "url": "https://24.kg/english/1/"}


def test_read_jsonl_html_column_is_cleaned_to_text(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    html = ("<html><body><article>" + "<p>Russia will open three more Russian-language schools in Osh "
            "and Jalal-Abad by 1 September 2027, the ministry said.</p>" * 3 + "</article></body></html>")
    path.write_text(json.dumps({"id": "p1", "html": html, "url": "https://kabar.kg/news/p1"}) + "\n",
                    encoding="utf-8")
    [raw] = list(read_file(path))
    assert raw.content_type == "html"
    clean = clean_document(raw)
    assert "<p>" not in clean.text and "Russian-language schools" in clean.text
    assert clean.source == "kabar.kg"


def test_read_json_list_file(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(RECORDS, ensure_ascii=False, indent=2), encoding="utf-8")
    items = list(read_file(path))
    assert [x.id for x in items] == ["akipress-1001", "batch:2"]
    assert all(isinstance(x, RawDocument) for x in items)


def test_read_jsonl_invalid_utf8_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(RECORDS[0]).encode("utf-8")
    bad = '{"text": "Переговоры"}'.encode("cp1251")
    path.write_bytes(good + b"\n" + bad + b"\n" + good.replace(b"akipress-1001", b"akipress-1002") + b"\n")
    items = list(read_file(path))
    assert [type(x).__name__ for x in items] == ["RawDocument", "ReadFailure", "RawDocument"]
    assert "not valid UTF-8" in items[1].reason
