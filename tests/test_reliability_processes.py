"""Issue #27 across processes: a killed process-engine ingest leaves no worker behind and loses
or duplicates nothing; processes opening a new store at once all succeed.

1. ``dyadwatch ingest --engine process`` is stopped 20 times (SIGKILL mostly, SIGTERM and a
   Ctrl-C to its whole process group too), each time while its workers run: a few seconds later
   no process of its group is left, and after a final run every article is stored exactly once.
2. Two processes open the same new SQLite store at the same moment, 20 times: both succeed and
   every migration is recorded once (and the same on PostgreSQL when a server is available).

Processes are found through /proc (Linux); each run is its own session, so its process group
holds the CLI, its workers and the resource tracker.
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

import dyadwatch
from dyadwatch.store.migrations import MIGRATIONS
from pg_fixture import pg_server, pg_url  # noqa: F401  (fixtures)
from test_crash_safety import DYADWATCH, distinct_inputs, make_corpus

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")

KILLS = 20
GONE_WITHIN_S = 20.0  # PR_SET_PDEATHSIG is immediate, the watchdog looks every second: margin for a loaded CI
STARTED_WITHIN_S = 120.0


def subprocess_env() -> dict[str, str]:
    """The environment with this dyadwatch's source first on the path, as an absolute folder: the
    children run in other folders, where a relative PYTHONPATH would find an installed copy instead."""
    source = str(Path(dyadwatch.__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": source + (os.pathsep + path if path else "")}


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": state ppid pgrp ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(entry))
    return out


def wait_until(predicate, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.mark.slow
def test_process_engine_stopped_twenty_times_leaves_no_orphans_and_loses_nothing(tmp_path, samples_dir):
    corpus = make_corpus(tmp_path, samples_dir, variants=40)
    expected = distinct_inputs(corpus)
    env = subprocess_env()

    def cmd(db: Path) -> list[str]:
        return DYADWATCH + ["ingest", str(corpus), "--db", str(db), "--quiet", "--engine", "process", "--workers", "2"]

    rng = random.Random(2027)
    stops = [signal.SIGKILL, signal.SIGKILL, signal.SIGTERM, signal.SIGKILL, signal.SIGINT]
    # A store the runs completed between stops is checked like the others and a fresh one goes on: on a fast
    # machine a run may store the whole corpus before its stop, and a rerun then starts no worker at all.
    stores: dict[Path, list[int]] = {tmp_path / "kill-0.db": []}  # store -> articles stored at each stop
    killed, with_workers, orphans = 0, 0, []
    for attempt in range(3 * KILLS):
        if killed == KILLS:
            break
        db, how = list(stores)[-1], stops[attempt % len(stops)]
        proc = subprocess.Popen(cmd(db), cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            # stop it once its workers run (the CLI, two workers, the resource tracker), mostly at once,
            # sometimes after some batches were committed
            wait_until(lambda: len(group_members(proc.pid)) >= 3 or proc.poll() is not None, STARTED_WITHIN_S)
            time.sleep(rng.uniform(0, 0.5) if attempt % 4 else rng.uniform(0.5, 2.0))
            if proc.poll() is None:
                with_workers += len(group_members(proc.pid)) >= 3
                if how == signal.SIGINT:
                    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole group
                else:
                    proc.send_signal(how)
                killed += 1
                proc.wait(timeout=60)
            elif proc.wait(timeout=60) == 0:
                stores[tmp_path / f"kill-{len(stores)}.db"] = []
            if not wait_until(lambda: not group_members(proc.pid), GONE_WITHIN_S):
                orphans.append((how.name, group_members(proc.pid)))
        finally:
            kill_group(proc.pid)  # never leave them behind, whatever the test finds
        if db.exists():
            with sqlite3.connect(db) as conn:
                stores[db].append(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    assert not orphans, orphans
    assert killed == KILLS and with_workers >= KILLS // 2  # the stops really hit running workers
    for db, stored_at_stop in stores.items():
        final = subprocess.run(cmd(db), cwd=tmp_path, env=env, capture_output=True, text=True,
                               start_new_session=True)
        assert final.returncode == 0, final.stderr[-2000:]
        assert stored_at_stop == sorted(stored_at_stop)
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            n, keys, ids = conn.execute("SELECT count(*), count(DISTINCT key), count(DISTINCT id) "
                                        "FROM articles").fetchone()
            assert n == keys == ids == expected  # nothing lost, nothing twice
            assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    print(f"{killed} stops ({with_workers} with workers running) over {len(stores)} store(s)")


# ----------------------------------------------------------------------------- migrations
RACER = """
import sys, time
from pathlib import Path
from dyadwatch.store import open_store
folder, me, rounds, target = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
for i in range(rounds):
    (folder / f"ready-{i}-{me}").touch()
    while len(list(folder.glob(f"ready-{i}-*"))) < 2:  # both at the start line, then both open at once
        time.sleep(0.001)
    try:
        open_store(target.format(i=i)).close()
        print(i, "ok", flush=True)
    except Exception as exc:
        print(i, "error", type(exc).__name__, str(exc).splitlines()[0], flush=True)
"""


def race(folder: Path, rounds: int, target: str) -> list[str]:
    """Two processes open ``target.format(i=round)`` at the same moment, ``rounds`` times; their lines."""
    folder.mkdir(exist_ok=True)
    procs = [subprocess.Popen([sys.executable, "-c", RACER, str(folder), me, str(rounds), target],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=subprocess_env())
             for me in ("a", "b")]
    lines = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        lines += out.splitlines()
    return lines


@pytest.mark.slow
def test_two_processes_opening_a_new_store_both_succeed_twenty_times(tmp_path):
    lines = race(tmp_path / "sync", 20, str(tmp_path / "store-{i}.db"))
    errors = [line for line in lines if "error" in line]
    assert not errors and len(lines) == 40, errors[:5]
    for i in range(20):
        with sqlite3.connect(tmp_path / f"store-{i}.db") as conn:
            counts = dict(conn.execute("SELECT name, count(*) FROM migrations GROUP BY name").fetchall())
        assert counts == {name: 1 for name, _ in MIGRATIONS}


@pytest.mark.slow
@pytest.mark.postgres
def test_two_processes_migrating_one_postgres_database_both_succeed(pg_server, tmp_path):  # noqa: F811
    import psycopg

    names = [f"dyadwatch_race_{os.getpid()}_{i}" for i in range(5)]
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        lines = race(tmp_path / "sync", len(names), f"{pg_server}/dyadwatch_race_{os.getpid()}_{{i}}")
        errors = [line for line in lines if "error" in line]
        assert not errors and len(lines) == 2 * len(names), errors[:5]
        for name in names:
            with psycopg.connect(f"{pg_server}/{name}") as conn:
                counts = dict(conn.execute("SELECT name, count(*) FROM migrations GROUP BY name").fetchall())
            assert counts == {n: 1 for n, _ in MIGRATIONS}
    finally:
        with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
