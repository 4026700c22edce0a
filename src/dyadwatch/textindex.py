"""A read-only index over one analysed Doc, shared by the quote, event and commitment stages.

It answers the questions those stages keep asking: which sentence holds this
offset, which resolved mentions lie in a range, who is the last person named
before a position, is this entity a country or a city, which actor does an
entity make. It only reads layers; it never adds any.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .document import Doc
from .knowledge import load_yaml
from .records import Actor, Entity, Mention, Place, Span


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Lower-cased country names in English and Russian (pycountry + Babel CLDR)."""
    import pycountry
    from babel import Locale

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(value.lower())
    for lang in ("en", "ru"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names.add(name.lower())
    # the canonical names the gazetteer gives where they differ from the packages' ("Turkey", not "Türkiye")
    for entry in (load_yaml("gazetteer/countries.yaml").get("countries") or {}).values():
        if isinstance(entry, dict) and entry.get("name"):
            names.add(str(entry["name"]).lower())
    return frozenset(names)


def is_country_name(name: str) -> bool:
    return name.strip().lower() in _country_names()


@lru_cache(maxsize=8)
def _gender_rules(extra: tuple[str, ...]) -> dict:
    return load_yaml("quotes/gender.yaml", extra)


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    span: Span


class DocIndex:
    """Sentences, mentions and entities of a Doc, indexed by offset."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.language = doc.get("language") or "en"
        self.extra = tuple(str(p) for p in getattr(doc.settings, "knowledge_paths", ()) or ())
        sentences = tuple(doc.get("sentences") or ())
        if not sentences:
            sentences = (Span(0, len(self.text), self.text),)
        self.sentences: tuple[Span, ...] = tuple(sorted(sentences, key=lambda s: s.start))
        self._sentence_starts = [s.start for s in self.sentences]
        self.entities: dict[str, Entity] = {e.id: e for e in doc.get("entities") or ()}
        mentions = [m for m in doc.get("mentions") or () if m.entity in self.entities]
        if not mentions:  # a stage list without the "mentions" layer: fall back on the entities' own
            mentions = [m if m.entity else _with_entity(m, e.id)
                        for e in self.entities.values() for m in e.mentions]
        # a byline names the article's author, a role on the page: never an actor, a speaker or a party
        credits = [(c["start"], c["end"]) for c in (doc.clean.meta.get("byline"),) if isinstance(c, dict)]
        mentions = [m for m in mentions if not any(s <= m.start < e for s, e in credits)]
        self.mentions: list[Mention] = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._mention_starts = [m.start for m in self.mentions]

    # ------------------------------------------------------------------ sentences
    def sentence_at(self, pos: int) -> Sentence:
        i = max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)
        return Sentence(i, self.sentences[i])

    def paragraph_end(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return len(self.text) if end < 0 else end

    # ------------------------------------------------------------------ mentions
    def mentions_in(self, start: int, end: int, types: Iterable[str] | None = None) -> list[Mention]:
        wanted = set(types) if types else None
        i = bisect.bisect_left(self._mention_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end and (wanted is None or self.entity_type(m) in wanted):
                out.append(m)
            i += 1
        return out

    def entity_of(self, mention: Mention) -> Entity | None:
        return self.entities.get(mention.entity or "")

    def entity_type(self, mention: Mention) -> str:
        ent = self.entity_of(mention)
        return ent.type if ent else mention.type

    def last_person_before(self, pos: int, gender: str | None = None, floor: int = 0) -> Entity | None:
        """The person named last before ``pos`` (names and resolved roles, not pronouns)."""
        i = bisect.bisect_left(self._mention_starts, pos) - 1
        while i >= 0 and self.mentions[i].start >= floor:
            m = self.mentions[i]
            ent = self.entity_of(m)
            if ent and ent.type == "PERSON" and m.kind != "pronoun" and m.end <= pos:
                if gender is None or self.gender(ent) in (gender, None):
                    return ent
            i -= 1
        return None

    # ------------------------------------------------------------------ entities
    def gender(self, ent: Entity) -> str | None:
        """'f', 'm' or None, from name endings listed in knowledge/quotes/gender.yaml."""
        rules = _gender_rules(self.extra)
        # the canonical name only: aliases hold case forms and role phrases ("председателя ...")
        for name in (ent.name,):
            parts = name.split()
            if not parts:
                continue
            first = parts[0].lower()
            if first in rules.get("female_names", ()):
                return "f"
            if first in rules.get("male_names", ()):
                return "m"
            if any(first.endswith(s) for s in rules.get("female_first_endings", ())):
                return "f"
            last = parts[-1].lower()
            if len(parts) > 1 and any(last.endswith(s) for s in rules.get("female_surname_endings", ())):
                return "f"
        return "m" if ent.type == "PERSON" else None

    def is_country(self, ent: Entity) -> bool:
        if ent.type not in ("GPE", "LOC"):
            return False
        if "country" in ent.roles:
            return True
        return is_country_name(ent.name) or any(is_country_name(a) for a in ent.aliases)

    def is_place(self, ent: Entity) -> bool:
        """A city or region: a GPE/LOC that is not a whole country."""
        return ent.type in ("GPE", "LOC") and not self.is_country(ent)

    def country_entity(self, code: str | None) -> Entity | None:
        if not code:
            return None
        for ent in self.entities.values():
            if ent.country == code and self.is_country(ent):
                return ent
        return None

    @staticmethod
    def actor(ent: Entity, role: str = "participant") -> Actor:
        return Actor(name=ent.name, entity=ent.id, country=ent.country, role=role)

    @staticmethod
    def place(ent: Entity) -> Place:
        return Place(name=ent.name, country=ent.country, entity=ent.id)


def _with_entity(m: Mention, entity_id: str) -> Mention:
    return Mention(m.start, m.end, m.text, m.type, m.normal, m.stage, m.confidence, entity_id, m.kind)
