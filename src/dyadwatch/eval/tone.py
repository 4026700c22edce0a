"""``dyadwatch eval tone``: the tone stage against a hand-labelled check set of sentences.

Each sentence of the check set (``eval/data/tone_check.tsv`` by default: written
for dyadwatch, English and Russian, labelled cooperative / neutral /
conflictual) is analysed alone by the whole pipeline; its article tone is read
through the bands of knowledge/tone/scale.yaml (``tonescale.tone_label``).
Agreement is the share of sentences whose reading equals the label, per
language, with a confusion table (gold rows, system columns), beside two plain
baselines: "always neutral", and "lexicon count" (the sign of cooperation
minus conflict lemmas of knowledge/tone/lexicon.yaml, no events, no cues).
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import typer
from rich.console import Console
from rich.table import Table

from ..tonescale import LABELS, tone_label

DEFAULT_CHECK_SET = Path(__file__).parent / "data" / "tone_check.tsv"
SYSTEM, ALWAYS_NEUTRAL, LEXICON_COUNT = "dyadwatch", "always neutral", "lexicon count"
SYSTEMS = (SYSTEM, ALWAYS_NEUTRAL, LEXICON_COUNT)


@dataclass(frozen=True)
class CheckSentence:
    lang: str
    label: str  # one of tonescale.LABELS
    shape: str  # the kind of news it stands for (agreement, request for help, ...)
    text: str


@dataclass(frozen=True)
class Reading:
    """What each system made of one sentence."""

    sentence: CheckSentence
    tone: float | None
    labels: dict[str, str]  # system -> label


def read_check_set(path: Path = DEFAULT_CHECK_SET) -> list[CheckSentence]:
    """Rows of a check-set TSV (header lang, label, shape, sentence; '#' lines are comments)."""
    lines = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["label"] not in LABELS:
            raise ValueError(f"{path}: label {row['label']!r} is not one of {LABELS}")
        out.append(CheckSentence(row["lang"].strip(), row["label"], row["shape"].strip(), row["sentence"].strip()))
    return out


def lexicon_count_label(pos: int, neg: int) -> str:
    return "cooperative" if pos > neg else "conflictual" if neg > pos else "neutral"


def read_sentences(sentences: Sequence[CheckSentence], analyzer=None) -> list[Reading]:
    """Run the pipeline on each sentence alone and read its tone (and the baselines)."""
    from ..api import Analyzer
    from ..clean import clean_document
    from ..document import RawDocument
    from ..stages.tone import lexicon_counts

    analyzer = analyzer or Analyzer()
    extra = tuple(str(p) for p in getattr(analyzer.settings, "knowledge_paths", ()) or ())
    readings = []
    for i, s in enumerate(sentences):
        raw = RawDocument(id=f"tone-check-{i}", content=s.text, meta={})
        doc = analyzer.pipeline.run(clean_document(raw, analyzer.settings))
        tone = doc.get("tone")
        pos, neg = lexicon_counts(doc, extra)
        readings.append(Reading(s, tone, {SYSTEM: tone_label(tone, extra), ALWAYS_NEUTRAL: "neutral",
                                          LEXICON_COUNT: lexicon_count_label(pos, neg)}))
    return readings


@dataclass(frozen=True)
class Agreement:
    """Accuracy and confusion counts of one system on one language."""

    system: str
    lang: str
    n: int
    correct: int
    confusion: dict[tuple[str, str], int]  # (gold, system) -> count

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0


def agreements(readings: Iterable[Reading]) -> list[Agreement]:
    readings = list(readings)
    langs = sorted({r.sentence.lang for r in readings})
    out = []
    for lang in (*langs, "all"):
        subset = [r for r in readings if lang == "all" or r.sentence.lang == lang]
        for system in SYSTEMS:
            confusion: dict[tuple[str, str], int] = {}
            for r in subset:
                key = (r.sentence.label, r.labels[system])
                confusion[key] = confusion.get(key, 0) + 1
            correct = sum(n for (g, s), n in confusion.items() if g == s)
            out.append(Agreement(system, lang, len(subset), correct, confusion))
    return out


def to_dict(readings: Sequence[Reading], scores: Sequence[Agreement]) -> dict:
    return {"title": "tone / hand-labelled check set",
            "rows": [{"system": a.system, "lang": a.lang, "n": a.n, "accuracy": round(a.accuracy, 4),
                      "confusion": {f"{g}->{s}": n for (g, s), n in sorted(a.confusion.items())}} for a in scores],
            "disagreements": [{"lang": r.sentence.lang, "label": r.sentence.label, "shape": r.sentence.shape,
                               "tone": r.tone, "read": r.labels[SYSTEM], "text": r.sentence.text}
                              for r in readings if r.labels[SYSTEM] != r.sentence.label]}


def print_report(readings: Sequence[Reading], scores: Sequence[Agreement], show_errors: bool,
                 console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title="tone / hand-labelled check set: agreement with the labels")
    for col in ("lang", "system", "n", "accuracy"):
        table.add_column(col, justify="left" if col in ("lang", "system") else "right")
    for a in scores:
        table.add_row(a.lang, a.system, str(a.n), f"{a.accuracy:.3f}")
    console.print(table)
    for a in scores:
        if a.system == ALWAYS_NEUTRAL or a.lang == "all":
            continue
        conf = Table(title=f"{a.lang} · {a.system}: gold (rows) × read (columns)")
        conf.add_column("gold")
        for label in LABELS:
            conf.add_column(label, justify="right")
        for gold in LABELS:
            conf.add_row(gold, *(str(a.confusion.get((gold, s), 0)) for s in LABELS))
        console.print(conf)
    if show_errors:
        for r in readings:
            if r.labels[SYSTEM] != r.sentence.label:
                tone = "—" if r.tone is None else f"{r.tone:+.2f}"
                console.print(f"[dim]{r.sentence.lang} {r.sentence.label}→{r.labels[SYSTEM]} ({tone}) "
                              f"[{r.sentence.shape}][/] {r.sentence.text}")


def register(app: typer.Typer) -> None:
    @app.command("tone")
    def tone_command(
        data: Path = typer.Option(DEFAULT_CHECK_SET, "--data",
                                  help="A check set: TSV with lang, label, shape, sentence (default: the bundled one)."),
        lang: str = typer.Option("", "--lang", help="Only this language (en, ru); all by default."),
        show_errors: bool = typer.Option(False, "--errors", help="List the sentences read differently."),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    ) -> None:
        """Tone against hand-labelled sentences: accuracy and confusion per language, beside baselines."""
        sentences = [s for s in read_check_set(data) if not lang or s.lang == lang]
        readings = read_sentences(sentences)
        scores = agreements(readings)
        if as_json:
            typer.echo(json.dumps(to_dict(readings, scores), ensure_ascii=False))
        else:
            print_report(readings, scores, show_errors)
