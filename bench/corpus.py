"""Make benchmark corpora of 1k/10k/100k varied articles.

Sources, mixed: the bundled sample corpus (samples/), and the public gold
texts in ../shared/eval (factRuEval and NEREL Russian news, GUM English news,
UNER PUD sentences grouped into pseudo-articles). Articles are varied by
deterministic recombination of paragraphs from different texts of the same
language and a numbered dateline, so near-duplicate detection does not
collapse them and the cost of a run reflects real text, not one article
copied N times.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]


def _paragraphs(text: str) -> list[str]:
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if len(p.strip()) > 40]
    return paras


def source_texts(shared: Path | None) -> dict[str, list[list[str]]]:
    """language -> list of documents, each a list of paragraphs."""
    docs: dict[str, list[list[str]]] = {"en": [], "ru": []}
    for path in sorted((ROOT / "samples").glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        lang = "ru" if len(re.findall(r"[а-яА-Я]", text)) > len(text) * 0.3 else "en"
        docs[lang].append(_paragraphs(text))
    if shared and (shared / "eval").is_dir():
        ev = shared / "eval"
        for path in sorted((ev / "factRuEval-2016").glob("*/*.txt")):
            docs["ru"].append(_paragraphs(path.read_text(encoding="utf-8")))
        for path in sorted((ev / "nerel").glob("**/*.txt")):
            docs["ru"].append(_paragraphs(path.read_text(encoding="utf-8")))
        for path in sorted((ev / "gum-news" / "xml").glob("*.xml")):
            words = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()
                     if line and not line.startswith("<")]
            text = " ".join(words)
            docs["en"].append([text[i:i + 600] for i in range(0, len(text), 600)])
        for lang, name in (("en", "UNER_English-PUD"), ("ru", "UNER_Russian-PUD")):
            for path in sorted((ev / "uner-pud" / name).glob("*.iob2")):
                sents = [line[len("# text = "):] for line in path.read_text(encoding="utf-8").splitlines()
                         if line.startswith("# text = ")]
                for i in range(0, len(sents), 6):
                    docs[lang].append([" ".join(sents[i:i + 3]), " ".join(sents[i + 3:i + 6])])
    return {k: [d for d in v if d] for k, v in docs.items()}


def generate(n: int, shared: Path | None, seed: int = 13) -> Iterator[dict]:
    """n article records ({"id", "text", "title", "published"}), deterministic for a seed."""
    pool = source_texts(shared)
    rng = random.Random(seed)
    langs = [lang for lang in ("en", "ru") if pool[lang]]
    for i in range(n):
        lang = langs[i % len(langs)]
        docs = pool[lang]
        base = docs[rng.randrange(len(docs))]
        other = docs[rng.randrange(len(docs))]
        paras = base[: rng.randint(2, 5)] + other[: rng.randint(0, 2)]
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        yield {"id": f"bench-{n}-{i:06d}", "title": paras[0][:80], "published": f"2024-{month:02d}-{day:02d}",
               "text": "\n\n".join(paras)}


def write_jsonl(n: int, out: Path, shared: Path | None) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for rec in generate(n, shared):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return out
