"""CSV/TSV dumps: delimiter sniffing, quoted multi-line bodies, bad rows."""
from __future__ import annotations

from pathlib import Path

from dyadwatch.document import RawDocument
from dyadwatch.read import ReadFailure, read_file


def test_read_csv_semicolon_multiline_and_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "id;title;published;text\n"
        'kg-1;Переговоры в Москве;22.10.2025;"Министры обсудили миграцию.\n\nСтороны договорились продолжить консультации."\n'
        "kg-2;Только заголовок\n"
        ';Без идентификатора;23.10.2025;"Россия поставит в Кыргызстан 500 тысяч тонн зерна; поставки начнутся в ноябре."\n',
        encoding="utf-8")
    items = list(read_file(path))
    assert [type(x).__name__ for x in items] == ["RawDocument", "ReadFailure", "RawDocument"]
    first, bad, third = items
    assert first.id == "kg-1" and "\n\nСтороны" in first.content
    assert first.meta["published"] == "22.10.2025"
    assert "line 5" in bad.reason and bad.id == "export:5"
    assert third.id == "export:6" and "500 тысяч тонн зерна; поставки" in third.content


def test_read_tsv_with_cp1251(tmp_path: Path) -> None:
    path = tmp_path / "archive.tsv"
    content = "id\ttext\nold-1\tКиргизия и Россия подписали соглашение о сотрудничестве в энергетике.\n"
    path.write_bytes(content.encode("cp1251"))
    [doc] = list(read_file(path))
    assert isinstance(doc, RawDocument)
    assert doc.content == "Киргизия и Россия подписали соглашение о сотрудничестве в энергетике."


def test_read_csv_headerless_file_is_failure(tmp_path: Path) -> None:
    path = tmp_path / "nothing.csv"
    path.write_text("\n", encoding="utf-8")
    [failure] = list(read_file(path))
    assert isinstance(failure, ReadFailure)
