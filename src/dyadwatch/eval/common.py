"""P/R/F1 arithmetic and side-by-side report tables shared by the eval tasks."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table


def default_shared() -> Path:
    """../shared beside the repo (or DYADWATCH_SHARED)."""
    env = os.environ.get("DYADWATCH_SHARED")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent.parent / "shared" / "eval").is_dir():
            return parent.parent / "shared"
    return Path.cwd().parent / "shared"


@dataclass
class PRF:
    """Counts for one (system, category) cell; P/R/F1 derive from them."""

    tp: float = 0
    sys: float = 0
    gold: float = 0

    def add(self, tp: float, sys: float, gold: float) -> None:
        self.tp += tp
        self.sys += sys
        self.gold += gold

    @property
    def p(self) -> float:
        return self.tp / self.sys if self.sys else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Rows of (system, metric/category) -> PRF or a plain number, printed side by side."""

    title: str
    rows: dict[tuple[str, str], PRF | float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def prf(self, system: str, category: str) -> PRF:
        key = (system, category)
        if key not in self.rows:
            self.rows[key] = PRF()
        return self.rows[key]  # type: ignore[return-value]

    def set(self, system: str, metric: str, value: float) -> None:
        self.rows[(system, metric)] = value

    def to_dict(self) -> dict:
        out: dict = {"title": self.title, "rows": [], "notes": self.notes}
        for (system, cat), v in self.rows.items():
            if isinstance(v, PRF):
                out["rows"].append({"system": system, "category": cat, "p": round(v.p, 4), "r": round(v.r, 4),
                                    "f1": round(v.f1, 4), "tp": v.tp, "sys": v.sys, "gold": v.gold})
            else:
                out["rows"].append({"system": system, "category": cat, "value": round(v, 4)})
        return out

    def print(self, console: Console | None = None) -> None:
        console = console or Console()
        table = Table(title=self.title)
        for col in ("system", "category", "P", "R", "F1", "tp/sys/gold"):
            table.add_column(col, justify="left" if col in ("system", "category") else "right")
        for (system, cat), v in self.rows.items():
            if isinstance(v, PRF):
                table.add_row(system, cat, f"{v.p:.3f}", f"{v.r:.3f}", f"{v.f1:.3f}",
                              f"{v.tp:g}/{v.sys:g}/{v.gold:g}")
            else:
                table.add_row(system, cat, "", "", f"{v:.3f}", "")
        console.print(table)
        for note in self.notes:
            console.print(f"[dim]{note}[/]")


def run_jobs(jobs: dict, dataset: str, as_json: bool) -> None:
    """Run the named eval job (or all of them) and print each report, as a table or JSON lines."""
    names = list(jobs) if dataset == "all" else [dataset]
    for name in names:
        if name not in jobs:
            raise typer.BadParameter(f"unknown dataset {name!r}; choose from {', '.join(jobs)} or all")
        report = jobs[name]()
        if as_json:
            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            report.print()
