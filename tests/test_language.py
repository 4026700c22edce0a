"""Language stage: per-paragraph labels; the article language covers the most letters."""
from __future__ import annotations

import pytest

from dyadwatch.clean import clean_document
from dyadwatch.document import CleanDocument, Doc, RawDocument
from dyadwatch.pipeline import Pipeline
from dyadwatch.settings import Settings
from dyadwatch.stages.language import LanguageStage


@pytest.fixture(scope="module")
def stage() -> LanguageStage:
    s = LanguageStage(Settings())
    s.warm_up()
    return s


def _doc(text: str) -> Doc:
    return Doc(clean_document(RawDocument(id="t", content=text)))


def test_language_english_article_with_russian_footer_is_english(stage: LanguageStage) -> None:
    doc = _doc("President Sadyr Japarov and Vladimir Putin discussed energy supplies and the construction of "
               "Russian-language schools during talks in Bishkek on Tuesday.\n\n"
               "The parties also agreed to expand flights between the two countries next year.\n\n"
               "Источник: пресс-служба президента Кыргызстана")
    out = stage.process(doc)
    assert out["language"] == "en"
    labels = [lang for _, lang in out["paragraph_languages"]]
    assert labels == ["en", "en", "ru"]


def test_language_russian_article_with_case_forms(stage: LanguageStage) -> None:
    doc = _doc("Председатель комитета Совета Федерации Константин Косачев встретился с главой МИД Киргизии.\n"
               "«Уверен, что такое взаимодействие будет развиваться», – отметил Константин Косачев.")
    out = stage.process(doc)
    assert out["language"] == "ru"
    assert all(lang == "ru" for _, lang in out["paragraph_languages"])


def test_language_kyrgyz_paragraph_is_not_forced_into_russian(stage: LanguageStage) -> None:
    doc = _doc("Кыргызстан менен Россиянын ортосундагы соода жүгүртүү өткөн жылы бир топ өстү жана "
               "эки өлкөнүн өкмөттөрү жаңы долбоорлорду талкуулашты.")
    assert stage.process(doc)["language"] == "ky"


def test_language_spans_index_the_text(stage: LanguageStage) -> None:
    doc = _doc("Trade between Kyrgyzstan and Russia grew last year.\n\nТоварооборот вырос на десять процентов.")
    for span, _ in stage.process(doc)["paragraph_languages"]:
        assert doc.text[span.start:span.end] == span.text


def test_language_no_letters_is_none(stage: LanguageStage) -> None:
    doc = Doc(CleanDocument(id="n", text="2025 — 10 %"))
    assert stage.process(doc) == {"language": None, "paragraph_languages": ()}
    assert stage.process(Doc(CleanDocument(id="e", text=""))) == {"language": None, "paragraph_languages": ()}


def test_language_runs_as_a_pipeline_stage() -> None:
    pipeline = Pipeline(["language"], Settings(stages=("language",)))
    doc = pipeline.run(clean_document(RawDocument(id="p", content="Kyrgyzstan and Russia signed an agreement.")))
    assert doc["language"] == "en"


def test_language_russian_is_named_even_when_not_analysed() -> None:
    stage = LanguageStage(Settings(languages=("en",)))
    doc = _doc("Министр иностранных дел Жээнбек Кулубаев провёл переговоры с Сергеем Лавровым в Москве, "
               "стороны обсудили миграцию и образование.")
    assert stage.process(doc)["language"] == "ru"
