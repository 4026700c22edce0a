"""``dyadwatch export``: write the store's contract objects (or flat tables) to a file."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ..export import FORMATS, KINDS, export
from ..settings import Settings
from ..store import Filters, open_store
from .common import load_settings

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_cmd(
        kind: str = typer.Argument("articles", help=f"What to export: {', '.join(KINDS)}."),
        db: Optional[str] = typer.Option(None, "--db", help=Settings.help("db")),
        format: str = typer.Option("jsonl", "--format", "-f", help=f"{' | '.join(FORMATS)}."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output file (stdout for jsonl/csv)."),
        date_from: Optional[str] = typer.Option(None, "--from", help="Published on or after (YYYY-MM-DD)."),
        date_to: Optional[str] = typer.Option(None, "--to", help="Published on or before (YYYY-MM-DD)."),
        language: Optional[str] = typer.Option(None, "--language", help="Only this language (ISO 639-1)."),
        source: Optional[str] = typer.Option(None, "--source", help="Only this source."),
        config: Optional[Path] = typer.Option(None, "--config", help="A dyadwatch.toml settings file."),
    ) -> None:
        """Export stored articles (one contract object each) or a flat table of events, entities, ..."""
        if kind not in KINDS:
            raise typer.BadParameter(f"choose one of {', '.join(KINDS)}", param_hint="KIND")
        if format not in FORMATS:
            raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
        if format == "parquet" and output is None:
            raise typer.BadParameter("parquet needs an output file", param_hint="--output")
        settings = load_settings(config, db=db)
        if "://" not in settings.db and not Path(settings.db).exists():
            err.print(f"[red]no database at {settings.db}[/] (run `dyadwatch ingest` first, or pass --db)")
            raise typer.Exit(2)
        filters = Filters(date_from=date_from, date_to=date_to, language=language, source=source)
        from ..link.storage import upgrade

        with open_store(settings.db) as store:
            upgrade(store, settings)  # a store linked by an earlier version is relinked first (once)
            n = export(store, format, output, kind=kind, filters=filters)
        if output is not None:
            err.print(f"{n} {kind} written to {output}")
