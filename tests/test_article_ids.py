"""Article ids never collide (issue #25 item 4): a stem shared by two input files is qualified by their
folders, and an id a stored article with other content holds is never taken over by a later run."""
from __future__ import annotations

from pathlib import Path

from dyadwatch.ingest import ingest
from dyadwatch.read import RawDocument, qualified_stems, read_paths
from dyadwatch.settings import Settings
from dyadwatch.store import open_store
from engine_stages import trap_stages


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _tree(root: Path) -> None:
    _write(root / "kabar" / "001.txt", "Садыр Жапаров и Владимир Путин провели переговоры в Москве.")
    _write(root / "akipress" / "001.txt", "Sadyr Japarov and Vladimir Putin held talks in Moscow on energy.")
    _write(root / "akipress" / "002.txt", "Kyrgyzstan and Russia discussed labour migration in Bishkek.")


def test_two_files_with_one_stem_in_two_folders_are_two_articles_with_two_ids(tmp_path):
    _tree(tmp_path)
    docs = [d for d in read_paths([tmp_path]) if isinstance(d, RawDocument)]
    ids = {Path(d.path).parent.name + "/" + Path(d.path).name: d.id for d in docs}
    # the unique stem is kept as the contract says; the shared one is qualified, for both files
    assert ids == {"kabar/001.txt": "kabar/001", "akipress/001.txt": "akipress/001", "akipress/002.txt": "002"}


def test_the_qualifier_is_as_deep_as_it_must_be(tmp_path):
    a = _write(tmp_path / "2023" / "news" / "001.txt", "a")
    b = _write(tmp_path / "2024" / "news" / "001.txt", "b")
    c = _write(tmp_path / "2024" / "other" / "001.html", "c")
    assert qualified_stems([a, b, c]) == {str(a): "2023/news/001", str(b): "2024/news/001",
                                          str(c): "2024/other/001"}


def test_ingest_keeps_both_articles_and_a_later_run_takes_over_no_id(tmp_path):
    _tree(tmp_path / "in")
    settings = Settings(stages=trap_stages(), db=str(tmp_path / "ids.db"), batch_size=2, engine="local")
    assert ingest([tmp_path / "in"], settings).new == 3
    # a later run brings another 002.txt: its stem is unique in that run, and "002" is held by other content
    later = _write(tmp_path / "later" / "002.txt", "Другая статья: Жапаров посетил Ош и Джалал-Абад.")
    assert ingest([later], settings).new == 1
    assert ingest([later], settings).new == 0  # the same file again is known, not a third article
    with open_store(settings.db) as store:
        ids = sorted(a.id for a in store.articles().items)
        assert len(ids) == 4 and len(set(ids)) == 4
        assert {"akipress/001", "kabar/001", "002"} < set(ids)
        (renamed,) = [i for i in ids if i.startswith("002~")]
        assert store.article("002").text.startswith("Kyrgyzstan and Russia")  # the first keeps its id and text
        assert store.article(renamed).text.startswith("Другая статья")


def test_link_all_keeps_two_records_with_one_id_apart():
    from test_link_fixtures import article

    from dyadwatch.link import link_all

    a = article("7", "Kyrgyzstan and Russia discussed energy in Bishkek.", "en")
    b = article("7", "Кыргызстан и Россия обсудили миграцию в Москве.", "ru")
    ids = [x.id for x in link_all([a, b, a]).articles]
    assert ids[0] == "7" and ids[1].startswith("7~") and len(ids) == 2
