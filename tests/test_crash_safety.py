"""Crash safety and concurrency of the SQLite store, through the real CLI in subprocesses.

1. ``dyadwatch ingest`` is killed with SIGKILL at seeded random moments (20 kills), rerun
   after each kill, then run to the end: every distinct article is stored exactly once, the
   failures table holds no casualties of the kills, and ``PRAGMA integrity_check`` is ok.
2. The dashboard answers reads while an ingest writes (WAL): no errors, no "database is locked".

The corpus is the bundled samples plus generated variants (other numbers, names, places in
English and Russian), analysed with the language stage only so that runs are short.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dyadwatch.clean import clean_document
from dyadwatch.read import ReadFailure, read_paths
from dyadwatch.settings import Settings

# the console script beside this interpreter (any venv), else the CLI entry point run directly
_SCRIPT = Path(sys.executable).with_name("dyadwatch")
DYADWATCH = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from dyadwatch.cli import main; main()"]

EN_TEMPLATE = (" date 2025-{m:02d}-{d:02d} 1{h}:05\n"
               "{who} meets Russian counterpart in {city}\n"
               "{who} and Sergey Lavrov held talks in {city} on Tuesday, the ministry said. The sides discussed "
               "labour migration and {n}\u00a0new places for Kyrgyz students.\n"
               "“We agreed to meet again in {m2} months,” said {who}.\n"
               "link: https://example.kg/news/{n}\nviews: {v}\n")
RU_TEMPLATE = ("{d:02d}.{m:02d}.2025 {v} просмотров\n"
               "{who_ru} и\u00a0Сергей Лавров провели переговоры в\u00a0{city_ru}. Стороны обсудили поставки "
               "{n}\u00a0тонн топлива.\n"
               "«Мы договорились встретиться через {m2} месяца», – отметил {who_ru}.\n"
               "Новости партнёров\n")
PEOPLE = [("Jeenbek Kulubaev", "Жээнбек Кулубаев"), ("Adylbek Kasymaliev", "Адылбек Касымалиев"),
          ("Talant Mamytov", "Талант Мамытов"), ("Akylbek Japarov", "Акылбек Жапаров")]
CITIES = [("Moscow", "Москве"), ("Bishkek", "Бишкеке"), ("Osh", "Оше"), ("Kazan", "Казани")]


def make_corpus(root: Path, samples_dir: Path, variants: int) -> Path:
    """samples/ copied, plus ``variants`` generated articles (half English, half Russian, some in a JSONL dump)."""
    corpus = root / "corpus"
    (corpus / "samples").mkdir(parents=True)
    for f in samples_dir.iterdir():
        if f.is_file() and f.suffix != ".md":
            (corpus / "samples" / f.name).write_bytes(f.read_bytes())
    rng = random.Random(8)
    dump_lines = []
    for i in range(variants):
        (who, who_ru), (city, city_ru) = rng.choice(PEOPLE), rng.choice(CITIES)
        values = dict(who=who, who_ru=who_ru, city=city, city_ru=city_ru, n=100 + i, v=rng.randint(50, 9000),
                      m=1 + i % 12, d=1 + i % 28, h=i % 10, m2=2 + i % 5)
        text = (EN_TEMPLATE if i % 2 else RU_TEMPLATE).format(**values)
        if i % 5 == 4:
            import json

            dump_lines.append(json.dumps({"id": f"dump-{i}", "text": text}, ensure_ascii=False))
        else:
            (corpus / f"gen_{i:03d}.txt").write_text(text, encoding="utf-8")
    (corpus / "dump.jsonl").write_text("\n".join(dump_lines) + "\n", encoding="utf-8")
    (root / "dyadwatch.toml").write_text('[dyadwatch]\nstages = ["language"]\nengine = "local"\nbatch_size = 3\n',
                                         encoding="utf-8")
    return corpus


def distinct_inputs(corpus: Path) -> int:
    keys = set()
    for item in read_paths([corpus], Settings()):
        assert not isinstance(item, ReadFailure), item
        keys.add(clean_document(item, Settings()).content_hash)
    return len(keys)


def ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return DYADWATCH + ["ingest", str(corpus), "--db", str(db), "--quiet"]


@pytest.mark.slow
def test_crash_safety_sigkill_twenty_times_loses_and_duplicates_nothing(tmp_path, samples_dir):
    corpus = make_corpus(tmp_path, samples_dir, variants=40)
    expected = distinct_inputs(corpus)
    db = tmp_path / "crash.db"
    rng = random.Random(20251122)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    t0 = time.monotonic()
    full = subprocess.run(ingest_cmd(corpus, tmp_path / "probe.db"), cwd=tmp_path, env=env, capture_output=True)
    assert full.returncode == 0, full.stderr[-2000:]
    run_seconds = time.monotonic() - t0
    killed, stored_at_kill = 0, []
    # up to 40 attempts for 20 kills: a loaded machine can let a short resumed run finish before its kill
    for _ in range(40):
        if killed == 20:
            break
        proc = subprocess.Popen(ingest_cmd(corpus, db), cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, run_seconds))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        if db.exists():
            with sqlite3.connect(db) as conn:
                stored_at_kill.append(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    final = subprocess.run(ingest_cmd(corpus, db), cwd=tmp_path, env=env, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr[-2000:]
    assert killed >= 10  # most runs really were killed mid-way
    assert stored_at_kill == sorted(stored_at_kill)  # progress is kept across kills, never rolled back
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n, keys, ids = conn.execute("SELECT count(*), count(DISTINCT key), count(DISTINCT id) FROM articles").fetchone()
        assert n == keys == ids == expected
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
        orphans = conn.execute("SELECT count(*) FROM mentions WHERE article_key NOT IN (SELECT key FROM articles)")
        assert orphans.fetchone()[0] == 0
        fts = conn.execute("SELECT count(*) FROM article_search").fetchone()[0]
        assert fts == n  # the search index was written in the same transactions
    rerun = subprocess.run(ingest_cmd(corpus, db), cwd=tmp_path, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == expected


@pytest.mark.slow
def test_crash_safety_dashboard_reads_while_ingest_writes(tmp_path, samples_dir):
    from fastapi.testclient import TestClient

    from dyadwatch.store import open_store
    from dyadwatch.web.app import create_app

    corpus = make_corpus(tmp_path, samples_dir, variants=60)
    db = tmp_path / "live.db"
    open_store(db).close()  # schema in place before the two processes meet
    client = TestClient(create_app(Settings(db=str(db))), raise_server_exceptions=False)
    proc = subprocess.Popen(ingest_cmd(corpus, db), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    paths = ["/api/articles?limit=5", "/api/search?q=Lavrov", "/api/overview", "/api/events", "/articles",
             "/search?q=переговоры", "/"]
    seen_totals, errors, requests = [], [], 0
    try:
        while proc.poll() is None or requests < len(paths):
            path = paths[requests % len(paths)]
            res = client.get(path)
            requests += 1
            if res.status_code != 200 or "locked" in res.text:
                errors.append((path, res.status_code, res.text[:200]))
            elif path.startswith("/api/articles"):
                seen_totals.append(res.json()["total"])
    finally:
        _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr[-2000:]
    assert not errors, errors[:3]
    assert "locked" not in stderr
    assert requests > 20
    assert seen_totals == sorted(seen_totals)  # readers saw the corpus grow, batch by batch
    final = distinct_inputs(corpus)
    print(f"{requests} requests during ingest; article totals seen: {sorted(set(seen_totals))}")
    assert any(0 < t < final for t in seen_totals)  # the reads really overlapped the writes
    assert client.get("/api/articles?limit=1").json()["total"] == final
