"""The shared seeds, read and cleaned, against dev-gold (skipped where ../shared is absent)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyadwatch.api import Analyzer, extract
from dyadwatch.read import ReadFailure
from dyadwatch.records import Article
from dyadwatch.settings import Settings

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    from conftest import shared_path

    seeds = shared_path("seeds")
    analyzer = Analyzer(Settings(stages=("language",)))
    out = {}
    for item in extract(sorted(seeds.glob("*.txt")), analyzer=analyzer):
        assert not isinstance(item, ReadFailure), item
        out[item.id] = item
    return out


def _gold(dev_gold_dir: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(dev_gold_dir.glob("*.json"))}


def test_extract_seeds_metadata_matches_dev_gold(articles: dict[str, Article], dev_gold_dir: Path) -> None:
    gold = _gold(dev_gold_dir)
    assert set(articles) == set(gold)
    for gid, g in gold.items():
        art = articles[gid]
        assert art.language == g["language"], gid
        assert (art.published or "")[:10] == (g["published"] or ""), gid
        if g["published"] is None:
            assert art.published is None, gid  # no date in the file: never a guess
        assert art.title == g["title"], gid
        if g.get("source_url"):
            assert art.url == g["source_url"], gid


def test_extract_seeds_boilerplate_gone_evidence_kept(articles: dict[str, Article], dev_gold_dir: Path) -> None:
    for gid, g in _gold(dev_gold_dir).items():
        text = articles[gid].text
        for chrome in g["boilerplate"]:
            assert chrome not in text, (gid, chrome)
        for item in g["events"] + g["commitments"]:
            assert item["evidence"] in text, (gid, item["evidence"])
        for quote in g["quotes"]:
            assert quote["text_start"] in text, (gid, quote["text_start"])
        assert "\u00a0" not in text and "date " not in text[:10]
