"""``dyadwatch eval amounts``: money amounts against two gold sets.

* recognizers: Recognizers-Text CurrencyModel.json (English, lower-cased
  WSJ-style sentences): detection by span overlap, and value + currency
  (value equal, ISO code equal; gold units without an ISO code are mapped
  by ``SPEC_UNIT_ISO``; sub-units like cents have none and score detection
  only).
* nerel: Russian MONEY spans, exact and overlap.

No plain baseline runs beside: there is no off-the-shelf money parser in the
environment, so only dyadwatch's P/R/F1 are printed (the report says so).
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import typer

from ..stages.amounts import find_amounts
from .common import Report, default_shared, run_jobs
from .dates import overlap_tp as _overlap_tp
from .dates import read_brat

SYSTEM = "dyadwatch"

# The spec's unit names that carry no isoCurrency field, as ISO 4217 codes.
# Sub-units (cent, pence, penny, sen, satoshi) have no code: detection only.
SPEC_UNIT_ISO = {
    "Dollar": "USD", "United States dollar": "USD", "Euro": "EUR", "Pound": "GBP", "British pound": "GBP",
    "Chinese yuan": "CNY", "Japanese yen": "JPY", "Franc": "CHF", "Swiss franc": "CHF", "Rupee": "INR",
    "Bitcoin": "XBT", "Finnish markka": "FIM", "Peseta": "ESP", "Netherlands guilder": "NLG",
}


def eval_recognizers(path: Path, limit: int = 0) -> Report:
    cases = json.loads(path.read_text(encoding="utf-8-sig"))[: limit or None]
    report = Report(f"amounts / recognizers-text CurrencyModel (en): {path.name}")
    for case in cases:
        text = case["Input"]
        money = [a for a in find_amounts(text, "en") if a.currency]
        golds = []
        for r in case.get("Results") or ():
            res = r.get("Resolution") or {}
            iso = res.get("isoCurrency") or SPEC_UNIT_ISO.get(res.get("unit", ""))
            try:
                value = float(res.get("value"))
            except (TypeError, ValueError):
                value = None
            golds.append((int(r["Start"]), int(r["End"]) + 1, value, iso))
        spans = [(a.span.start, a.span.end) for a in money]  # type: ignore[union-attr]
        report.prf(SYSTEM, "detect (overlap)").add(
            _overlap_tp(spans, [(gs, ge) for gs, ge, _, _ in golds]), len(money), len(golds))
        valued = [g for g in golds if g[2] is not None and g[3]]
        hits = sum(any(a.span.start < ge and gs < a.span.end and a.currency == iso  # type: ignore[union-attr]
                       and math.isclose(a.value, value, rel_tol=1e-6) for a in money)
                   for gs, ge, value, iso in valued)
        report.prf(SYSTEM, "value + currency").add(hits, len(money), len(valued))
    report.notes.append(f"{len(cases)} cases. No baseline: no plain money parser is available to run beside; "
                        "dyadwatch's P/R/F1 only.")
    return report


def eval_nerel(folder: Path, limit: int = 0) -> Report:
    report = Report(f"amounts / NEREL MONEY spans (ru): {folder}")
    anns = sorted(folder.glob("*.ann"))[: limit or None]
    for ann in anns:
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        golds = read_brat(ann, ["MONEY"])
        money = [(a.span.start, a.span.end) for a in find_amounts(text, "ru") if a.currency]  # type: ignore[union-attr]
        report.prf(SYSTEM, "detect (exact)").add(sum(g in money for g in golds), len(money), len(golds))
        report.prf(SYSTEM, "detect (overlap)").add(_overlap_tp(money, golds), len(money), len(golds))
    report.notes.append(f"{len(anns)} documents. No baseline (see recognizers note).")
    return report


def register(app: typer.Typer) -> None:
    @app.command("amounts")
    def amounts_command(
        dataset: str = typer.Option("all", "--dataset", help="recognizers, nerel or all."),
        shared: Path = typer.Option(None, "--shared", help="The shared folder with eval/ (default: ../shared)."),
        limit: int = typer.Option(0, "--limit", help="Score only the first N cases/documents (0: all)."),
        as_json: bool = typer.Option(False, "--json", help="Print the reports as JSON."),
    ) -> None:
        """Money amounts: value and currency on Recognizers-Text, MONEY spans on NEREL."""
        root = (shared or default_shared()) / "eval"
        jobs = {"recognizers": lambda: eval_recognizers(root / "recognizers-text-specs" / "CurrencyModel.json", limit),
                "nerel": lambda: eval_nerel(root / "nerel" / "NEREL-v1.1" / "test", limit)}
        run_jobs(jobs, dataset, as_json)
