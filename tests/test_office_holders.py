"""The office-holder knowledge against the Wikidata reference tables it was written from
(../shared/reference/office-holders; skipped where that folder is absent)."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import yaml

from dyadwatch.stages.gazetteer_index import load_gazetteer

from conftest import shared_path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "src/dyadwatch/knowledge/gazetteer/office_holders_wikidata.yaml"
HAND = ROOT / "src/dyadwatch/knowledge/gazetteer/office_holders.yaml"


def _builder():
    spec = importlib.util.spec_from_file_location("build_office_holders", ROOT / "scripts/build_office_holders.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_generated_office_holders_are_what_the_reference_tables_give() -> None:
    ref = shared_path("reference", "office-holders")
    build = _builder()
    assert GENERATED.read_text(encoding="utf-8") == build.render(build.build(ref)), \
        "office_holders_wikidata.yaml is stale: run scripts/build_office_holders.py"


def test_every_person_of_the_reference_tables_is_known_with_an_office() -> None:
    ref = shared_path("reference", "office-holders")
    gz = load_gazetteer()
    qids = set()
    for name in ("russia-office-holders.csv", "kyrgyzstan-office-holders.csv"):
        qids |= {r["personID"] for r in csv.DictReader((ref / name).open(encoding="utf-8"))}
    qids |= {r["officeholder"] for r in csv.DictReader((ref / "world-leaders-2024-10.csv").open(encoding="utf-8"))
             if r["country"] in ("Kyrgyzstan", "Russia", "Kazakhstan", "Turkey", "Ukraine", "Azerbaijan")}
    missing = [q for q in sorted(qids) if q.startswith("Q") and (q not in gz.entities or not gz.entities[q].holdings)]
    assert missing == []


def test_hand_kept_wikidata_ids_name_the_same_person_as_the_tables() -> None:
    ref = shared_path("reference", "office-holders")
    labels: dict[str, str] = {}
    for name, qcol, lcol in (("russia-office-holders.csv", "personID", "person"),
                             ("kyrgyzstan-office-holders.csv", "personID", "person"),
                             ("world-leaders-2024-10.csv", "officeholder", "officeholderLabel"),
                             ("world-foreign-ministers-2022.csv", "person", "name")):
        for r in csv.DictReader((ref / name).open(encoding="utf-8")):
            labels.setdefault(r[qcol], r[lcol])
    build = _builder()
    from dyadwatch.translit import name_key

    for p in yaml.safe_load(HAND.read_text(encoding="utf-8"))["persons"]:
        q = p.get("wikidata")
        if q and q in labels:
            table_name = build.person_name(labels[q])[0]
            names = {name_key(n) for n in [p["name"], *(p.get("en") or [])]}
            assert name_key(table_name) in names or name_key(table_name).split()[-1] in \
                {n.split()[-1] for n in names}, (p["name"], q, table_name)


def test_hand_kept_offices_past_the_tables() -> None:
    gz = load_gazetteer()
    vakunov = [e for e in gz.entities.values() if e.name == "Sergey Vakunov"]
    assert len(vakunov) == 1
    (h,) = [h for h in vakunov[0].holdings if h.role == "ambassador"]
    assert (h.country, h.host, h.start.isoformat()) == ("RUS", "KGZ", "2024-09-10")
    udovichenko = gz.entities["Q24668916"]
    assert max(h.end for h in udovichenko.holdings if h.role == "ambassador").isoformat() == "2024-09-10"
