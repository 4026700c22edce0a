"""read_paths: folders, globs, hidden files, symlink loops, and a folder of bad files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from dyadwatch.document import RawDocument
from dyadwatch.read import ReadFailure, read_paths

RU_BODY = (" date 2025-10-23 11:05\n"
           "Кулубаев и\u00a0Лавров обсудили миграцию\n\n"
           "Министры иностранных дел Кыргызстана и\u00a0России встретились вчера в\u00a0Москве.\n\n"
           "«Мы ценим поддержку российской стороны», – отметил Жээнбек Кулубаев.\n")
EN_BODY = ("Talks in Bishkek\n\nSadyr Japarov received Mikhail Mishustin in Bishkek on Monday.\n"
           "link: https://24.kg/english/1001/\nviews: 12\n")


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    root.mkdir()
    (root / "01_good_en.txt").write_text(EN_BODY, encoding="utf-8")
    (root / "02_twin_utf8.txt").write_bytes(RU_BODY.encode("utf-8"))
    (root / "03_twin_cp1251.txt").write_bytes(RU_BODY.encode("cp1251"))
    (root / "04_junk.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 400)
    (root / "05_empty.txt").write_bytes(b"")
    (root / "06_truncated.html").write_text("<html><head><title>Cut</title></head><body><div", encoding="utf-8")
    (root / "README.md").write_text("# not an article\n", encoding="utf-8")
    (root / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    (root / ".hidden.txt").write_text(EN_BODY, encoding="utf-8")
    return root


def test_read_paths_bad_folder_good_files_read_bad_ones_fail(bad_folder: Path) -> None:
    items = list(read_paths([bad_folder]))
    by_name = {Path(x.path).name: x for x in items}
    assert sorted(by_name) == ["01_good_en.txt", "02_twin_utf8.txt", "03_twin_cp1251.txt", "04_junk.txt",
                               "05_empty.txt", "06_truncated.html"]  # README.md and the hidden file skipped
    assert [Path(x.path).name for x in items] == sorted(by_name)  # sorted, stable order
    for good in ("01_good_en.txt", "02_twin_utf8.txt", "03_twin_cp1251.txt"):
        assert isinstance(by_name[good], RawDocument)
    assert by_name["03_twin_cp1251.txt"].content == by_name["02_twin_utf8.txt"].content
    assert by_name["03_twin_cp1251.txt"].encoding == "cp1251"
    reasons = {name: by_name[name].reason for name in ("04_junk.txt", "05_empty.txt", "06_truncated.html")}
    assert all(isinstance(by_name[n], ReadFailure) for n in reasons)
    assert reasons["04_junk.txt"] == "binary content"
    assert reasons["05_empty.txt"] == "empty"
    assert "no readable text" in reasons["06_truncated.html"]


def test_read_paths_explicit_file_is_read_whatever_its_extension(bad_folder: Path) -> None:
    [doc] = list(read_paths([bad_folder / "README.md"]))
    assert isinstance(doc, RawDocument) and doc.id == "README"


def test_read_paths_glob_and_missing(bad_folder: Path) -> None:
    items = list(read_paths([str(bad_folder / "0[12]_*.txt"), str(bad_folder / "nothing-*.txt"),
                             str(bad_folder / "absent.txt")]))
    assert [x.id for x in items[:2]] == ["01_good_en", "02_twin_utf8"]
    assert [x.reason for x in items[2:]] == ["no files match this pattern", "no such file or folder"]


def test_read_paths_each_file_once(bad_folder: Path) -> None:
    items = list(read_paths([bad_folder / "01_good_en.txt", bad_folder, str(bad_folder / "*.txt")]))
    names = [Path(x.path).name for x in items]
    assert len(names) == len(set(names))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_read_paths_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    (root / "2025" / "10").mkdir(parents=True)
    (root / "2025" / "10" / "a.txt").write_text(EN_BODY, encoding="utf-8")
    os.symlink(root, root / "2025" / "10" / "loop")  # points back up the tree
    os.symlink(root / "2025", root / "again")
    items = list(read_paths([root]))
    assert [x.id for x in items] == ["a"]


def test_read_paths_recurses_in_sorted_order(tmp_path: Path) -> None:
    for rel in ("b/2.txt", "a/z.txt", "a/sub/1.txt", "c.txt"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(EN_BODY, encoding="utf-8")
    assert [x.id for x in read_paths(tmp_path)] == ["1", "z", "2", "c"]  # a/sub/1, a/z, b/2, c


def test_read_paths_never_raises_on_arbitrary_bytes(tmp_path: Path) -> None:
    from hypothesis import given, settings as hsettings, strategies as st

    names = st.sampled_from(["x.txt", "x.html", "x.jsonl", "x.csv", "x.xml", "x.warc", "x.json"])
    prefixes = st.sampled_from([b"", b"<html><body><p>", b'{"text": "', b"id,text\n", b"<rss version='2.0'>",
                                b"WARC/1.0\r\n", b"\xef\xbb\xbf", b"\xff\xfe"])

    @hsettings(max_examples=60, deadline=None)
    @given(names, prefixes, st.binary(max_size=300))
    def check(name: str, prefix: bytes, body: bytes) -> None:
        path = tmp_path / name
        path.write_bytes(prefix + body)
        for item in read_paths([path]):
            assert isinstance(item, (RawDocument, ReadFailure))
            if isinstance(item, ReadFailure):
                assert item.reason

    check()
