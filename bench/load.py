"""Load test of the dashboard: N concurrent clients for T seconds against `dyadwatch serve` on 127.0.0.1.

  python -m bench.load                          50 clients, 60 s, a fresh DB of samples/
  python -m bench.load --clients 20 --seconds 30 --db my.db
  python -m bench.load --json                   the numbers as one JSON object

Without --db, the bundled samples/ (plus --corpus paths) are ingested into a temporary
database with the default pipeline first. The server runs in its own process (one
uvicorn worker, as `dyadwatch serve` starts it); the clients are httpx async clients in
this process, each looping over a mix of pages and JSON calls (lists, filters, search in
both languages, article pages). It stops by itself after --seconds and reports requests,
errors, throughput and latency percentiles overall and per route. A benchmark: numbers
are printed, never asserted.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
DYADWATCH = str(Path(sys.executable).with_name("dyadwatch")) if Path(sys.executable).with_name("dyadwatch").exists() \
    else "dyadwatch"

# (route label, path): what an analyst's browser and scripts ask for
STATIC_MIX = [
    ("overview", "/"), ("api/overview", "/api/overview"),
    ("events", "/events"), ("api/events", "/api/events?limit=20"),
    ("api/events?type", "/api/events?type=CONSULT"),
    ("articles", "/articles"), ("api/articles", "/api/articles?limit=20"),
    ("api/articles?language", "/api/articles?language=ru"),
    ("search en", "/api/search?q=migration"), ("search ru", "/api/search?q=%D0%BC%D0%B8%D0%B3%D1%80%D0%B0%D0%BD%D1%82"),
    ("search page", "/search?q=Putin"), ("api/quotes", "/api/quotes"), ("quotes", "/quotes"),
    ("api/commitments", "/api/commitments"), ("commitments", "/commitments"),
    ("api/entities", "/api/entities?type=PERSON"), ("entities", "/entities"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_db(db: Path, corpus: list[str]) -> None:
    cmd = [DYADWATCH, "ingest", *corpus, "--db", str(db), "--quiet"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"ingest failed:\n{res.stderr[-2000:]}")


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([DYADWATCH, "serve", "--db", str(db), "--port", str(port), "--log-level", "warning"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited: {proc.stderr.read()[-2000:] if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/overview", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    sys.exit("server did not answer within 60 s")


def detail_paths(base: str) -> list[tuple[str, str]]:
    """Article, event and entity pages of the served corpus (ids from the API)."""
    import httpx

    out = []
    with httpx.Client(base_url=base, timeout=10) as c:
        for item in c.get("/api/articles?limit=20").json()["items"][:10]:
            out.append(("article page", f"/articles/{quote(item['id'], safe='')}"))
            out.append(("api/article", f"/api/articles/{quote(item['id'], safe='')}"))
        for item in c.get("/api/events?limit=10").json()["items"][:5]:
            out.append(("event page", f"/events/{quote(item['id'], safe='')}"))
        for item in c.get("/api/entities?limit=10").json()["items"][:5]:
            out.append(("entity page", f"/entities/{quote(item['id'], safe='')}"))
    return out


async def client_loop(base: str, mix: list[tuple[str, str]], stop_at: float, seed: int,
                      results: list[tuple[str, float, int | str]]) -> None:
    import httpx

    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < stop_at:
            label, path = rng.choice(mix)
            t0 = time.perf_counter()
            try:
                res = await client.get(path)
                status: int | str = res.status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            results.append((label, time.perf_counter() - t0, status))


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def summarise(results: list[tuple[str, float, int | str]], seconds: float, clients: int) -> dict:
    def stats(rows: list[tuple[str, float, int | str]]) -> dict:
        lat = sorted(r[1] * 1000 for r in rows)
        errors = [r for r in rows if not (isinstance(r[2], int) and r[2] < 400)]
        return {"requests": len(rows), "errors": len(errors),
                "error_kinds": sorted({str(r[2]) for r in errors}),
                "p50_ms": round(percentile(lat, 50), 1), "p90_ms": round(percentile(lat, 90), 1),
                "p99_ms": round(percentile(lat, 99), 1), "max_ms": round(lat[-1], 1) if lat else None,
                "mean_ms": round(statistics.fmean(lat), 1) if lat else None}

    by_route: dict[str, list] = defaultdict(list)
    for r in results:
        by_route[r[0]].append(r)
    overall = stats(results)
    overall.update(clients=clients, seconds=round(seconds, 1), requests_per_s=round(len(results) / seconds, 1))
    return {"overall": overall, "routes": {k: stats(v) for k, v in sorted(by_route.items())}}


def print_report(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    o = summary["overall"]
    table = Table(title=f"dyadwatch serve: {o['clients']} clients for {o['seconds']} s — {o['requests']} requests, "
                        f"{o['errors']} errors, {o['requests_per_s']} req/s")
    for col in ("route", "requests", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms"):
        table.add_column(col, justify="right" if col != "route" else "left")
    for name, s in [("ALL", o), *summary["routes"].items()]:
        table.add_row(name, str(s["requests"]), str(s["errors"]), str(s["p50_ms"]), str(s["p90_ms"]),
                      str(s["p99_ms"]), str(s["max_ms"]))
    Console().print(table)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--db", help="serve this database instead of building one from samples/")
    ap.add_argument("--corpus", nargs="*", default=[], help="extra paths to ingest into the fresh database")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "load.db"
        if not args.db:
            build_db(db, [str(ROOT / "samples"), *args.corpus])
        port = free_port()
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            mix = STATIC_MIX * 2 + detail_paths(base)  # lists and search weigh as much as detail pages
            results: list[tuple[str, float, int | str]] = []
            t0 = time.monotonic()
            stop_at = t0 + args.seconds

            async def run() -> None:
                await asyncio.gather(*(client_loop(base, mix, stop_at, i, results) for i in range(args.clients)))

            asyncio.run(run())
            elapsed = time.monotonic() - t0
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        summary = summarise(results, elapsed, args.clients)
        summary["overall"]["server_errors_logged"] = sum(
            1 for line in (server.stderr.read() if server.stderr else "").splitlines() if "Traceback" in line)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print_report(summary)
    return 1 if summary["overall"]["errors"] else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
