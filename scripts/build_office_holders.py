"""Write knowledge/gazetteer/office_holders_wikidata.yaml from Wikidata office-holder tables.

Usage: python scripts/build_office_holders.py [REFERENCE_DIR]

REFERENCE_DIR holds CSV outputs of Wikidata SPARQL queries (the EveryPolitician
scrapers' queries, CC0; default ../shared/reference/office-holders): Russian and
Kyrgyz office holders with exact dates, heads of state and government of every
country (years), foreign ministers in office in 2022. The facts (names, Wikidata
ids, offices, dates) are rewritten in the gazetteer's own person format; the
tables themselves are not part of the project.

Rules:
- one person per Wikidata id; the English label is the canonical name, a middle
  initial dropped ("Nikolay N. Udovichenko" -> "Nikolay Udovichenko"); a label
  Wikidata has only in Cyrillic ("Фамилия, Имя Отчество") becomes "Имя Фамилия",
  kept as a Russian alias, with its transliteration as the name;
- offices map to the role keys of roles.yaml (head_of_state, head_of_government,
  foreign_minister, ambassador + host, speakers, deputies); other offices get a
  key made from their label (minister_of_defence, governor_of_tula_oblast);
- an office still open in a table gets `checked:` = the table's date: as far as
  is known the person held it then, and nothing is claimed after that date; a
  newer table that shows a successor closes it in the year the successor began.
"""
from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyadwatch.translit import transliterate  # noqa: E402

OUT = ROOT / "src/dyadwatch/knowledge/gazetteer/office_holders_wikidata.yaml"

# as-of dates of the tables (their README)
CHECKED = {"russia": "2022-08", "kyrgyzstan": "2022-12", "leaders": "2024-10", "leaders26": "2026-01",
           "fm": "2022-08"}

COUNTRY_FIX = {  # Wikidata labels pycountry does not look up
    "People's Republic of China": "CHN", "Russia": "RUS", "Turkey": "TUR", "Kingdom of Denmark": "DNK",
    "Kingdom of the Netherlands": "NLD", "State of Palestine": "PSE", "East Timor": "TLS",
    "Ivory Coast": "CIV", "The Bahamas": "BHS", "The Gambia": "GMB", "Vatican City": "VAT",
    "Federated States of Micronesia": "FSM", "Republic of the Congo": "COG", "Taiwan": "TWN",
    "Democratic Republic of the Congo": "COD", "North Korea": "PRK", "South Korea": "KOR",
    "Laos": "LAO", "Cape Verde": "CPV", "Czech Republic": "CZE", "Iran": "IRN", "Syria": "SYR",
    "Vietnam": "VNM", "Moldova": "MDA", "Tanzania": "TZA", "Venezuela": "VEN", "Bolivia": "BOL",
    "Brunei": "BRN", "São Tomé and Príncipe": "STP", "Kosovo": "XKX", "Holy See": "VAT",
    "the Holy See": "VAT", "the United Kingdom": "GBR", "the United States": "USA",
    "Micronesia": "FSM", "Republic of Ireland": "IRL", "United States of America": "USA", "Eswatini": "SWZ",
    "Sahrawi Arab Democratic Republic": "",
}


def iso3(label: str) -> str | None:
    import pycountry

    label = label.strip()
    if label in COUNTRY_FIX:
        return COUNTRY_FIX[label] or None
    try:
        return pycountry.countries.lookup(label).alpha_3
    except LookupError:
        try:
            hits = pycountry.countries.search_fuzzy(label)
            return hits[0].alpha_3 if len(hits) == 1 else None
        except LookupError:
            return None


_INITIAL = re.compile(r"\s+[A-Z]\.(?=\s)")
_PATRONYMIC = re.compile(r"\s+[A-Z][a-z]+(?:ovich|evich|ich|ovna|evna|ichna)(?=\s)")


def person_name(label: str) -> tuple[str, list[str]]:
    """Canonical English name and Russian aliases of a Wikidata label."""
    label = " ".join(label.split())
    if re.search(r"[\u0400-\u04FF]", label):
        if "," in label:
            surname, given = (p.strip() for p in label.split(",", 1))
            ru = f"{given.split()[0]} {surname}" if given else surname
            return transliterate(ru), [ru]
        return transliterate(label), [label]
    return _PATRONYMIC.sub("", _INITIAL.sub("", label)), []


def slug(text: str) -> str:
    return re.sub(r"[^a-z]+", "_", text.lower()).strip("_")


def russia_role(pos: str) -> dict | None:
    p = pos.strip()
    low = p.lower()
    if low == "president":
        return {"role": "head_of_state"}
    if low == "acting president":
        return {"role": "head_of_state", "acting": True}
    if low == "prime minister":
        return {"role": "head_of_government"}
    if low in ("deputy prime minister", "first deputy prime minister"):
        return {"role": "deputy_head_of_government"}
    if low == "minister of foreign affairs":
        return {"role": "foreign_minister"}
    if low == "deputy minister of foreign affairs":
        return {"role": "deputy_foreign_minister"}
    if low == "chairman of the federation council":
        return {"role": "upper_house_speaker"}
    if low == "chairman of the state duma":
        return {"role": "lower_house_speaker"}
    if low == "foreign ministry spokeperson":
        return {"role": "foreign_ministry_spokesperson"}
    if low.startswith("ambassador to "):
        host = iso3(p[len("ambassador to "):])
        return {"role": "ambassador", "host": host} if host else None
    if low.startswith("permanent representative to "):
        return {"role": "permanent_representative_" + slug(p[len("permanent representative to "):])}
    return {"role": slug(p)}


def kyrgyz_role(pos: str) -> dict | None:
    low = pos.strip().lower()
    if low == "president":
        return {"role": "head_of_state"}
    if low.startswith("chairman of the cabinet of ministers"):
        return {"role": "head_of_government"}
    if low in ("deputy chairman of the cabinet of ministers", "first deputy chairman of the cabinet of ministers"):
        return {"role": "deputy_head_of_government"}
    if low == "minister for foreign affairs":
        return {"role": "foreign_minister"}
    if low == "speaker of the supreme council":
        return {"role": "speaker"}
    if low.startswith("ambassador to "):
        host = iso3(pos.strip()[len("ambassador to "):])
        return {"role": "ambassador", "host": host} if host else None
    return {"role": slug(pos)}


_GOVERNMENT = re.compile(r"^(prime minister|premier|federal chancellor|taoiseach|chairman of the council of "
                         r"ministers|minister of state of monaco)", re.I)


def leader_role(label: str) -> str:
    return "head_of_government" if _GOVERNMENT.match(label.strip()) else "head_of_state"


class People:
    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.ru: dict[str, list[str]] = defaultdict(list)
        self.country: dict[str, str] = {}
        self.roles: dict[str, list[dict]] = defaultdict(list)

    def add(self, qid: str, label: str, country: str | None, role: dict) -> None:
        if not re.fullmatch(r"Q\d+", qid or "") or not label.strip() or re.fullmatch(r"Q\d+", label.strip()):
            return
        name, ru = person_name(label)
        self.names.setdefault(qid, name)
        self.ru[qid] += [r for r in ru if r not in self.ru[qid]]
        if country:
            self.country.setdefault(qid, country)
        key = (role["role"], role.get("country"), role.get("host"), role.get("from"))
        if all((r["role"], r.get("country"), r.get("host"), r.get("from")) != key for r in self.roles[qid]):
            self.roles[qid].append(role)


def date_of(value: str) -> str:
    value = (value or "").strip()[:10]
    return value if re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", value) else ""


def build(ref: Path) -> People:
    people = People()
    for table, state, mapper in (("russia", "RUS", russia_role), ("kyrgyzstan", "KGZ", kyrgyz_role)):
        for row in csv.DictReader((ref / f"{table}-office-holders.csv").open(encoding="utf-8")):
            role = mapper(row["position"])
            if role is None:
                continue
            start, end = date_of(row["start"]), date_of(row["end"])
            role = {**role, "country": state, "from": start, "to": end}
            if not end:
                role["checked"] = CHECKED[table]
            people.add(row["personID"], row["person"], state, role)
    newer: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for table in ("leaders", "leaders26"):
        name = "world-leaders-2024-10.csv" if table == "leaders" else "world-leaders-2026-excerpt.csv"
        for row in csv.DictReader((ref / name).open(encoding="utf-8")):
            country = iso3(row["country"])
            if not country:
                continue
            role = {"role": leader_role(row["positionLabel"]), "country": country,
                    "from": date_of(row["start_year"]), "to": date_of(row["end_year"])}
            if not role["to"]:
                role["checked"] = CHECKED[table]
            if table == "leaders26":
                newer[(row["position"], country)].append({**role, "qid": row["officeholder"]})
            own = None if "co-prince" in row["positionLabel"].lower() else country  # Andorra's princes
            people.add(row["officeholder"], row["officeholderLabel"], own, role)
    # a successor in the newer table closes an office the older one left open, in the year it began
    for (_, country), rows in newer.items():
        for new in rows:
            for qid, roles in people.roles.items():
                if qid == new["qid"]:
                    continue
                for r in roles:
                    if r["role"] == new["role"] and r["country"] == country and not r["to"] \
                            and r.get("from", "") < new["from"]:
                        r["to"] = new["from"]
                        r.pop("checked", None)
            for r in people.roles[new["qid"]]:  # the newer table confirms the open office
                if r["role"] == new["role"] and r["country"] == country and not r["to"]:
                    r["checked"] = max(r.get("checked", ""), CHECKED["leaders26"])
    for row in csv.DictReader((ref / "world-foreign-ministers-2022.csv").open(encoding="utf-8")):
        country = iso3(row["countryLabel"])
        if not country or not row["person"]:
            continue
        people.add(row["person"], row["name"], country,
                   {"role": "foreign_minister", "country": country, "from": date_of(row["start"]), "to": "",
                    "checked": CHECKED["fm"]})
    return people


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"' if re.search(r"[:#\[\]{},&*!|>'\"%@`]|^[-?]", s) \
        else s


def render(people: People) -> str:
    lines = [
        "# GENERATED by scripts/build_office_holders.py from Wikidata office-holder tables",
        "# (Wikidata, CC0: SPARQL outputs of the EveryPolitician scrapers). Do not edit by hand:",
        "# corrections and extensions past the tables' dates go in office_holders.yaml, whose",
        "# entries are merged with these (same Wikidata id, or same name and country).",
        "#",
        "# Format as in office_holders.yaml, plus `checked` on an office the table left open:",
        "# the person held it on that date as far as Wikidata knew; nothing is claimed after it",
        "# (the name is still known; a role phrase of a later date is not sent to this person).",
        "persons:",
    ]
    order = sorted(people.names, key=lambda q: (people.country.get(q, "ZZZ"), people.names[q], q))
    for qid in order:
        lines.append(f"  - name: {_quote(people.names[qid])}")
        if people.country.get(qid):
            lines.append(f"    country: {people.country[qid]}")
        lines.append(f"    wikidata: {qid}")
        if people.ru[qid]:
            lines.append("    ru: [" + ", ".join(_quote(r) for r in people.ru[qid]) + "]")
        lines.append("    roles:")
        for r in sorted(people.roles[qid], key=lambda r: (r.get("from") or "", r["role"])):
            parts = [f"role: {r['role']}", f"country: {r['country']}"]
            if r.get("host"):
                parts.append(f"host: {r['host']}")
            if r.get("from"):
                parts.append(f"from: {r['from']}")
            if r.get("to"):
                parts.append(f"to: {r['to']}")
            if r.get("checked"):
                parts.append(f"checked: {r['checked']}")
            if r.get("acting"):
                parts.append("acting: true")
            lines.append("      - {" + ", ".join(parts) + "}")
    return "\n".join(lines) + "\n"


def main() -> None:
    ref = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/reference/office-holders"
    people = build(ref)
    OUT.write_text(render(people), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(people.names)} persons, "
          f"{sum(len(r) for r in people.roles.values())} offices")


if __name__ == "__main__":
    main()
