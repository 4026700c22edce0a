"""``dyadwatch eval dates``: temporal expressions against three gold sets, dateparser beside.

* recognizers: Recognizers-Text DateTimeModel.json (English, a reference date
  per case). Scored: the ``date`` and ``daterange`` results (the types
  dyadwatch produces); a result is right when a system date overlaps its span
  and names the same day interval (range ends are inclusive here, exclusive
  in the specs). Predictions overlapping only unsupported gold types (times,
  durations, sets) are ignored, not counted wrong.
* gum: GUM news ``<date>`` annotations; reference = the article's dateline.
  ``when``/``from``-``to`` values are scored; ``notBefore``/``notAfter`` only
  for detection.
* nerel: Russian DATE spans (no publication dates: detection only), exact
  and overlap.

The baseline is plain ``dateparser.search_dates`` over the same text with the
same reference date; it returns points, so it can match ranges only when
they are one day long.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import typer

from ..records import PartialDate
from ..stages.dates import extract_dates
from .common import Report, default_shared, run_jobs

Interval = tuple[dt.date, dt.date]
SYSTEM = "dyadwatch"
BASELINE = "dateparser.search_dates"


@dataclass(frozen=True)
class Found:
    start: int
    end: int  # exclusive
    interval: Interval | None


@dataclass(frozen=True)
class Gold:
    start: int
    end: int  # exclusive
    kind: str
    intervals: tuple[Interval, ...]  # any of them is right; empty: detection only


# --------------------------------------------------------------------------- intervals
def iso_interval(value: str | None) -> Interval | None:
    """The day interval an ISO value names: 2017 -> whole year, 2017-04 -> April, day -> one day."""
    if not value:
        return None
    v = value[:10]
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", v)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(2) is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    mo = int(m.group(2))
    if m.group(3) is None:
        return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    d = dt.date(y, mo, int(m.group(3)))
    return d, d


def date_interval(pd: PartialDate) -> Interval | None:
    start = iso_interval(pd.iso())
    if start is None:
        return None
    end = iso_interval(pd.end_iso()) if pd.end_iso() else start
    if end is None:
        return None
    return start[0], end[1]


def system_found(text: str, language: str, anchor: dt.date | None) -> list[Found]:
    return [Found(p.span.start, p.span.end, date_interval(p)) for p in extract_dates(text, language, anchor)
            if p.span is not None]


def baseline_found(text: str, language: str, anchor: dt.date | None) -> list[Found]:
    from dateparser.search import search_dates

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(anchor, dt.time())
    try:
        hits = search_dates(text, languages=[language], settings=settings) or []
    except Exception:  # dateparser fails on some inputs; count that as finding nothing
        hits = []
    out: list[Found] = []
    pos = 0
    for substring, when in hits:
        i = text.find(substring, pos)
        if i < 0:
            i = text.find(substring)
        if i < 0:
            continue
        pos = i + len(substring)
        out.append(Found(i, i + len(substring), (when.date(), when.date()) if anchor is not None else None))
    return out


# --------------------------------------------------------------------------- scoring
def score(report: Report, system: str, golds: Sequence[Gold], found: Sequence[Found], *,
          ignore: Sequence[tuple[int, int]] = (), exact_spans: bool = False) -> None:
    """Adds detection and value counts of one text to ``report``."""
    found = [f for f in found if not any(f.start < e and s < f.end for s, e in ignore)
             or any(f.start < g.end and g.start < f.end for g in golds)]
    report.prf(system, "detect (overlap)").add(
        overlap_tp([(f.start, f.end) for f in found], [(g.start, g.end) for g in golds]), len(found), len(golds))
    if exact_spans:
        report.prf(system, "detect (exact)").add(
            sum(any(f.start == g.start and f.end == g.end for f in found) for g in golds), len(found), len(golds))
    valued = [g for g in golds if g.intervals]
    report.prf(system, "value (all)").add(sum(_value_hit(g, found) for g in valued),
                                          len([f for f in found if f.interval]), len(valued))
    for kind in sorted({g.kind for g in valued}):
        kinds = [g for g in valued if g.kind == kind]
        report.prf(system, f"value: {kind} (recall)").add(sum(_value_hit(g, found) for g in kinds), 0, len(kinds))


def overlap_tp(found: Sequence[tuple[int, int]], golds: Sequence[tuple[int, int]]) -> int:
    """Overlap matches, counted so neither P nor R can pass 1: one prediction covering two gold
    spans (or two predictions in one gold span) counts once."""
    gold_hit = sum(any(s < ge and gs < e for s, e in found) for gs, ge in golds)
    sys_hit = sum(any(s < ge and gs < e for gs, ge in golds) for s, e in found)
    return min(gold_hit, sys_hit)


def _value_hit(g: Gold, found: Sequence[Found]) -> bool:
    return any(f.start < g.end and g.start < f.end and f.interval in g.intervals for f in found)


# --------------------------------------------------------------------------- recognizers
SUPPORTED_TYPES = {"datetimeV2.date": "date", "datetimeV2.daterange": "daterange"}


def eval_recognizers(path: Path, limit: int = 0, baseline: bool = True) -> Report:
    cases = json.loads(path.read_text(encoding="utf-8-sig"))
    report = Report(f"dates / recognizers-text DateTimeModel (en): {path.name}")
    n = 0
    for case in cases:
        ref = (case.get("Context") or {}).get("ReferenceDateTime")
        if not ref:
            continue
        anchor = dt.date.fromisoformat(ref[:10])
        text = case["Input"]
        golds, ignore = [], []
        for r in case.get("Results") or ():
            kind = SUPPORTED_TYPES.get(r.get("TypeName", ""))
            start, end = int(r["Start"]), int(r["End"]) + 1
            if kind is None:
                ignore.append((start, end))
                continue
            golds.append(Gold(start, end, kind, tuple(_spec_interval(v) for v in r["Resolution"]["values"]
                                                      if _spec_interval(v) is not None)))  # type: ignore[misc]
        score(report, SYSTEM, golds, system_found(text, "en", anchor), ignore=ignore)
        if baseline:
            score(report, BASELINE, golds, baseline_found(text, "en", anchor), ignore=ignore)
        n += 1
        if limit and n >= limit:
            break
    report.notes.append(f"{n} cases with a reference date; only date/daterange results are scored; "
                        "value = same day interval (strict for both systems).")
    return _ordered(report)


def _spec_interval(v: dict) -> Interval | None:
    try:
        if "value" in v:
            d = dt.date.fromisoformat(v["value"][:10])
            return d, d
        if "start" in v and "end" in v:
            s, e = dt.date.fromisoformat(v["start"][:10]), dt.date.fromisoformat(v["end"][:10])
            return s, e - dt.timedelta(days=1)
    except (ValueError, TypeError):
        return None
    return None


# --------------------------------------------------------------------------- gum
def read_gum(path: Path) -> tuple[str, list[Gold], dt.date | None]:
    """Text (tokens joined by spaces, one sentence a line), gold dates, dateline reference."""
    parts: list[str] = []
    length = 0
    stack: list[tuple[int, dict[str, str]]] = []
    golds: list[Gold] = []
    created = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("<text "):
            m = re.search(r'dateCreated="([\d-]+)"', line)
            created = m.group(1) if m else None
        elif line.startswith("<date"):
            stack.append((length, dict(re.findall(r'(\w+)="([^"]*)"', line))))
        elif line.startswith("</date>") and stack:
            start, attrs = stack.pop()
            golds.append(_gum_gold(start, length, attrs))
        elif line.startswith("</s>"):
            if parts and parts[-1] == " ":
                parts[-1] = "\n"
        elif line.startswith("<"):
            continue
        else:
            tok = line.split("\t", 1)[0]
            parts.append(tok)
            parts.append(" ")
            length += len(tok) + 1
    text = "".join(parts)
    golds = [Gold(g.start, _rstrip_end(text, g.start, g.end), g.kind, g.intervals) for g in golds]
    ref = next((dt.date.fromisoformat(g_attrs) for g_attrs in _whens(golds, text) if g_attrs), None)
    if ref is None and created:
        ref = dt.date.fromisoformat(created)
    return text, golds, ref


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _gum_gold(start: int, end: int, attrs: dict[str, str]) -> Gold:
    if "when" in attrs and "T" not in attrs["when"]:
        iv = iso_interval(attrs["when"])
        return Gold(start, end, "when", (iv,) if iv else ())
    if "when" in attrs:  # a time of day: the day is what dates can give
        iv = iso_interval(attrs["when"][:10])
        return Gold(start, end, "when", (iv,) if iv else ())
    if "from" in attrs and "to" in attrs:
        a, b = iso_interval(attrs["from"]), iso_interval(attrs["to"])
        return Gold(start, end, "from-to", ((a[0], b[1]),) if a and b else ())
    return Gold(start, end, "bound", ())


def _whens(golds: Iterable[Gold], text: str) -> Iterable[str | None]:
    # the dateline: the first fully specified single day in the document
    for g in sorted(golds, key=lambda g: g.start):
        for a, b in g.intervals:
            if a == b:
                yield a.isoformat()
                return
    yield None


def eval_gum(folder: Path, limit: int = 0, baseline: bool = True) -> Report:
    report = Report(f"dates / GUM news <date> (en): {folder}")
    files = sorted(folder.glob("GUM_news_*.xml"))[: limit or None]
    n_gold = 0
    for path in files:
        text, golds, ref = read_gum(path)
        n_gold += len(golds)
        score(report, SYSTEM, golds, system_found(text, "en", ref), exact_spans=True)
        if baseline:
            score(report, BASELINE, golds, baseline_found(text, "en", ref), exact_spans=True)
    report.notes.append(f"{len(files)} documents, {n_gold} gold dates; reference = dateline (first full date).")
    return _ordered(report)


# --------------------------------------------------------------------------- nerel
def read_brat(ann: Path, types: Iterable[str]) -> list[tuple[int, int]]:
    wanted = set(types)
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        _, info, *_ = line.split("\t")
        kind, _, offsets = info.partition(" ")
        if kind in wanted and ";" not in offsets:
            s, e = offsets.split()
            spans.append((int(s), int(e)))
    return spans


def eval_nerel(folder: Path, limit: int = 0, baseline: bool = True) -> Report:
    report = Report(f"dates / NEREL DATE spans (ru, detection): {folder}")
    anns = sorted(folder.glob("*.ann"))[: limit or None]
    for ann in anns:
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        golds = [Gold(s, e, "DATE", ()) for s, e in read_brat(ann, ["DATE"])]
        score(report, SYSTEM, golds, system_found(text, "ru", None), exact_spans=True)
        if baseline:
            score(report, BASELINE, golds, baseline_found(text, "ru", None), exact_spans=True)
    report.rows = {k: v for k, v in report.rows.items() if not k[1].startswith("value")}
    report.notes.append(f"{len(anns)} documents; no publication dates, so spans only.")
    return _ordered(report)


def _ordered(report: Report) -> Report:
    # per-type rows are coverage (recall) figures: print them as one number
    for key, v in list(report.rows.items()):
        if key[1].endswith("(recall)") and not isinstance(v, float):
            report.rows[key] = v.r
    report.rows = dict(sorted(report.rows.items(), key=lambda kv: (kv[0][1], kv[0][0] != SYSTEM)))
    return report


# --------------------------------------------------------------------------- CLI
def register(app: typer.Typer) -> None:
    @app.command("dates")
    def dates_command(
        dataset: str = typer.Option("all", "--dataset", help="recognizers, gum, nerel or all."),
        shared: Path = typer.Option(None, "--shared", help="The shared folder with eval/ (default: ../shared)."),
        limit: int = typer.Option(0, "--limit", help="Score only the first N cases/documents of each set (0: all)."),
        baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Run dateparser.search_dates beside."),
        as_json: bool = typer.Option(False, "--json", help="Print the reports as JSON."),
    ) -> None:
        """Temporal expressions: dyadwatch vs dateparser.search_dates on Recognizers-Text, GUM and NEREL."""
        root = (shared or default_shared()) / "eval"
        jobs = {"recognizers": lambda: eval_recognizers(root / "recognizers-text-specs" / "DateTimeModel.json",
                                                        limit, baseline),
                "gum": lambda: eval_gum(root / "gum-news" / "xml", limit, baseline),
                "nerel": lambda: eval_nerel(root / "nerel" / "NEREL-v1.1" / "test", limit, baseline)}
        run_jobs(jobs, dataset, as_json)
