"""The bundled sample corpus: every reader is shown, everything reads and cleans."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from dyadwatch.clean import clean_document
from dyadwatch.read import ReadFailure, read_paths


def test_read_samples_all_articles_read_and_clean(samples_dir: Path) -> None:
    items = list(read_paths([samples_dir]))
    failures = [x for x in items if isinstance(x, ReadFailure)]
    assert not failures, failures
    assert 12 <= len(items) <= 16
    assert Counter(x.format for x in items) == {"text": 10, "html": 1, "jsonl": 3, "feed": 2}
    cleaned = {x.id: clean_document(x) for x in items}
    assert len({c.content_hash for c in cleaned.values()}) == len(cleaned)
    for c in cleaned.values():
        assert "\u00a0" not in c.text and c.text.strip()
        assert not c.text.startswith(("date ", "link:")), c.id
    assert cleaned["ru_migration_undated"].published is None
    assert cleaned["ru_migration_undated"].title is None
    assert cleaned["2025-05-20_bigasia_en_energy_grant"].source == "bigasia.ru"


def test_read_samples_cp1251_file_is_decoded(samples_dir: Path) -> None:
    path = samples_dir / "2025-10-08_cp1251_ru_parliament.txt"
    raw = path.read_bytes()
    assert "Володин".encode("cp1251") in raw  # really stored in cp1251
    [doc] = list(read_paths([path]))
    assert doc.encoding == "cp1251"
    clean = clean_document(doc)
    assert "Вячеславом Володиным" in clean.text
    assert clean.published == "2025-10-08" and clean.views == 57


def test_read_samples_are_small(samples_dir: Path) -> None:
    assert sum(p.stat().st_size for p in samples_dir.iterdir() if p.is_file()) < 100_000
