"""The pipeline checks stage order at start-up and enforces what stages declare."""
from __future__ import annotations

import pytest

from dyadwatch.document import CleanDocument, LayerError
from dyadwatch.pipeline import Pipeline, PipelineError, Stage, StageError, check_order


class Lang(Stage):
    name, requires, adds = "language", (), ("language",)

    def process(self, doc):
        return {"language": "ru" if any("а" <= c <= "я" for c in doc.text.lower()) else "en"}


class Sents(Stage):
    name, requires, adds = "tokens", ("language",), ("sentences", "tokens")

    def process(self, doc):
        return {"sentences": (doc.span(0, len(doc.text)),), "tokens": ()}


class Liar(Stage):
    name, requires, adds = "topics", ("language",), ("topics",)

    def process(self, doc):
        return {"tone": 1.0}


class Broken(Stage):
    name, requires, adds = "tone", (), ("tone",)

    def process(self, doc):
        raise ZeroDivisionError("bad article")


def test_check_order_rejects_stage_before_its_requirement():
    with pytest.raises(PipelineError, match="requires language"):
        check_order([Sents(), Lang()])


def test_check_order_rejects_duplicate_and_undeclared_layers():
    class Again(Lang):
        name = "language2"
    with pytest.raises(PipelineError, match="already added"):
        check_order([Lang(), Again()])

    class Odd(Stage):
        name, adds = "odd", ("no_such_layer",)
    with pytest.raises(PipelineError, match="undeclared"):
        check_order([Odd()])


def test_pipeline_runs_stages_in_order_and_sets_layers_once():
    doc = Pipeline([Lang(), Sents()]).run(CleanDocument(id="a", text="Встреча в Москве."))
    assert doc["language"] == "ru"
    assert doc["sentences"][0].text == "Встреча в Москве."
    with pytest.raises(LayerError):
        doc.add("language", "en")


def test_pipeline_reports_stage_that_returns_other_layers():
    with pytest.raises(StageError, match="declares"):
        Pipeline([Lang(), Liar()]).run(CleanDocument(id="a", text="Talks in Bishkek."))


def test_pipeline_wraps_stage_failure_with_stage_name():
    with pytest.raises(StageError) as info:
        Pipeline([Broken()]).run(CleanDocument(id="doc-7", text="x"))
    assert info.value.stage == "tone" and info.value.doc_id == "doc-7"


def test_pipeline_unknown_stage_name_is_a_clear_error():
    with pytest.raises(PipelineError, match="unknown stage 'sentiment'"):
        Pipeline(["sentiment"])


class Snoop(Stage):
    """Declares only ``language`` but peeks at ``sentences``, which an earlier stage did add."""
    name, requires, adds = "topics", ("language",), ("topics",)

    def process(self, doc):
        return {"topics": tuple(doc.get("sentences") or ())}


def test_a_stage_reads_only_the_layers_it_declares():
    with pytest.raises(StageError, match="reads layer 'sentences', which it does not declare"):
        Pipeline([Lang(), Sents(), Snoop()]).run(CleanDocument(id="a", text="Talks in Bishkek."))

    class Declared(Snoop):
        requires = ("language", "sentences")
    doc = Pipeline([Lang(), Sents(), Declared()]).run(CleanDocument(id="a", text="Talks in Bishkek."))
    assert doc["topics"][0].text == "Talks in Bishkek."


def test_every_default_stage_declares_what_it_reads(tmp_path):
    """The default pipeline over an English and a Russian page: an undeclared read would fail here."""
    pytest.importorskip("natasha")
    from dyadwatch.api import process_text

    en = process_text("Sadyr Japarov met Vladimir Putin in Moscow on Tuesday. Russia will allocate $100 million "
                      "for schools, the Kremlin said.", published="2025-11-26")
    ru = process_text("Садыр Жапаров и Владимир Путин провели переговоры в Москве во вторник. «Мы договорились "
                      "о многом», — отметил Жапаров.", published="2025-11-26")
    assert en.events and ru.events and en.tone is not None
