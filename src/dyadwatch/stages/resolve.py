"""Entity resolution: every mention becomes one canonical entity of the article.

Inputs are the model's mentions (``ner_mentions``) and the gazetteer's
(``gazetteer_mentions``). In order:

1. Gazetteer names win where they overlap a model mention; what the model
   span holds beyond them is kept as its own mention ("Kyrgyzstan Sadyr
   Japarov" tagged ORG -> Kyrgyzstan + a person "Sadyr Japarov"), and a model
   "person" wholly covered by a place is dropped ("Bishkek" tagged PER). A
   model place or organisation that merely contains a place name is kept
   whole («Южная Америка» is not «Америка»); inside an organisation the place
   stays as a nested mention («МЧС России» and «России»).
2. Model mentions without an entity are looked up among known names by
   spelling-insensitive key (translit.name_key, so Cyrillic, case forms via
   natasha's normal form, and Japarov/Zhaparov agree), then by rapidfuzz
   similarity, which tolerates typos ("Talent Mamytov", «Руслана Казакбаев»).
3. Within the article, lone surnames join the person named in full, and
   unknown spellings of one person are merged.
4. (``resolve_roles.py``; ``role_holder`` answers "who held this office on this
   day" for other stages too) Role phrases ("the Russian leader", «глава МИД КР», "the Speaker") go to
   the person who held that role on the article's date (after a deputy
   qualifier, "Deputy Prime Minister of Russia", «вице-», the deputy's role,
   and a deputy nobody is listed for is an unknown person named by the
   office: knowledge/resolve/deputies.yaml) (its publication
   date, else the most frequent year written in the text), preferring people
   named in the article (an apposition first, never someone named in the
   phrase's own sentence); a phrase without a country only ever goes to
   someone named in the article. Generic institution phrases ("the Foreign Ministry")
   go to the last institution of that class named before them, else to the
   institution of the nearest preceding country in the sentence.
5. What stays unknown keeps a stable id from its type and name key, and one
   consistent name: for a person the nominative (natasha's normal form, never a
   case form) transliterated, or in pinyin when it is a Chinese name in Russian
   (``palladius.py``), so the same unknown person in an English and a Russian
   article gets the same id.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Any, Iterable, Mapping

from ..document import Doc
from ..palladius import pinyin_name
from ..pipeline import Stage
from ..intervals import SpanIndex
from ..records import Entity, Mention
from ..translit import has_cyrillic, name_key, transliterate
from .gazetteer_index import Gazetteer, KnownEntity, entity_id, load_gazetteer
from .ner import knowledge_paths
from .ner_metonymy import mark_acting_places
from .resolve_names import english_org, english_place
from .resolve_roles import DeputyRules, RoleResolution, _fields, deputy_rules, held, role_holder
from .tokens import doc_language

STAGE = "resolve"
PERSON_FUZZ = 86  # rapidfuzz ratio on name keys to accept a known person
SURNAME_FUZZ = 80  # ... and on the surnames alone
NAME_FUZZ = 92  # for organisations and places (shorter names, more lookalikes)
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b|\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_WORD = re.compile(r"[\w'’-]+")
_GLUED = re.compile(r"(?<=\w)-(?=[a-zа-яё])")
_PATRONYMIC = re.compile(r"(?:ович|евич|ич|овна|евна|ична|инична|ovich|evich|ovna|evna)$", re.IGNORECASE)


# --------------------------------------------------------------------------- dates
def article_period(doc: Doc) -> tuple[date, date] | None:
    """The day (or year) the article speaks of: publication date, else dates in the text."""
    published = doc.clean.published or doc.get("published")
    iso = getattr(published, "iso", lambda: None)() if not isinstance(published, str) else published
    if iso and len(iso) >= 10 and iso[:4].isdigit():
        d = date.fromisoformat(iso[:10])
        return d, d
    text = doc.text
    for m in _DATE.finditer(text):
        try:
            d = date(int(m[3]), int(m[2]), int(m[1])) if m[1] else date(int(m[4]), int(m[5]), int(m[6]))
            return d, d
        except ValueError:
            continue
    years = Counter(int(y) for y in _YEAR.findall(text) if 1991 <= int(y) <= date.today().year + 1)
    if years:
        y = years.most_common(1)[0][0]
        return date(y, 1, 1), date(y, 12, 31)
    return None


# --------------------------------------------------------------------------- helpers
def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _pieces(text: str, m: Mention, covers: Iterable[Mention]) -> list[tuple[int, int]]:
    """Parts of ``m`` outside every ``covers`` span, trimmed to capitalised words at both ends."""
    cuts = sorted((max(c.start, m.start), min(c.end, m.end)) for c in covers)
    out, pos = [], m.start
    for a, b in cuts + [(m.end, m.end)]:
        if a > pos:
            words = [w for w in _WORD.finditer(text, pos, a)]
            while words and not _name_word(words[0].group()):
                words.pop(0)
            while words and not _name_word(words[-1].group()):
                words.pop()
            if words and len(text[words[0].start():words[-1].end()]) >= 3:
                out.append((words[0].start(), words[-1].end()))
        pos = max(pos, b)
    return out


def _name_word(word: str) -> bool:
    """Capitalised or a number: a word that can be part of a name ("Россия 1", "Talant Mamytov")."""
    return word[:1].isupper() or word[:1].isdigit()


def _person_name(m: Mention, lang: str) -> str:
    """Display name of an unknown person: the normal form (nominative), in pinyin when it is a Chinese name
    in Russian spelling («Инь Хэцзюнь» -> Yin Hejun), else transliterated when Cyrillic."""
    name = " ".join((m.normal or m.text).split())
    if has_cyrillic(name):
        zh = pinyin_name(name)
        if zh:
            return zh
    if lang == "ru" or has_cyrillic(name):
        name = " ".join(w[:1].upper() + w[1:] for w in transliterate(name).split())
    return _GLUED.sub("", name)  # «Улук-бек» -> Ulukbek, as the name key reads it


def _similar(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


class Resolver(RoleResolution):
    """Resolution of one article's mentions (one instance per article)."""

    def __init__(self, gz: Gazetteer, text: str, lang: str, period: tuple[date, date] | None,
                 sentences: tuple = (), dyad: tuple[str, ...] = (), deputies: DeputyRules | None = None) -> None:
        self.gz, self.text, self.lang, self.period = gz, text, lang, period
        self.sentences, self.dyad = sentences, dyad
        self.deputies = deputies or deputy_rules()
        self.unknown: dict[str, tuple[str, str]] = {}  # id -> (name, type) of entities not in the gazetteer

    # ------------------------------------------------------------ known names
    def known_person(self, surface: str) -> KnownEntity | None:
        zh = pinyin_name(surface) if has_cyrillic(surface) else None
        key = name_key(zh or surface)
        if not key:
            return None
        found = self._known_person_key(key)
        words = (zh or surface).split()
        if found is None and len(words) == 3 and _PATRONYMIC.search(words[1]):  # «Касым-Жомарт Кемелевич Токаев»
            found = self._known_person_key(name_key(f"{words[0]} {words[2]}"))
        if found is None and len(words) == 2 and not zh:  # surname first: «Мирзиёев Шавкат», "Lavrov Sergey"
            found = self._known_person_key(name_key(f"{words[1]} {words[0]}"), fuzzy=False)
        kw = key.split()
        if found is None and len(kw) == 2 and len(words[0].rstrip(".")) == 1:  # an initial: «С. Жапаров»
            ids = [i for i in self.gz.surname_keys.get(kw[1], ()) if name_key(self.gz.entities[i].name)[:1] == kw[0]]
            active = [i for i in ids if any(held(h, self.period) for h in self.gz.entities[i].holdings)]
            pool = active if self.period else ids
            found = self.gz.entities[pool[0]] if len(pool) == 1 else None
        return found

    def _known_person_key(self, key: str, fuzzy: bool = True) -> KnownEntity | None:
        ids = self.gz.person_keys.get(key)
        if not ids:
            if len(key.split()) < 2:
                return None
            if not fuzzy:
                return None
            ids = self.gz.person_fuzzy(key, PERSON_FUZZ, SURNAME_FUZZ) or self._name_ending(key)
        return self._pick(ids) if ids else None

    def _name_ending(self, key: str) -> set[str] | None:
        """Known people whose full name ends with the 2+ words of ``key`` ("Tayyip Erdogan" of "Recep Tayyip
        Erdoğan"), when that is a single person."""
        ids = {i for i in self.gz.surname_keys.get(key.split()[-1], ())
               if name_key(self.gz.entities[i].name).endswith(" " + key)}
        return ids if len(ids) == 1 else None

    def _pick(self, ids: Iterable[str]) -> KnownEntity:
        """Among equally named people, prefer one in office on the article's date, then the dyad."""
        cands = sorted((self.gz.entities[i] for i in ids), key=lambda e: e.id)
        return sorted(cands, key=lambda e: (not any(held(h, self.period) for h in e.holdings),
                                            e.country not in self.dyad))[0]

    def known_name(self, surface: str) -> KnownEntity | None:
        key = name_key(surface)
        if not key:
            return None
        ids = self.gz.name_keys.get(key)
        if not ids and len(key) >= 6:
            ids = self.gz.name_fuzzy(key, NAME_FUZZ)
        return self.gz.entities[sorted(ids)[0]] if ids else None

    def unknown_id(self, type_: str, name: str) -> str:
        eid = entity_id(type_, name)
        self.unknown.setdefault(eid, (name, type_))
        return eid

    # ------------------------------------------------------------ steps
    def merge(self, ner: Iterable[Mention], gaz: Iterable[Mention]) -> list[Mention]:
        """Step 1: gazetteer names plus the model mentions (or their uncovered parts)."""
        names = [g for g in gaz if g.entity and g.kind in ("name", "abbreviation", "adjective")]
        generic = [g for g in gaz if g.kind == "generic"]
        out: list[Mention] = []
        swallowed: set[tuple[int, int]] = set()
        known = SpanIndex(names + generic)  # not a scan of all per mention: quadratic in a long article
        for n in ner:
            over = [g for g in known.overlapping(n.start, n.end)
                    if (g.kind not in ("adjective", "generic") or (g.start <= n.start and n.end <= g.end))]
            if not over:
                out.append(n)
                continue
            if n.type == "PERSON" and any(g.type == "PERSON" for g in over):
                continue
            pieces = _pieces(self.text, n, over)
            if n.type != "PERSON" and pieces and all(
                    g.type in ("GPE", "LOC") and n.start <= g.start and g.end <= n.end for g in over) \
                    and not any(self.known_person(self.text[a:b]) for a, b in pieces):
                # a name built on a place name is one thing: «Южная Америка», "University of North Carolina";
                # inside an organisation the place is still named too (nested: «МЧС России» and «России»)
                out.append(n)
                if n.type != "ORG":
                    swallowed |= {(g.start, g.end) for g in over}
                continue
            for a, b in pieces:
                piece = self.text[a:b]
                if n.type != "PERSON" and len(piece.split()) < 2:
                    continue  # "Republic" left of "Kyrgyzstan", «Комитета» of «Совета Федерации»: not a name
                normal = piece if (a, b) != (n.start, n.end) or self.lang != "ru" else n.normal
                type_ = "PERSON" if n.type == "PERSON" or self.known_person(piece) else n.type
                out.append(Mention(a, b, piece, type_, normal, n.stage, n.confidence * 0.9))
        out += [g for g in names if (g.start, g.end) not in swallowed]
        # adjectives inside a kept model span ("Kyrgyz Republic" is a name, "Russian" in "Russian
        # Federation Council" is not) are dropped in favour of the longer span
        spans = SpanIndex([m for m in out if m.kind != "adjective"])
        return sorted((m for m in out if m.kind != "adjective" or not any(
            (s.end - s.start) > (m.end - m.start) for s in spans.overlapping(m.start, m.end))),
            key=lambda m: (m.start, -m.end))

    def resolve_names(self, mentions: list[Mention]) -> list[Mention]:
        """Steps 2-3 and 5: known names by key and fuzzily, then in-article person merging."""
        out: list[Mention] = []
        for m in mentions:
            if m.entity:
                out.append(m)
                continue
            surface = m.normal or m.text
            known = self.known_person(surface) if m.type == "PERSON" or len(surface.split()) >= 2 else None
            if known is None and m.type != "PERSON":
                known = self.known_name(surface)
            if known is not None:
                out.append(replace(m, type=known.type, entity=known.id, stage=STAGE))
            else:
                out.append(m)
        return self._merge_persons(out)

    def _merge_persons(self, mentions: list[Mention]) -> list[Mention]:
        full: list[tuple[str, str]] = []  # (key, entity id) of persons named with 2+ words
        for m in mentions:
            if m.type == "PERSON" and m.entity and len(name_key(m.normal or m.text).split()) >= 2:
                full.append((name_key(m.normal or m.text), m.entity))
        for m in mentions:  # known people's surnames count for their entity
            if m.type == "PERSON" and m.entity and m.entity in self.gz.entities:
                full.append((name_key(self.gz.entities[m.entity].name), m.entity))
        out: list[Mention] = []
        for m in mentions:
            if m.entity or m.type != "PERSON":
                out.append(m)
                continue
            key = name_key(pinyin_name(m.normal or m.text) or m.normal or m.text)
            words = key.split()
            target = None
            if len(words) >= 2:
                for k, eid in full:
                    if k == key or (_similar(k, key) >= 90 and k.split()[-1][:1] == words[-1][:1]):
                        target = eid
                        break
                if target is None:
                    target = self.unknown_id("PERSON", _person_name(m, self.lang))
                    full.append((key, target))
            elif words:
                for k, eid in reversed(full):
                    if _similar(k.split()[-1], words[-1]) >= 85:
                        target = eid
                        break
                if target is None:
                    target = self._lone_surname(words[-1])
                if target is None:
                    target = self.unknown_id("PERSON", _person_name(m, self.lang))
            if target:
                out.append(replace(m, entity=target, stage=STAGE))
        # the remaining unknown organisations and places
        final = []
        for m in out:
            if m.entity is None:
                m = replace(m, entity=self.unknown_id(m.type, self._unknown_name(m)), stage=STAGE)
            final.append(m)
        return final

    def _unknown_name(self, m: Mention) -> str:
        """Name of an organisation or place the gazetteer does not know: in English when named in Russian
        (a city by its GeoNames name, an institution translated word by word: resolve_names.py), else
        transliterated; a name in Latin letters as written."""
        surface = m.normal or m.text
        if not has_cyrillic(surface):
            return surface
        english = english_place(surface) if m.type in ("GPE", "LOC") else None
        if english is None and m.type in ("ORG", "GPE", "LOC"):
            english = english_org(m.text, self._place_name, self._country_adjectives())
        return english or _person_name(m, self.lang)

    def _place_name(self, word: str) -> str | None:
        """English name of a country or known place written ``word`` (any script), by exact name key."""
        for i in sorted(self.gz.name_keys.get(name_key(word), ())):
            e = self.gz.entities[i]
            if e.kind in ("country", "place"):
                return e.name
        return english_place(word)

    def _country_adjectives(self) -> Mapping[str, str]:
        """Russian country adjectives (lemmas) -> the country's first English adjective."""
        memo = self.gz._lookup("ru_country_adjectives")
        if not memo:
            first_en: dict[str, str] = {}
            for a in self.gz.aliases:
                if a.kind == "adjective" and a.lang == "en" and a.entity:
                    first_en.setdefault(a.entity, a.text)
            for a in self.gz.aliases:
                if a.kind == "adjective" and a.lang == "ru" and a.entity in first_en:
                    memo.setdefault(a.text.lower().replace("ё", "е"), first_en[a.entity])
        return memo

    def _lone_surname(self, key: str) -> str | None:
        ids = self.gz.surname_keys.get(key)
        if not ids:
            return None
        active = [i for i in ids if any(held(h, self.period) for h in self.gz.entities[i].holdings)]
        pool = active if self.period else list(ids)
        if not pool:  # nobody of that surname in office then: a known person with no office at all (a journalist)
            pool = [i for i in ids if not self.gz.entities[i].holdings]
        return pool[0] if len(pool) == 1 else None

    def _sentence(self, pos: int) -> Any:
        return next((s for s in self.sentences if s.start <= pos < s.end), None)

    def resolve_generic(self, generic: Iterable[Mention], named: list[Mention]) -> list[Mention]:
        out = []
        for g in generic:
            klass = _fields(g.normal).get("class")
            prior = [m for m in named if m.start < g.start and m.entity in self.gz.entities
                     and self.gz.entities[m.entity].klass == klass]
            target = prior[-1].entity if prior else self._institution_of_nearest_country(g, klass, named)
            if target:
                out.append(replace(g, entity=target, stage=STAGE))
        return out

    def _institution_of_nearest_country(self, g: Mention, klass: str | None, named: list[Mention]) -> str | None:
        sent = self._sentence(g.start)
        lo = sent.start if sent else max(0, g.start - 300)
        countries = [m for m in named if lo <= m.start < g.start and m.entity in self.gz.entities
                     and self.gz.entities[m.entity].kind == "country"]
        if not countries:
            return None
        code = self.gz.entities[countries[-1].entity].country
        for e in self.gz.entities.values():
            if e.klass == klass and e.country == code and e.kind == "org":
                return e.id
        return None

    # ------------------------------------------------------------ entities
    def entities(self, mentions: list[Mention]) -> tuple[Entity, ...]:
        groups: dict[str, list[Mention]] = {}
        for m in mentions:
            groups.setdefault(m.entity, []).append(m)  # type: ignore[arg-type]
        out = []
        for eid, ms in groups.items():
            ms.sort(key=lambda m: (m.start, m.end))
            known = self.gz.entities.get(eid)
            if known:
                name, type_, country, wikidata = known.name, known.type, known.country, known.wikidata
                roles = tuple(f"{h.role}:{h.country or ''}" for h in known.holdings if held(h, self.period))
            else:
                name, type_ = self.unknown[eid]
                country, wikidata, roles = None, None, ()
            aliases = tuple(dict.fromkeys(m.text for m in ms))
            out.append(Entity(eid, name, type_, country, wikidata, tuple(ms), aliases, roles, known is not None,
                              STAGE, max(m.confidence for m in ms)))
        return tuple(sorted(out, key=lambda e: (e.mentions[0].start, e.id)))

    def run(self, ner: Iterable[Mention], gaz: Iterable[Mention]) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
        gaz = list(gaz)
        named = self.resolve_names(self.merge(ner, gaz))
        roles = self.resolve_roles([g for g in gaz if g.kind == "role"], named)
        generic = self.resolve_generic([g for g in gaz if g.kind == "generic"], named)
        mentions = sorted((replace(m, type=self.type_of(m)) for m in named + roles + generic),
                          key=lambda m: (m.start, -m.end))
        return self.entities(mentions), tuple(mentions)

    def type_of(self, m: Mention) -> str:
        known = self.gz.entities.get(m.entity or "")
        return known.type if known else self.unknown.get(m.entity or "", ("", m.type))[1]


class ResolveStage(Stage):
    name = "resolve"
    requires = ("language", "sentences", "ner_mentions", "gazetteer_mentions")
    adds = ("entities", "mentions")

    def warm_up(self) -> None:
        load_gazetteer(knowledge_paths(self.settings))
        deputy_rules(knowledge_paths(self.settings))

    def process(self, doc: Doc) -> Mapping[str, Any]:
        gz = load_gazetteer(knowledge_paths(self.settings))
        dyad = tuple(getattr(self.settings, "dyad", ()) or ())
        resolver = Resolver(gz, doc.text, doc_language(doc), article_period(doc), tuple(doc.get("sentences") or ()),
                            dyad, deputy_rules(knowledge_paths(self.settings)))
        entities, mentions = resolver.run(doc["ner_mentions"], doc["gazetteer_mentions"])
        # places standing for their state acting («Россия объявила») are marked on the final mentions,
        # gazetteer names included; entities keep their type
        marked = mark_acting_places(doc.text, doc_language(doc), list(mentions), self.settings)
        if marked != list(mentions):
            entities, mentions = resolver.entities(marked), tuple(marked)
        return {"entities": entities, "mentions": mentions}
