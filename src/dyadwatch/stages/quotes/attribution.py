"""Who said it: speaker finding for quotes, shared by the quote and commitment stages.

A speaker is looked for in a window of text (just after a closing quote mark,
before an opening one, after "according to"). In that window, in order:

1. a resolved mention of a person or organisation (the resolve stage's
   entities, including role mentions it already linked);
2. a speaker noun for an institution ("the ministry", "МИД") -> the document's
   organisation whose canonical name fits best, or the institution's own name
   ("the Kremlin");
3. a statement noun ("the statement", "the press service", "it", «в
   сообщении») -> the institution it names ("the Kremlin press service",
   «пресс-служба президента Казахстана»), else the institution the article
   last cited (``institutions.py``);
4. a pronoun ("he", "она") -> the last person of that gender who spoke or was
   the subject of a speech verb, else the last such person named;
5. a person role noun ("the parliamentarian", "глава Комитета") -> the last
   person who spoke, else the last person named;
6. "the Russian side" -> the country entity of the adjective.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...knowledge import load_yaml
from ...patterns import compile_alternation, compile_pattern
from ...records import Actor, Entity
from ...textindex import DocIndex
from .institutions import OWNER_GAP as _OWNER_GAP, Institutions
from .syntax import is_subject


@lru_cache(maxsize=8)
def speech_lexicon(extra: tuple[str, ...] = ()) -> dict:
    return load_yaml("quotes/speech.yaml", extra)


@lru_cache(maxsize=8)
def speaker_lexicon(extra: tuple[str, ...] = ()) -> dict:
    return load_yaml("quotes/speakers.yaml", extra)


@dataclass(frozen=True, slots=True)
class SpeakerHit:
    """A speaker found in a window: the entity (or a bare name), where, and how."""

    actor: Actor
    start: int
    end: int
    how: str  # mention | institution | statement | pronoun | role | side
    entity: Entity | None = None


@dataclass
class SpeechHistory:
    """Speakers seen so far in text order: persons for pronouns and role nouns, institutions (with or
    without an entity of the document) for statement nouns."""

    acts: list[tuple[int, Entity]] = field(default_factory=list)
    sources: list[tuple[int, Actor]] = field(default_factory=list)

    def add(self, pos: int, ent: Entity | None) -> None:
        if ent is not None:
            self.acts.append((pos, ent))
            self.acts.sort(key=lambda a: a[0])

    def add_source(self, pos: int, actor: Actor) -> None:
        """An institution that speaks in the article (a press service, "the Kremlin said")."""
        self.sources.append((pos, actor))
        self.sources.sort(key=lambda a: a[0])

    def last_source(self, before: int) -> Actor | None:
        """The institution cited last before ``before``, else the first one cited after it."""
        earlier = [a for pos, a in self.sources if pos < before]
        if earlier:
            return earlier[-1]
        return self.sources[0][1] if self.sources else None

    def last_person_at(self, index: DocIndex, before: int, gender: str | None = None,
                       floor: int = 0) -> tuple[int, Entity] | None:
        """The last person of ``gender`` who spoke before ``before``, with where."""
        for pos, ent in reversed(self.acts):
            if floor <= pos < before and ent.type == "PERSON":
                if gender is None or index.gender(ent) in (gender, None):
                    return pos, ent
        return None


class SpeakerFinder:
    """Find and resolve speakers in windows of one document."""

    def __init__(self, index: DocIndex, history: SpeechHistory | None = None, skip_outlets: bool = False) -> None:
        self.index = index
        self.history = history or SpeechHistory()
        lang = index.language if index.language in ("en", "ru") else "en"
        self.lang = lang
        speech = speech_lexicon(index.extra)
        speakers = speaker_lexicon(index.extra)
        self.pronouns: dict[str, str | None] = dict(speech.get("pronouns", {}).get(lang, {}))
        self.pronoun_rx = compile_alternation(tuple(self.pronouns))
        self.possessives: dict[str, str | None] = dict(speech.get("possessive", {}).get(lang, {}))
        self.possessive_rx = compile_alternation(tuple(self.possessives))
        self.institutions = list(speakers.get("institution", ()))
        self.offices = Institutions(index, speakers, lang)
        self.statement_rx = compile_alternation(tuple(speakers.get("statement", {}).get(lang, ())))
        # news outlets relay quotes ("TASS quotes the minister", "Peskov told TASS"): never their speaker
        self.outlets = frozenset(str(n).lower() for n in speakers.get("outlets", ())) if skip_outlets else frozenset()
        self.role_rx = compile_alternation(tuple(speakers.get("person", {}).get(lang, ())))
        self.national_role_rx = _national_roles(tuple(speakers.get("person", {}).get(lang, ())))
        office_of = compile_alternation(tuple(speakers.get("office_of", {}).get(lang, ())))
        self.office_of_rx = re.compile(f"(?:{office_of.pattern})[\\s\\u00a0]+$", office_of.flags) if office_of else None
        self.compatible = [(key, compile_alternation(tuple(words.get(lang, ()))))
                           for key, words in speakers.get("compatible_roles", {}).items()]
        self.side_rx = compile_alternation(tuple(load_yaml("events/cues.yaml", index.extra)
                                                 .get("side_nouns", {}).get(lang, ())))

    # ------------------------------------------------------------------ public
    def find(self, start: int, end: int, anchor: int, prefer_last: bool = False,
             head: tuple[int, int] | None = None) -> SpeakerHit | None:
        """The speaker named in ``text[start:end]``; ``anchor`` is where the quote is (for pronouns).

        ``prefer_last`` picks the candidate nearest the window's end (windows
        before a quote), else the one nearest its start (windows after it).
        ``head``: the range of the phrase's head word (from a parse); a candidate on it wins.
        """
        cands: list[SpeakerHit] = []
        for m in self.index.mentions_in(start, end):
            ent = self.index.entity_of(m)
            if ent is None or ent.type not in ("PERSON", "ORG") or ent.name.lower() in self.outlets:
                continue
            if m.kind == "pronoun" and ent.type == "PERSON":
                said = self.pronouns.get(self.index.text[m.start:m.end].lower())
                if said and self.index.gender(ent) not in (said, None):
                    continue  # the resolver's antecedent has the other gender ("Она" -> a man): ours decides
                cands.append(SpeakerHit(self.index.actor(ent, "speaker"), m.start, m.end, "pronoun", ent))
            elif ent.type == "ORG":
                if self._in_title(m.start):
                    continue  # "Minister of Economy and Commerce": a person's office, not the speaker
                actor = self.offices.for_entity(ent) or self.index.actor(ent, "speaker")
                cands.append(SpeakerHit(actor, m.start, m.end, "mention", ent))
            else:
                cands.append(SpeakerHit(self.index.actor(ent, "speaker"), m.start, m.end, "mention", ent))
        text = self.index.text
        window = (start, end)
        # "the Kazakh leader's press service", «в сообщении пресс-службы Кремля», "the statement", "it":
        # the phrase and the owner it names are one candidate (the leader inside it is not the speaker)
        for hit in self._statements(start, end, anchor):
            cands = [c for c in cands if not (hit.start <= c.start < hit.end)]
            cands.append(hit)
        for hit in self._institutions(*window):
            if hit.entity is None:  # "the Kremlin" by its own name: not a person the model saw there
                cands = [c for c in cands if not (c.entity is not None and c.entity.type != "ORG"
                                                  and hit.start <= c.start and c.end <= hit.end)]
            if not _inside(hit.start, [(c.start, c.end) for c in cands]):
                cands.append(hit)
        covered = [(c.start, c.end) for c in cands]
        if self.pronoun_rx:
            for m in self.pronoun_rx.finditer(text, *window):
                if _inside(m.start(), covered):
                    continue
                ent = self._pronoun_antecedent(anchor, self.pronouns.get(m.group(0).lower()))
                if ent is not None:
                    cands.append(SpeakerHit(self.index.actor(ent, "speaker"), m.start(), m.end(), "pronoun", ent))
        roles = [(m.start(), m.end(), m.group(0)) for m in self.role_rx.finditer(text, *window)] if self.role_rx else []
        if self.national_role_rx:  # "the Kyrgyz minister": the role noun after a country's adjective
            roles += [(m.start(), m.end(), f"the {m.group('noun')}") for m in self.national_role_rx.finditer(text, *window)
                      if not any(s <= m.start("noun") < e for s, e, _ in roles)]
        for r_start, r_end, noun in roles:
            if _inside(r_start, covered):
                continue
            ent = self._role_antecedent(noun, r_start, anchor, self._country_before(r_start, r_end))
            if ent is not None:
                cands.append(SpeakerHit(self.index.actor(ent, "speaker"), r_start, r_end, "role", ent))
        if self.side_rx:
            for m in self.side_rx.finditer(text, *window):
                hit = self._side(m.start(), m.end())
                if hit and not _inside(hit.start, covered):
                    cands.append(hit)
        if not cands:
            return None
        if head is not None:
            on_head = [c for c in cands if c.start < head[1] and head[0] < c.end]
            cands = on_head or cands
        # a person's name beats a pronoun or role noun, which beat institutions and other names
        # (a split "Talent" ORG before "Mamytov"); then the one nearest the quote wins
        # before a Russian verb, a name in an oblique case is no subject («о визите Кулубаева»)
        def rank(c: SpeakerHit) -> float:
            if c.how == "mention":
                if c.entity is None or c.entity.type != "PERSON":
                    return 2
                oblique = prefer_last and self.lang == "ru" and not is_subject(text, "ru", c.start, c.end)
                return 1.5 if oblique else 0
            return 1 if c.how in ("pronoun", "role") else 2
        if prefer_last:
            return min(cands, key=lambda c: (rank(c), -c.end))
        return min(cands, key=lambda c: (rank(c), c.start))

    def named_person(self, start: int, end: int, anchor: int) -> SpeakerHit | None:
        """The first person named (not a pronoun) in ``text[start:end]``, as a speaker."""
        for m in self.index.mentions_in(start, end, ("PERSON",)):
            ent = self.index.entity_of(m)
            if ent is not None and ent.type == "PERSON" and m.kind != "pronoun" and not self._in_title(m.start):
                return SpeakerHit(self.index.actor(ent, "speaker"), m.start, m.end, "mention", ent)
        return None

    def _in_title(self, start: int) -> bool:
        return self.office_of_rx is not None and self.office_of_rx.search(self.index.text, max(0, start - 40),
                                                                          start) is not None

    def in_cue(self, start: int, end: int, anchor: int) -> SpeakerHit | None:
        """The speaker a cue names by a possessive pronoun ("in his words", «по её словам»): the last
        person of that gender who spoke, else the subject of the sentence before, else the last named."""
        if self.possessive_rx is None:
            return None
        m = self.possessive_rx.search(self.index.text, start, end)
        if m is None:
            return None
        ent = self._pronoun_antecedent(anchor, self.possessives.get(m.group(0).lower()))
        if ent is None:
            return None
        return SpeakerHit(self.index.actor(ent, "speaker"), m.start(), m.end(), "pronoun", ent)

    # ------------------------------------------------------------------ helpers
    def _pronoun_antecedent(self, anchor: int, gender: str | None) -> Entity | None:
        """A pronoun's person: the last person of its gender who spoke, unless the sentence before the
        quotation (or its own) has a later person of that gender as its subject ("Putin spoke. ...
        Japarov thanked Moscow. “...,” he said": Japarov, the nearer subject); else the last named."""
        spoke = self.history.last_person_at(self.index, anchor, gender, floor=max(0, anchor - 1500))
        subject = self._subject_antecedent_at(anchor, gender)
        # a subject in the speaker's own sentence is the one of the words reported ("Lavrov said Japarov
        # would come. “...,” he said": Lavrov), not a new person taking the floor
        if subject is not None and (spoke is None or self.index.sentence_at(subject[0]).index
                                    > self.index.sentence_at(spoke[0]).index):
            return subject[1]
        if spoke is not None:
            return spoke[1]
        return self.index.last_person_before(anchor, gender)

    def _statements(self, start: int, end: int, anchor: int) -> list[SpeakerHit]:
        """Statement nouns in the window, each with the institution it names or, naming none, the
        institution the article cited last before ``anchor``. The hit spans the noun and its owner."""
        out: list[SpeakerHit] = []
        text = self.index.text
        # a statement noun ("the statement") or a press office with its owner before it ("the Kyrgyz
        # president's press service", "the ministry's press office"), one hit per place
        found = [m for rx in (self.statement_rx, self.offices.press_rx) if rx is not None
                 for m in rx.finditer(text, start, end)]
        found.sort(key=lambda m: (m.start(), -m.end()))
        for m in [m for i, m in enumerate(found) if not any(o.start() <= m.start() < o.end() for o in found[:i])]:
            owner = self.offices.owner(m.start(), m.end(), start, end)
            if owner is not None:
                lo, hi = self._owner_extent(m.start(), m.end(), start, end)
                out.append(SpeakerHit(owner, lo, hi, "statement",
                                      self.index.entities.get(owner.entity or "")))
                continue
            cited = self.history.last_source(anchor) or self._organisation_subject(anchor)
            if cited is not None:
                out.append(SpeakerHit(cited, m.start(), m.end(), "statement",
                                      self.index.entities.get(cited.entity or "")))
        return out

    def _owner_extent(self, s: int, e: int, lo: int, hi: int) -> tuple[int, int]:
        """The phrase around a statement noun up to the punctuation that bounds its owner."""
        text = self.index.text
        a = max(lo, s - 45)
        gaps = [m.end() for m in _OWNER_GAP.finditer(text, a, s)]
        a = gaps[-1] if gaps else a
        b = min(hi, e + 60)
        gap = _OWNER_GAP.search(text, e, b)
        return a, gap.start() if gap else b

    def _institutions(self, start: int, end: int) -> list[SpeakerHit]:
        out = []
        text = self.index.text
        for entry in self.institutions:
            for m in compile_pattern(entry["pattern"]).finditer(text, start, end):
                ent = self.best_organisation(entry.get("prefer", ()), m.start())
                if ent is not None:
                    out.append(SpeakerHit(self.index.actor(ent, "speaker"), m.start(), m.end(), "institution", ent))
                elif entry.get("name"):
                    out.append(SpeakerHit(Actor(name=entry["name"], country=entry.get("country"), role="speaker"),
                                          m.start(), m.end(), "institution"))
                # else: "the ministry" with no ministry in the document names nobody ("ведомства" is no speaker)
        return out

    def _subject_antecedent_at(self, anchor: int, gender: str | None) -> tuple[int, Entity] | None:
        """The last person of ``gender`` named as the subject of the sentence before ``anchor`` or of its
        own ("Putin held talks with Japarov. “...,” he said": Putin), with where."""
        here = self.index.sentence_at(anchor).index
        lo = self.index.sentences[max(0, here - 1)].start
        for m in reversed(self.index.mentions_in(lo, anchor, ("PERSON",))):
            ent = self.index.entity_of(m)
            if ent is None or m.kind == "pronoun" or (gender and self.index.gender(ent) not in (gender, None)):
                continue
            if is_subject(self.index.text, self.lang, m.start, m.end):
                return m.start, ent
        return None

    def _organisation_subject(self, anchor: int) -> Actor | None:
        """A statement noun with no institution cited yet: the organisation that is the subject of the
        sentence before ``anchor`` or of its own ("The ministry issued a statement. “...,” the statement
        said"; «Кабмин опубликовал сообщение»); never a news outlet."""
        here = self.index.sentence_at(anchor).index
        lo = self.index.sentences[max(0, here - 1)].start
        for m in reversed(self.index.mentions_in(lo, anchor, ("ORG",))):
            ent = self.index.entity_of(m)
            if ent is None or ent.type != "ORG" or ent.name.lower() in self.outlets:
                continue
            opens = not re.sub(r"(?i)\bthe\b", "", self.index.text[self.index.sentence_at(m.start).span.start:m.start]).strip()
            if opens or is_subject(self.index.text, self.lang, m.start, m.end):  # or opens the sentence
                return self.offices.for_entity(ent)
        return None

    def _country_before(self, start: int, end: int) -> str | None:
        """The country a role noun is qualified by: a country's adjective or name inside the phrase or
        right before it ("the Kyrgyz minister", «киргизский министр»)."""
        for m in self.index.mentions_in(max(0, start - 30), end, ("GPE",)):
            ent = self.index.entity_of(m)
            if ent is None or not ent.country or not self.index.is_country(ent):
                continue
            if start <= m.start < end or not self.index.text[m.end:start].strip():
                return ent.country
        return None

    def _role_antecedent(self, noun: str, pos: int, anchor: int, country: str | None = None) -> Entity | None:
        """The person a role noun ("the minister", «посол») stands for: the nearest one before it who
        holds a role of that kind (knowledge/quotes/speakers.yaml ``compatible_roles``, against the
        roles the resolve stage gave), else the last person who spoke, else the last person named;
        never a person whose known roles are all of another kind. A ``country`` ("the Kyrgyz minister")
        keeps only people of that country."""
        keys = [key for key, rx in self.compatible if rx is not None and rx.fullmatch(noun)]
        spoke = [e for p, e in reversed(self.history.acts)
                 if max(0, anchor - 2500) <= p < anchor and e.type == "PERSON" and country in (None, e.country)]
        named = []
        for m in reversed(self.index.mentions_in(max(0, pos - 3000), pos)):
            ent = self.index.entity_of(m)
            if ent is not None and ent.type == "PERSON" and m.kind != "pronoun" and ent not in named \
                    and country in (None, ent.country):
                named.append(ent)
        if keys:
            for ent in named + spoke:
                if any(key in role for role in ent.roles for key in keys):
                    return ent
        for ent in spoke[:1] + named[:1]:
            if not keys or not ent.roles or any(key in role for role in ent.roles for key in keys):
                return ent
        return None

    def best_organisation(self, prefer: tuple[str, ...] | list[str], pos: int) -> Entity | None:
        """The document's organisation whose name contains the earliest preferred word;
        among equals, the one mentioned last before ``pos`` (else first after it)."""
        return self.offices.best_organisation(prefer, pos)

    def _side(self, start: int, end: int) -> SpeakerHit | None:
        """'the Russian side' / 'российской стороной': the country of the adjacent adjective."""
        lo = max(0, start - 25)
        for m in reversed(self.index.mentions_in(lo, end + 25)):
            ent = self.index.entity_of(m)
            if ent is not None and ent.type in ("GPE", "LOC") and ent.country:
                country = self.index.country_entity(ent.country) or ent
                return SpeakerHit(self.index.actor(country, "speaker"), min(m.start, start), end, "side", country)
        return None


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in ranges)


def _national_roles(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """"the Kyrgyz minister", "the Uzbek envoy": an English role noun of ``person`` ("the minister")
    with a capitalised adjective between "the" and the noun."""
    nouns = sorted({p[4:] for p in phrases if p.startswith("the ") and "*" not in p and "_" not in p}, key=len,
                   reverse=True)
    if not nouns:
        return None
    alternation = "|".join(re.escape(n).replace("\\ ", "[\\s\u00a0]+") for n in nouns)
    return re.compile(r"\b[Tt]he[\s\u00a0]+[A-Z][\w'’-]*[\s\u00a0]+(?P<noun>(?i:" + alternation + r"))\b")
