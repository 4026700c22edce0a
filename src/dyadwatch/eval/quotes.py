"""``dyadwatch eval quotes``: direct-quote spans against GUM news ``<quote>`` / ``<q>`` annotations.

The article text is rebuilt from GUM's one-token-per-line XML (paragraphs as
lines, PTB quote tags deciding the spacing around quote marks), with the
character span of every ``<quote>`` and ``<q>`` element. A span is compared
without its quote marks and edge punctuation. Scored: exact and overlap
P/R/F1 of dyadwatch's direct quotes, beside the plain baseline "text between
two quote marks" on the same text; "<quote> merged" joins GUM's per-sentence
elements of one long quotation (only whitespace between them). GUM has no speakers in the news genre, so
only spans are scored here (speakers: see ``dyadwatch eval devgold``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import typer

from .common import Report, default_shared

SYSTEM, BASELINE = "dyadwatch", "between quote marks"
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "n't", "'s", "'re", "'ve", "'ll", "'d", "'m",
                   "...", "''"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}
EDGE = " \t\n\"“”«»„'‘’`.,;:!?–—-"


@dataclass(frozen=True)
class GumDoc:
    id: str
    text: str
    dateline: str | None
    quotes: tuple[tuple[int, int], ...]  # <quote> spans
    qs: tuple[tuple[int, int], ...]  # <q> spans


def read_gum_xml(path: Path) -> GumDoc:
    """Rebuild text and quote spans from one GUM vertical XML file."""
    parts: list[str] = []
    pos = 0
    prev_tag = ""
    open_stack: list[tuple[str, int]] = []
    quotes: list[tuple[int, int]] = []
    qs: list[tuple[int, int]] = []
    dateline = None
    new_paragraph = False
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("<"):
            tag = re.match(r"</?(\w+)", line)
            name = tag.group(1) if tag else ""
            if line.startswith("</"):
                if name in ("quote", "q"):
                    for i in range(len(open_stack) - 1, -1, -1):
                        if open_stack[i][0] == name:
                            _, start = open_stack.pop(i)
                            (quotes if name == "quote" else qs).append((start, pos))
                            break
            elif name in ("quote", "q"):
                open_stack.append((name, pos + (1 if parts and not new_paragraph and prev_tag not in NO_SPACE_AFTER
                                                else 0)))
            elif name == "p" and parts:
                new_paragraph = True
            elif name == "date" and dateline is None:
                when = re.search(r'when="(\d{4}-\d{2}-\d{2})"', line)
                dateline = when.group(1) if when else None
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        word, ptb = cols[0], cols[1]
        if parts:
            if new_paragraph:
                sep = "\n"
            elif word in NO_SPACE_BEFORE or ptb == "''" or prev_tag in NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            pos += len(sep)
            # an element opened before this separator starts at the word itself
            open_stack = [(n, s if s <= pos else pos) for n, s in open_stack]
        new_paragraph = False
        parts.append(word)
        pos += len(word)
        prev_tag = "``" if ptb == "``" else word
    return GumDoc(Path(path).stem, "".join(parts), dateline, tuple(quotes), tuple(qs))


def core_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A quotation without its marks, spaces and edge punctuation."""
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def merge_adjacent(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """GUM wraps each sentence of a long quotation in its own element; one quotation is the
    run of elements separated only by whitespace."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start >= merged[-1][1] and not text[merged[-1][1]:start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def baseline_spans(text: str) -> list[tuple[int, int]]:
    """The plain approach: pair quote marks left to right, take what is between."""
    out = []
    for m in re.finditer(r"[\"“«]([^\"”»\n]+)[\"”»]", text):
        out.append((m.start(1), m.end(1)))
    return out


def dyadwatch_spans(doc: GumDoc, analyzer=None) -> list[tuple[int, int]]:
    from ..api import Analyzer
    from ..document import CleanDocument

    analyzer = analyzer or Analyzer()
    art = analyzer.analyze(CleanDocument(id=doc.id, text=doc.text, published=doc.dateline))
    return [(q.start, q.end) for q in art.quotes if q.direct]


@dataclass
class OverlapCounts:
    """Overlap matching: precision over predicted spans that touch a gold span, recall over gold
    spans touched by a prediction."""

    pred_hit: int = 0
    pred: int = 0
    gold_hit: int = 0
    gold: int = 0

    def values(self) -> tuple[float, float, float]:
        p = self.pred_hit / self.pred if self.pred else 0.0
        r = self.gold_hit / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def add_scores(report: Report, overlap: OverlapCounts, system: str, category: str, text: str,
               predicted: Iterable[tuple[int, int]], gold: Iterable[tuple[int, int]]) -> None:
    pred = {core_span(text, s, e) for s, e in predicted}
    gold_set = {core_span(text, s, e) for s, e in gold}
    pred = {p for p in pred if p[1] > p[0]}
    report.prf(system, f"{category} exact").add(len(pred & gold_set), len(pred), len(gold_set))
    overlap.pred += len(pred)
    overlap.gold += len(gold_set)
    overlap.pred_hit += sum(1 for p in pred if any(_overlaps(g, p) for g in gold_set))
    overlap.gold_hit += sum(1 for g in gold_set if any(_overlaps(g, p) for p in pred))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(docs: Sequence[GumDoc]) -> Report:
    from ..api import Analyzer

    analyzer = Analyzer()
    report = Report(f"gum-news quotation spans ({len(docs)} articles)")
    for system in (SYSTEM, BASELINE):
        overlaps = {"<quote>": OverlapCounts(), "<quote> merged": OverlapCounts(), "<quote>+<q>": OverlapCounts()}
        for doc in docs:
            spans = dyadwatch_spans(doc, analyzer) if system == SYSTEM else baseline_spans(doc.text)
            add_scores(report, overlaps["<quote>"], system, "<quote>", doc.text, spans, doc.quotes)
            add_scores(report, overlaps["<quote> merged"], system, "<quote> merged", doc.text, spans,
                       merge_adjacent(doc.text, doc.quotes))
            add_scores(report, overlaps["<quote>+<q>"], system, "<quote>+<q>", doc.text, spans, doc.quotes + doc.qs)
        for category, counts in overlaps.items():
            p, r, f = counts.values()
            report.set(system, f"{category} overlap P", p)
            report.set(system, f"{category} overlap R", r)
            report.set(system, f"{category} overlap F1", f)
    report.notes.append("exact: same span without quote marks and edge punctuation; overlap: precision over "
                        "predicted spans touching a gold span, recall over gold spans touched; merged: GUM's "
                        "per-sentence <quote> elements of one quotation joined when only whitespace separates them")
    return report


def register(app: typer.Typer) -> None:
    @app.command("quotes")
    def quotes_command(
        shared: Path = typer.Option(None, "--shared", help="The shared folder with eval/ (default: ../shared)."),
        limit: int = typer.Option(0, "--limit", help="Score only the first N articles (0: all)."),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    ) -> None:
        """Direct-quote spans on GUM news, dyadwatch beside 'text between quote marks'."""
        folder = (shared or default_shared()) / "eval" / "gum-news" / "xml"
        paths = sorted(folder.glob("GUM_news_*.xml"))
        if limit:
            paths = paths[:limit]
        report = evaluate([read_gum_xml(p) for p in paths])
        if as_json:
            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            report.print()
