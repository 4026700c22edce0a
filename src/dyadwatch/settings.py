"""One settings object: defaults with help, read from a config file and the environment.

Precedence, lowest first: defaults here, ``dyadwatch.toml`` (or the file named
by ``--config`` / ``DYADWATCH_CONFIG``), ``DYADWATCH_<NAME>`` environment
variables, then explicit overrides (CLI flags). The CLI's option help and the
settings table in docs/settings.md both come from the ``help`` metadata below
(`dyadwatch settings` prints it).
"""
from __future__ import annotations

import json
import os
import tomllib
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from .pipeline import DEFAULT_STAGES


def _opt(default: Any, help: str, **kw: Any) -> Any:
    if isinstance(default, (list, dict, tuple)):
        return field(default_factory=lambda d=default: type(d)(d), metadata={"help": help, **kw})
    return field(default=default, metadata={"help": help, **kw})


@dataclass(frozen=True)
class Settings:
    # store
    db: str = _opt("dyadwatch.db", "Database: a SQLite file path, or a SQLAlchemy URL "
                   "(sqlite:///x.db, postgresql://user@host/db).")
    batch_size: int = _opt(50, "Articles written per database transaction during ingest.")
    failure_threshold: float = _opt(0.5, "Ingest exits non-zero when more than this share of files fail.")
    # input
    max_file_bytes: int = _opt(64 * 1024 * 1024, "Files larger than this are rejected with a reason, not read.")
    max_article_chars: int = _opt(1_000_000, "Cleaned articles longer than this are cut, and the cut recorded.")
    article_seconds: float = _opt(120.0, "Time budget for analysing one article, in seconds (0: none). An article "
                                  "past it is recorded in failures with the stage it reached; the batch goes on.")
    follow_links: bool = _opt(False, "Folder walks follow symbolic links that lead out of the folder named "
                              "(off: such a link is reported as a failure, not read).")
    jsonl_fields: dict = _opt({"id": "id", "text": "text", "html": "html", "title": "title", "url": "url",
                               "published": "published", "source": "source"},
                              "Column names of JSONL/CSV dumps: contract field -> column in the file.")
    # analysis
    stages: tuple = _opt(DEFAULT_STAGES, "Analysis stages, in order (see `dyadwatch stages`).")
    languages: tuple = _opt(("en", "ru"), "Languages the analysis supports; others are stored with text only.")
    dyad: tuple = _opt(("KGZ", "RUS"), "The two countries followed, as ISO 3166-1 alpha-3 codes.")
    knowledge_paths: tuple = _opt((), "Extra folders of knowledge files (gazetteers, lexicons, cleaning "
                                  "patterns) that extend or override the bundled ones.")
    # linking
    link: dict = _opt({}, "Cross-article linking thresholds replacing the defaults of "
                      "dyadwatch.link.LinkConfig, by name, e.g. {\"story_window_days\": 10, \"story_bucket_cap\": 4} "
                      "(null lifts a cap); they apply to articles linked from then on.")
    # engine
    engine: str = _opt("auto", "Where per-article work runs: local, process, ray, or auto "
                       "(process on more than one core).")
    workers: int = _opt(0, "Worker processes for the process engine (0: one per core).")
    ray_address: str = _opt("", "Ray cluster address for the ray engine (empty: start a local Ray).")
    # web
    host: str = _opt("127.0.0.1", "Address the dashboard binds to.")
    port: int = _opt(8000, "Port the dashboard listens on.")
    token: str = _opt("", "Access token the dashboard requires; mandatory when host is not loopback.")
    page_size: int = _opt(50, "Default page size of lists and the JSON API.")
    max_page_size: int = _opt(500, "Largest page size the JSON API accepts.")

    @classmethod
    def help(cls, name: str) -> str:
        for f in fields(cls):
            if f.name == name:
                return f.metadata.get("help", "")
        raise KeyError(name)

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        out = {}
        for f in fields(cls):
            out[f.name] = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[misc]
        return out

    @classmethod
    def load(cls, config: str | os.PathLike | None = None, env: Mapping[str, str] | None = None,
             **overrides: Any) -> "Settings":
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        path = config or env.get("DYADWATCH_CONFIG")
        if path is None and Path("dyadwatch.toml").is_file():
            path = "dyadwatch.toml"
        if path:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
            values.update(data.get("dyadwatch", data))
        known = {f.name: f for f in fields(cls)}
        for name, f in known.items():
            raw = env.get(f"DYADWATCH_{name.upper()}")
            if raw is not None:
                values[name] = _coerce(raw, cls.defaults()[name])
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - set(known)
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        for k, v in list(values.items()):
            if isinstance(v, list):
                values[k] = tuple(v)
        return cls(**values)

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def table(cls) -> list[tuple[str, str, str]]:
        """(name, default, help) rows for docs and `dyadwatch settings`."""
        d = cls.defaults()
        return [(f.name, json.dumps(d[f.name], ensure_ascii=False, default=list), f.metadata.get("help", ""))
                for f in fields(cls)]


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, (tuple, list)):
        return tuple(x.strip() for x in raw.split(",") if x.strip())
    if isinstance(default, dict):
        return json.loads(raw)
    return raw
