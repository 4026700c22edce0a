"""``dyadwatch eval ner``: PER/ORG/LOC mentions against public gold, the raw model beside.

Datasets (under ``<shared>/eval``, each folder's README documents its format):

* ``factrueval`` factRuEval-2016 (ru; ``--split test|dev``). A gold mention is
  an object of ``.objects`` (Person -> PER, Org -> ORG, Location and LocOrg
  -> LOC) spanning the union of its *name* spans (name, surname, patronymic,
  nickname, org_name, loc_name); descriptors and job titles are not part of
  a name, and objects without a name span (a bare «российской») are skipped.
* ``nerel`` NEREL v1.1 test (ru), brat standoff; PERSON -> PER, ORGANIZATION
  -> ORG, COUNTRY/CITY/STATE_OR_PROV/DISTRICT/LOCATION -> LOC, nested
  mentions kept (a flat tagger cannot find the inner ones; both systems pay
  the same), discontinuous ones skipped.
* ``uner-en`` / ``uner-ru`` Universal NER, PUD test (1,000 sentences each),
  IOB2 tokens placed on the sentence's ``# text``; the sentences of one
  ``newdoc`` are scored as one text.
* ``gum`` GUM news (en), entity layer of the CoNLL-U files: person /
  organization / place mentions named by a proper noun. GUM spans are whole
  noun phrases, so the gold name is the run of proper nouns at the phrase's
  syntactic head, or the name its head noun or title takes as flat/appos
  ("Facebook creator Mark Zuckerberg" -> "Mark Zuckerberg", "the University
  of North Carolina" -> "University of North Carolina", "President Donald
  Trump" -> "Donald Trump", "Ann Chiang of DAB" -> "Ann Chiang", "Irving,
  Texas" whole; "Teams from Morocco and Iran" is no name), kept flat
  (outermost only), the convention of UNER. ``--part train|dev|test`` scores
  GUM's official split; ``--part wiki|news`` the halves of UNER-PUD.

Systems: the raw model (natasha's NER for Russian, spaCy ``en_core_web_sm``
for English, types mapped, no post-processing) and dyadwatch (tokens, ner,
gazetteer and resolve stages; name and abbreviation mentions only, since
roles, adjectives and generic phrases are not names). dyadwatch may nest a
place inside an organisation («МЧС России» and «России»); against flat gold
only its outermost mentions count, against NEREL (nested gold) all do.
NEREL also tags country adjectives as the country («российские власти»), so
there dyadwatch's adjective mentions of countries count as well
(``--no-adjectives`` to score names only). Scores: exact span and
type, and overlap (one-to-one, same type), per type and micro.

A place that stands for its state acting («Россия объявила», "Russia's
position": ``Mention.acts_as == "ORG"``, stages/ner_metonymy.py) is scored
as each dataset's guideline types it (``ACTS_AS``): UNER as ORG (its
guideline tags a country acting as an organisation ORG: «долларов США»,
«позиции Австралии»); GUM as ORG too (its gold makes a country that acts
an organization: "North Korea fired", the national teams of a World Cup
report; measured on GUM train, +0.001); factRuEval as LOC (its LocOrg type is
read as LOC above, and that mapping stays); NEREL as LOC (COUNTRY/CITY, with
no agent distinction). The raw-model columns have no such mark.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Sequence

import typer

from .common import Report, default_shared
from .ner_readers import (TYPES, GoldDoc, Span3, outermost, read_factrueval, read_gum, read_nerel,
                          read_uner)

CONTRACT_TO_EVAL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
DATASETS = ("factrueval", "nerel", "uner-en", "uner-ru", "gum")
NESTED = ("nerel",)  # gold with nested mentions; for the others only dyadwatch's outermost mentions count
# gold that tags country adjectives as the country («российские власти» -> COUNTRY): dyadwatch's
# adjective mentions of countries count there; elsewhere they are not names
ADJECTIVES = ("nerel",)
# the type a place mention marked acts_as="ORG" («Россия объявила») is scored as, per dataset guideline
ACTS_AS = {"uner-en": "ORG", "uner-ru": "ORG", "factrueval": "LOC", "nerel": "LOC", "gum": "ORG"}


# --------------------------------------------------------------------------- systems
def baseline_mentions(doc: GoldDoc) -> set[Span3]:
    from ..stages.ner import raw_mentions_en, raw_mentions_ru

    raw = raw_mentions_ru(doc.text) if doc.lang == "ru" else raw_mentions_en(doc.text)
    return {(m.start, m.end, CONTRACT_TO_EVAL[m.type]) for m in raw if m.type in CONTRACT_TO_EVAL}


class DyadwatchNer:
    """tokens -> ner -> gazetteer -> resolve over one text; name mentions out."""

    def __init__(self, nested: bool = False, adjectives: bool = False, acts_as: str | None = None) -> None:
        from ..settings import Settings

        self.nested = nested
        self.acts_as = acts_as  # eval type of a place acting as its state (None: its own type)
        self.kinds = ("name", "abbreviation", "adjective") if adjectives else ("name", "abbreviation")
        from ..stages.gazetteer import GazetteerStage
        from ..stages.ner import NerStage
        from ..stages.resolve import ResolveStage
        from ..stages.tokens import TokenStage

        settings = Settings.load()
        self.stages = [TokenStage(settings), NerStage(settings), GazetteerStage(settings), ResolveStage(settings)]

    def __call__(self, doc: GoldDoc) -> set[Span3]:
        from ..document import CleanDocument, Doc

        d = Doc(CleanDocument(id=doc.id, text=doc.text))
        d.add("language", doc.lang)
        for stage in self.stages:
            for layer, value in stage.process(d).items():
                d.add(layer, value)
        spans = {(m.start, m.end, self.acts_as if m.acts_as and self.acts_as else CONTRACT_TO_EVAL[m.type])
                 for m in d["mentions"] if m.kind in self.kinds and m.type in CONTRACT_TO_EVAL}
        return spans if self.nested else outermost(spans)


# --------------------------------------------------------------------------- scoring
def score_doc(report: Report, system: str, sys_spans: set[Span3], gold: Sequence[Span3]) -> None:
    gold_set = set(gold)
    for t in TYPES:
        g = {x for x in gold_set if x[2] == t}
        s = {x for x in sys_spans if x[2] == t}
        tp = len(g & s)
        report.prf(system, f"{t} exact").add(tp, len(s), len(g))
        report.prf(system, "micro exact").add(tp, len(s), len(g))
        used: set[Span3] = set()
        otp = 0
        for x in sorted(g):
            hit = next((y for y in sorted(s) if y not in used and y[0] < x[1] and x[0] < y[1]), None)
            if hit:
                used.add(hit)
                otp += 1
        report.prf(system, f"{t} overlap").add(otp, len(s), len(g))
        report.prf(system, "micro overlap").add(otp, len(s), len(g))


def evaluate(docs: Sequence[GoldDoc], title: str, baseline_name: str,
             systems: dict[str, Callable[[GoldDoc], set[Span3]]] | None = None, nested: bool = False,
             adjectives: bool = False, acts_as: str | None = None) -> Report:
    report = Report(title)
    systems = systems or {baseline_name: baseline_mentions, "dyadwatch": DyadwatchNer(nested, adjectives, acts_as)}
    for doc in docs:
        for name, run in systems.items():
            score_doc(report, name, run(doc), doc.gold)
    report.notes.append(f"{len(docs)} documents, {sum(len(d.gold) for d in docs)} gold mentions")
    # rows grouped by category, the systems side by side
    order = [f"{t} {m}" for m in ("exact", "overlap") for t in (*TYPES, "micro")]
    report.rows = {(s, c): report.rows[(s, c)] for c in order for s in systems if (s, c) in report.rows}
    return report


# GUM's official split of its news documents (gum-news/README.md); UNER-PUD sentence ids start with
# "w" (Wikipedia) or "n" (news): rules developed on one part are checked on the other
GUM_PARTS = {"dev": ("GUM_news_homeopathic", "GUM_news_iodine"), "test": ("GUM_news_nasa", "GUM_news_sensitive")}
PARTS = ("all", "train", "dev", "test", "wiki", "news")


def in_part(doc: GoldDoc, dataset: str, part: str) -> bool:
    """Whether ``doc`` belongs to ``part`` of ``dataset`` (GUM: train/dev/test; UNER: wiki/news)."""
    if part == "all":
        return True
    if dataset == "gum" and part in ("train", "dev", "test"):
        if part == "train":
            return not any(doc.id in ids for ids in GUM_PARTS.values())
        return doc.id in GUM_PARTS[part]
    if dataset.startswith("uner") and part in ("wiki", "news"):
        return doc.id.startswith(part[0])
    raise typer.BadParameter(f"--part {part!r} does not apply to {dataset!r} (gum: train/dev/test, uner: wiki/news)")


def load_dataset(name: str, shared: Path, split: str = "test", limit: int = 0,
                 part: str = "all") -> tuple[list[GoldDoc], str]:
    docs, baseline = _load_dataset(name, shared, split, limit)
    return [d for d in docs if in_part(d, name, part)], baseline


def _load_dataset(name: str, shared: Path, split: str, limit: int) -> tuple[list[GoldDoc], str]:
    root = shared / "eval"
    if name == "factrueval":
        return list(read_factrueval(root / "factRuEval-2016" / f"{split}set", limit)), "natasha"
    if name == "nerel":
        return list(read_nerel(root / "nerel" / "NEREL-v1.1" / "test", limit)), "natasha"
    if name == "uner-en":
        return list(read_uner(root / "uner-pud" / "UNER_English-PUD" / "en_pud-ud-test.iob2", "en", limit)), "spaCy sm"
    if name == "uner-ru":
        return list(read_uner(root / "uner-pud" / "UNER_Russian-PUD" / "ru_pud-ud-test.iob2", "ru", limit)), "natasha"
    if name == "gum":
        return list(read_gum(root / "gum-news" / "dep", limit)), "spaCy sm"
    raise typer.BadParameter(f"unknown dataset {name!r}; choose from {', '.join(DATASETS)}")


def register(app: typer.Typer) -> None:
    @app.command("ner")
    def ner_command(
        dataset: str = typer.Option("factrueval", "--dataset", help="factrueval, nerel, uner-en, uner-ru or gum."),
        split: str = typer.Option("test", "--split", help="test or dev (factRuEval only; others have test)."),
        limit: int = typer.Option(0, "--limit", help="Score only the first N documents / sentences (0: all)."),
        part: str = typer.Option("all", "--part", help="gum: train, dev or test (GUM's split); uner-*: wiki or news "
                                                       "(sentence id w… / n…); all (default)."),
        shared: Path = typer.Option(None, "--shared", help="The shared folder with eval/ (default: ../shared)."),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
        with_adjectives: bool = typer.Option(True, "--adjectives/--no-adjectives",
                                             help="On NEREL, count country adjective mentions (its gold tags them)."),
    ) -> None:
        """Named entities (PER/ORG/LOC): dyadwatch vs the raw natasha / spaCy model, exact and overlap P/R/F1."""
        if split not in ("test", "dev"):
            raise typer.BadParameter("--split is test or dev")
        docs, baseline = load_dataset(dataset, shared or default_shared(), split, limit, part)
        if not docs:
            raise typer.BadParameter(f"no documents found for {dataset!r} under {shared or default_shared()}")
        scope = ([split] if dataset == "factrueval" else []) + ([] if part == "all" else [part])
        report = evaluate(docs, f"NER on {dataset}" + (f" ({', '.join(scope)})" if scope else ""), baseline, nested=dataset in NESTED,
                          adjectives=dataset in ADJECTIVES and with_adjectives, acts_as=ACTS_AS.get(dataset))
        if as_json:
            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            report.print()
