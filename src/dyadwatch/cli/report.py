"""``dyadwatch report``: a period brief (``dyadwatch.report``) as HTML, Markdown or PDF."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..settings import Settings
from .common import load_settings


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_cmd(
        start: str = typer.Option(..., "--from", help="First day of the period, YYYY-MM-DD."),
        end: str = typer.Option(..., "--to", help="Last day of the period, YYYY-MM-DD."),
        format: str = typer.Option("html", "--format", "-f", help="html, md or pdf."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (required for pdf on a "
                                              "terminal); md also writes its SVG charts beside it."),
        db: Optional[str] = typer.Option(None, "--db", help=Settings.help("db")),
        config: Optional[Path] = typer.Option(None, "--config", help="A dyadwatch.toml settings file."),
    ) -> None:
        """Write a brief of the period: timeline, topics and tone charts, key events, top quotes, commitments due."""
        from ..report import FORMATS, ReportError, build_report
        from ..link.storage import upgrade
        from ..store import open_store

        if format not in FORMATS:
            raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
        if format == "pdf" and output is None and sys.stdout.isatty():
            raise typer.BadParameter("a PDF needs -o FILE (or a redirected stdout)", param_hint="--output")
        settings = load_settings(config, db=db)
        if "://" not in settings.db and not Path(settings.db).exists():
            typer.echo(f"no database at {settings.db}", err=True)
            raise typer.Exit(2)
        charts_dir = output.with_name(output.stem + "_charts") if output is not None and format == "md" else None
        store = open_store(settings.db)
        try:
            upgrade(store, settings)  # a store linked by an earlier version is relinked first (once)
            result = build_report(store, start, end, format, settings=settings, charts_dir=charts_dir,
                                  charts_link=f"{charts_dir.name}/" if charts_dir else "")
        except ReportError as exc:
            typer.echo(f"report failed: {exc}", err=True)
            raise typer.Exit(1)
        finally:
            store.close()
        if output is None:
            if isinstance(result, bytes):
                sys.stdout.buffer.write(result)
            else:
                sys.stdout.write(result)
            return
        if isinstance(result, bytes):
            output.write_bytes(result)
        else:
            output.write_text(result, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)
