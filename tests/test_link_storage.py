"""Linking's tables in the store (link/storage.py): a store whose link index was pickled Python
records, as dyadwatch kept it before link owned its tables, is relinked from its stored articles, and
links new articles with the old ones as one run would; a relink killed part way is taken up again."""
from __future__ import annotations

import logging
import pickle
import subprocess
import sys
import time
import zlib

import pytest
from sqlalchemy import text

from dyadwatch.document import CleanDocument
from dyadwatch.ingest import ingest_documents
from dyadwatch.link import storage
from dyadwatch.link.codec import decode
from dyadwatch.settings import Settings
from dyadwatch.store import open_store
from dyadwatch.store.migrations import applied

# An English and a Russian report of one visit (other words, one language each), a reprint of the
# English one with a line of page chrome, and an unrelated note. Written for these tests.
EN_VISIT = ("Bishkek, 11 February. Kyrgyz President Sadyr Japarov met Russian Prime Minister Mikhail Mishustin "
            "in Bishkek on Tuesday, the presidential press office reported.\n\nThe two discussed gas supplies, "
            "the construction of a hydropower plant on the Naryn river and customs rules for migrant workers. "
            "“Russia is and remains our main partner,” Japarov said after the talks.")
RU_VISIT = ("Бишкек, 11\u00a0февраля. Президент Кыргызстана Садыр Жапаров во\u00a0вторник встретился "
            "в\u00a0Бишкеке с\u00a0председателем правительства России Михаилом Мишустиным, сообщила пресс-служба "
            "президента.\n\nСтороны обсудили поставки газа, строительство ГЭС на\u00a0реке Нарын и\u00a0таможенные "
            "правила для трудовых мигрантов. «Россия была и\u00a0остаётся нашим главным партнёром», "
            "– заявил Жапаров по\u00a0итогам переговоров.")
NOTE = "Погода в\u00a0Оше: в\u00a0выходные ожидается мокрый снег, сообщили синоптики."


def _docs() -> list[CleanDocument]:
    return [
        CleanDocument(id="visit_ru", text=RU_VISIT, published="2025-02-11T10:00:00", source="kabar.kg"),
        CleanDocument(id="note", text=NOTE, published="2025-02-12", source="akipress.org"),
        CleanDocument(id="visit_en_copy", text=EN_VISIT + "\nShare this article", published="2025-02-12",
                      source="news.example.kg"),
        CleanDocument(id="visit_en", text=EN_VISIT, published="2025-02-11T16:30:00", source="24.kg"),
    ]


def _settings(url, batch_size: int = 2) -> Settings:
    return Settings(db=str(url), batch_size=batch_size, engine="local")


def _records(url) -> list[dict]:
    with open_store(url) as store:
        return list(store.iter_records())


def to_pickled_index(url) -> None:
    """Put the store back as dyadwatch left it before link owned its tables: no link migrations, a
    rowid ``link_keys`` and a ``link_records`` of zlib-compressed pickles (a few rows, standing in
    for the old index: relinking replaces them all)."""
    store = open_store(url)
    with store.engine.begin() as conn:
        for name in ("link_state", "link_records", "link_keys"):
            conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
        conn.execute(text("CREATE TABLE link_keys (key VARCHAR(300) NOT NULL, member VARCHAR(300) NOT NULL, "
                          "PRIMARY KEY (key, member))"))
        conn.execute(text("CREATE TABLE link_records (kind VARCHAR(64) NOT NULL, id VARCHAR(300) NOT NULL, "
                          "value BYTEA NOT NULL, PRIMARY KEY (kind, id))"
                          .replace("BYTEA", "BLOB" if store.dialect == "sqlite" else "BYTEA")))
        conn.execute(text("INSERT INTO link_keys VALUES ('day|2025-02-11', 'visit_ru')"))
        conn.execute(text("INSERT INTO link_records VALUES ('uf:story:parent', 'visit_ru', :v)"),
                     {"v": zlib.compress(pickle.dumps("visit_ru", protocol=5), 1)})
        conn.execute(text("INSERT INTO link_records VALUES ('entity:count', '*', :v)"),
                     {"v": zlib.compress(pickle.dumps(3, protocol=5), 1)})
        conn.execute(text("DELETE FROM migrations WHERE name LIKE 'link/%'"))
    store.close()


def _link_rows(url) -> tuple[int, list[tuple]]:
    with open_store(url) as store, store.engine.connect() as conn:
        keys = conn.execute(text("SELECT count(*) FROM link_keys")).scalar_one()
        records = conn.execute(text("SELECT kind, id, value FROM link_records")).all()
    return keys, records


def check_pickled_store_is_relinked(url_old, url_one_run) -> None:
    """Reports ingested in two runs, the first into a store whose index was pickled, end as the same
    reports ingested in one run. Shared with the PostgreSQL tests."""
    docs = _docs()
    ingest_documents(docs[:2], _settings(url_old))
    to_pickled_index(url_old)
    with open_store(url_old) as store:
        assert not any(n.startswith("link/") for n in applied(store.engine))
    report = ingest_documents(docs[2:], _settings(url_old))  # relinks the stored two first
    assert (report.new, report.failed, report.link_errors) == (2, 0, [])
    ingest_documents(docs, _settings(url_one_run))
    stored = {d["id"]: d for d in _records(url_old)}
    assert list(stored.values()) == _records(url_one_run)
    # the English reports link with the Russian one stored before the upgrade
    assert stored["visit_en"]["duplicate_of"] == "visit_ru" and stored["visit_en_copy"]["duplicate_of"]
    assert stored["visit_en"]["story"] == stored["visit_ru"]["story"] != stored["note"]["story"]
    keys, records = _link_rows(url_old)
    assert keys > 10 and records
    decoded = {(kind, rid): decode(value) for kind, rid, value in records}  # JSON all: no pickle is left
    assert decoded[("entity:count", "*")] == 4 and decoded[("uf:story:parent", "visit_ru")] in stored
    with open_store(url_old) as store:
        assert {"link/0001_plain_tables", storage.RELINKED} <= set(applied(store.engine))


def test_pickled_store_is_relinked_and_links_new_reports_with_the_old(tmp_path):
    check_pickled_store_is_relinked(tmp_path / "old.db", tmp_path / "one.db")
    with open_store(tmp_path / "old.db") as store, store.engine.connect() as conn:
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'link_keys'")).scalar_one()
        assert "WITHOUT ROWID" in sql


def test_new_store_needs_no_relink_and_upgrade_is_idempotent(tmp_path):
    store = open_store(tmp_path / "new.db")
    assert storage.upgrade(store) is True
    assert {"link/0001_plain_tables", storage.RELINKED} <= set(applied(store.engine))
    before = applied(store.engine)
    assert storage.upgrade(store) is True and applied(store.engine) == before
    store.close()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_relink_killed_part_way_is_taken_up_from_its_last_batch(tmp_path, monkeypatch, caplog):
    """The relink saves its position with each batch: killed after one (here: its next write fails,
    and the claim is left by a process that is gone), the next upgrade goes on from there, and the
    store ends as when relinked at once."""
    from dyadwatch.ingest import _Linking

    docs = _docs()
    ingest_documents(docs, _settings(tmp_path / "a.db"))
    to_pickled_index(tmp_path / "a.db")
    monkeypatch.setattr(storage, "RELINK_BATCH", 1)
    real_write, writes = _Linking.write, []

    def dies_on_the_third(self, also=None):
        writes.append(1)
        if len(writes) == 3:
            raise KeyboardInterrupt  # killed mid-batch: its transaction never commits
        return real_write(self, also)

    monkeypatch.setattr(_Linking, "write", dies_on_the_third)
    store = open_store(tmp_path / "a.db")
    with pytest.raises(KeyboardInterrupt):
        storage.upgrade(store)
    with store.engine.begin() as conn:  # the claim of a process that is gone
        claim = conn.execute(text("SELECT value FROM link_state WHERE name = 'relink:claim'")).scalar_one()
        conn.execute(text("UPDATE link_state SET value = :v WHERE name = 'relink:claim'"),
                     {"v": claim.replace(f'"pid": {__import__("os").getpid()}', f'"pid": {_dead_pid()}')})
        after = conn.execute(text("SELECT value FROM link_state WHERE name = 'relink:after'")).scalar_one()
    assert after and storage.RELINKED not in applied(store.engine)
    monkeypatch.setattr(_Linking, "write", real_write)
    seen = []
    with caplog.at_level(logging.INFO, logger="dyadwatch.link"):
        assert storage.upgrade(store, progress=lambda done, total: seen.append((done, total))) is True
    assert seen == [(3, 4), (4, 4)]  # two done before the kill; one at a time after
    assert "relinking 4 stored articles into link's tables (once, after an upgrade; 2 done before)" in [
        r.getMessage() for r in caplog.records]
    store.close()
    ingest_documents(docs, _settings(tmp_path / "b.db"))  # relinked at once, for comparison
    to_pickled_index(tmp_path / "b.db")
    with open_store(tmp_path / "b.db") as other:
        storage.upgrade(other)
    assert _records(tmp_path / "a.db") == _records(tmp_path / "b.db")
    with open_store(tmp_path / "a.db") as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM link_state")).scalar_one() == 0


def test_relink_claimed_by_a_live_process_is_left_to_it(tmp_path, monkeypatch):
    import json
    import os
    import socket

    ingest_documents(_docs()[:2], _settings(tmp_path / "c.db"))
    to_pickled_index(tmp_path / "c.db")
    store = open_store(tmp_path / "c.db")
    storage.ensure_tables(store)
    live = json.dumps({"host": socket.gethostname(), "pid": os.getppid(), "at": time.time()})
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO link_state VALUES ('relink:claim', :v)"), {"v": live})
    assert storage.upgrade(store, wait=False) is False
    assert storage.RELINKED not in applied(store.engine)
    with store.engine.begin() as conn:  # from another host, renewed a moment ago: alive as far as we know
        conn.execute(text("UPDATE link_state SET value = :v"),
                     {"v": json.dumps({"host": "elsewhere.invalid", "pid": 1, "at": time.time()})})
    assert storage.upgrade(store, wait=False) is False
    with store.engine.begin() as conn:  # ... and silent for longer than STALE_CLAIM_S: taken up
        conn.execute(text("UPDATE link_state SET value = :v"),
                     {"v": json.dumps({"host": "elsewhere.invalid", "pid": 1,
                                       "at": time.time() - storage.STALE_CLAIM_S - 1})})
    assert storage.upgrade(store, wait=False) is True
    assert {d["id"]: d["story"] is not None for d in store.iter_records()} == {"visit_ru": True, "note": True}
    store.close()


def test_relink_logs_how_far_it_is(tmp_path, monkeypatch, caplog):
    ingest_documents(_docs(), _settings(tmp_path / "p.db"))
    to_pickled_index(tmp_path / "p.db")
    monkeypatch.setattr(storage, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(storage, "RELINK_BATCH", 2)
    with caplog.at_level(logging.INFO, logger="dyadwatch.link"), open_store(tmp_path / "p.db") as store:
        storage.upgrade(store)
    messages = [r.getMessage() for r in caplog.records]
    assert messages[1:3] == ["relinking: 2 of 4 stored articles done", "relinking: 4 of 4 stored articles done"]
    assert messages[-1].startswith("relinked 4 stored articles in ")


def test_cli_export_relinks_a_pickled_store_first(tmp_path):
    from typer.testing import CliRunner

    from dyadwatch.cli import app

    docs = _docs()
    ingest_documents(docs[:2], _settings(tmp_path / "e.db"))
    ingest_documents(docs[2:], _settings(tmp_path / "e.db"), link=False)  # stored, not linked
    to_pickled_index(tmp_path / "e.db")
    result = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "e.db"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "relinked 4 stored articles" in result.output
    with open_store(tmp_path / "e.db") as store:
        assert store.article("visit_en").duplicate_of == "visit_ru"


def test_without_the_link_extra_the_relink_waits_for_a_run_that_can_link(tmp_path, request, monkeypatch):
    ingest_documents(_docs()[:2], _settings(tmp_path / "x.db"))
    to_pickled_index(tmp_path / "x.db")
    request.getfixturevalue("no_datasketch")  # from here on, as without the link extra
    with open_store(tmp_path / "x.db") as store:
        assert storage.upgrade(store) is False and storage.RELINKED not in applied(store.engine)
    assert _link_rows(tmp_path / "x.db") == (0, [])  # the pickled index is gone, nothing linked yet
    monkeypatch.undo()  # the link extra is back
    with open_store(tmp_path / "x.db") as store:
        assert storage.upgrade(store) is True
    keys, records = _link_rows(tmp_path / "x.db")
    assert keys and {kind for kind, _, _ in records} >= {"article", "features", "minhash"}
