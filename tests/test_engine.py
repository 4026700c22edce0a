from __future__ import annotations

import pytest

from dyadwatch.document import CleanDocument
from dyadwatch.engine import LocalEngine, make_engine
from dyadwatch.engine.process import ProcessEngine
from dyadwatch.read import ReadFailure
from dyadwatch.records import Article
from dyadwatch.settings import Settings
from engine_stages import LETHAL, POISON, trap_stages

TEXTS = [
    "Садыр Жапаров и\u00a0Владимир Путин обсудили сотрудничество в\u00a0энергетике.",
    "Sadyr Japarov met Vladimir Putin in Bishkek; both praised the cooperation.",
    "«Мы продолжим работу», – отметил Константин Косачев.",
    f"Курс сома к\u00a0рублю вырос. {POISON}",
    "Kyrgyzstan and Russia signed a memorandum on labour migrants.",
]


@pytest.fixture(scope="module")
def settings():
    return Settings(stages=trap_stages())


def _docs(n: int = 1) -> list[CleanDocument]:
    return [CleanDocument(id=f"a{r}_{i}", text=t, path=f"/in/a{r}_{i}.txt")
            for r in range(n) for i, t in enumerate(TEXTS)]


def _summary(results):
    return [(r.id, r.language, r.tone) if isinstance(r, Article) else ("FAIL", r.id, r.stage) for r in results]


def test_local_engine_keeps_input_order_and_records_failures(settings):
    results = list(LocalEngine(settings).map(_docs()))
    assert [getattr(r, "id", None) for r in results] == ["a0_0", "a0_1", "a0_2", "a0_3", "a0_4"]
    assert isinstance(results[3], ReadFailure)
    assert results[3].stage == "tone" and "poisoned" in results[3].reason and results[3].path == "/in/a0_3.txt"
    assert (results[0].language, results[0].tone) == ("ru", 1.0)
    assert (results[4].language, results[4].tone) == ("en", 0.0)


def test_process_engine_matches_local_engine(settings):
    docs = _docs(4)
    local = _summary(LocalEngine(settings).map(docs))
    with ProcessEngine(settings, workers=2, chunk_size=3, window=2) as eng:
        pooled = _summary(eng.map(iter(docs)))
    assert pooled == local
    assert len(pooled) == 20


def test_process_engine_survives_a_dying_worker(settings):
    docs = _docs()
    docs.insert(2, CleanDocument(id="lethal", text=f"Текст, который убивает процесс. {LETHAL}", path="/in/l.txt"))
    with ProcessEngine(settings, workers=2, chunk_size=1, window=3) as eng:
        results = list(eng.map(docs))
    assert [getattr(r, "id", None) for r in results] == [d.id for d in docs]
    dead = [r for r in results if isinstance(r, ReadFailure) and r.stage == "engine"]
    assert [r.id for r in dead] == ["lethal"]
    assert sum(isinstance(r, Article) for r in results) == 4


def test_process_engine_pulls_input_lazily(settings):
    pulled = []

    def stream():
        for i in range(1000):
            pulled.append(i)
            yield CleanDocument(id=f"s{i}", text=f"Article {i} about cooperation.")

    with ProcessEngine(settings, workers=2, chunk_size=2, window=2) as eng:
        it = eng.map(stream())
        first = next(it)
    assert first.id == "s0"
    assert len(pulled) <= 2 * 2 + 2  # the window, not the whole corpus


def test_make_engine_picks_by_name(settings):
    assert make_engine("local", settings).name == "local"
    assert make_engine("auto", settings, workers=1).name == "local"
    assert make_engine("auto", settings, workers=3).name == "process"
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine("dask", settings)


@pytest.mark.slow
def test_ray_engine_matches_local_engine(settings):
    pytest.importorskip("ray", reason="the ray engine needs the [ray] extra")
    from dyadwatch.engine.ray import RayEngine

    docs = _docs(2)
    local = _summary(LocalEngine(settings).map(docs))
    from pathlib import Path

    # Ray workers do not inherit the driver's sys.path: the test stages' module travels by PYTHONPATH
    tests_dir = str(Path(__file__).resolve().parent)
    eng = RayEngine(settings, workers=2, chunk_size=3, window=2,
                    init_kwargs={"num_cpus": 2, "include_dashboard": False,
                                 "runtime_env": {"env_vars": {"PYTHONPATH": tests_dir}}})
    try:
        assert _summary(eng.map(iter(docs))) == local
    finally:
        eng.close()


def test_engines_clean_raw_documents_and_report_clean_failures(settings):
    from dyadwatch.document import RawDocument

    raw = [RawDocument(id="scraped", path="/in/scraped.txt",
                       content=" date 2024-12-03 13:41\nKyrgyzstan and Russia discuss migrants\n"
                               "Bishkek, December 3. The sides discussed cooperation on\u00a0labour migration.\n"
                               "views: 158\n"),
           RawDocument(id="blank", path="/in/blank.txt", content="  \n\u00a0\n")]
    for engine in (LocalEngine(settings), ProcessEngine(settings, workers=1)):
        with engine:
            art, failure = list(engine.map(raw))
        assert (art.published, art.views, art.language) == ("2024-12-03T13:41:00", 158, "en")
        assert art.text.startswith("Bishkek, December 3.")
        assert (failure.stage, failure.path) == ("clean", "/in/blank.txt") and failure.reason

