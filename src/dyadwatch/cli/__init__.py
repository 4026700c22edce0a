"""The ``dyadwatch`` command: a thin Typer layer over the Python API.

Each sub-module registers its commands on ``app``; none of them holds logic
beyond translating flags into API calls and results into terminal output.
"""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="dyadwatch",
    help="News about two countries in; a structured, searchable, evidence-linked record out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

# Modules that register commands, in the order they appear in --help.
COMMAND_MODULES = ("extract",)

for _name in COMMAND_MODULES:
    importlib.import_module(f"dyadwatch.cli.{_name}").register(app)


def main() -> None:
    app()
