"""``dyadwatch eval TASK``: precision/recall/F1 on gold sets, with plain baselines beside.

Each task lives in ``dyadwatch.eval.<module>`` and registers its sub-command
on ``eval_app``; this file only assembles them.
"""
from __future__ import annotations

import importlib

import typer

# dyadwatch.eval modules that register an `eval` sub-command.
EVAL_MODULES = ("ner", "dates", "amounts", "events", "quotes", "speakers", "devgold", "tone", "commitments")

eval_app = typer.Typer(help="Measure quality on gold sets (../shared/eval or your own).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    for name in EVAL_MODULES:
        module = importlib.import_module(f"dyadwatch.eval.{name}")
        module.register(eval_app)
    app.add_typer(eval_app, name="eval")
