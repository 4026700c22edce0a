"""Options shared by several commands; their help comes from ``Settings``."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

import typer
from rich.text import Text

from ..settings import Settings

ConfigOption = typer.Option(None, "--config", help="A dyadwatch.toml settings file.")


def db_option() -> typer.models.OptionInfo:
    return typer.Option(None, "--db", help=Settings.help("db"))


def load_settings(config: Optional[Path] = None, **overrides) -> Settings:
    return Settings.load(config, **overrides)


# C0/C1 controls (ESC starts terminal escape sequences) and the bidirectional overrides that
# reorder what a terminal shows: file names and reasons come from the input, never trusted.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escaped(value: Any) -> str:
    """``value`` as text with control characters written as escapes (``\\x1b``, ``\\u202e``)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))


def plain(value: Any, style: str = "") -> Text:
    """Input-derived text for a rich console: controls escaped, and no [markup] interpreted."""
    return Text(escaped(value), style=style)
