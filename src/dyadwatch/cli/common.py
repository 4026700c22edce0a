"""Options shared by several commands; their help comes from ``Settings``."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..settings import Settings

ConfigOption = typer.Option(None, "--config", help="A dyadwatch.toml settings file.")


def db_option() -> typer.models.OptionInfo:
    return typer.Option(None, "--db", help=Settings.help("db"))


def load_settings(config: Optional[Path] = None, **overrides) -> Settings:
    return Settings.load(config, **overrides)
