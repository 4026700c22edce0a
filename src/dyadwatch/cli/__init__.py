"""The ``dyadwatch`` command: a thin Typer layer over the Python API.

Each sub-module registers its commands on ``app``; none of them holds logic
beyond translating flags into API calls and results into terminal output.
"""
from __future__ import annotations

import importlib
import logging

from ..threads import single_threaded_blas

single_threaded_blas()  # before any command module can import numpy

import typer  # noqa: E402

app = typer.Typer(
    name="dyadwatch",
    help="News about two countries in; a structured, searchable, evidence-linked record out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


class _StderrHandler(logging.Handler):
    """The library's INFO records (a long migration's progress) on whatever stderr is now."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(f"dyadwatch: {record.getMessage()}", err=True)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"dyadwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """News about two countries in; a structured, searchable, evidence-linked record out."""
    library_log = logging.getLogger("dyadwatch")
    if not any(isinstance(h, _StderrHandler) for h in library_log.handlers):
        library_log.addHandler(_StderrHandler(logging.INFO))
        library_log.setLevel(logging.INFO)


# Modules that register commands, in the order they appear in --help.
COMMAND_MODULES = ("extract", "ingest", "export", "serve", "report", "eval", "info")

for _name in COMMAND_MODULES:
    importlib.import_module(f"dyadwatch.cli.{_name}").register(app)


def main() -> None:
    app()
