"""Linking time per article as the stored corpus grows (10k, 100k articles).

usage: .venv/bin/python bench/bench_link.py [--sizes 1000,10000] [--probe 500] [--max-seconds 60]

Builds a synthetic corpus of analysed Article records (random dates over ten
years, a pool of people and places, two-actor meetings, 5% re-published
copies, 10% commitments, 10% sentences following up a promised sum), adds it to a ``Linker`` and times the next
``--probe`` additions at each size: if blocking works, milliseconds per
article stay flat as the corpus grows. Beside it: datasketch's own
``MinHashLSH`` insert + query on the same texts, the plain library a user
would reach for to find duplicates alone. A size that would take longer than
``--max-seconds`` to build is skipped and reported.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta

from dyadwatch.document import content_hash
from dyadwatch.link import Linker
from dyadwatch.link.duplicates import signature
from dyadwatch.records import Actor, Amount, Article, Commitment, Entity, Event, PartialDate, Place, Span

WORDS = ("trade energy migration loan school border visit minister talks cooperation investment railway "
         "agreement customs gas hydropower education students flights security culture language treaty "
         "summit union budget reform health grant road plant export import tariff quota labour").split()


def make_corpus(n: int, seed: int = 11) -> list[Article]:
    rnd = random.Random(seed)
    persons = [(f"dw:p{i}", f"Person{i} Surname{i}", rnd.choice(["KGZ", "RUS"])) for i in range(400)]
    places = [(f"dw:place{i}", f"City{i}", rnd.choice(["KGZ", "RUS"])) for i in range(40)]
    start = date(2015, 1, 1)
    out: list[Article] = []
    for i in range(n):
        if out and rnd.random() < 0.05:  # a re-published copy
            src = rnd.choice(out[-200:])
            out.append(Article(id=f"a{i:06d}", text=src.text, language=src.language, source="copy.example",
                               published=(date.fromisoformat(src.published[:10]) + timedelta(days=1)).isoformat(),
                               entities=src.entities, events=src.events, content_hash=src.content_hash))
            continue
        day = start + timedelta(days=rnd.randrange(3650))
        words = [rnd.choice(WORDS) for _ in range(90)]
        a, b = rnd.sample(persons, 2)
        pl = rnd.choice(places)
        text = f"{a[1]} met {b[1]} in {pl[1]}. " + " ".join(words) + "."
        amounts: tuple[Amount, ...] = ()
        if rnd.random() < 0.1:  # a sentence following up some earlier promise
            value = rnd.randrange(1, 500) * 1_000_000
            money = f"${value // 1_000_000} million"
            text += f" The promised {rnd.choice(WORDS)} of {money} was disbursed by Russia."
            at = text.index(money)
            amounts = (Amount(value, money, "USD", span=Span(at, at + len(money), money)),)
        ents = tuple(Entity(pid, name, "PERSON", c, known=True) for pid, name, c in (a, b)) + (
            Entity(pl[0], pl[1], "GPE", pl[2], known=True), Entity("Q159", "Russia", "GPE", "RUS", known=True))
        ev = Event("CONSULT", Span(0, len(a[1]), a[1]), mode="meeting",
                   actors=(Actor(a[1], a[0], a[2]), Actor(b[1], b[0], b[2])),
                   date=PartialDate(day.year, day.month, day.day), place=Place(pl[1], pl[2], pl[0]), id="e1")
        commitments: tuple[Commitment, ...] = ()
        if rnd.random() < 0.1:
            value = rnd.randrange(1, 500) * 1_000_000
            what = rnd.choice(["loan", "grant", "school", "investment", "flights", "railway"])
            commitments = (Commitment(what, Span(0, 4, text[:4]), Actor("Russia", None, "RUS"),
                                      Amount(value, f"${value}", "USD")),)
        out.append(Article(id=f"a{i:06d}", text=text, language="en", source="bench.example",
                           published=day.isoformat(), entities=ents, events=(ev,), commitments=commitments,
                           amounts=amounts,
                           content_hash=content_hash(text)))
    return out


def time_linker(corpus: list[Article], sizes: list[int], probe: int, budget: float) -> list[tuple[int, float]]:
    linker = Linker()
    rows = []
    done = 0
    t_build = time.perf_counter()
    for size in sizes:
        if size + probe > len(corpus):
            break
        elapsed = time.perf_counter() - t_build
        rate = elapsed / max(done, 1)
        if done and rate * (size - done) > budget:
            print(f"  skipped {size}: building it would take ~{rate * (size - done):.0f}s > --max-seconds",
                  file=sys.stderr)
            break
        for art in corpus[done:size]:
            linker.add(art)
        done = size
        t0 = time.perf_counter()
        for art in corpus[done:done + probe]:
            linker.add(art)
        rows.append((size, (time.perf_counter() - t0) / probe * 1000))
        done += probe
    return rows


def time_datasketch(corpus: list[Article], sizes: list[int], probe: int) -> dict[int, float]:
    from datasketch import MinHashLSH

    from dyadwatch.link import LinkConfig

    cfg = LinkConfig()
    sigs = []
    lsh = MinHashLSH(threshold=cfg.duplicate_threshold, num_perm=cfg.num_perm)
    out = {}
    done = 0
    from datasketch import MinHash

    for size in sizes:
        if size + probe > len(corpus):
            break
        for art in corpus[done:size]:
            lsh.insert(art.id, MinHash(num_perm=cfg.num_perm, hashvalues=signature(art.text, cfg), scheme="affine32"))
        done = size
        t0 = time.perf_counter()
        for art in corpus[done:done + probe]:
            m = MinHash(num_perm=cfg.num_perm, hashvalues=signature(art.text, cfg), scheme="affine32")
            sigs.append(lsh.query(m))
            lsh.insert(art.id, m)
        out[size] = (time.perf_counter() - t0) / probe * 1000
        done += probe
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="stored-corpus sizes to time at, comma-separated")
    ap.add_argument("--probe", type=int, default=500, help="articles timed at each size")
    ap.add_argument("--max-seconds", type=float, default=60.0, help="skip sizes that take longer to build")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    corpus = make_corpus(max(sizes) + args.probe)
    linker_rows = time_linker(corpus, sizes, args.probe, args.max_seconds)
    plain = time_datasketch(corpus, [s for s, _ in linker_rows], args.probe)
    print(f"{'stored articles':>16} {'Linker.add ms/article':>22} {'datasketch LSH only ms/article':>31}")
    for size, ms in linker_rows:
        print(f"{size:>16} {ms:>22.2f} {plain.get(size, float('nan')):>31.2f}")


if __name__ == "__main__":
    main()
