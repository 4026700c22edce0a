"""``dyadwatch eval speakers``: quote detection and speaker attribution on a hand-written check set.

Each passage of the check set (``eval/data/quotes_check.tsv`` by default: short passages written for
dyadwatch in the shapes news agencies and press releases attribute quotations, English and Russian)
is analysed alone by the whole pipeline. A labelled quotation is *found* when its first words occur
in one of the system's direct quotes (the dev-gold rule); its speaker is *right* when the names match
loosely (``devgold.names_match``), *wrong* when the system names someone else, *none* when it names
nobody (``(none)``: a quotation of someone the text does not name, where naming nobody is right).
A row whose speaker is ``-`` is no quotation (a title, a company, a scare quote): finding it
is a false detection. Scores per language and per part (``tune``: written before the rules were
tuned; ``after``: written after, the held-out check).
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

from .devgold import names_match, plain_words

DEFAULT_CHECK_SET = Path(__file__).parent / "data" / "quotes_check.tsv"
NOT_A_QUOTE = "-"
NO_SPEAKER = "(none)"  # a quotation the text attributes to no one it names: the right answer is no speaker


@dataclass(frozen=True)
class CheckPassage:
    lang: str
    part: str  # tune | after
    shape: str
    first: str  # the quotation's first words as printed
    speaker: str  # canonical English name, or NOT_A_QUOTE
    text: str

    @property
    def is_quote(self) -> bool:
        return self.speaker != NOT_A_QUOTE


@dataclass(frozen=True)
class Reading:
    passage: CheckPassage
    found: bool
    speaker: str | None  # the system's speaker of the matching quote

    @property
    def outcome(self) -> str:
        """right | wrong | none | missed (quotations); false | ok (non-quotations)."""
        p = self.passage
        if not p.is_quote:
            return "false" if self.found else "ok"
        if not self.found:
            return "missed"
        if p.speaker == NO_SPEAKER:
            return "wrong" if self.speaker else "right"
        if not self.speaker:
            return "none"
        return "right" if names_match(self.speaker, p.speaker) else "wrong"


def read_check_set(path: Path = DEFAULT_CHECK_SET) -> list[CheckPassage]:
    """Rows of a check-set TSV (header lang, part, shape, first, speaker, passage; '#' lines are
    comments; the two characters \\n in a passage are a paragraph break)."""
    lines = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        out.append(CheckPassage(row["lang"].strip(), row["part"].strip(), row["shape"].strip(), row["first"].strip(),
                                row["speaker"].strip(), row["passage"].strip().replace("\\n", "\n")))
    return out


DEFAULT_PUBLISHED = "2025-06-15"


def read_passages(passages: Sequence[CheckPassage], analyzer=None,
                  published: str | None = DEFAULT_PUBLISHED) -> list[Reading]:
    """Run the pipeline on each passage alone, read as published on ``published`` (news carries a date,
    and a role speaker, "the Kremlin spokesman", is its holder on that date), and find the labelled
    quotation among its quotes."""
    from ..api import Analyzer
    from ..document import CleanDocument

    analyzer = analyzer or Analyzer()
    readings = []
    for i, p in enumerate(passages):
        art = analyzer.analyze(CleanDocument(id=f"quote-check-{i}", text=p.text, published=published))
        start = plain_words(p.first)
        hit = next((q for q in art.quotes if q.direct and start and start in plain_words(q.text)), None)
        readings.append(Reading(p, hit is not None, hit.speaker.name if hit is not None and hit.speaker else None))
    return readings


@dataclass(frozen=True)
class Score:
    lang: str
    part: str
    quotes: int
    found: int
    right: int
    wrong: int
    non_quotes: int
    false: int

    @property
    def detection(self) -> float:
        return self.found / self.quotes if self.quotes else 0.0

    @property
    def accuracy(self) -> float:
        """Right speakers over the quotations found (the dev-gold speaker accuracy)."""
        return self.right / self.found if self.found else 0.0

    @property
    def overall(self) -> float:
        """Right speakers over all labelled quotations (a missed quotation counts as wrong)."""
        return self.right / self.quotes if self.quotes else 0.0

    @property
    def precision(self) -> float:
        """Right speakers over the speakers named (no speaker is better than a wrong one)."""
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 0.0


def scores(readings: Iterable[Reading]) -> list[Score]:
    readings = list(readings)
    out = []
    parts = sorted({r.passage.part for r in readings})
    langs = sorted({r.passage.lang for r in readings})
    for part in (*parts, "all"):
        for lang in (*langs, "all"):
            sub = [r for r in readings if (part == "all" or r.passage.part == part)
                   and (lang == "all" or r.passage.lang == lang)]
            if not sub:
                continue
            outcomes = [r.outcome for r in sub]
            quotes = sum(1 for r in sub if r.passage.is_quote)
            out.append(Score(lang, part, quotes, quotes - outcomes.count("missed"), outcomes.count("right"),
                             outcomes.count("wrong"), len(sub) - quotes, outcomes.count("false")))
    return out


def to_dict(readings: Sequence[Reading], table: Sequence[Score]) -> dict:
    return {"title": "quotes / hand-written speaker check set",
            "rows": [{"part": s.part, "lang": s.lang, "quotes": s.quotes, "found": s.found,
                      "detection": round(s.detection, 4), "speaker_acc": round(s.accuracy, 4),
                      "speaker_precision": round(s.precision, 4), "speaker_overall": round(s.overall, 4), "wrong": s.wrong,
                      "non_quotes": s.non_quotes, "false_detections": s.false} for s in table],
            "errors": [{"lang": r.passage.lang, "part": r.passage.part, "shape": r.passage.shape,
                        "outcome": r.outcome, "expected": r.passage.speaker, "got": r.speaker,
                        "passage": r.passage.text} for r in readings if r.outcome not in ("right", "ok")]}


def print_report(readings: Sequence[Reading], table: Sequence[Score], show_errors: bool,
                 console: Console | None = None) -> None:
    console = console or Console()
    t = Table(title="quotes / hand-written check set: detection and speakers")
    for col in ("part", "lang", "quotes", "found", "spk acc", "spk P", "spk all", "wrong", "non-q found"):
        t.add_column(col, justify="left" if col in ("part", "lang") else "right")
    for s in table:
        t.add_row(s.part, s.lang, str(s.quotes), f"{s.detection:.3f}", f"{s.accuracy:.3f}", f"{s.precision:.3f}",
                  f"{s.overall:.3f}", str(s.wrong), f"{s.false}/{s.non_quotes}")
    console.print(t)
    console.print("[dim]found: labelled quotations found; spk acc: right speakers over those found; spk P: right "
                  "over the speakers named (no speaker is not counted, a wrong one is); spk all: right speakers over "
                  "all labelled quotations; non-q found: titles and names in quote marks taken for quotations[/]")
    if show_errors:
        for r in readings:
            if r.outcome in ("right", "ok"):
                continue
            console.print(f"{r.passage.lang} {r.passage.part} {r.outcome}: want {r.passage.speaker}, got {r.speaker} "
                          f"({r.passage.shape}) {r.passage.text}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("speakers")
    def speakers_command(
        data: Path = typer.Option(DEFAULT_CHECK_SET, "--data", help="A check set: TSV with lang, part, shape, first, "
                                                                    "speaker, passage (default: the bundled one)."),
        lang: str = typer.Option("", "--lang", help="Only this language (en, ru); all by default."),
        published: str = typer.Option(DEFAULT_PUBLISHED, "--published", help="Publication date of every passage."),
        part: str = typer.Option("", "--part", help="Only this part (tune, after); all by default."),
        show_errors: bool = typer.Option(False, "--errors", help="List the passages read wrongly."),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    ) -> None:
        """Quote detection and speaker accuracy on hand-written passages, per language and part."""
        passages = [p for p in read_check_set(data) if (not lang or p.lang == lang) and (not part or p.part == part)]
        readings = read_passages(passages, published=published or None)
        table = scores(readings)
        if as_json:
            typer.echo(json.dumps(to_dict(readings, table), ensure_ascii=False))
        else:
            print_report(readings, table, show_errors)
