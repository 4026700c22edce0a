"""WARC reader: HTML responses become documents with their target URI; the rest is skipped."""
from __future__ import annotations

import io
from pathlib import Path

from dyadwatch.document import RawDocument
from dyadwatch.read import read_file

ARTICLE_HTML = ("<html><head><title>Lavrov and Kulubaev meet in Moscow</title></head><body><article>"
                + "<p>Foreign ministers Sergey Lavrov and Jeenbek Kulubaev discussed migration and trade "
                  "during talks in Moscow on Thursday, the ministry said.</p>" * 3
                + "</article></body></html>")


def _write_warc(path: Path, gzip: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)

        def response(uri: str, ctype: str, body: bytes, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        writer.write_record(writer.create_warc_record("https://mid.ru/robots.txt", "request",
                                                      payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        response("https://mid.ru/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100))
        response("https://mid.ru/news/lavrov-kulubaev", "text/html; charset=utf-8", ARTICLE_HTML.encode("utf-8"))
        response("https://mid.ru/missing", "text/html", b"<html>not found</html>", status="404 Not Found")
        response("https://mid.ru/news/ru", "text/html; charset=windows-1251",
                 ARTICLE_HTML.replace("Foreign ministers", "Министры").encode("cp1251"))


def test_read_warc_html_responses_only(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path, gzip=True)
    items = list(read_file(path))
    assert all(isinstance(x, RawDocument) for x in items)
    assert [x.meta["url"] for x in items] == ["https://mid.ru/news/lavrov-kulubaev", "https://mid.ru/news/ru"]
    assert [x.id for x in items] == ["crawl:1", "crawl:2"]
    assert "Jeenbek Kulubaev" in items[0].content and items[0].format == "warc"
    assert items[1].content.startswith("Министры")


def test_read_warc_uncompressed_named_oddly_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "crawl.dat"
    _write_warc(path, gzip=False)
    assert len([x for x in read_file(path) if isinstance(x, RawDocument)]) == 2
