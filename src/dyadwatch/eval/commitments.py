"""``dyadwatch eval commitments``: the commitments stage against a hand-labelled check set of sentences.

Each sentence of the check set (``eval/data/commitments_check.tsv`` by default: written for dyadwatch,
English and Russian, in the shapes of bilateral news) is analysed alone by the whole pipeline, as an
article published on the set's date (``--published``, 2025-06-15 by default). Per language:

* detection: a sentence labelled a commitment is found when the system lists at least one commitment;
  a sentence labelled none that gets one is a false positive (P/R/F1 over sentences);
* amount accuracy: over the found sentences with a gold amount, the share where a commitment holds that
  value and currency (or percent);
* deadline accuracy: over the found sentences with a gold deadline, the share where a commitment's
  deadline starts with the gold one ("2030", "2025-09-01");
* polarity accuracy: over the found sentences, the share whose ``negated`` agrees with the label.
"""
from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import typer

from .common import Report

DEFAULT_CHECK_SET = Path(__file__).parent / "data" / "commitments_check.tsv"
HELDOUT_CHECK_SET = Path(__file__).parent / "data" / "commitments_check_heldout.tsv"
SYSTEM = "dyadwatch"


@dataclass(frozen=True)
class CheckSentence:
    lang: str
    commit: bool
    value: float | None
    currency: str  # ISO code or "percent"; "" without an amount
    deadline: str  # ISO prefix; "" without one
    negated: bool
    shape: str
    text: str


@dataclass(frozen=True)
class Reading:
    sentence: CheckSentence
    found: bool
    amount_ok: bool | None  # None: no gold amount, or not found
    deadline_ok: bool | None
    negated_ok: bool | None
    seen: str  # what the system listed, for --errors


def read_check_set(path: Path = DEFAULT_CHECK_SET) -> list[CheckSentence]:
    lines = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        value = row["value"].strip()
        out.append(CheckSentence(row["lang"].strip(), row["commit"].strip() == "1", float(value) if value else None,
                                 row["currency"].strip(), row["deadline"].strip(), row["negated"].strip() == "1",
                                 row["shape"].strip(), row["sentence"].strip()))
    return out


def _amount_ok(s: CheckSentence, commitments) -> bool:
    for c in commitments:
        a = c.amount
        if a is None or not math.isclose(float(a.value), s.value or 0.0, rel_tol=1e-6):
            continue
        if (a.currency or a.unit or "") == s.currency:
            return True
    return False


def _describe(commitments) -> str:
    parts = []
    for c in commitments:
        amount = f"{c.amount.value:g} {c.amount.currency or c.amount.unit}" if c.amount else "-"
        deadline = c.deadline.iso() if c.deadline else "-"
        parts.append(f"[{c.kind}/{c.modality}{' NEG' if c.negated else ''} {amount} {deadline} "
                     f"actor={c.actor.name if c.actor else '-'}]")
    return " ".join(parts) or "none"


def read_sentences(sentences: Sequence[CheckSentence], published: str, analyzer=None) -> list[Reading]:
    from ..api import Analyzer
    from ..clean import clean_document
    from ..document import RawDocument

    analyzer = analyzer or Analyzer()
    out = []
    for i, s in enumerate(sentences):
        raw = RawDocument(id=f"commitments-check-{i}", content=s.text, meta={"published": published})
        doc = analyzer.pipeline.run(clean_document(raw, analyzer.settings))
        found = list(doc.get("commitments") or ())
        hit = s.commit and bool(found)
        out.append(Reading(
            s, bool(found),
            _amount_ok(s, found) if hit and s.value is not None else None,
            any(c.deadline is not None and (c.deadline.iso() or "").startswith(s.deadline) for c in found)
            if hit and s.deadline else None,
            any(c.negated == s.negated for c in found) if hit else None,
            _describe(found)))
    return out


def score(readings: Sequence[Reading], title: str) -> Report:
    report = Report(title)
    langs = sorted({r.sentence.lang for r in readings})
    for lang in (*langs, "all"):
        sub = [r for r in readings if lang == "all" or r.sentence.lang == lang]
        tp = sum(r.found and r.sentence.commit for r in sub)
        report.prf(SYSTEM, f"{lang} detect").add(tp, sum(r.found for r in sub), sum(r.sentence.commit for r in sub))
        for name, attr in (("amount", "amount_ok"), ("deadline", "deadline_ok"), ("polarity", "negated_ok")):
            judged = [getattr(r, attr) for r in sub if getattr(r, attr) is not None]
            if judged:
                report.set(SYSTEM, f"{lang} {name}_acc ({len(judged)})", sum(judged) / len(judged))
    report.notes.append(f"{len(readings)} sentences; amount/deadline/polarity accuracy over the found commitments "
                        "that have one in the gold (their number in brackets).")
    return report


def register(app: typer.Typer) -> None:
    @app.command("commitments")
    def commitments_command(
        data: Path = typer.Option(None, "--data", help="A check set TSV (default: the bundled tuning set; "
                                                       "--heldout for the one written after tuning)."),
        heldout: bool = typer.Option(False, "--heldout", help="Score the held-out check set."),
        published: str = typer.Option("2025-06-15", "--published", help="Publication date of every sentence."),
        lang: str = typer.Option("", "--lang", help="Only this language (en, ru); all by default."),
        show_errors: bool = typer.Option(False, "--errors", help="List the sentences read differently."),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    ) -> None:
        """Commitments against hand-labelled sentences: detection P/R/F1, amount and deadline accuracy."""
        path = data or (HELDOUT_CHECK_SET if heldout else DEFAULT_CHECK_SET)
        sentences = [s for s in read_check_set(path) if not lang or s.lang == lang]
        readings = read_sentences(sentences, published)
        report = score(readings, f"commitments / hand-labelled check set: {path.name}")
        if as_json:
            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            report.print()
        if show_errors:
            for r in readings:
                s = r.sentence
                wrong = r.found != s.commit or False in (r.amount_ok, r.deadline_ok, r.negated_ok)
                if wrong:
                    typer.echo(f"{s.lang} gold={'C' if s.commit else 'N'} {s.value or ''} {s.currency} {s.deadline}"
                               f"{' NEG' if s.negated else ''} [{s.shape}] {s.text}\n    -> {r.seen}")
