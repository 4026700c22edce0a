"""The analyst's dashboard and JSON API (``dyadwatch serve``); needs the ``[web]`` extra.

>>> from dyadwatch.web import create_app                    # doctest: +SKIP
>>> app = create_app(Settings(db="dyadwatch.db"))            # doctest: +SKIP
"""
from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """See ``dyadwatch.web.app.create_app`` (imported lazily: FastAPI loads only when a dashboard is built)."""
    from .app import create_app as _create_app

    return _create_app(*args, **kwargs)
