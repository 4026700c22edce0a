"""Token stage: sentences and tokens with lemmas, offsets into Doc.text, for ru / en / other."""
from __future__ import annotations

import pytest

from dyadwatch.document import CleanDocument, Doc
from dyadwatch.pipeline import PipelineError, check_order
from dyadwatch.stages.tokens import Token, TokenStage

NBSP = "\u00a0"


def make_doc(text: str, lang: str) -> Doc:
    doc = Doc(CleanDocument(id="t", text=text))
    doc.add("language", lang)
    return doc


@pytest.fixture(scope="module")
def stage() -> TokenStage:
    return TokenStage()


def test_tokens_russian_lemmas_undo_case_forms(stage: TokenStage) -> None:
    text = (f"Глава МИД КР встретился с{NBSP}Константином Косачевым в{NBSP}Москве. "
            "«Мы довольны», – отметил Константин Косачев.")
    out = stage.process(make_doc(text, "ru"))
    lemmas = {t.text: t.lemma for t in out["tokens"]}
    assert lemmas["Косачевым"] == "косачев"
    assert lemmas["Москве"] == "москва"
    assert len(out["sentences"]) == 2
    assert out["sentences"][1].text.startswith("«Мы довольны»")


def test_tokens_offsets_index_the_original_text_despite_nbsp(stage: TokenStage) -> None:
    text = f"Президент Кыргызстана Садыр Жапаров прибыл в{NBSP}Бишкек и{NBSP}провёл встречу."
    tokens = stage.process(make_doc(text, "ru"))["tokens"]
    assert all(isinstance(t, Token) and text[t.start:t.end] == t.text for t in tokens)
    assert "Бишкек" in [t.text for t in tokens]
    assert all(NBSP not in t.text for t in tokens)


def test_tokens_english_sentences_and_pos(stage: TokenStage) -> None:
    text = ("President Sadyr Japarov met Vladimir Putin in Bishkek on Tuesday. "
            "“Russia remains our ally,” Japarov said.")
    out = stage.process(make_doc(text, "en"))
    assert [s.text[:9] for s in out["sentences"]] == ["President", "“Russia r"]
    by_text = {t.text: t for t in out["tokens"]}
    assert by_text["Bishkek"].pos == "PROPN"
    assert by_text["said"].lemma == "say"
    assert all(text[t.start:t.end] == t.text for t in out["tokens"])


def test_tokens_other_language_falls_back_to_razdel(stage: TokenStage) -> None:
    text = "Кыргызстан менен Орусиянын ортосундагы кызматташтык. Жаңы долбоорлор."
    out = stage.process(make_doc(text, "ky"))
    assert len(out["sentences"]) == 2
    assert out["tokens"][0].text == "Кыргызстан" and out["tokens"][0].lemma == "кыргызстан"


def test_tokens_empty_text_gives_empty_layers(stage: TokenStage) -> None:
    assert stage.process(make_doc("   ", "en")) == {"sentences": (), "tokens": ()}


def test_tokens_stage_needs_language_first(stage: TokenStage) -> None:
    with pytest.raises(PipelineError):
        check_order([stage])
