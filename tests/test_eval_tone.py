"""dyadwatch eval tone: the bundled check sets, the agreement arithmetic, and the command."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.eval.tone import (ALWAYS_NEUTRAL, DEFAULT_CHECK_SET, LEXICON_COUNT, SYSTEM, CheckSentence, Reading,
                                 agreements, lexicon_count_label, read_check_set)
from dyadwatch.tonescale import LABELS

runner = CliRunner()


def test_the_bundled_check_sets_cover_both_languages_labels_and_shapes():
    sentences = read_check_set()
    for lang in ("en", "ru"):
        mine = [s for s in sentences if s.lang == lang]
        assert len(mine) >= 30
        assert {s.label for s in mine} == set(LABELS)
        assert {"request for help", "polite disagreement", "background violence", "sanctions", "border clash",
                "expulsion", "agreement", "aid", "visit", "talks", "threat", "criticism"} <= {s.shape for s in mine}
    held = read_check_set(DEFAULT_CHECK_SET.with_name("tone_check_heldout.tsv"))
    assert {s.lang for s in held} == {"en", "ru"} and not {s.text for s in held} & {s.text for s in sentences}


def test_agreement_counts_accuracy_and_confusion_per_language():
    def reading(lang, gold, read):
        return Reading(CheckSentence(lang, gold, "x", "..."), None,
                       {SYSTEM: read, ALWAYS_NEUTRAL: "neutral", LEXICON_COUNT: "neutral"})

    scores = {(a.system, a.lang): a for a in agreements([
        reading("en", "cooperative", "cooperative"), reading("en", "conflictual", "neutral"),
        reading("ru", "neutral", "neutral")])}
    en = scores[(SYSTEM, "en")]
    assert (en.n, en.correct, en.accuracy) == (2, 1, 0.5)
    assert en.confusion == {("cooperative", "cooperative"): 1, ("conflictual", "neutral"): 1}
    assert scores[(SYSTEM, "all")].accuracy == 2 / 3 and scores[(ALWAYS_NEUTRAL, "ru")].accuracy == 1.0
    assert [lexicon_count_label(*c) for c in ((2, 1), (1, 1), (0, 3))] == ["cooperative", "neutral", "conflictual"]


def test_eval_tone_reports_agreement_beside_the_baselines(tmp_path):
    data = tmp_path / "mine.tsv"
    data.write_text("# my own check set\nlang\tlabel\tshape\tsentence\n"
                    "en\tcooperative\trequest for help\tKyrgyzstan asked Russia for help in repairing a dam.\n"
                    "en\tconflictual\texpulsion\tRussia expelled two Kyrgyz diplomats.\n"
                    "ru\tneutral\tpolite disagreement\tБишкек не разделяет позицию Москвы, но уважает ее.\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["eval", "tone", "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    rows = {(r["system"], r["lang"]): r for r in report["rows"]}
    assert set(rows) == {(s, lang) for s in (SYSTEM, ALWAYS_NEUTRAL, LEXICON_COUNT) for lang in ("en", "ru", "all")}
    assert rows[(SYSTEM, "en")]["n"] == 2 and rows[(ALWAYS_NEUTRAL, "en")]["accuracy"] == 0.0
    assert rows[(SYSTEM, "all")]["accuracy"] == 1.0, report["disagreements"]
    table = runner.invoke(app, ["eval", "tone", "--data", str(data), "--errors"])
    assert table.exit_code == 0 and "gold (rows)" in table.output and "always neutral" in table.output


def test_on_the_bundled_set_the_stage_beats_both_baselines_in_each_language():
    result = runner.invoke(app, ["eval", "tone", "--json"])
    assert result.exit_code == 0, result.output
    rows = {(r["system"], r["lang"]): r["accuracy"] for r in json.loads(result.output)["rows"]}
    for lang in ("en", "ru"):
        assert rows[(SYSTEM, lang)] > max(rows[(ALWAYS_NEUTRAL, lang)], rows[(LEXICON_COUNT, lang)])
