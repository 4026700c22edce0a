"""Hostile input files: each gets a clear failure reason or a bounded, correct result, and ingest goes on.

Memory is checked with tracemalloc (every Python allocation, bytes included):
"not read into memory" means the peak stays a small fraction of the file.
Settings use small limits (max_file_bytes of 1 MB) so the files stay cheap
to make; the large ones are sparse, or compress to almost nothing.
"""
from __future__ import annotations

import gzip
import os
import tracemalloc
import zlib
from pathlib import Path
from typing import Callable, Iterator

import pytest

from dyadwatch.clean import clean_document
from dyadwatch.document import RawDocument
from dyadwatch.read import ReadFailure, read_paths
from dyadwatch.settings import Settings

MB = 1 << 20
SMALL = Settings(max_file_bytes=1 * MB, max_article_chars=100_000)
EN_PARA = ("Sadyr Japarov met Vladimir Putin in Moscow on Tuesday; the presidents discussed "
           "migration, energy and trade between Kyrgyzstan and Russia.")
RU_PARA = ("Садыр Жапаров встретился с\u00a0Владимиром Путиным в\u00a0Москве во\u00a0вторник. «Мы обсудили "
           "миграцию и\u00a0энергетику», – отметил Жапаров.")


def read_measured(paths: list[Path], settings: Settings = SMALL) -> tuple[list[RawDocument | ReadFailure], int]:
    """Every item read from ``paths`` and the peak traced allocation while reading, in bytes."""
    tracemalloc.start()
    try:
        items = list(read_paths(paths, settings))
        return items, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def reasons(items: list) -> list[str]:
    return [i.reason for i in items if isinstance(i, ReadFailure)]


def docs(items: list) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


# ----------------------------------------------------------------------------- size
@pytest.mark.parametrize("name", ["huge.txt", "huge.html", "huge.xml"])
def test_hostile_200mb_file_rejected_by_size_without_being_read(tmp_path, name):
    path = sparse(tmp_path / name, 200 * MB)
    items, peak = read_measured([path], Settings())  # the default limit, 64 MB
    assert len(items) == 1 and isinstance(items[0], ReadFailure)
    assert "file too large" in items[0].reason and "max_file_bytes" in items[0].reason
    assert peak < 2 * MB


@pytest.mark.parametrize("name", ["huge.jsonl", "huge.csv"])
def test_hostile_200mb_dump_with_no_line_break_is_refused_in_bounded_memory(tmp_path, name):
    items, peak = read_measured([sparse(tmp_path / name, 200 * MB)])
    assert len(items) == 1 and isinstance(items[0], ReadFailure)
    assert "max_file_bytes" in items[0].reason
    assert peak < 8 * MB  # was ~420 MB: the whole line was read before the check


def test_hostile_50mb_single_line_text_is_cut_to_max_article_chars(tmp_path):
    path = tmp_path / "one_line.txt"
    line = (EN_PARA + " ") * (50 * MB // (len(EN_PARA) + 1))
    path.write_text(line, encoding="utf-8")
    settings = Settings(max_file_bytes=64 * MB, max_article_chars=100_000)
    (raw,) = list(read_paths([path], settings))
    clean = clean_document(raw, settings)
    assert len(clean.text) <= 100_000
    assert clean.meta["truncated"]["original_chars"] > 40_000_000
    assert clean.text.startswith("Sadyr Japarov met Vladimir Putin")
    assert all(0 <= p.start <= p.end <= len(clean.text) for p in clean.paragraphs)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_hostile_50mb_single_line_record_fails_alone_in_bounded_memory(tmp_path, fmt):
    body = (EN_PARA + " ") * (50 * MB // (len(EN_PARA) + 1))
    path = tmp_path / f"dump.{fmt}"
    if fmt == "jsonl":
        path.write_text(f'{{"id": "a", "text": "{RU_PARA}"}}\n{{"id": "big", "text": "{body}"}}\n'
                        f'{{"id": "c", "text": "{EN_PARA}"}}\n', encoding="utf-8")
    else:
        path.write_text(f'id,text\na,"{RU_PARA}"\nbig,"{body}"\nc,"{EN_PARA}"\n', encoding="utf-8")
    items, peak = read_measured([path])
    assert [d.id for d in docs(items)] == ["a", "c"]
    assert len(reasons(items)) == 1 and "max_file_bytes" in reasons(items)[0]
    assert peak < 8 * MB


# ----------------------------------------------------------------------------- bombs
def _gzip_of(path: Path, chunk: bytes, count: int) -> Path:
    with gzip.open(path, "wb", compresslevel=1) as fh:
        for _ in range(count):
            fh.write(chunk)
    return path


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.jsonl.gz", "bomb.csv.gz", "bomb.html.gz"])
def test_hostile_gzip_bomb_is_refused_without_inflating_it(tmp_path, name):
    path = _gzip_of(tmp_path / name, b"a" * MB, 200)  # 200 MB of text in a few hundred KB
    assert path.stat().st_size < 2 * MB
    items, peak = read_measured([path])
    assert len(items) == 1 and isinstance(items[0], ReadFailure)
    assert "gzip-compressed" in items[0].reason
    assert peak < 8 * MB


def _warc_member(out, uri: str, body: Iterator[bytes], body_len: int) -> None:
    """One gzip member holding one WARC response record; the body is streamed into the compressor."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{abs(hash(uri)) % 10**12:012d}>\r\n"
            f"WARC-Date: 2025-04-15T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) + body_len}\r\n\r\n").encode()
    z = zlib.compressobj(1, zlib.DEFLATED, 31)
    out.write(z.compress(head + http))
    for chunk in body:
        out.write(z.compress(chunk))
    out.write(z.compress(b"\r\n\r\n"))
    out.write(z.flush())


def _page(text: str) -> bytes:
    return f"<html><head><title>Talks</title></head><body><article><p>{text}</p><p>{text}</p></article></body></html>".encode()


def test_hostile_warc_bomb_stops_with_a_reason(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    good, bomb_mb = _page(EN_PARA), 512
    with path.open("wb") as out:
        _warc_member(out, "https://example.kg/news/1", iter([good]), len(good))
        _warc_member(out, "https://example.kg/bomb", (b" " * MB for _ in range(bomb_mb)), bomb_mb * MB)
        _warc_member(out, "https://example.kg/news/2", iter([_page(RU_PARA)]), len(_page(RU_PARA)))
    assert path.stat().st_size < 3 * MB  # half a gigabyte inside
    items, peak = read_measured([path])
    assert docs(items)[0].meta["url"] == "https://example.kg/news/1"
    assert "Vladimir Putin" in docs(items)[0].content
    assert any("compression bomb" in r for r in reasons(items))
    assert peak < 16 * MB


def test_hostile_file_named_warc_that_is_not_one_is_refused_quickly(tmp_path):
    path = sparse(tmp_path / "junk.warc", 20 * MB)  # warcio quoted the whole "first line" (20 MB) in its error
    items, peak = read_measured([path])
    assert len(items) == 1 and "not a WARC archive" in items[0].reason
    assert len(items[0].reason) < 200 and peak < 4 * MB


# ----------------------------------------------------------------------------- HTML
def test_hostile_deeply_nested_html_keeps_its_text(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + f"<p>{EN_PARA}</p>" + "</div>" * 100_000
                    + "</body></html>", encoding="utf-8")
    (raw,) = list(read_paths([path], Settings()))
    assert isinstance(raw, RawDocument), raw
    assert raw.content.strip() == EN_PARA


def test_hostile_html_scripts_never_reach_the_text(tmp_path):
    path = tmp_path / "scripts.html"
    path.write_text(
        "<html><head><script>var s = '<p>SCRIPT-IN-HEAD</p>';</script><style>p::after{content:'STYLE-TEXT'}</style>"
        "</head><body>" + "<script>document.write('<p>SCRIPT-WRITE Putin</p>')</script>" * 50
        + f"<p>{EN_PARA}</p><script type='text/javascript'>alert('SCRIPT-ALERT')</script>"
        "<noscript>NOSCRIPT-TEXT</noscript><p onclick=\"alert('HANDLER')\">Kyrgyzstan and Russia agreed to meet "
        "again in Bishkek.</p><svg><script>SVG-SCRIPT</script></svg></body></html>", encoding="utf-8")
    (raw,) = list(read_paths([path], SMALL))
    text = clean_document(raw, SMALL).text
    assert EN_PARA in text and "meet again in Bishkek" in text
    for marker in ("SCRIPT-IN-HEAD", "STYLE-TEXT", "SCRIPT-WRITE", "SCRIPT-ALERT", "NOSCRIPT", "HANDLER",
                   "SVG-SCRIPT", "alert(", "document.write"):
        assert marker not in text, marker


def test_hostile_script_heavy_page_in_a_dump_html_column_is_cleaned_too(tmp_path):
    path = tmp_path / "dump.jsonl"
    html = f"<html><body><script>alert('SCRIPT-ALERT')</script><p>{EN_PARA}</p></body></html>"
    import json
    path.write_text(json.dumps({"id": "p1", "html": html}) + "\n", encoding="utf-8")
    (raw,) = list(read_paths([path], SMALL))
    text = clean_document(raw, SMALL).text
    assert EN_PARA in text and "SCRIPT-ALERT" not in text and "<script" not in text


# ----------------------------------------------------------------------------- encodings and junk
def test_hostile_cp1251_page_declared_utf8_is_read_as_cyrillic(tmp_path):
    path = tmp_path / "lying.html"
    page = (f"<html><head><meta charset=\"utf-8\"><title>Встреча в\u00a0Москве</title></head><body><article>"
            f"<p>{RU_PARA}</p><p>{RU_PARA}</p></article></body></html>")
    path.write_bytes(page.replace("\u00a0", "&nbsp;").encode("cp1251"))
    (raw,) = list(read_paths([path], SMALL))
    assert raw.encoding == "cp1251"
    assert "Садыр Жапаров встретился" in raw.content and "Путиным" in raw.content


@pytest.mark.parametrize("name,declared", [("koi8.html", True), ("koi8.txt", False)])
def test_hostile_koi8r_files_are_decoded(tmp_path, name, declared):
    # koi8-r has no «» or en dash: old archives used straight quotes and hyphens
    para = RU_PARA.replace("\u00a0", " ").replace("«", '"').replace("»", '"').replace("–", "-")
    path = tmp_path / name
    if declared:
        body = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\"></head>"
                f"<body><p>{para}</p><p>{para}</p></body></html>")
    else:
        body = f" date 2025-04-15 10:20\nМинистры встретились в Москве\n{para}\n{para}\n"
    path.write_bytes(body.encode("koi8_r"))
    (raw,) = list(read_paths([path], SMALL))
    assert isinstance(raw, RawDocument), raw
    assert raw.encoding.replace("_", "-") == "koi8-r"
    assert "Владимиром Путиным" in raw.content


@pytest.mark.parametrize("content", [bytes(range(256)) * 64, os.urandom(20_000), b"%PDF-1.7\n" + os.urandom(4000),
                                     b"\x89PNG\r\n\x1a\n" + bytes(2000)], ids=["bytes", "random", "pdf", "png"])
def test_hostile_binary_junk_named_txt_is_refused(tmp_path, content):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    (item,) = list(read_paths([path], SMALL))
    assert isinstance(item, ReadFailure) and "binary" in item.reason


@pytest.mark.parametrize("name", ["a.txt", "a.html", "a.jsonl", "a.csv", "a.xml", "a.warc", "a.json"])
def test_hostile_empty_files_fail_with_a_reason(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    (item,) = list(read_paths([path], SMALL))
    assert isinstance(item, ReadFailure) and item.reason == "empty"


def test_hostile_symlink_loops_in_a_folder_end_and_the_real_file_is_read(tmp_path):
    root = tmp_path / "corpus"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "talks.txt").write_text(EN_PARA, encoding="utf-8")
    (root / "a" / "b" / "up").symlink_to(root / "a")  # folder loop
    (root / "self.txt").symlink_to(root / "self.txt")  # a link to itself
    (root / "ping.txt").symlink_to(root / "pong.txt")
    (root / "pong.txt").symlink_to(root / "ping.txt")  # a two-link loop
    items = list(read_paths([root], SMALL))
    assert [d.content for d in docs(items)] == [EN_PARA]
    # Named explicitly, a looping link is a failure with a reason, not a hang or a crash.
    (item,) = list(read_paths([root / "self.txt"], SMALL))
    assert isinstance(item, ReadFailure) and item.reason


def test_hostile_file_vanishing_between_listing_and_reading_is_a_failure_and_ingest_goes_on(tmp_path, monkeypatch):
    import dyadwatch.read as read_pkg
    from dyadwatch.ingest import ingest
    from dyadwatch.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate([EN_PARA, RU_PARA, EN_PARA.replace("Tuesday", "Friday")]):
        (folder / f"n{i}.txt").write_text(text, encoding="utf-8")
    real_walk: Callable = read_pkg.iter_input_files

    def walk_then_delete(paths):
        for item in real_walk(paths):
            if isinstance(item, Path) and item.name == "n1.txt":
                item.unlink()  # listed, then gone before the reader opens it
            yield item

    monkeypatch.setattr(read_pkg, "iter_input_files", walk_then_delete)
    settings = Settings(db=str(tmp_path / "v.db"), stages=("language",), engine="local")
    report = ingest([folder], settings)
    assert (report.new, report.failed) == (2, 1)
    with open_store(settings.db) as store:
        (failure,) = store.failures()
        assert failure.path.endswith("n1.txt") and "No such file" in failure.reason
        assert store.count() == 2


@pytest.mark.slow
def test_hostile_folder_of_everything_ingests_the_good_and_records_the_rest(tmp_path):
    from dyadwatch.ingest import ingest
    from dyadwatch.store import open_store

    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good_en.txt").write_text(f" date 2025-04-15 10:20\n{EN_PARA}\n", encoding="utf-8")
    (folder / "good_ru.txt").write_bytes(f"{RU_PARA}\n".encode("cp1251"))
    sparse(folder / "huge.txt", 200 * MB)
    (folder / "empty.html").write_bytes(b"")
    (folder / "junk.txt").write_bytes(os.urandom(5000))
    _gzip_of(folder / "bomb.jsonl.gz", b"a" * MB, 50)
    sparse(folder / "fake.warc", 2 * MB)
    (folder / "loop").symlink_to(folder)
    settings = Settings(db=str(tmp_path / "m.db"), stages=("language",), engine="local", max_file_bytes=MB,
                        failure_threshold=0.9)
    report = ingest([folder], settings)
    assert report.new == 2
    with open_store(settings.db) as store:
        failed = {Path(f.path).name: f.reason for f in store.failures()}
        assert set(failed) == {"huge.txt", "empty.html", "junk.txt", "bomb.jsonl.gz", "fake.warc"}
        assert all(failed.values())
        assert {a.language for a in store.articles().items} == {"en", "ru"}
