"""Cost of one long article: the same text as one paragraph and split into paragraphs.

  python -m bench.bench_long --chars 100000            # 100k characters, both layouts
  python -m bench.bench_long --chars 25000,50000,100000 --layout line

Every stage should be at most slightly super-linear in the text's length (issue #27): the
one-paragraph article should cost about what the same text in paragraphs costs, and doubling
the text should about double the time. Each measurement runs in its own process (models warm
before the clock starts), printing seconds per stage, the total, CPU seconds and peak RSS.
Numbers are printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys

SENTENCES = {  # the repro sentence first; the others give quotes, dates, amounts and names
    "en": ("Kyrgyzstan and Russia discussed migration in Bishkek on Tuesday, Lavrov said. ",
           "Sadyr Japarov held talks with Vladimir Putin in Moscow on 12 March 2025. ",
           "The sides agreed to build 20 schools for $ 100 million by 2027, the ministry said. ",
           "“We will continue the consultations,” said Adylbek Kasymaliev in Osh. "),
    "ru": ("Киргизия и Россия обсудили миграцию в Бишкеке во вторник, сообщил Лавров. ",
           "Садыр Жапаров провёл переговоры с Владимиром Путиным в Москве 12 марта 2025 года. ",
           "Стороны договорились построить 20 школ на 100 млн долларов до 2027 года, сообщили в министерстве. ",
           "«Мы продолжим консультации», – отметил Адылбек Касымалиев в Оше. "),
}


def long_text(chars: int, layout: str, lang: str = "en") -> str:
    """``chars`` characters of news sentences: one line (``line``) or a paragraph per 4 sentences."""
    sentences = SENTENCES[lang]
    out: list[str] = []
    n = 0
    i = 0
    while n < chars:
        s = sentences[i % len(sentences)]
        out.append(s)
        n += len(s)
        i += 1
        if layout == "paragraphs" and i % 4 == 0:
            out.append("\n\n")
    return "".join(out)


def measure(chars: int, layout: str, lang: str = "en") -> dict:
    """Run one article through the full pipeline in this process; seconds per stage and peak RSS."""
    import resource
    import time

    from dyadwatch.api import Analyzer
    from dyadwatch.clean import clean_document
    from dyadwatch.document import RawDocument
    from dyadwatch.settings import Settings

    from dataclasses import fields

    # no budget: measure the whole cost (and run on code from before the budget existed)
    settings = Settings(**({"article_seconds": 0} if "article_seconds" in {f.name for f in fields(Settings)} else {}))
    analyzer = Analyzer(settings)
    analyzer.pipeline.warm_up()
    analyzer.analyze(clean_document(RawDocument(id="warm", content=long_text(2000, layout, lang)), settings))
    analyzer.pipeline.timer.seconds.clear()
    clean = clean_document(RawDocument(id="long", content=long_text(chars, layout, lang)), settings)
    t0, c0 = time.perf_counter(), time.process_time()
    art = analyzer.analyze(clean)
    return {"chars": len(clean.text), "layout": layout, "language": art.language, "seconds": round(time.perf_counter() - t0, 2),
            "cpu": round(time.process_time() - c0, 2), "events": len(art.events),
            "stages": {k: round(v, 2) for k, v in analyzer.pipeline.timer.seconds.items()},
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", default="100000", help="comma-separated article lengths")
    ap.add_argument("--layout", default="line,paragraphs", help="line, paragraphs or both")
    ap.add_argument("--lang", default="en", help="en or ru sentences")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: one measurement, JSON on stdout
    args = ap.parse_args(argv)
    if args.one:
        chars, layout, lang = args.one.split(":")
        print(json.dumps(measure(int(chars), layout, lang)))
        return
    for chars in (int(c) for c in args.chars.split(",")):
        for layout in args.layout.split(","):
            res = subprocess.run([sys.executable, "-m", "bench.bench_long", "--one", f"{chars}:{layout}:{args.lang}"],
                                 capture_output=True, text=True)
            if res.returncode != 0:
                print(f"{chars} {layout}: failed\n{res.stderr[-2000:]}")
                continue
            r = json.loads(res.stdout.strip().splitlines()[-1])
            top = sorted(r["stages"].items(), key=lambda kv: -kv[1])[:4]
            print(f"{r['chars']:>8} chars  {r['layout']:<10} {r['language']}  {r['seconds']:>7.2f} s  cpu {r['cpu']:>7.2f} s  "
                  f"rss {r['peak_rss_mb']:>5} MB  events {r['events']:>5}  "
                  + "  ".join(f"{k} {v:.2f}" for k, v in top), flush=True)


if __name__ == "__main__":
    main()
