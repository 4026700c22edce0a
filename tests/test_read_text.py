"""Plain-text reader: encodings, binary junk, empty and oversized files, sniffing."""
from __future__ import annotations

from pathlib import Path

from dyadwatch.document import RawDocument
from dyadwatch.read import ReadFailure, read_file
from dyadwatch.settings import Settings

RU_ARTICLE = (
    "Бишкек и\u00a0Москва договорились расширить поставки топлива\n\n"
    "Председатель Кабинета министров Адылбек Касымалиев встретился вчера с\u00a0вице-премьером России "
    "Алексеем Оверчуком. Стороны обсудили поставки горюче-смазочных материалов на\u00a02026 год.\n\n"
    "«Мы рассчитываем на\u00a0стабильные поставки без пошлин», – отметил Адылбек Касымалиев.\n"
)


def _one(path: Path, settings: Settings | None = None) -> RawDocument | ReadFailure:
    items = list(read_file(path, settings))
    assert len(items) == 1, items
    return items[0]


def test_read_text_id_is_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "007_kg_fuel.txt"
    path.write_text(RU_ARTICLE, encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, RawDocument)
    assert doc.id == "007_kg_fuel"
    assert doc.content == RU_ARTICLE
    assert doc.format == "text" and doc.encoding == "utf-8"


def test_read_text_cp1251_equals_utf8_twin(tmp_path: Path) -> None:
    (tmp_path / "twin_utf8.txt").write_bytes(RU_ARTICLE.encode("utf-8"))
    # NBSP, «», the en dash all exist in cp1251, so the twin is byte-for-byte the same article
    (tmp_path / "twin_cp1251.txt").write_bytes(RU_ARTICLE.encode("cp1251"))
    utf8, legacy = _one(tmp_path / "twin_utf8.txt"), _one(tmp_path / "twin_cp1251.txt")
    assert isinstance(legacy, RawDocument)
    assert legacy.encoding == "cp1251"
    assert legacy.content == utf8.content


def test_read_text_short_cp1251_with_capitals_after_latin_is_cp1251(tmp_path: Path) -> None:
    # a short note glued from an English and a Russian name: Mac OS Cyrillic (lower case as in
    # cp1251, symbols where cp1251 has capitals) used to win, giving "—адыр ∆апаров"
    note = "Vladimir PutinСадыр Жапаров: Заголовок"
    (tmp_path / "note.txt").write_bytes(note.encode("cp1251"))
    doc = _one(tmp_path / "note.txt")
    assert isinstance(doc, RawDocument)
    assert doc.content == note and doc.encoding == "cp1251"


def test_read_text_koi8r_and_utf16_bom(tmp_path: Path) -> None:
    # koi8-r has no NBSP, guillemets or en dash: old archives used plain quotes and hyphens
    koi_text = RU_ARTICLE.replace("\u00a0", " ").replace("«", '"').replace("»", '"').replace("–", "-")
    (tmp_path / "koi.txt").write_bytes(koi_text.encode("koi8_r"))
    (tmp_path / "u16.txt").write_bytes(RU_ARTICLE.encode("utf-16"))  # with BOM
    koi, u16 = _one(tmp_path / "koi.txt"), _one(tmp_path / "u16.txt")
    assert koi.encoding == "koi8-r" and koi.content == koi_text
    assert u16.encoding.startswith("utf-16") and u16.content == RU_ARTICLE


def test_read_text_binary_junk_is_failure(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    failure = _one(path)
    assert isinstance(failure, ReadFailure)
    assert failure.reason == "binary content"
    assert failure.id == "photo"


def test_read_text_random_bytes_with_nuls_is_failure(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes((i * 37 + 11) % 256 for i in range(4000)))
    assert isinstance(_one(path), ReadFailure)


def test_read_text_empty_and_blank(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\u00a0\n\n", encoding="utf-8")
    assert _one(tmp_path / "empty.txt").reason == "empty"
    assert _one(tmp_path / "blank.txt").reason.startswith("empty")


def test_read_text_too_large_rejected_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Kyrgyzstan and Russia. " * 100, encoding="utf-8")
    failure = _one(path, Settings(max_file_bytes=1000))
    assert isinstance(failure, ReadFailure)
    assert failure.reason.startswith("file too large")


def test_read_text_html_named_txt_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved_page.txt"
    body = "".join(f"<p>Paragraph {i}: the intergovernmental commission discussed energy and trade.</p>"
                   for i in range(6))
    path.write_text(f"<!DOCTYPE html><html><head><title>Commission meets in Bishkek</title></head>"
                    f"<body><article>{body}</article></body></html>", encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, RawDocument)
    assert doc.format == "html"
    assert "<p>" not in doc.content and "intergovernmental commission" in doc.content
    assert doc.meta["title"] == "Commission meets in Bishkek"
