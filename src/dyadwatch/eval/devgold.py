"""``dyadwatch eval devgold``: the whole system on hand-annotated articles (../shared/eval/dev-gold).

Runs ``extract`` over the seed files the gold folder names and scores the
export against the gold with the same metrics as the project's judging script
(shared/tools/score.py), implemented here:

* persons: distinct PERSON entity names vs gold persons (P/R/F1, loose name match);
* events: gold meetings/visits/phone calls vs the system's meeting-like events
  (CONSULT, CAMEO 04x/036); a gold event is found when a system event names
  two of its actors (one for a one-actor gold event); system events are
  counted as distinct (actor set, date, mode) keys; date and place accuracy
  over the found events that have a gold date/place;
* quotes: a gold quote is found when its first words occur in a system quote;
  speaker accuracy over the found ones;
* commitments: those with an amount or a deadline, matched on either (P/R/F1);
  commitments_all: recall of every gold commitment (amount, deadline, or 60% of
  its evidence words);
* language and publication-date accuracy; duplicate pairs;
* additions the judging script does not have: quotes_direct (the quote score over direct quotes
  only: the gold lists direct quotes, dyadwatch also reports reported speech) and topics (topic
  labels vs gold labels, P/R/F1).
"""
from __future__ import annotations

import json
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import typer

from .common import PRF, Report, default_shared

CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}
# spelling variants folded together (Japarov ~ Zhaparov, Sergei ~ Sergey, Matvienko ~ Matviyenko)
SPELLING_FOLDS = (("zh", "j"), ("dzh", "j"), ("kh", "h"), ("iy", "i"), ("yi", "i"), ("ey", "ei"), ("y", "i"),
                  ("ts", "c"), ("ck", "k"), ("x", "ks"), ("ph", "f"), ("w", "v"))
MEETING_GOLD_TYPES = ("meeting", "visit", "phone_call")


# --------------------------------------------------------------------------- names
def phonetic_key(name: str | None) -> str:
    lowered = "".join(CYRILLIC_TO_LATIN.get(ch, ch) for ch in (name or "").lower())
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(ch))
    folded = re.sub(r"[^a-z ]+", " ", folded)
    for a, b in SPELLING_FOLDS:
        folded = folded.replace(a, b)
    return " ".join(folded.split())


def names_match(a: str | None, b: str | None) -> bool:
    ka, kb = phonetic_key(a), phonetic_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    wa, wb = ka.split(), kb.split()
    if wa[-1] == wb[-1] and (len(wa) == 1 or len(wb) == 1 or wa[0][0] == wb[0][0]):
        return True
    return SequenceMatcher(None, " ".join(sorted(wa)), " ".join(sorted(wb))).ratio() >= 0.86


def plain_words(text: str | None) -> str:
    stripped = re.sub(r"[«»“”„\"'’‘`]", "", (text or "").lower())
    return " ".join(re.findall(r"\w+", stripped))


def count_matches(system: Sequence[Any], gold: Iterable[Any], same: Callable[[Any, Any], bool]) -> int:
    """Greedy one-to-one matching in gold order; returns the number of gold items matched."""
    taken: set[int] = set()
    for g in gold:
        for i, s in enumerate(system):
            if i not in taken and same(s, g):
                taken.add(i)
                break
    return len(taken)


def matched_pairs(system: Sequence[Any], gold: Iterable[Any], same: Callable[[Any, Any], bool]) -> list[tuple]:
    """The (system, gold) pairs of ``count_matches``' greedy matching, in gold order."""
    taken: set[int] = set()
    pairs = []
    for g in gold:
        for i, s in enumerate(system):
            if i not in taken and same(s, g):
                taken.add(i)
                pairs.append((s, g))
                break
    return pairs


def exact_name(a: str | None, b: str | None) -> bool:
    """The same canonical spelling: case, accents, hyphens and spacing aside (Zhaparov is not Japarov)."""
    def key(x: str | None) -> str:
        x = unicodedata.normalize("NFKD", (x or "").lower())
        return " ".join("".join(c for c in x if not unicodedata.combining(c)).replace("-", " ").split())
    return key(a) == key(b)


# --------------------------------------------------------------------------- events
def coarse_event_type(event: Mapping[str, Any]) -> str:
    ptype = (event.get("type") or "").upper()
    mode = (event.get("mode") or "").lower()
    cameo = str(event.get("cameo") or "")
    if ptype == "CONSULT" or cameo.startswith("04") or cameo == "036":
        return "phone_call" if ("phone" in mode or cameo == "041") else "meeting"
    if ptype in ("AGREE", "COOPERATE") and ("sign" in mode or cameo == "057"):
        return "agreement_signed"
    if ptype in ("MEETING", "MEET"):
        return "meeting"
    return ptype.lower() or "other"


def event_actor_names(event: Mapping[str, Any]) -> list[str]:
    names = [(a.get("name") if isinstance(a, dict) else str(a)) for a in event.get("actors") or ()]
    return [n for n in names if n]


def _amount_digits(commitment: Mapping[str, Any]) -> str:
    amount = commitment.get("amount")
    text = amount.get("text") if isinstance(amount, dict) else amount
    return re.sub(r"[^\d.]", "", str(text or "")).strip(".")


def _commitment_same(sys_c: Mapping[str, Any], gold_c: Mapping[str, Any]) -> bool:
    if gold_c.get("deadline") and str(sys_c.get("deadline") or "")[:10] == gold_c["deadline"]:
        return True
    digits = _amount_digits(gold_c)
    return bool(digits) and digits == _amount_digits(sys_c)


def _commitment_overlaps(sys_c: Mapping[str, Any], gold_c: Mapping[str, Any]) -> bool:
    if _commitment_same(sys_c, gold_c):
        return True
    ev = sys_c.get("evidence")
    sys_words = set(plain_words(ev.get("text") if isinstance(ev, dict) else ev).split())
    gold_words = set(plain_words(gold_c.get("evidence")).split())
    return bool(gold_words) and len(sys_words & gold_words) / len(gold_words) >= 0.6


def _quantified(c: Mapping[str, Any]) -> bool:
    return bool(_amount_digits(c) or c.get("deadline"))


# --------------------------------------------------------------------------- scoring
def score_articles(system: Mapping[str, Mapping[str, Any]], gold: Mapping[str, Mapping[str, Any]]) -> dict:
    """Score exported articles (by id) against dev-gold records; returns a JSON-able dict."""
    cells = {k: PRF() for k in ("persons", "events", "quotes", "quotes_direct", "commitments", "topics")}
    speaker = [0, 0]
    commitments_all = [0, 0, 0]
    exact_names = [0, 0]  # matched persons whose name is the gold's canonical spelling
    commitments_sys_ok = 0  # system commitments that overlap some gold commitment (the judging script's precision)
    counts = {"date": [0, 0], "place": [0, 0], "lang": 0, "pub": [0, 0], "missing": 0}
    for gid, g in gold.items():
        s = system.get(gid)
        if s is None:
            counts["missing"] += 1
            s = {}
        counts["lang"] += (s.get("language") or "") == g.get("language")
        if g.get("published"):
            counts["pub"][1] += 1
            counts["pub"][0] += str(s.get("published") or "")[:10] == g["published"]
        persons = list(dict.fromkeys(e.get("name") or "" for e in s.get("entities") or ()
                                     if (e.get("type") or "").upper() in ("PER", "PERSON")))
        gold_persons = g.get("persons") or []
        person_pairs = matched_pairs(persons, gold_persons, names_match)
        cells["persons"].add(len(person_pairs), len(persons), len(gold_persons))
        exact_names[0] += sum(1 for a, b in person_pairs if exact_name(a, b))
        exact_names[1] += len(person_pairs)
        _score_events(s, g, cells["events"], counts)
        _score_quotes(s, g, cells["quotes"], speaker)
        _score_quotes(s, g, cells["quotes_direct"], [0, 0], direct_only=True)
        sys_topics = {t.get("label") for t in s.get("topics") or () if isinstance(t, dict)}
        gold_topics = set(g.get("topics") or ())
        cells["topics"].add(len(sys_topics & gold_topics), len(sys_topics), len(gold_topics))
        sys_c, gold_c = s.get("commitments") or [], g.get("commitments") or []
        sys_q, gold_q = [c for c in sys_c if _quantified(c)], [c for c in gold_c if _quantified(c)]
        cells["commitments"].add(count_matches(sys_q, gold_q, _commitment_same), len(sys_q), len(gold_q))
        commitments_all[0] += count_matches(sys_c, gold_c, _commitment_overlaps)
        commitments_all[1] += len(sys_c)
        commitments_all[2] += len(gold_c)
        commitments_sys_ok += sum(1 for c in sys_c if any(_commitment_overlaps(c, gc) for gc in gold_c))
    gold_pairs = {frozenset((gid, g["duplicate_of"])) for gid, g in gold.items() if g.get("duplicate_of")}
    sys_pairs = {frozenset((sid, str(s["duplicate_of"]))) for sid, s in system.items()
                 if s.get("duplicate_of") and sid in gold and str(s["duplicate_of"]) in gold}
    cells["duplicates"] = PRF(len(gold_pairs & sys_pairs), len(sys_pairs), len(gold_pairs))
    n = len(gold)
    out: dict[str, Any] = {k: _prf_dict(v) for k, v in cells.items()}
    out["persons"]["exact_names"] = _ratio(*exact_names)
    out["quote_speaker"] = {"accuracy": _ratio(*speaker), "n": speaker[1]}
    out["commitments_all"] = {"recall": _ratio(commitments_all[0], commitments_all[2]), "found": commitments_all[0],
                              "gold": commitments_all[2], "sys": commitments_all[1],
                              "precision": _ratio(commitments_sys_ok, commitments_all[1])}
    out["language_acc"] = _ratio(counts["lang"], n)
    out["published_acc"] = _ratio(*counts["pub"])
    out["event_date_acc"] = _ratio(*counts["date"])
    out["event_place_acc"] = _ratio(*counts["place"])
    out["articles"], out["missing"] = n, counts["missing"]
    return out


def _score_events(s: Mapping[str, Any], g: Mapping[str, Any], cell: PRF, counts: dict) -> None:
    gold_events = [e for e in g.get("events") or () if e.get("type") in MEETING_GOLD_TYPES]
    sys_events = [e for e in s.get("events") or () if coarse_event_type(e) in ("meeting", "phone_call")]
    taken: set[int] = set()
    found = 0
    for ge in gold_events:
        need = min(2, len(ge["actors"]))
        for i, se in enumerate(sys_events):
            if i in taken:
                continue
            names = event_actor_names(se)
            if sum(any(names_match(n, ga) for n in names) for ga in ge["actors"]) < need:
                continue
            taken.add(i)
            found += 1
            if ge.get("date"):
                counts["date"][1] += 1
                counts["date"][0] += str(se.get("date") or "")[:10] == ge["date"]
            if ge.get("place"):
                counts["place"][1] += 1
                place = se.get("place")
                pname = place.get("name") if isinstance(place, dict) else place
                counts["place"][0] += bool(pname) and names_match(pname, ge["place"])
            break
    # a visit and a meeting of the same pair on one day with one mode count once
    keys = {(tuple(sorted(phonetic_key(n) for n in event_actor_names(e))), str(e.get("date"))[:10],
             (e.get("mode") or "").lower()) for e in sys_events}
    cell.add(found, len(keys), len(gold_events))


def _score_quotes(s: Mapping[str, Any], g: Mapping[str, Any], cell: PRF, speaker: list[int],
                  direct_only: bool = False) -> None:
    sys_quotes = [q for q in s.get("quotes") or () if not direct_only or q.get("direct", True)]
    found = 0
    for gq in g.get("quotes") or ():
        start = plain_words(gq["text_start"])
        for q in sys_quotes:
            if start and start in plain_words(q.get("text")):
                found += 1
                name = q.get("speaker")
                name = name.get("name") if isinstance(name, dict) else name
                speaker[1] += 1
                speaker[0] += bool(name) and names_match(name, gq["speaker"])
                break
    cell.add(found, len(sys_quotes), len(g.get("quotes") or ()))


def _prf_dict(cell: PRF) -> dict:
    # an empty system side with an empty gold side is perfect; with gold present it is zero
    p = cell.p if cell.sys else (1.0 if not cell.gold else 0.0)
    r = cell.r if cell.gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": cell.tp, "sys": cell.sys, "gold": cell.gold}


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


# --------------------------------------------------------------------------- running
def load_gold(folder: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.json"))}


# dev-news is split in two halves that keep each same-event pair together (a01-a10, b01-b10 and c01-c10
# hold 10 of its 13 pairs): develop against "dev", measure "held" last, so a rule that only fits the
# articles it was written on shows up as a gap between the two.
DEVNEWS_HALVES = {"dev": re.compile(r"^[abc](0\d|10)$"), "held": re.compile(r"^[abc](1[1-9]|20)$"),
                  "all": re.compile(r"")}


def run_devgold(gold_dir: Path, seeds_dir: Path, settings: Any = None, link: bool = True,
                only: "re.Pattern[str] | None" = None) -> dict:
    """Extract the seeds the gold names (``<id>.txt`` in ``seeds_dir``), link them with each other as
    ``dyadwatch extract`` does (dates from sibling articles, duplicates), and score them. ``only``
    keeps the gold ids it matches (a half of dev-news)."""
    from ..api import extract
    from ..records import Article

    gold = load_gold(gold_dir)
    if only is not None:
        gold = {gid: g for gid, g in gold.items() if only.match(gid)}
    paths = [seeds_dir / f"{gid}.txt" for gid in gold if (seeds_dir / f"{gid}.txt").is_file()]
    articles = [a for a in extract(paths, settings) if isinstance(a, Article)]
    if link:
        from ..link import link_all

        articles = list(link_all(articles, settings=settings).articles)
    return score_articles({a.id: a.to_dict() for a in articles}, gold)


def as_report(result: Mapping[str, Any], title: str = "dev-gold: whole system on the annotated seeds") -> Report:
    report = Report(title)
    for name in ("persons", "events", "quotes", "quotes_direct", "commitments", "topics", "duplicates"):
        v = result[name]
        if v["sys"] or v["gold"]:  # nothing to find and nothing found: no row rather than a 0/0 cell
            report.rows[("dyadwatch", name)] = PRF(v["tp"], v["sys"], v["gold"])
    for name in ("language_acc", "published_acc", "event_date_acc", "event_place_acc"):
        if result.get(name) is not None:
            report.set("dyadwatch", name, result[name])
    if result["persons"].get("exact_names") is not None:
        report.set("dyadwatch", "persons_exact_names", result["persons"]["exact_names"])
    if result["quote_speaker"]["accuracy"] is not None:
        report.set("dyadwatch", "quote_speaker_acc", result["quote_speaker"]["accuracy"])
    if result["commitments_all"]["recall"] is not None:
        report.set("dyadwatch", "commitments_all_recall", result["commitments_all"]["recall"])
    if result["commitments_all"].get("precision") is not None:
        report.set("dyadwatch", "commitments_all_precision", result["commitments_all"]["precision"])
    report.notes.append(f"{result['articles']} articles, {result['missing']} missing from the output")
    return report


def register(app: typer.Typer) -> None:
    @app.command("devgold")
    def devgold_command(
        gold: Path = typer.Option(None, "--gold", help="Folder of dev-gold JSON files (default: ../shared/eval/dev-gold)."),
        seeds: Path = typer.Option(None, "--seeds", help="Folder with the articles the gold names, as <id>.txt "
                                                         "(default: ../shared/seeds)."),
        link: bool = typer.Option(True, "--link/--no-link", help="Link the articles with each other first, as "
                                  "`dyadwatch extract` does (years from sibling articles, duplicates)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON (the judging script's shape)."),
    ) -> None:
        """Whole-system scores on hand-annotated articles: persons, events, quotes, commitments, dates, places."""
        shared = default_shared()
        result = run_devgold(gold or shared / "eval" / "dev-gold", seeds or shared / "seeds", link=link)
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            as_report(result).print()

    @app.command("devnews")
    def devnews_command(
        half: str = typer.Option("all", "--half", help="dev (a/b/c 01-10: develop on it), held (11-20: measure "
                                                       "it last) or all."),
        gold: Path = typer.Option(None, "--gold", help="Folder of dev-news gold (default: "
                                                       "../shared/eval/dev-news/gold)."),
        articles: Path = typer.Option(None, "--articles", help="Its articles as <id>.txt (default: "
                                                               "../shared/eval/dev-news/articles)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON (the judging script's shape)."),
    ) -> None:
        """Whole-system scores on 60 real news articles (dev-news), or one half of them."""
        if half not in DEVNEWS_HALVES:
            raise typer.BadParameter("half must be dev, held or all", param_hint="--half")
        root = default_shared() / "eval" / "dev-news"
        result = run_devgold(gold or root / "gold", articles or root / "articles", only=DEVNEWS_HALVES[half])
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            as_report(result, f"dev-news ({half}): whole system on real news").print()
