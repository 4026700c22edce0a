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

    def write(self, items, **kw):
        type(self).writes += 1
        if type(self).writes == 2:
            raise KeyboardInterrupt("killed mid-run")
        return super().write(items, **kw)


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


# --------------------------------------------------------------------------- real files through the readers
def _bad_folder(root):
    """Two good articles in scraped shapes, a cp1251 twin, and files that cannot be read."""
    root.mkdir()
    (root / "good_en.txt").write_text(
        " date 2024-12-03 13:41\nKyrgyzstan and Russia agree on labour migrants\n"
        "Bishkek, December 3. Sadyr Japarov met Vladimir Putin on\u00a0Tuesday and discussed labour migrants.\n"
        "“We value the cooperation,” Putin said.\nlink: https://example.kg/news/1\nviews: 158\n", encoding="utf-8")
    ru = ("30.03.2022 89 просмотров\nСадыр Жапаров и\u00a0Владимир Путин обсудили положение мигрантов.\n"
          "«Мы ценим сотрудничество», – отметил Константин Косачев.\n")
    (root / "good_ru.txt").write_text(ru, encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "good_ru_cp1251.txt").write_bytes(ru.replace("\u00a0", " ").encode("cp1251"))
    (root / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00\x00\xff\xfe\x00garbage")
    (root / "empty.txt").write_bytes(b"")
    (root / "truncated.html").write_text("<html><head><title>Переговоры в Бишкеке</title></head><body><article>"
                                         "<p>Кыргызстан и Россия подпи", encoding="utf-8")
    return root


def test_ingest_bad_files_folder_stores_the_good_and_goes_on(tmp_path):
    from dyadwatch.ingest import ingest

    folder = _bad_folder(tmp_path / "in")
    settings = Settings(stages=trap_stages(), db=str(tmp_path / "f.db"), batch_size=2, engine="local")
    report = ingest([folder], settings)
    assert report.read == 6 and report.new + report.known + report.failed == 6
    assert report.known >= 1  # the cp1251 twin cleans to the same text as its UTF-8 original
    reasons = {f.path.rsplit("/", 1)[-1]: f.reason for f in report.failures}
    # the truncated page is either read as what it holds or recorded with its reason
    assert {"binary.txt", "empty.txt"} <= set(reasons) <= {"binary.txt", "empty.txt", "truncated.html"}
    assert all(reasons.values())
    with open_store(settings.db) as store:
        langs = {a.id: store.article(a.key).language for a in store.articles().items}
        assert langs["good_en"] == "en" and langs["good_ru"] == "ru"
        assert {f.path.rsplit("/", 1)[-1] for f in store.failures()} == set(reasons)
    again = ingest([folder], settings)
    assert again.new == 0 and again.known == report.new + report.known


def test_ingest_cli_exit_code_follows_the_failure_threshold(tmp_path):
    from typer.testing import CliRunner

    from dyadwatch.cli import app

    folder = _bad_folder(tmp_path / "in")
    lenient, strict = tmp_path / "lenient.toml", tmp_path / "strict.toml"
    lenient.write_text("[dyadwatch]\nstages = []\nfailure_threshold = 0.5\n")
    strict.write_text("[dyadwatch]\nstages = []\nfailure_threshold = 0.2\n")
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    ok = runner.invoke(app, ["ingest", str(folder), "--db", db, "--engine", "local", "--config", str(lenient), "-q"])
    assert ok.exit_code == 0, ok.output
    assert "binary.txt" in ok.output and "failures" in ok.output
    bad = runner.invoke(app, ["ingest", str(folder), "--db", db, "--engine", "local", "--config", str(strict), "-q"])
    assert bad.exit_code == 1
    assert "33% of inputs failed" in bad.output


def test_ingest_reanalyse_updates_changed_results_only(settings):
    ingest_documents(_corpus(), settings)
    same = ingest_documents(_corpus(), settings, reanalyse=True)
    assert (same.new, same.updated, same.known) == (0, 0, 10)
    # a changed pipeline (no tone stage now) changes every stored result, and the
    # article the tone stage choked on now goes through
    changed = ingest_documents(_corpus(), settings.with_(stages=trap_stages()[:1]), reanalyse=True)
    assert (changed.new, changed.updated, changed.failed) == (1, 9, 1)
    with open_store(settings.db) as store:
        assert store.count() == 10 and store.article("n1").tone is None
        assert [f.path for f in store.failures()] == ["/in/binary.txt"]


# --------------------------------------------------------------------------- linking
EN_REPORT = ("Bishkek, March 29. President Sadyr Japarov received the Russian delegation led by the deputy "
             "prime minister. The sides discussed the supply of fuel and lubricants, the construction of "
             "Russian-language schools in the regions and the situation of labour migrants from Kyrgyzstan. "
             "“Russia remains our strategic partner,” Japarov said after the meeting in the Ala-Archa residence.")
RU_REPORT = ("Москва, 3\u00a0декабря. Председатель Кабмина Адылбек Касымалиев провёл переговоры с\u00a0Михаилом "
             "Мишустиным. Стороны обсудили поставки горюче-смазочных материалов, строительство школ с\u00a0русским "
             "языком обучения и\u00a0положение трудовых мигрантов. «Россия остаётся нашим стратегическим "
             "партнёром», – отметил Касымалиев по\u00a0итогам встречи в\u00a0Доме правительства.")


def _linking_corpus():
    docs = {
        "en_first": CleanDocument(id="en_first", text=EN_REPORT, published="2022-03-29", source="24.kg"),
        "en_reprint": CleanDocument(id="en_reprint", text=EN_REPORT + " The talks lasted three hours.",
                                    published="2022-03-30", source="kabar.kg"),
        "ru_first": CleanDocument(id="ru_first", text=RU_REPORT, published="2024-12-03", source="24.kg"),
        "ru_reprint": CleanDocument(id="ru_reprint", text="Срочно. " + RU_REPORT, published="2024-12-04",
                                    source="akipress.org"),
        "other": CleanDocument(id="other", text="Курс сома к\u00a0рублю не\u00a0изменился за\u00a0неделю.",
                               published="2024-12-05"),
    }
    # the reprints arrive first, so linking must rewrite them once their originals are stored
    return [docs[k] for k in ("en_reprint", "ru_reprint", "other", "en_first", "ru_first")]


def test_ingest_links_like_link_all_then_export(settings):
    from dyadwatch.engine import LocalEngine
    from dyadwatch.link import link_all

    docs = _linking_corpus()
    settings = settings.with_(batch_size=2)
    report = ingest_documents(docs, settings)
    assert (report.new, report.failed, report.link_errors) == (5, 0, [])
    analysed = list(LocalEngine(settings).map(docs))
    expected = sorted((a.to_dict() for a in link_all(analysed, settings=settings).articles), key=lambda d: d["id"])
    with open_store(settings.db) as store:
        stored = list(store.iter_records())
        assert [d["id"] for d in stored] == [d["id"] for d in expected]
        assert stored == expected
        assert store.article("ru_reprint").duplicate_of == "ru_first"
        assert store.article("en_reprint").story == store.article("en_first").story


def test_ingest_without_linking_stores_unlinked_articles(settings):
    report = ingest_documents(_linking_corpus(), settings, link=False)
    assert report.new == 5
    with open_store(settings.db) as store:
        assert store.article("ru_reprint").duplicate_of is None
        assert store.article("ru_reprint").story is None


def test_ingest_stores_unlinked_when_the_link_extra_is_missing(settings, no_datasketch):
    report = ingest_documents(_linking_corpus(), settings)
    assert report.new == 5 and report.failed == 0
    assert len(report.link_errors) == 1 and "dyadwatch[link]" in report.link_errors[0]
