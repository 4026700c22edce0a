"""Institutions as speakers: press offices, statements and the institution an article cites.

Press services speak for the institution they belong to: "the Kazakh leader's
press service", «пресс-служба Кремля», "Press service of the President of
Kyrgyzstan" all speak for an institution (the Presidential Administration of
Kazakhstan, the Kremlin, ...), by the office that owns them (knowledge/quotes/
speakers.yaml: ``press_service``, ``owner_roles``, ``speaks_for``,
``press_office_classes``). A statement noun that names no institution ("the
statement said", "it said", "the press service added") stands for the
institution the article last cited as its source.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ...patterns import compile_alternation, compile_pattern
from ...records import Actor, Entity
from ...textindex import DocIndex
from ..gazetteer_index import KnownEntity, load_gazetteer
from .syntax import is_subject

OWNER_GAP = re.compile(r"[,.;:!?«»“”\"()\n]")  # what cannot lie between a press office and its owner
OWNER_BEFORE, OWNER_AFTER = 45, 60


@lru_cache(maxsize=8)
def _by_class(extra: tuple[str, ...]) -> dict[tuple[str, str], KnownEntity]:
    """Known institutions by (class, country)."""
    out: dict[tuple[str, str], KnownEntity] = {}
    for e in load_gazetteer(extra).entities.values():
        if e.type == "ORG" and e.klass and e.country:
            out.setdefault((e.klass, e.country), e)
    return out


@lru_cache(maxsize=8)
def _by_name(extra: tuple[str, ...]) -> dict[str, KnownEntity]:
    """Known organisations by canonical name (an entity of the document may carry another id)."""
    return {e.name: e for e in load_gazetteer(extra).entities.values() if e.type == "ORG"}


def known_organisation(ent: Entity, extra: tuple[str, ...]) -> KnownEntity | None:
    return load_gazetteer(extra).entities.get(ent.id) or _by_name(extra).get(ent.name)


class Institutions:
    """Which institution a press office, an office holder or a statement noun speaks for, in one Doc."""

    def __init__(self, index: DocIndex, speakers: dict, lang: str) -> None:
        self.index = index
        self.speaks = dict(speakers.get("speaks_for", {}))
        self.office_classes = dict(speakers.get("press_office_classes", {}))
        self.nouns = list(speakers.get("institution", ()))
        self.press_rx = compile_alternation(tuple(speakers.get("press_service", {}).get(lang, ())))
        self.owner_rx = {role: compile_alternation(tuple(words.get(lang, ())))
                         for role, words in speakers.get("owner_roles", {}).items()}

    # ------------------------------------------------------------------ offices
    def speaks_for(self, role: str, country: str | None) -> Actor | None:
        """The institution an office's press service speaks for ("head_of_state", "KAZ")."""
        rule = self.speaks.get(role)
        if not rule or not country:
            return None
        if rule.get(country):
            return Actor(name=str(rule[country]), country=country, role="speaker")
        known = _by_class(self.index.extra).get((str(rule.get("class")), country))
        if known is None:
            return None
        ent = self.index.entities.get(known.id)
        return Actor(name=ent.name if ent else known.name, entity=known.id, country=country, role="speaker")

    def for_entity(self, ent: Entity) -> Actor | None:
        """A press office organisation -> the institution it speaks for; another organisation -> itself."""
        if ent.type != "ORG":
            return None
        known = known_organisation(ent, self.index.extra)
        role = self.office_classes.get(known.klass) if known is not None and known.klass else None
        if role:
            return self.speaks_for(role, ent.country) or self.index.actor(ent, "speaker")
        return self.index.actor(ent, "speaker")

    def _person_office(self, ent: Entity) -> Actor | None:
        for role in self.speaks:  # the first office in speaks_for's order the person holds
            for held in ent.roles:
                key, _, country = held.partition(":")
                if key == role:
                    return self.speaks_for(role, country or ent.country)
        return None

    # ------------------------------------------------------------------ owners
    def owner(self, start: int, end: int, lo: int, hi: int) -> Actor | None:
        """The institution a press office or statement noun at ``[start, end)`` belongs to, named right
        before or after it within ``[lo, hi)`` with no punctuation between."""
        text = self.index.text
        a = max(lo, start - OWNER_BEFORE)
        b = min(hi, end + OWNER_AFTER)
        gap = OWNER_GAP.search(text, end, b)
        b = gap.start() if gap else b
        before_gaps = [m.end() for m in OWNER_GAP.finditer(text, a, start)]
        a = before_gaps[-1] if before_gaps else a
        options: list[tuple[int, Actor]] = []
        for m in self.index.mentions_in(a, b):
            if start <= m.start < end:
                continue
            ent = self.index.entity_of(m)
            if ent is None:
                continue
            actor = None
            if ent.type == "ORG":
                actor = self.for_entity(ent)
            elif ent.type == "PERSON":
                actor = self._person_office(ent)
            elif ent.type in ("GPE", "LOC") and ent.country and self.index.is_country(ent):
                actor = self._country_office(ent.country, m.start, m.end, a, b)
            if actor is not None:
                options.append((_gap(m.start, m.end, start, end), actor))
        for entry in self.nouns:  # "the ministry's press service", «пресс-служба Кремля»
            for m in compile_pattern(entry["pattern"]).finditer(text, a, b):
                org = self.best_organisation(entry.get("prefer", ()), m.start())
                if org is not None:
                    actor = self.for_entity(org)
                elif entry.get("name"):
                    actor = Actor(name=entry["name"], country=entry.get("country"), role="speaker")
                else:
                    actor = None
                if actor is not None:
                    options.append((_gap(m.start(), m.end(), start, end), actor))
        if options:
            return min(options, key=lambda o: o[0])[1]
        return self._bare_office(a, b)

    def _bare_office(self, lo: int, hi: int) -> Actor | None:
        """«пресс-служба главы государства», "the president's press office": an office named with no
        country belongs to the person holding it who is the subject of the sentence, else to the only
        person of the article holding it."""
        text = self.index.text
        for role, rx in self.owner_rx.items():
            if rx is None or rx.search(text, lo, hi) is None:
                continue
            holders = [e for e in self.index.entities.values()
                       if e.type == "PERSON" and any(r.split(":")[0] == role for r in e.roles)]
            sent = self.index.sentence_at(lo).span
            for m in self.index.mentions_in(sent.start, sent.end, ("PERSON",)):
                ent = self.index.entity_of(m)
                if ent in holders and is_subject(text, self.index.language, m.start, m.end):
                    return self._person_office(ent)
            if len(holders) == 1:
                return self._person_office(holders[0])
        return None

    def _country_office(self, country: str, m_start: int, m_end: int, lo: int, hi: int) -> Actor | None:
        """"the Kazakh president's", «президента Казахстана»: a country next to an office word."""
        text = self.index.text
        for role, rx in self.owner_rx.items():
            if rx is None:
                continue
            for m in rx.finditer(text, max(lo, m_start - 25), min(hi, m_end + 25)):
                if m.end() <= m_start or m.start() >= m_end:
                    return self.speaks_for(role, country)
        return None

    def best_organisation(self, prefer: tuple[str, ...] | list[str], pos: int) -> Entity | None:
        """The document's organisation whose name contains the earliest preferred word;
        among equals, the one mentioned last before ``pos`` (else first after it)."""
        orgs = [e for e in self.index.entities.values() if e.type == "ORG"]
        for word in prefer:
            fits = [e for e in orgs if word.lower() in e.name.lower()]
            if fits:
                return min(fits, key=lambda e: _distance(e, pos))
        return None

    # ------------------------------------------------------------------ sources
    def sources(self) -> list[tuple[int, Actor]]:
        """Every press office the article names, with the institution it speaks for, in text order."""
        out: list[tuple[int, Actor]] = []
        for m in self.index.mentions:
            ent = self.index.entity_of(m)
            if ent is None or ent.type != "ORG":
                continue
            known = known_organisation(ent, self.index.extra)
            if known is not None and known.klass in self.office_classes:
                actor = self.for_entity(ent)
                if actor is not None:
                    out.append((m.start, actor))
        if self.press_rx is not None:
            for m in self.press_rx.finditer(self.index.text):
                sent = self.index.sentence_at(m.start()).span
                actor = self.owner(m.start(), m.end(), sent.start, sent.end)
                if actor is not None:
                    out.append((m.start(), actor))
        return sorted(out, key=lambda o: o[0])


def _gap(s: int, e: int, start: int, end: int) -> int:
    return start - e if e <= start else s - end if s >= end else 0


def _distance(ent: Entity, pos: int) -> int:
    if not ent.mentions:
        return 10**9
    before = [pos - m.end for m in ent.mentions if m.end <= pos]
    if before:
        return min(before)
    return 10**6 + min(m.start - pos for m in ent.mentions)
