"""The entity knowledge of ``knowledge/gazetteer/`` as one in-memory index.

Countries come from pycountry (codes, official names) and Babel/CLDR (English
and Russian names) plus ``countries.yaml``; places from ``places.tsv``;
organisations, templated state institutions and generic institution phrases
from ``organizations.yaml``; people and their offices from
``office_holders.yaml``; role phrases from ``roles.yaml``. Users extend every
file through ``Settings.knowledge_paths`` (see knowledge/__init__.py).

The index is built once per set of knowledge paths (``load_gazetteer``) and
answers: which aliases to match, which entity an id names, which people held
a role on a date, and which known person a name spelling most likely is.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterable

from ..document import stable_id
from ..knowledge import load_tsv, load_yaml
from ..translit import name_key, transliterate

ID_PREFIX = "dw:"
_PAREN = re.compile(r"\s*\([^)]*\)")
# a monarch's or a titled name has no surname: "Charles III", "Abdullah II of Jordan", "Albert II, Prince of Monaco"
_REGNAL = re.compile(r"\s[IVX]+$|\s[IVX]+\s|\sof\s|,")
PEOPLE_FILES = ("gazetteer/office_holders_wikidata.yaml", "gazetteer/office_holders.yaml")


def entity_id(type_: str, name: str, wikidata: str | None = None) -> str:
    """Deterministic id: the Wikidata id when known, else a hash of type and name key."""
    if wikidata:
        return wikidata
    return stable_id(type_, name_key(name), prefix=ID_PREFIX)


def parse_bound(value: object, end: bool) -> date | None:
    """An ISO date, year-month or year; a partial ``end`` bound is the period's last day."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    parts = [int(p) for p in str(value).split("-") if p]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        y, m = parts
        return date(y, m, calendar.monthrange(y, m)[1] if end else 1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


@dataclass(frozen=True, slots=True)
class Holding:
    """One office held: role key, the office's country, dates (None = open)."""

    role: str
    country: str | None
    start: date | None = None
    end: date | None = None
    host: str | None = None
    acting: bool = False
    checked: date | None = None  # open office known held on this day; nothing is claimed after it

    def covers(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def certain(self, start: date) -> bool:
        """Known to be held (not merely not known to have ended) on or after ``start``: an open office
        checked before ``start`` may have passed to someone the knowledge does not name."""
        return self.end is not None or self.checked is None or start <= self.checked


@dataclass(frozen=True, slots=True)
class KnownEntity:
    id: str
    name: str
    type: str  # PERSON | ORG | GPE | LOC
    country: str | None = None
    wikidata: str | None = None
    kind: str = "org"  # country | place | org | person
    klass: str | None = None  # institution class (foreign_ministry, parliament, ...)
    holdings: tuple[Holding, ...] = ()

    def role_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f"{h.role}:{h.country or ''}" for h in self.holdings))


@dataclass(frozen=True, slots=True)
class Alias:
    """A phrase to match. ``entity`` is set for names; roles and generic phrases carry
    ``role``/``country``/``host`` or ``klass`` instead and resolve later."""

    text: str
    lang: str
    kind: str  # name | adjective | abbreviation | role | generic
    entity: str | None = None
    role: str | None = None
    country: str | None = None
    host: str | None = None
    klass: str | None = None


@dataclass
class Gazetteer:
    entities: dict[str, KnownEntity] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    person_keys: dict[str, set[str]] = field(default_factory=dict)  # full-name key -> person ids
    surname_keys: dict[str, set[str]] = field(default_factory=dict)  # surname key -> person ids
    name_keys: dict[str, set[str]] = field(default_factory=dict)  # key of any non-person alias -> ids
    # Built on first fuzzy lookup and dropped whenever the index changes: the per-article resolver would
    # otherwise split every key of the index for each unknown name.
    _lookups: dict[str, dict] = field(default_factory=dict, init=False, repr=False, compare=False)

    def add_entity(self, e: KnownEntity) -> KnownEntity:
        self._lookups.clear()
        old = self.entities.get(e.id)
        if old is not None:  # a user file repeating a bundled entity adds holdings, keeps the rest
            e = KnownEntity(old.id, old.name, old.type, old.country or e.country, old.wikidata or e.wikidata,
                            old.kind, old.klass or e.klass, old.holdings + e.holdings)
        self.entities[e.id] = e
        return e

    def add_alias(self, alias: Alias) -> None:
        text = " ".join(alias.text.split())
        if not text:
            return
        self._lookups.clear()
        self.aliases.append(Alias(text, alias.lang, alias.kind, alias.entity, alias.role, alias.country,
                                  alias.host, alias.klass))
        if alias.entity is None or alias.kind == "adjective":
            return
        e = self.entities[alias.entity]
        key = name_key(text)
        if not key:
            return
        if e.type == "PERSON":
            self.person_keys.setdefault(key, set()).add(e.id)
            words = key.split()
            if len(words) >= 2 and not _REGNAL.search(text):
                self.surname_keys.setdefault(words[-1], set()).add(e.id)
        else:
            self.name_keys.setdefault(key, set()).add(e.id)

    def _lookup(self, name: str) -> dict:
        return self._lookups.setdefault(name, {})

    def person_fuzzy(self, key: str, fuzz_min: float, surname_min: float) -> set[str] | None:
        """Ids of the known full name most similar to ``key`` (2+ words): the best rapidfuzz ratio
        >= ``fuzz_min`` among names whose surname starts with the same letter and is itself
        >= ``surname_min`` similar; the first such name in index order on ties. Memoised per key."""
        memo = self._lookup(f"person_fuzzy:{fuzz_min}:{surname_min}")
        if key in memo:
            return memo[key]
        from rapidfuzz import fuzz

        words = key.split()
        best, best_score = None, 0.0
        for k, surname, kids in self._person_buckets().get(words[-1][:1], ()):
            score = fuzz.ratio(key, k)
            if score >= fuzz_min and score > best_score and fuzz.ratio(surname, words[-1]) >= surname_min:
                best, best_score = kids, score
        memo[key] = best
        return best

    def _person_buckets(self) -> dict[str, list[tuple[str, str, set[str]]]]:
        """Full-name keys of 2+ words as (key, surname, ids), grouped by the surname's first letter,
        in index order."""
        memo = self._lookup("person_buckets")
        if not memo:
            for k, kids in self.person_keys.items():
                kw = k.split()
                if len(kw) >= 2:
                    memo.setdefault(kw[-1][:1], []).append((k, kw[-1], kids))
        return memo

    def name_fuzzy(self, key: str, cutoff: float) -> set[str] | None:
        """Ids of the non-person name most similar to ``key`` with the same number of words (a typo,
        not "Ministry of Internal Affairs" vs "KR Ministry of ..."), rapidfuzz ratio >= ``cutoff``.
        Memoised per key."""
        memo = self._lookup(f"name_fuzzy:{cutoff}")
        if key in memo:
            return memo[key]
        from rapidfuzz import fuzz, process

        by_words = self._lookup("name_keys_by_words")
        if not by_words:
            for k in self.name_keys:
                by_words.setdefault(len(k.split()), []).append(k)
        hit = process.extractOne(key, by_words.get(len(key.split()), []), scorer=fuzz.ratio, score_cutoff=cutoff)
        memo[key] = self.name_keys[hit[0]] if hit else None
        return memo[key]

    def country_name(self, code: str) -> str | None:
        """The canonical name of the country with ISO alpha-3 ``code``."""
        names = self._lookup("country_names")
        if not names:
            for e in self.entities.values():
                if e.kind == "country" and e.country:
                    names.setdefault(e.country, e.name)
        return names.get(code)

    def holders(self, role: str, country: str | None, day: date | None, host: str | None = None) -> list[KnownEntity]:
        """People who held ``role`` (of ``country``, any when None) on ``day`` (any date when None)."""
        out = []
        for e in self.entities.values():
            for h in e.holdings:
                if h.role == role and (country is None or h.country == country) and h.covers(day) \
                        and (host is None or h.host in (None, host)):
                    out.append(e)
                    break
        return out


# ----------------------------------------------------------------- loading
def _names(values: object) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        return [v for v in values.split("|") if v.strip()]
    return [str(v) for v in values if str(v).strip()]  # type: ignore[union-attr]


def _country_names(gz: Gazetteer, extra: tuple[str, ...]) -> dict[str, dict[str, list[str]]]:
    """Per alpha-3: canonical name and its en/ru names and adjectives; adds countries to the index."""
    import pycountry
    from babel import Locale

    data = load_yaml("gazetteer/countries.yaml", extra) or {}
    over = data.get("countries") or {}
    exclude = {lang: set(v or ()) for lang, v in (data.get("exclude") or {}).items()}
    en_cldr, ru_cldr = Locale("en").territories, Locale("ru").territories
    out: dict[str, dict[str, list[str]]] = {}
    for c in pycountry.countries:
        a3, a2 = c.alpha_3, c.alpha_2
        o = over.get(a3) or {}
        cldr_en = _PAREN.sub("", en_cldr.get(a2, c.name))
        name = o.get("name") or cldr_en
        en = [cldr_en, c.name, getattr(c, "official_name", ""), getattr(c, "common_name", ""), *_names(o.get("en"))]
        ru = [_PAREN.sub("", ru_cldr.get(a2, "")), *_names(o.get("ru"))]
        excluded = [n for n in (name, *en, *ru) if n in exclude.get("en", ()) or n in exclude.get("ru", ())]
        en = [n for n in dict.fromkeys(en) if n and "," not in n and n not in exclude.get("en", ())]
        ru = [n for n in dict.fromkeys(ru) if n and "," not in n and n not in exclude.get("ru", ())]
        e = gz.add_entity(KnownEntity(entity_id("GPE", name, o.get("wikidata")), name, "GPE", a3,
                                      o.get("wikidata") or None, "country"))
        for n in excluded:  # never matched in text, but a model mention typed a place by that name is the country
            gz.name_keys.setdefault(name_key(n), set()).add(e.id)
        for lang, names in (("en", en), ("ru", ru)):
            for n in names:
                gz.add_alias(Alias(n, lang, "name", e.id))
        adj_en, adj_ru = _names(o.get("adj_en")), _names(o.get("adj_ru"))
        for lang, adjs in (("en", adj_en), ("ru", adj_ru)):
            for n in adjs:
                gz.add_alias(Alias(n, lang, "adjective", e.id))
        out[a3] = {"name": [name], "en": en, "ru": ru, "adj": adj_en, "ru_adj": adj_ru}
    return out


def _load_places(gz: Gazetteer, extra: tuple[str, ...]) -> None:
    for row in load_tsv("gazetteer/places.tsv", extra):
        name = row.get("name", "")
        if not name:
            continue
        type_ = row.get("type") or "GPE"
        e = gz.add_entity(KnownEntity(entity_id(type_, name, row.get("wikidata")), name, type_,
                                      row.get("country") or None, row.get("wikidata") or None, "place"))
        for n in [name, *_names(row.get("aliases_en"))]:
            gz.add_alias(Alias(n, "en", "name", e.id))
        for n in _names(row.get("aliases_ru")):
            gz.add_alias(Alias(n, "ru", "name", e.id))


def _expand(pattern: str, values: dict[str, list[str]]) -> list[str]:
    out = [pattern]
    for ph in re.findall(r"\{(\w+)\}", pattern):
        out = [s.replace("{" + ph + "}", v, 1) for s in out for v in values.get(ph, [])]
    return out


def _load_organizations(gz: Gazetteer, countries: dict[str, dict[str, list[str]]], extra: tuple[str, ...]) -> None:
    data = load_yaml("gazetteer/organizations.yaml", extra) or {}
    for o in data.get("organizations") or ():
        e = gz.add_entity(KnownEntity(entity_id("ORG", o["name"], o.get("wikidata")), o["name"], "ORG",
                                      o.get("country") or None, o.get("wikidata") or None, "org", o.get("class")))
        for lang in ("en", "ru"):
            for n in [o["name"]] * (lang == "en") + _names(o.get(lang)):
                gz.add_alias(Alias(n, lang, "name", e.id))
    for t in data.get("templates") or ():
        codes = [c for c in t.get("countries") or () if c in countries]
        uses_host = "{host_" in t["name"] + " ".join(_names(t.get("en")) + _names(t.get("ru")))
        pairs = [(a, b) for a in codes for b in codes if a != b] if uses_host else [(a, None) for a in codes]
        for a, b in pairs:
            values = dict(countries[a])
            if b:
                values.update({f"host_{k}": v for k, v in countries[b].items()})
            name = _expand(t["name"], values)[0]
            e = gz.add_entity(KnownEntity(entity_id("ORG", name), name, "ORG", a, None, "org", t.get("class")))
            for lang in ("en", "ru"):
                for pattern in _names(t.get(lang)):
                    for n in _expand(pattern, values):
                        gz.add_alias(Alias(n, lang, "name", e.id))
    for g in data.get("generic") or ():
        for lang in ("en", "ru"):
            for n in _names(g.get(lang)):
                gz.add_alias(Alias(n, lang, "generic", klass=g["class"]))


def _load_people(gz: Gazetteer, extra: tuple[str, ...]) -> None:
    """People of the generated Wikidata file, then the hand-kept one; a hand entry of a person already
    known (same Wikidata id, or same name key and country) adds its aliases and offices to that person,
    and its canonical name and its dates of an office it lists win."""
    for relpath in PEOPLE_FILES:
        data = load_yaml(relpath, extra) or {}
        for p in data.get("persons") or ():
            _add_person(gz, p)


def _add_person(gz: Gazetteer, p: dict) -> None:
    holdings = tuple(Holding(r["role"], r.get("country") or None, parse_bound(r.get("from"), False),
                             parse_bound(r.get("to"), True), r.get("host") or None, bool(r.get("acting")),
                             parse_bound(r.get("checked"), True))
                     for r in p.get("roles") or ())
    country, wikidata = p.get("country") or None, p.get("wikidata") or None
    eid = entity_id("PERSON", p["name"], wikidata)
    names = [p["name"], *_names(p.get("en")), *_names(p.get("ru"))]
    same = {eid} & set(gz.entities) or {
        i for n in names for i in gz.person_keys.get(name_key(n), ())
        if gz.entities[i].country == country and (wikidata is None or gz.entities[i].wikidata is None)}
    if len(same) == 1:  # the same person again: one entity, this entry's name, both entries' offices
        old = gz.entities.pop(same.pop())
        mine = {(h.role, h.country, h.host) for h in holdings}  # this entry's dates of an office win
        kept = tuple(h for h in old.holdings if (h.role, h.country, h.host) not in mine)
        eid, wikidata, holdings = old.id, old.wikidata or wikidata, kept + holdings
        country = country or old.country
    e = gz.add_entity(KnownEntity(eid, p["name"], "PERSON", country, wikidata, "person", None, holdings))
    for n in [p["name"], *_names(p.get("en"))]:
        gz.add_alias(Alias(n, "en", "name", e.id))
        if _ascii(n) != n:  # "Erdogan" as news often writes Erdoğan
            gz.add_alias(Alias(_ascii(n), "en", "name", e.id))
    for n in _names(p.get("ru")):
        gz.add_alias(Alias(n, "ru", "name", e.id))
        gz.add_alias(Alias(transliterate(n), "en", "name", e.id))


def _ascii(text: str) -> str:
    """Latin letters without their accents (Erdoğan -> Erdogan, Orbán -> Orban); other scripts unchanged."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _load_roles(gz: Gazetteer, countries: dict[str, dict[str, list[str]]], extra: tuple[str, ...]) -> None:
    data = load_yaml("gazetteer/roles.yaml", extra) or {}
    listed = set()
    for r in data.get("roles") or ():
        listed.add((r["role"], r.get("country") or None))
        for lang in ("en", "ru"):
            for n in _names(r.get(lang)):
                gz.add_alias(Alias(n, lang, "role", role=r["role"], country=r.get("country") or None,
                                   host=r.get("host") or None))
    # templates: the same phrases for every country that has a holder of the role and no phrases of its own
    held = {(h.role, h.country) for e in gz.entities.values() for h in e.holdings}
    for t in data.get("templates") or ():
        for code, values in countries.items():
            if (t["role"], code) in listed or (t["role"], code) not in held:
                continue
            for lang in ("en", "ru"):
                for pattern in _names(t.get(lang)):
                    for n in _expand(pattern, values):
                        gz.add_alias(Alias(n, lang, "role", role=t["role"], country=code))


def build_gazetteer(extra: Iterable[str] = ()) -> Gazetteer:
    extra = tuple(str(p) for p in extra)
    gz = Gazetteer()
    countries = _country_names(gz, extra)
    _load_places(gz, extra)
    _load_organizations(gz, countries, extra)
    _load_people(gz, extra)
    _load_roles(gz, countries, extra)
    return gz


@lru_cache(maxsize=4)
def load_gazetteer(extra: tuple[str, ...] = ()) -> Gazetteer:
    return build_gazetteer(extra)
