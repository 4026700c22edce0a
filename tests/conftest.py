"""Shared test fixtures.

Tests that read ../shared (seeds, gold sets) take the ``shared_dir`` fixture:
it skips with a clear reason on a user's fresh clone, where ../shared is absent,
and runs in CI, where it is present. Set DYADWATCH_SHARED to point elsewhere.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DYADWATCH_SHARED", ROOT.parent / "shared"))
SAMPLES = ROOT / "samples"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared seeds and gold sets sit beside the repo in CI only "
                    f"(set DYADWATCH_SHARED to run these tests elsewhere)")
    return path


@pytest.fixture
def shared_dir() -> Path:
    return shared_path()


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture
def dev_gold_dir() -> Path:
    return shared_path("eval", "dev-gold")


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def no_datasketch(monkeypatch):
    """Imports of datasketch fail, as without the [link] extra installed."""
    import builtins

    real_import = builtins.__import__

    def guarded(name, *args, **kw):
        if name.startswith("datasketch"):
            raise ImportError("No module named 'datasketch'")
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", guarded)
