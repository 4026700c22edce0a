"""Store + linking cost per article when the store already holds N articles (10k, 100k, 1M).

usage: .venv/bin/python -m bench.bench_store [--sizes 10000,100000,1000000] [--probe 1000] [--batches 3]
                                             [--db PATH_OR_URL] [--max-minutes 15]
       .venv/bin/python -m bench.bench_store --check 2000     # fast fill == normal path?
       .venv/bin/python -m bench.bench_store --pg [--no-copy] --sizes 3000   # throwaway PostgreSQL cluster
       .venv/bin/python -m bench.bench_store --peek 300 --db PATH  # link only, nothing written (safe mid-fill)
       .venv/bin/python -m bench.bench_store --per-day 18.26 --sizes 20000,200000 --db PATH  # constant density

What is timed is what ingest does per article after analysis (``ingest._Linking``
and ``Store.write``): an ``_Linking`` over the store-backed index links a
batch of ``--probe`` new articles (``add`` for each, then the linked views of
every touched article), and ``Store.write`` stores them with the index flushed
in the same transaction. One ``_Linking`` serves a level's batches, as one
serves an ingest run's: the first batch reads with a cold cache, the later
ones with what the earlier ones left in it. "link" is add + views + index flush + linking's result rows built and written (the flush and the
results also shown alone: merged events, stories, ledger), "write" the rest
of the transaction. Each level reports the median of ``--batches`` batches,
what they read from disk per article, the process's peak RSS and the
database size. Numbers are printed (and saved to bench/out/store.json),
never asserted.

Page cache. Before a level's probes the B-trees that linking and writing read
(link records and keys, the search index, the child tables' indexes; not the
article bodies) are read into the OS page cache, so a level is timed in the
steady state of a long ingest rather than in whatever state the runs before
this process left (a 1M store is larger than memory here: a dense 1M level
read 470 KiB/article from disk cold, 22-64 warm). ``--cold`` skips it; the disk
column shows how warm a level really ran. Other stores on the same machine
crowd the one under test out of memory: ``--forget A,B`` drops their pages
first, so that ``--db`` runs as if alone, as a user's store does.

Articles are synthetic analysed records (bench/synthetic.py). The store is
filled between levels by a fast path, because linking through the normal path
costs ~25 ms per article here (1M would take about seven hours): the real
``Linker`` and the real ``Store.write`` run on every filler article, but the
linker sees an index that finds persons only (``FilingIndex``). Persons are
merged as ingest merges them (the articles a merge renames are rewritten with
the batch); every other key and record is filed exactly as for an article with
no earlier match, and the story, event and duplicate comparisons are skipped.
The filler is therefore stored unlinked among itself apart from its persons
(each article its own story and duplicate group); articles, child tables,
search rows, entity records and link keys are those the normal path writes
(but for follow-up keys, filed by the normal path for matches it found) —
``--check N`` builds a store both ways and prints where they differ (the
story, event, duplicate and follow-up groupings; see the report it prints).
Stores filled before persons were merged (an earlier version of this file)
leave the merges to the probes, which then rewrite many filler articles.

Density. By default the N articles are spread over a fixed 15 years, so
articles per day grow with N (18 a day at 100k, 183 at 1M), and probes are
dated anywhere in those years: ten times the outlets, every (person, day)
bucket ten times fuller. ``--per-day D`` builds an archive filled in time
order instead (article i is dated i/D days after the start, probes are the
next days' news): the span grows with N at constant density, as a dyad's
archive grows over the years. Issue #7's figure (1M against 100k stored) is
read both ways; the issue notes give both. Use a separate database for each
mode (a database keeps the dates it has).

Each probe batch also prints why earlier articles were rewritten
(``Linker.rewrites``: renamed by a person merge, compared again after one, or
a changed view: a new first article or original, dates to complete).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import text

from dyadwatch.link import REWRITE_CAUSES, Linker
from dyadwatch.records import Article
from dyadwatch.settings import Settings
from dyadwatch.store import Store, open_store
from dyadwatch.link.store_index import StoreLinkIndex
from dyadwatch.store.linked import write_link_rows

from . import pagecache
from .corpus import ROOT
from .synthetic import World, stream

OUT = ROOT / "bench" / "out" / "store.json"


PERSON_KEYS = ("ent|", "pname|")  # the entity linker's blocking keys (link/entities.py)


class FilingIndex(StoreLinkIndex):
    """A store link index that finds persons only: person keys (a person's articles, its name
    blocking keys) are read from the store, every other key finds nothing. The linker merges the
    filler's persons as ingest would, and files every story, event, duplicate and follow-up key
    and record as for an article with no earlier match, without comparing anything.

    Records are read as usual: those of other articles are only asked for through a person."""

    def members(self, key: str, limit: int | None = None) -> Iterable[str]:
        return super().members(key, limit) if key.startswith(PERSON_KEYS) else ()

    def members_many(self, keys: Iterable[str], limit: int | None = None) -> set[str]:
        return super().members_many([k for k in keys if k.startswith(PERSON_KEYS)], limit)

    def members_by_key(self, keys: Iterable[str], limit: int) -> dict[str, list[str]]:
        keys = list(keys)
        found = super().members_by_key([k for k in keys if k.startswith(PERSON_KEYS)], limit)
        return {k: found.get(k, []) for k in keys}


class FastFill:
    """Fills a store batch by batch through the real ``Linker`` over a ``FilingIndex`` and the
    real ``Store.write``; one per level, as ingest keeps one linker per run. Earlier articles
    renamed by a person merge are rewritten with the batch, as ingest rewrites them."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.index = FilingIndex(store)
        self.linker = Linker(settings=settings, index=self.index)

    def __call__(self, articles: Iterable[Article]) -> tuple[int, float]:
        """Store one batch; (articles, seconds in ``Store.write``)."""
        batch = list(articles)
        touched: set[str] = set()
        with self.index.reading():
            for art in batch:
                touched.add(art.id)
                touched.update(self.linker.add(art).affected_articles)
            linked = [self.linker.article(a) for a in sorted(touched)]
        t = time.perf_counter()
        self.store.write(linked, also=self.index.flush)
        return len(batch), time.perf_counter() - t


class NormalFill:
    """Fills a store exactly as ingest does (``_Linking`` + ``Store.write``)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        from dyadwatch.ingest import _Linking

        self.store = store
        self.linking = _Linking(store, settings)

    def __call__(self, articles: Iterable[Article]) -> tuple[int, float]:
        batch = list(articles)
        for art in batch:
            self.linking.add(art)
        t = time.perf_counter()
        self.linking.write()  # the articles as linked, the index and linking's result rows
        return len(batch), time.perf_counter() - t


def work_out_spans(store: Store, settings: Settings, chunk: int = 2000) -> int:
    """Work out the day spans (link/spans.py) of persons filed before spans were kept, as the
    linker would when first asked, so the probes time a store kept by the current code."""
    index = StoreLinkIndex(store)
    spans = Linker(settings=settings, index=index).spans
    ids = sorted(index.ids("entity"))
    done = 0
    for i in range(0, len(ids), chunk):
        done += spans.work_out(ids[i:i + chunk])
        store.write([], also=index.flush)
        index.discard()  # the records were written: keep memory flat
    return done


def next_filler(store: Store, stored: int) -> int:
    """The index of the next filler article: one past the largest stored. Not the stored count: two
    filler articles with the same text are one stored article, and a copy (synthetic.republished) made
    again from a later start would differ from the one already linked under its id."""
    with store.engine.connect() as conn:  # filler ids are syn-NNNNNNN (7 digits), probes 8 from 10,000,000
        last = conn.execute(text("SELECT max(id) FROM articles WHERE id LIKE 'syn-%' AND length(id) = 11")
                            ).scalar_one()
    return int(last[4:]) + 1 if last else stored


def probe(store: Store, linking: Any, articles: list[Article]) -> dict[str, float]:
    """Link and write one batch as ingest does; ms per article for each part.

    ``linking`` is an ``ingest._Linking`` kept across a level's batches, as one ingest run keeps
    one across its batches (its record cache is warm after the first)."""
    causes = dict(linking.linker.rewrites)
    # PostgreSQL's reads are its server's, not this process's: not counted
    disk0 = pagecache.disk_read_bytes() if store.dialect == "sqlite" else None
    t0 = time.perf_counter()
    for art in articles:
        linking.add(art)
    out = linking.articles()
    rows = linking.result_rows()  # the merged events, stories and ledger entries the batch touched
    t1 = time.perf_counter()
    flush_s = results_s = 0.0

    def timed_flush(conn: Any) -> None:
        nonlocal flush_s, results_s
        t = time.perf_counter()
        linking.index.flush(conn)
        flush_s = time.perf_counter() - t
        write_link_rows(conn, rows)
        results_s = time.perf_counter() - t - flush_s

    res = store.write(out, also=timed_flush)
    linking.reset()
    t2 = time.perf_counter()
    disk1 = pagecache.disk_read_bytes() if disk0 is not None else None  # None unless both are known
    n = len(articles)
    linked_s = t1 - t0 + flush_s + results_s
    return {"link_ms": linked_s * 1000 / n, "write_ms": (t2 - t0 - linked_s) * 1000 / n,
            "flush_ms": flush_s * 1000 / n, "results_ms": results_s * 1000 / n,
            "disk_kib": (disk1 - disk0) / 1024 / n if disk1 is not None else None,
            "rewritten": res.updated, "stored": res.new,
            **{k: linking.linker.rewrites[k] - causes[k] for k in REWRITE_CAUSES}}


def archive_day(world: World, per_day: float, position: int) -> date:
    """The day of the ``position``-th article of an archive filled in time order, ``per_day`` a day."""
    return world.start + timedelta(days=int(position / per_day))


def peek(db: str, n: int, profile_rows: int = 0, per_day: float | None = None) -> str:
    """Link ``n`` fresh articles against the store as it stands and write nothing: a reading of
    linking cost that can be taken while another process is still filling the same database.
    The same ``n`` articles every time (ids far past any fill or probe), so readings compare."""
    import cProfile
    import io
    import pstats

    from dyadwatch.ingest import _Linking

    with open_store(db) as store:
        stored = store.count()
        world = World()
        day_of = (lambda i: archive_day(world, per_day, stored + i - 50_000_000)) if per_day else None
        arts = list(stream(world, 50_000_000, 50_000_000 + n, copy_share=0.03, day_of=day_of))
        linking = _Linking(store, Settings())
        prof = cProfile.Profile() if profile_rows else None
        t = time.perf_counter()
        if prof:
            prof.enable()
        for art in arts:
            linking.add(art)
        touched = len(linking.articles())
        if prof:
            prof.disable()
        dt = time.perf_counter() - t
    out = (f"stored {stored:,}: link {1000 * dt / n:.2f} ms/article (nothing written), {touched} articles touched, "
           f"earlier articles rewritten by cause {json.dumps(dict(linking.linker.rewrites))}, "
           f"bounded reads {json.dumps(linking.linker.stats())}, per article: "
           f"{', '.join(f'{k} {v / n:.0f}' for k, v in sorted(linking.index.reads.items()))}")
    if prof:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(profile_rows)
        out += "\n" + buf.getvalue()
    return out


# ---------------------------------------------------------------------- measurements
def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def db_size_mb(store: Store) -> float:
    if store.dialect == "sqlite":
        base = store.engine.url.database or ""
        return sum(os.path.getsize(p) for p in (base, base + "-wal") if os.path.exists(p)) / 2**20
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one() / 2**20


def run(db: str, sizes: list[int], probe_n: int, batches: int, fill_batch: int, max_minutes: float,
        log: Callable[[str], None], per_day: float | None = None, warm: bool = True) -> list[dict[str, Any]]:
    settings = Settings()
    world = World()
    rows: list[dict[str, Any]] = []
    t_start = time.perf_counter()
    with open_store(db) as store:
        stored = store.count()
        # Probe articles: ids and bodies never used by the filler, nor by the probes of an earlier run on
        # this database (those are stored: probing them again would time articles already known).
        next_id = 10_000_000 + 2 * stored
        fill_rate = None  # seconds per filler article, measured as we go
        for size in sizes:
            if stored < size:
                need = size - stored
                left = max_minutes * 60 - (time.perf_counter() - t_start)
                if fill_rate is not None and fill_rate * need > left:
                    log(f"skip {size:,}: filling {need:,} more would take ~{fill_rate * need / 60:.0f} min, "
                        f"{left / 60:.1f} min left of --max-minutes")
                    rows.append({"n": size, "skipped": f"fill needs ~{fill_rate * need / 60:.0f} min"})
                    break
                start = next_filler(store, stored)
                gen = stream(world, start, start + need,
                             day_of=(lambda i: archive_day(world, per_day, i)) if per_day else None)
                t_fill = time.perf_counter()
                fill = FastFill(store, settings)
                while True:
                    batch = list(islice(gen, fill_batch))
                    if not batch:
                        break
                    n, write_s = fill(batch)
                    stored += n
                    done = stored - (size - need)
                    fill_rate = (time.perf_counter() - t_fill) / done
                    log(f"  fill {stored:>9,} / {size:,}  {1000 * fill_rate:.2f} ms/article "
                        f"(Store.write {1000 * write_s / n:.2f})  eta {fill_rate * (size - stored) / 60:.1f} min  "
                        f"rss {rss_mb():.0f} MB")
            if batches == 0:  # --batches 0: fill only (probe later, e.g. with newer code)
                log(f"level {size:,}: filled, {stored:,} stored, not probed")
                continue
            from dyadwatch.ingest import _Linking

            t = time.perf_counter()
            worked = work_out_spans(store, settings)
            log(f"  day spans worked out for {worked:,} persons filed before spans were kept "
                f"({time.perf_counter() - t:.0f} s, not timed)")
            store.refresh_statistics()  # PostgreSQL: planner statistics after the fill, as ingest keeps them
            warmed = 0
            if warm:  # the steady state of a long ingest, whatever ran before this process (see pagecache.py)
                warmed, secs = pagecache.warm(store)
                if warmed:
                    log(f"  page cache: {warmed / 1e9:.2f} GB of link records, keys and indexes read in {secs:.0f} s "
                        "(not timed)")
                else:
                    log("  page cache: not warmed (no dbstat or pg_prewarm here)")
            linking = _Linking(store, settings)  # one per level, as one per ingest run
            measured = []
            for b in range(batches):
                # with --per-day the probes are the next days' news: dated after everything stored
                day_of = ((lambda i, base=stored, first=next_id: archive_day(world, per_day, base + i - first))
                          if per_day else None)
                arts = list(stream(world, next_id, next_id + probe_n, copy_share=0.03, day_of=day_of))
                next_id += probe_n
                m = probe(store, linking, arts)
                stored += m["stored"]
                measured.append(m)
                log(f"  probe {b + 1}/{batches} at {size:,}: link {m['link_ms']:.2f} ms/article "
                    f"(index flush {m['flush_ms']:.2f}, results {m['results_ms']:.2f}), "
                    f"write {m['write_ms']:.2f} ms/article, {m['rewritten']} earlier articles rewritten "
                    f"({', '.join(f'{k} {m[k]}' for k in REWRITE_CAUSES)})"
                    + (f", {m['disk_kib']:.0f} KiB/article read from disk" if m["disk_kib"] is not None else ""))
            row = {"n": size, "stored": stored, "per_day": per_day,
                   "link_ms": statistics.median(m["link_ms"] for m in measured),
                   "write_ms": statistics.median(m["write_ms"] for m in measured),
                   "flush_ms": statistics.median(m["flush_ms"] for m in measured),
                   "results_ms": statistics.median(m["results_ms"] for m in measured),
                   "disk_kib": (statistics.median(m["disk_kib"] for m in measured)
                                if all(m["disk_kib"] is not None for m in measured) else None),
                   "warmed_gb": round(warmed / 1e9, 2),
                   "rewritten": statistics.median(m["rewritten"] for m in measured),
                   **{k: statistics.median(m[k] for m in measured) for k in REWRITE_CAUSES},
                   "peak_rss_mb": round(peak_rss_mb(), 1), "rss_mb": round(rss_mb(), 1),
                   "db_mb": round(db_size_mb(store), 1)}
            rows.append(row)
            log(f"level {size:,}: {json.dumps(row)}")
            save(rows, db)
    return rows


def save(rows: list[dict[str, Any]], db: str) -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"db": db.split("@")[-1], "rows": rows}, indent=1) + "\n", encoding="utf-8")


def table(rows: list[dict[str, Any]]) -> str:
    base = next((r for r in rows if r["n"] == 100_000 and "link_ms" in r), None)
    # "stored": what the store held after the level's probes; a store probed before holds more than its level
    lines = [f"{'level':>10} {'stored':>10} {'write ms/art':>13} {'link ms/art':>12} {'total':>8} "
             f"{'ratio vs 100k':>14} {'rewritten/batch':>16} {'disk KiB/art':>13} {'peak RSS MB':>12} {'DB MB':>9}"]
    for r in rows:
        if "skipped" in r:
            lines.append(f"{r['n']:>10,} skipped: {r['skipped']}")
            continue
        total = r["write_ms"] + r["link_ms"]
        ratio = f"{total / (base['write_ms'] + base['link_ms']):.2f}x" if base else "-"
        disk = "-" if r.get("disk_kib") is None else f"{r['disk_kib']:.0f}"
        lines.append(f"{r['n']:>10,} {r['stored']:>10,} {r['write_ms']:>13.2f} {r['link_ms']:>12.2f} {total:>8.2f} "
                     f"{ratio:>14} {r['rewritten']:>16.0f} {disk:>13} {r['peak_rss_mb']:>12.0f} {r['db_mb']:>9.0f}")
    measured = [r for r in rows if "link_ms" in r]
    for a, b in zip(measured, measured[1:]):  # is linking flat as the store grows?
        lines.append(f"link ms/article at {b['n']:,} / at {a['n']:,}: {b['link_ms'] / a['link_ms']:.2f}x, "
                     f"write {b['write_ms'] / a['write_ms']:.2f}x")
    return "\n".join(lines)


# ---------------------------------------------------------------------- a throwaway PostgreSQL
@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL cluster in a temporary folder (as tests/pg_fixture.py makes one), its URL, then gone."""
    import glob
    import shutil
    import socket
    import subprocess
    import tempfile

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise SystemExit("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    bindir = Path(found[-1]).parent
    as_server = (lambda cmd: ["runuser", "-u", "postgres", "--", *cmd]) if os.geteuid() == 0 else (lambda cmd: cmd)
    root = Path(tempfile.mkdtemp(prefix="dyadwatch-bench-pg-"))
    root.chmod(0o755)
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        import pwd

        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        os.chown(sock, pw.pw_uid, pw.pw_gid)
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        port = sk.getsockname()[1]
    subprocess.run(as_server([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                              "--locale=C.UTF-8", "--lc-collate=C"]), check=True, capture_output=True)
    subprocess.run(as_server([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w",
                              "-o", f"-p {port} -k {sock} -c listen_addresses=127.0.0.1", "start"]),
                   check=True, capture_output=True)
    try:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        yield f"postgresql://postgres@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(as_server([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="stored-article levels, comma-separated")
    ap.add_argument("--probe", type=int, default=1000, help="new articles per timed batch")
    ap.add_argument("--batches", type=int, default=3, help="timed batches per level (median reported); 0 fills only")
    ap.add_argument("--fill-batch", type=int, default=5000, help="articles per fill transaction")
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "store-bench.db"),
                    help="SQLite path or postgresql:// URL (filled from where it stands)")
    ap.add_argument("--max-minutes", type=float, default=15.0, help="skip levels the fill cannot reach in time")
    ap.add_argument("--check", type=int, default=0, help="compare fast and normal fill on N articles, then exit")
    ap.add_argument("--pg", action="store_true", help="run on a throwaway PostgreSQL cluster instead of --db")
    ap.add_argument("--no-copy", action="store_true", help="PostgreSQL: row-by-row INSERTs instead of COPY")
    ap.add_argument("--peek", type=int, default=0, help="link N fresh articles against --db as it stands, write "
                    "nothing, print ms/article, then exit")
    ap.add_argument("--profile", type=int, default=0, help="with --peek: print the top N functions by cumulative time")
    ap.add_argument("--per-day", type=float, default=None, help="constant density: an archive filled in time order "
                    "with this many articles a day (span grows with N); default: N spread over a fixed 15 years")
    ap.add_argument("--cold", action="store_true", help="probe with the page cache as it stands, instead of first "
                    "reading the link records, keys and indexes into it (see bench/pagecache.py)")
    ap.add_argument("--forget", default="", help="comma-separated files (other stores on this machine) whose pages "
                    "are dropped from the OS page cache first, so that --db runs as if alone")
    args = ap.parse_args(argv)
    if args.forget:
        pagecache.forget(args.forget.split(","))
    if args.no_copy:
        from dyadwatch.store import postgres

        postgres.COPY_MIN_ROWS = 10**9

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    if args.peek:
        print(peek(args.db, args.peek, args.profile, args.per_day))
        return
    if args.check:
        from .store_check import check

        report = check(args.check, Path(args.db).parent, min(args.fill_batch, 1000), log)
        for k, v in report.items():
            print(f"{k:>34}: {v}")
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with throwaway_postgres() if args.pg else nullcontext(args.db) as db:
        rows = run(db, sizes, args.probe, args.batches, args.fill_batch, args.max_minutes, log, args.per_day,
                   warm=not args.cold)
    print(table(rows))


if __name__ == "__main__":
    main()
