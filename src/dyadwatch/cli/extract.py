"""``dyadwatch extract``: analyse files without a database, write contract objects."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.text import Text

from ..api import Analyzer, extract
from ..read import ReadFailure
from .common import load_settings, plain

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_cmd(
        paths: List[str] = typer.Argument(..., help="Files, folders (recursive) or globs."),
        format: str = typer.Option("jsonl", "--format", "-f", help="jsonl (one object per line) or json (a list)."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
        config: Optional[Path] = typer.Option(None, "--config", help="A dyadwatch.toml settings file."),
        link: bool = typer.Option(True, "--link/--no-link", help="Link the articles with each other (duplicates, "
                                  "stories, dates from siblings); --no-link streams each article as it is done."),
    ) -> None:
        """Run the pipeline over PATHS and write one export-contract object per article."""
        if format not in ("jsonl", "json"):
            raise typer.BadParameter("format must be jsonl or json", param_hint="--format")
        settings = load_settings(config)
        out = output.open("w", encoding="utf-8") if output else sys.stdout
        failures = 0
        rows = []
        linked: list = []

        def write(article) -> None:
            obj = article.to_dict()
            if format == "jsonl":
                out.write(json.dumps(obj, ensure_ascii=False) + "\n")
            else:
                rows.append(obj)
        try:
            for item in extract(paths, analyzer=Analyzer(settings)):
                if isinstance(item, ReadFailure):
                    failures += 1
                    err.print(Text.assemble(("skipped", "yellow"), " ", plain(item.path), ": ", plain(item.reason)))
                    continue
                if link:
                    linked.append(item)
                    continue
                write(item)
            if link:
                from ..link import link_all

                for art in link_all(linked, settings=settings).articles:
                    write(art)
            if format == "json":
                json.dump(rows, out, ensure_ascii=False, indent=1)
                out.write("\n")
        finally:
            if output:
                out.close()
        if failures:
            err.print(f"{failures} input(s) skipped")
