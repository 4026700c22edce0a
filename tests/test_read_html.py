"""HTML reader: main text and metadata via trafilatura; broken pages never crash."""
from __future__ import annotations

from pathlib import Path

from dyadwatch.document import RawDocument
from dyadwatch.read import ReadFailure, read_file

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Kyrgyzstan and Russia agree on fuel supplies - Kabar</title>
<meta property="og:title" content="Kyrgyzstan and Russia agree on fuel supplies">
<meta property="og:site_name" content="Kabar">
<meta property="og:url" content="https://kabar.kg/eng/news/kyrgyzstan-russia-fuel/">
<link rel="canonical" href="https://kabar.kg/eng/news/kyrgyzstan-russia-fuel/">
<meta property="article:published_time" content="2025-04-15T10:20:00+06:00">
</head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/economy">Economy</a></nav>
<article>
<h1>Kyrgyzstan and Russia agree on fuel supplies</h1>
<p>Chairman of the Cabinet of Ministers Adylbek Kasymaliev held talks with Russian Deputy Prime
Minister Alexei Overchuk in Bishkek on Tuesday.</p>
<p>The parties agreed that Russia will supply up to 1.2 million tonnes of petroleum products to
Kyrgyzstan in 2026 without export duties.</p>
<p>“We count on predictable supplies for our farmers during the sowing season,” Kasymaliev said.</p>
</article>
<footer><p>© Kabar news agency. All rights reserved.</p></footer>
</body></html>
"""


def test_read_html_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "kabar_fuel.html"
    path.write_text(PAGE, encoding="utf-8")
    [doc] = list(read_file(path))
    assert isinstance(doc, RawDocument)
    assert doc.id == "kabar_fuel" and doc.format == "html" and doc.content_type == "text"
    assert "1.2 million tonnes" in doc.content
    assert "Home" not in doc.content and "All rights reserved" not in doc.content
    assert doc.meta["title"] == "Kyrgyzstan and Russia agree on fuel supplies"
    assert doc.meta["url"] == "https://kabar.kg/eng/news/kyrgyzstan-russia-fuel/"
    assert doc.meta["published"] == "2025-04-15T10:20:00+06:00"  # the day from htmldate, the time from the page
    assert doc.meta["sitename"] == "Kabar"


def test_read_html_truncated_page_is_best_effort(tmp_path: Path) -> None:
    path = tmp_path / "cut.html"
    path.write_text(PAGE[: PAGE.index("without export")], encoding="utf-8")
    [doc] = list(read_file(path))
    assert isinstance(doc, RawDocument)
    assert "Adylbek Kasymaliev" in doc.content


def test_read_html_without_text_is_failure(tmp_path: Path) -> None:
    path = tmp_path / "shell.html"
    path.write_text("<html><head><title></title><script>var x = 1;</script></head><body><div></div>",
                    encoding="utf-8")
    [failure] = list(read_file(path))
    assert isinstance(failure, ReadFailure)
    assert "no readable text" in failure.reason


def test_read_html_garbage_markup_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "garbage.html"
    path.write_text("<html><<<>>><p>Переговоры в Бишкеке</p><div <span>>>" * 3, encoding="utf-8")
    [item] = list(read_file(path))
    assert isinstance(item, (RawDocument, ReadFailure))
    if isinstance(item, RawDocument):
        assert "Переговоры" in item.content


def test_read_html_cp1251_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "ru.html"
    body = ("<p>Министр иностранных дел Жээнбек Кулубаев провёл переговоры с Сергеем Лавровым в Москве. "
            "Стороны обсудили миграцию и торговлю.</p>") * 3
    html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            f"<title>Кулубаев и Лавров</title></head><body><article>{body}</article></body></html>")
    path.write_bytes(html.encode("cp1251"))
    [doc] = list(read_file(path))
    assert isinstance(doc, RawDocument)
    assert "Жээнбек Кулубаев" in doc.content


def test_read_html_utf8_page_declaring_cp1251_is_utf8(tmp_path: Path) -> None:
    path = tmp_path / "migrated.html"
    html = ('<html><head><meta charset="windows-1251"><title>Миграция</title></head><body><article>'
            + "<p>Служба миграции Кыргызстана открыла новый центр для трудовых мигрантов в Оше.</p>" * 3
            + "</article></body></html>")
    path.write_bytes(html.encode("utf-8"))
    [doc] = list(read_file(path))
    assert doc.encoding == "utf-8" and "Служба миграции" in doc.content
