"""``dyadwatch ingest``: read, analyse and store files — a thin layer over ``dyadwatch.ingest``."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..ingest import IngestReport, ingest
from ..settings import Settings
from .common import load_settings, plain

err = Console(stderr=True)
SHOWN_FAILURES = 20


def summary_table(report: IngestReport, db: str) -> Table:
    table = Table(title=f"ingest into {db}", show_header=True)
    for col in ("read", "new", "already known", "updated", "failed", "seconds"):
        table.add_column(col, justify="right")
    table.add_row(str(report.read), str(report.new), str(report.known), str(report.updated), str(report.failed),
                  f"{report.seconds:.1f}")
    return table


def failures_table(report: IngestReport) -> Table:
    table = Table(title="failures", show_header=True)
    for col in ("path", "record", "stage", "reason"):
        table.add_column(col, overflow="fold")
    for f in report.failures[:SHOWN_FAILURES]:
        table.add_row(plain(f.path), plain(f.id or ""), plain(f.stage), plain(f.reason))
    return table


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_cmd(
        paths: List[str] = typer.Argument(..., help="Files, folders (recursive) or globs."),
        db: Optional[str] = typer.Option(None, "--db", help=Settings.help("db")),
        engine: Optional[str] = typer.Option(None, "--engine", help=Settings.help("engine")),
        workers: Optional[int] = typer.Option(None, "--workers", help=Settings.help("workers")),
        address: Optional[str] = typer.Option(None, "--address", help=Settings.help("ray_address")),
        batch_size: Optional[int] = typer.Option(None, "--batch-size", help=Settings.help("batch_size")),
        config: Optional[Path] = typer.Option(None, "--config", help="A dyadwatch.toml settings file."),
        reanalyse: bool = typer.Option(False, "--reanalyse", help="Analyse stored articles again (after a pipeline "
                                       "or knowledge change) and update those whose result changed."),
        link: bool = typer.Option(True, "--link/--no-link", help="Link each new article to the stored ones "
                                  "(duplicates, merged events, stories, sibling dates)."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """Analyse PATHS and store the articles; already stored ones are skipped, failures recorded."""
        settings = load_settings(config, db=db, engine=engine, workers=workers, ray_address=address,
                                 batch_size=batch_size)
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                      console=err, transient=True, disable=quiet) as bar:
            task = bar.add_task("reading", total=None)

            latest: dict[str, IngestReport] = {}

            def progress(r: IngestReport) -> None:
                latest["report"] = r
                bar.update(task, description=f"read {r.read} · new {r.new} · known {r.known} · failed {r.failed}")

            try:
                report = ingest(paths, settings, progress=progress, reanalyse=reanalyse, link=link)
            except KeyboardInterrupt:
                done = latest["report"].new if latest else 0
                err.print(f"[yellow]interrupted[/]: {done} new article(s) stored in committed batches; "
                          "run the same command again to go on where it stopped")
                raise typer.Exit(130) from None
        err.print(summary_table(report, settings.db))
        if report.failures:
            err.print(failures_table(report))
            if report.failed > SHOWN_FAILURES:
                err.print(f"… and {report.failed - SHOWN_FAILURES} more: all are in the store's failures table")
        for problem in report.link_errors[:SHOWN_FAILURES]:
            err.print(Text.assemble(("stored without links", "yellow"), " ", plain(problem)))
        code = report.exit_code(settings.failure_threshold)
        if code:
            err.print(f"[red]{report.failure_share:.0%} of inputs failed "
                      f"(threshold {settings.failure_threshold:.0%})[/]")
        raise typer.Exit(code)


    @app.command("relink")
    def relink_cmd(
        db: Optional[str] = typer.Option(None, "--db", help=Settings.help("db")),
        config: Optional[Path] = typer.Option(None, "--config", help="A dyadwatch.toml settings file."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """Link every stored article again, from scratch: merged events, stories, the ledger and
        duplicates rebuilt (after `ingest --no-link`, or to link with changed link settings)."""
        from ..link.storage import link_stored
        from ..store import open_store

        settings = load_settings(config, db=db)
        if "://" not in settings.db and not Path(settings.db).exists():
            err.print(f"[red]no database at {settings.db}[/] (run `dyadwatch ingest` first, or pass --db)")
            raise typer.Exit(2)
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                      console=err, transient=True, disable=quiet) as bar:
            task = bar.add_task("relinking", total=None)
            with open_store(settings.db) as store:
                n = link_stored(store, settings, lambda done, total: bar.update(
                    task, total=total, completed=done, description=f"relinked {done:,} of {total:,}"))
        err.print(f"{n:,} articles linked in {settings.db}")

