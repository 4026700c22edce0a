"""``dyadwatch serve``: the dashboard and JSON API over a store (``dyadwatch.web``)."""
from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Optional

import typer

from ..settings import Settings
from .common import load_settings


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_cmd(
        db: Optional[str] = typer.Option(None, "--db", help=Settings.help("db")),
        host: Optional[str] = typer.Option(None, "--host", help=Settings.help("host")),
        port: Optional[int] = typer.Option(None, "--port", help=Settings.help("port")),
        token: Optional[str] = typer.Option(None, "--token", envvar="DYADWATCH_TOKEN", help=Settings.help("token")),
        config: Optional[Path] = typer.Option(None, "--config", help="A dyadwatch.toml settings file."),
        log_level: str = typer.Option("info", "--log-level", help="uvicorn log level (debug, info, warning)."),
    ) -> None:
        """Serve the dashboard (pages + JSON API under /api) for a database."""
        settings = load_settings(config, db=db, host=host, port=port, token=token)
        if not is_loopback(settings.host) and not settings.token:
            typer.echo(f"refusing to serve on {settings.host} without a token: set --token (or DYADWATCH_TOKEN) "
                       f"so the dashboard is not open to the network", err=True)
            raise typer.Exit(2)
        if "://" not in settings.db and not Path(settings.db).exists():
            typer.echo(f"no database at {settings.db}: run `dyadwatch ingest PATH --db {settings.db}` first", err=True)
            raise typer.Exit(2)
        import uvicorn

        from ..web.app import create_app

        from ..link.storage import upgrade
        from ..store import open_store

        store = open_store(settings.db)
        # a store linked by an earlier version is relinked first (once); one another process is
        # relinking is served as linked so far
        upgrade(store, settings, wait=False)
        web_app = create_app(store, settings)
        typer.echo(f"dyadwatch dashboard on http://{settings.host}:{settings.port}/ (database {settings.db})", err=True)
        uvicorn.run(web_app, host=settings.host, port=settings.port, log_level=log_level)
