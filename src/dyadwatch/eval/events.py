"""``dyadwatch eval events``: event coding against PLOVER and CAMEO sentence-level gold.

* plover-gsr (../shared/eval/plover-gsr/PLOVER_GSR_CAMEO.txt): each sentence is
  analysed as a one-sentence article; the predicted PLOVER type is that of the
  first coded event (else of the first trigger, else none). Scored: type
  accuracy and macro F1 over the gold types (the gold's PLOVER 0.5b1 labels
  mapped to the 2021 types: DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE,
  FIGHT->ASSAULT), and source/target country accuracy (the event's source and
  target actors' countries against the gold's ISO-3 codes).
* cameo-petrarch (UniversalPetrarch PETR2_GSR_validation.xml): CAMEO root-code
  accuracy over the sentences that have codings (any gold coding's root).

Baselines beside: the majority class for types and roots; "first country named
is the source, second the target" for countries.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import typer

from .common import PRF, Report, default_shared, run_jobs

SYSTEM, MAJORITY, FIRST_NAMED = "dyadwatch", "majority class", "first-named countries"
# PLOVER 0.5b1 (the gold file) -> PLOVER 2021 (CAMEO2PLOVER-2021.txt, what dyadwatch codes)
PLOVER_05_TO_2021 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
NONE = "NONE"


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    date: str | None
    type: str | None  # PLOVER 2021 type (plover-gsr)
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    cameo_roots: tuple[str, ...] = ()  # cameo-petrarch


@dataclass(frozen=True)
class Prediction:
    type: str
    cameo: str | None
    source_country: str | None
    target_country: str | None
    countries_named: tuple[str, ...]


# --------------------------------------------------------------------------- readers
def read_plover_gsr(path: Path, limit: int = 0) -> list[GoldSentence]:
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for rec in records:
        if rec.get("event") in (None, "DOCUMENT") or not rec.get("text"):
            continue
        codes = lambda key: tuple(a.get("code") or "" for a in rec.get(key) or () if isinstance(a, dict))  # noqa: E731
        out.append(GoldSentence(rec["id"], rec["text"], rec.get("date"),
                                PLOVER_05_TO_2021.get(rec["event"], rec["event"]), codes("source"), codes("target")))
        if limit and len(out) >= limit:
            break
    return out


SENTENCE_RE = re.compile(r"<Sentence\b([^>]*)>(.*?)<Text>\s*(.*?)\s*</Text>", re.S)
ATTR_RE = re.compile(r'(\w+)="([^"]*)"')


def read_petrarch_gsr(path: Path, limit: int = 0) -> list[GoldSentence]:
    """The PETRARCH validation file is not well-formed XML ('#' comment lines): read it by pattern."""
    raw = Path(path).read_text(encoding="utf-8", errors="replace")
    out = []
    for m in SENTENCE_RE.finditer(raw):
        attrs = dict(ATTR_RE.findall(m.group(1)))
        roots = tuple(dict.fromkeys(dict(ATTR_RE.findall(c)).get("eventcode", "")[:2]
                                    for c in re.findall(r"<EventCoding\b[^>]*>", m.group(2))
                                    if 'eventcode="' in c))
        date = attrs.get("date")
        iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if date and len(date) == 8 else None
        out.append(GoldSentence(attrs.get("id", str(len(out))), " ".join(m.group(3).split()), iso, None,
                                cameo_roots=tuple(r for r in roots if r)))
        if limit and len(out) >= limit:
            break
    return out


# --------------------------------------------------------------------------- predicting
def predict_all(sentences: Sequence[GoldSentence]) -> list[Prediction]:
    """Analyse each sentence as a one-sentence article with the configured pipeline."""
    from ..api import Analyzer
    from ..document import CleanDocument
    from ..pipeline import StageError
    from ..stages.events import find_triggers

    analyzer = Analyzer()
    out = []
    for s in sentences:
        try:
            art = analyzer.analyze(CleanDocument(id=s.id, text=s.text, published=s.date))
        except StageError:
            out.append(Prediction(NONE, None, None, None, ()))
            continue
        countries = tuple(dict.fromkeys(
            e.country for e in sorted(art.entities, key=lambda e: min((m.start for m in e.mentions), default=0))
            if e.country))
        if art.events:
            ev = art.events[0]
            src = next((a.country for a in ev.actors if a.role == "source" and a.country), None)
            tgt = next((a.country for a in ev.actors if a.role == "target" and a.country), None)
            out.append(Prediction(ev.type, ev.cameo, src, tgt, countries))
            continue
        hits = find_triggers(s.text, art.language or "en")
        out.append(Prediction(hits[0].type if hits else NONE, hits[0].cameo if hits else None, None, None, countries))
    return out


# --------------------------------------------------------------------------- scoring
def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Mean F1 over the gold labels (a label predicted but never gold costs precision only)."""
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        cell = PRF()
        cell.add(sum(1 for g, p in zip(gold, predicted) if g == p == label),
                 sum(1 for p in predicted if p == label), sum(1 for g in gold if g == label))
        scores.append(cell.f1)
    return sum(scores) / len(scores) if scores else 0.0


def accuracy(pairs: Iterable[tuple[Any, Any]], right: Callable[[Any, Any], bool] = lambda g, p: g == p) -> float:
    items = list(pairs)
    return sum(1 for g, p in items if right(g, p)) / len(items) if items else 0.0


def _country_right(gold_codes: tuple[str, ...], predicted: str | None) -> bool:
    return predicted is not None and predicted in gold_codes


def score_plover(gold: Sequence[GoldSentence], predicted: Sequence[Prediction]) -> Report:
    report = Report(f"plover-gsr: PLOVER event type and actor countries ({len(gold)} sentences)")
    gold_types = [g.type or NONE for g in gold]
    sys_types = [p.type for p in predicted]
    majority = Counter(gold_types).most_common(1)[0][0] if gold_types else NONE
    report.set(SYSTEM, "type accuracy", accuracy(zip(gold_types, sys_types)))
    report.set(MAJORITY, "type accuracy", accuracy((g, majority) for g in gold_types))
    report.set(SYSTEM, "type macro F1", macro_f1(gold_types, sys_types))
    report.set(MAJORITY, "type macro F1", macro_f1(gold_types, [majority] * len(gold_types)))
    for system in (SYSTEM, FIRST_NAMED):
        for side in ("source", "target"):
            pairs = []
            for g, p in zip(gold, predicted):
                codes = tuple(c[:3] for c in (g.sources if side == "source" else g.targets) if len(c) >= 3)
                if not codes:
                    continue
                if system == SYSTEM:
                    guess = p.source_country if side == "source" else p.target_country
                else:
                    named = p.countries_named
                    guess = (named[0] if named else None) if side == "source" else (named[1] if len(named) > 1 else None)
                pairs.append((codes, guess))
            report.set(system, f"{side} country accuracy (n={len(pairs)})", accuracy(pairs, _country_right))
    per_type = Counter((g, p) for g, p in zip(gold_types, sys_types) if g != p)
    report.notes.append("most frequent confusions (gold -> dyadwatch): " +
                        ", ".join(f"{g}->{p} {n}" for (g, p), n in per_type.most_common(6)))
    return report


def score_petrarch(gold: Sequence[GoldSentence], predicted: Sequence[Prediction]) -> Report:
    coded = [(g, p) for g, p in zip(gold, predicted) if g.cameo_roots]
    report = Report(f"cameo-petrarch GSR: CAMEO root code ({len(coded)} coded sentences)")
    roots = Counter(r for g, _ in coded for r in g.cameo_roots)
    majority = roots.most_common(1)[0][0] if roots else "04"
    report.set(SYSTEM, "root accuracy", accuracy(((g.cameo_roots, (p.cameo or "")[:2]) for g, p in coded),
                                                lambda gold_roots, root: root in gold_roots))
    report.set(MAJORITY, "root accuracy", accuracy(((g.cameo_roots, majority) for g, _ in coded),
                                                  lambda gold_roots, root: root in gold_roots))
    uncoded = [(g, p) for g, p in zip(gold, predicted) if not g.cameo_roots]
    if uncoded:
        report.set(SYSTEM, f"no-event sentences left uncoded (n={len(uncoded)})",
                   accuracy((None, p.cameo) for _, p in uncoded))
    return report


def register(app: typer.Typer) -> None:
    @app.command("events")
    def events_command(
        dataset: str = typer.Option("all", "--dataset", help="plover-gsr, cameo-petrarch or all."),
        shared: Path = typer.Option(None, "--shared", help="The shared folder with eval/ (default: ../shared)."),
        limit: int = typer.Option(0, "--limit", help="Score only the first N sentences of each set (0: all)."),
        as_json: bool = typer.Option(False, "--json", help="Print the reports as JSON."),
    ) -> None:
        """Event coding: PLOVER type and actor countries (plover-gsr), CAMEO root code (cameo-petrarch)."""
        root = (shared or default_shared()) / "eval"
        jobs = {
            "plover-gsr": lambda: _run(read_plover_gsr(root / "plover-gsr" / "PLOVER_GSR_CAMEO.txt", limit),
                                       score_plover),
            "cameo-petrarch": lambda: _run(read_petrarch_gsr(
                root / "cameo-petrarch" / "UniversalPetrarch" / "PETR2_GSR_validation.xml", limit), score_petrarch),
        }
        run_jobs(jobs, dataset, as_json)


def _run(gold: list[GoldSentence], scorer: Callable[[Sequence[GoldSentence], Sequence[Prediction]], Report]) -> Report:
    return scorer(gold, predict_all(gold))
