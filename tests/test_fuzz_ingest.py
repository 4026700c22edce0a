"""Property-based test of ingest over folders of arbitrary files: every input is accounted for.

Each generated folder mixes good articles (English and Russian, in several encodings and
formats) with arbitrary bytes under reader extensions. Ingest (language stage only) must
store each distinct good article once, record every other input in the failures table with
its reason, and a second run over the same folder must change nothing.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from dyadwatch.ingest import ingest
from dyadwatch.settings import Settings
from dyadwatch.store import open_store

ARTICLES = [
    "Sadyr Japarov met Vladimir Putin in Moscow on Tuesday; the sides discussed migration.",
    "Садыр Жапаров и\u00a0Владимир Путин провели переговоры в\u00a0Москве. «Мы друзья», – отметил Путин.",
    "Kyrgyzstan and Russia signed a roadmap on energy, the ministry said on Friday.",
    "Министры обсудили поставки топлива и\u00a0строительство трёх школ в\u00a0Оше.",
]


@st.composite
def folders(draw):
    files = {}
    for n in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["good_txt", "good_cp1251", "good_jsonl", "junk"]))
        text = draw(st.sampled_from(ARTICLES))
        if kind == "good_txt":
            files[f"a{n}.txt"] = text.encode("utf-8")
        elif kind == "good_cp1251":
            files[f"a{n}.txt"] = text.encode("cp1251", errors="replace")
        elif kind == "good_jsonl":
            files[f"d{n}.jsonl"] = (json.dumps({"id": f"rec{n}", "text": text}, ensure_ascii=False) + "\n"
                                    + draw(st.sampled_from(["", "{broken\n", '{"id": "x"}\n']))).encode("utf-8")
        else:
            ext = draw(st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".xml", ".warc", ".json"]))
            files[f"j{n}{ext}"] = draw(st.binary(max_size=200))
    return files


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folders())
def test_fuzz_ingest_accounts_for_every_input_and_is_idempotent(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        settings = Settings(db=str(Path(tmp) / "f.db"), stages=("language",), engine="local", batch_size=2)
        first = ingest([folder], settings)
        # "updated": a copy of an article under another id, met in the same run, re-wrote its record
        assert first.read == first.new + first.known + first.updated + first.failed
        with open_store(settings.db) as store:
            assert store.count() == first.new
            recorded = {(f.path, f.record_id or "") for f in store.failures()}
            assert all(f.reason for f in store.failures())
        assert len(recorded) == first.failed
        assert {(f.path, f.id or "") for f in first.failures} <= recorded | {(f.path, "") for f in first.failures}
        second = ingest([folder], settings)
        assert (second.read, second.new, second.updated, second.failed) == (first.read, 0, 0, first.failed)
        with open_store(settings.db) as store:
            assert store.count() == first.new
            assert all(f.attempts == 2 for f in store.failures())
