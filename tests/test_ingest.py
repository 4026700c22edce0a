from __future__ import annotations

import pytest

from dyadwatch.document import CleanDocument
from dyadwatch.ingest import ingest_documents
from dyadwatch.read import ReadFailure
from dyadwatch.settings import Settings
from dyadwatch.store import Store, open_store
from engine_stages import POISON, trap_stages


def _corpus() -> list:
    """Nine distinct articles, one copy with other whitespace, one poisoned, one unreadable."""
    texts = [f"Новость №\u00a0{i}: Кыргызстан и\u00a0Россия обсудили сотрудничество в\u00a0сфере {topic}."
             for i, topic in enumerate(["энергетики", "миграции", "образования", "торговли", "безопасности"])]
    texts += [f"News {i}: Kyrgyzstan and Russia discussed {t}." for i, t in
              enumerate(["energy", "migration", "schools", "trade"])]
    docs: list = [CleanDocument(id=f"n{i}", text=t, path=f"/in/n{i}.txt", published="2024-12-03")
                  for i, t in enumerate(texts)]
    docs.append(CleanDocument(id="n0_copy", text=texts[0].replace(" ", "  "), path="/in/copy/n0.txt"))
    docs.append(CleanDocument(id="poison", text=f"Сообщение {POISON}", path="/in/poison.txt"))
    docs.append(ReadFailure("/in/binary.txt", "binary content (NUL bytes)", None))
    return docs


@pytest.fixture
def settings(tmp_path):
    return Settings(stages=trap_stages(), db=str(tmp_path / "i.db"), batch_size=3, engine="local")


def test_ingest_stores_good_documents_and_records_failures(settings):
    report = ingest_documents(_corpus(), settings)
    assert (report.read, report.new, report.known, report.failed) == (12, 9, 1, 2)
    assert {(f.path, f.stage) for f in report.failures} == {("/in/poison.txt", "tone"), ("/in/binary.txt", "read")}
    with open_store(settings.db) as store:
        assert store.count() == 9
        assert {f.path: f.reason for f in store.failures()}["/in/binary.txt"] == "binary content (NUL bytes)"
        assert store.article("n1").language == "ru"
    assert report.exit_code(settings.failure_threshold) == 0
    assert report.exit_code(0.1) == 1


def test_ingest_twice_changes_nothing(settings):
    ingest_documents(_corpus(), settings)
    with open_store(settings.db) as store:
        before = store.stats()
    again = ingest_documents(_corpus(), settings)
    assert (again.new, again.known, again.updated) == (0, 10, 0)
    with open_store(settings.db) as store:
        after = store.stats()
        assert [f.attempts for f in store.failures()] == [2, 2]
    assert after == before | {"failures": 2}


class _CrashingStore(Store):
    """Dies (like a killed process) when asked to write its second batch."""

    writes = 0

    def write(self, items):
        type(self).writes += 1
        if type(self).writes == 2:
            raise KeyboardInterrupt("killed mid-run")
        return super().write(items)


def test_ingest_resumes_after_a_crash_without_duplicates(settings):
    crashing = _CrashingStore(settings.db)
    with pytest.raises(KeyboardInterrupt):
        ingest_documents(_corpus(), settings, store=crashing)
    crashing.close()
    with open_store(settings.db) as store:
        assert store.count() == 3  # the first batch was committed, the open one was lost
    rerun = ingest_documents(_corpus(), settings)
    assert rerun.known == 4 and rerun.new == 6
    with open_store(settings.db) as store:
        assert store.count() == 9
        assert len({a.id for a in store.articles(limit=100).items}) == 9


def test_ingest_clears_a_failure_once_the_file_is_stored(settings):
    ingest_documents([ReadFailure("/in/late.txt", "truncated HTML", None)], settings)
    fixed = CleanDocument(id="late", text="Late article about Kyrgyzstan and Russia.", path="/in/late.txt")
    report = ingest_documents([fixed], settings)
    assert report.new == 1
    with open_store(settings.db) as store:
        assert store.failures() == []


def test_ingest_with_process_engine_reports_progress(settings):
    seen = []
    report = ingest_documents(_corpus(), settings.with_(engine="process", workers=2),
                              progress=lambda r: seen.append((r.read, r.new)))
    assert (report.new, report.failed) == (9, 2)
    assert seen[-1] == (12, 9)
    assert [s[1] for s in seen] == sorted(s[1] for s in seen)
