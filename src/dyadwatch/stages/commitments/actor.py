"""Who is bound by a commitment: the cue's subject, a side, "the parties", or the agent after it."""
from __future__ import annotations

import re

from typing import Callable

from ..quotes.attribution import SpeakerFinder, speech_lexicon
from ...patterns import any_match, compile_alternation, iter_matches
from ...records import Actor
from ...textindex import DocIndex
from .heads import qualifies_another_noun


SUBORDINATE = {"en": re.compile(r"(?i)\bthat\s"), "ru": re.compile(r"(?i),\s*что\s")}
WE = {"en": re.compile(r"(?i)\bwe\b"), "ru": re.compile(r"(?i)(?<![\w-])мы(?![\w-])")}


def find_actor(index: DocIndex, finder: SpeakerFinder, clause_start: int, cue_start: int, cue_end: int,
               sent_end: int, collective: tuple[str, ...], lang: str,
               capitals: frozenset[str] = frozenset(), obliques: tuple[str, ...] = (),
               agents: tuple[str, ...] = ()) -> tuple[Actor | None, bool]:
    """(actor, is_state): the cue's subject: a collective, a side, or the entity named last before the
    cue in the clause, unless a preposition governs it ("Flights between Baku and Istanbul will be
    operated": nobody is bound) or it only qualifies another noun ("Kyrgyzstan's economy will grow",
    heads.py); else the agent after it ("... российской стороной", "under study at the Ministry").
    ``is_state`` is true for a country, a side or "the parties"."""
    text = index.text
    reported = any_match(text[clause_start:cue_start], reporting_cues(index, lang, "according"))
    if reported is not None:  # "как сообщили в посольстве, ..." names who reports, not who commits
        comma = text.find(",", clause_start + reported.end(), cue_start)
        clause_start = comma + 1 if comma >= 0 else clause_start
    said = None
    for said in iter_matches(text, reporting_cues(index, lang, "that"), clause_start, cue_start):
        pass
    if said is not None:  # "The minister said that the Kyrgyz side remained committed": the side commits
        clause_start = said.end()
    if any_match(text[clause_start:cue_start], collective):
        return both_sides(index), True
    sub = SUBORDINATE.get(lang)
    if sub is not None:  # "Putin confirmed that the Kremlin will allocate": the subordinate clause's subject
        last = None
        for last in sub.finditer(text, clause_start, cue_start):
            pass
        if last is not None and index.mentions_in(last.end(), cue_start, ("PERSON", "ORG", "GPE")):
            clause_start = last.end()
    we = WE.get(lang)
    if we is not None and we.search(text, clause_start, cue_start):  # "we allocated": the speaker's country
        speaker = index.last_person_before(clause_start)
        country = index.country_entity(speaker.country) if speaker is not None else None
        if country is not None:
            return index.actor(country, "actor"), True
    def qualifier(start: int, end: int) -> bool:
        return qualifies_another_noun(text, lang, start, end, clause_start, cue_start, agents)

    hit = finder.find(clause_start, cue_start, cue_start, prefer_last=True)
    if hit is not None and hit.how == "mention" and qualifier(hit.start, hit.end):
        hit = None  # "Gazprom's profits will fall": not Gazprom's pledge
    if hit is not None:  # a country named after the person is nearer the cue: "Putin confirmed Russia is"
        for m in reversed(index.mentions_in(hit.end, cue_start, ("GPE",))):
            ent = index.entity_of(m)
            if ent is not None and index.is_country(ent):
                return index.actor(ent, "actor"), True
    if hit is None:
        oblique = compile_alternation(obliques)
        pair = _country_pair(index, clause_start, cue_start, oblique, qualifier)
        if pair is not None:
            return pair, True
        named = index.mentions_in(clause_start, cue_start, ("PERSON", "ORG", "GPE"))
        for i in reversed(range(len(named))):
            m = named[i]
            if _governed(text, named, i, clause_start, oblique) or (m.kind != "adjective" and qualifier(m.start, m.end)):
                continue  # a country's adjective names the giver («российских грантов»), as in English
            ent = index.entity_of(m)
            if ent is not None and ent.name in capitals:  # «Москва поставит»: the capital stands for its state
                country = index.country_entity(ent.country)
                return index.actor(country if country is not None else ent, "actor"), True
            if ent is not None and (ent.type != "GPE" or index.is_country(ent)):
                return index.actor(ent, "actor"), ent.type == "GPE"
        after = finder.find(cue_end, min(sent_end, cue_end + 200), cue_start)
        if after is not None and after.how in ("side", "institution", "mention"):
            hit = after
    if hit is None:
        return None, False
    state = hit.how == "side" or (hit.entity is not None and index.is_country(hit.entity))
    return Actor(hit.actor.name, hit.actor.entity, hit.actor.country, "actor"), state


AND = re.compile(r"(?i)^\s*(?:and|и|,)\s*$")


def _country_pair(index: DocIndex, start: int, end: int, oblique: re.Pattern[str] | None = None,
                  qualifier: Callable[[int, int], bool] = lambda s, e: False) -> Actor | None:
    """"Kyrgyzstan and Kazakhstan aim to ...": two countries joined by "and" are bound together (not
    after a preposition: "trade between Kyrgyzstan and Kazakhstan will grow")."""
    ms = [m for m in index.mentions_in(start, end, ("GPE",))
          if (e := index.entity_of(m)) is not None and index.is_country(e)]
    if len(ms) < 2 or not AND.match(index.text[ms[-2].end:ms[-1].start]):
        return None
    if _governed(index.text, ms, len(ms) - 2, start, oblique) or (
            ms[-2].kind != "adjective" and qualifier(ms[-2].start, ms[-2].end)):
        return None
    a, b = index.entity_of(ms[-2]), index.entity_of(ms[-1])
    if a is None or b is None or a.id == b.id:
        return None
    return Actor(f"{a.name} and {b.name}", None, None, "actor")


_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSOR = re.compile(r"['’]s(?![\w])")
_WORD_BEFORE = re.compile(r"([\w-]+)[\s\u00a0]*$")


def _governed(text: str, mentions: list, i: int, floor: int, oblique: re.Pattern[str] | None) -> bool:
    """Whether a preposition governs the ``i``-th mention (or, across "and", the one it is joined to):
    "between Baku and Istanbul", «между Баку и Стамбулом», "of Russia". A country's adjective qualifies
    its noun ("built with Russian funding"): the preposition governs the noun, not the country."""
    if oblique is None or mentions[i].kind == "adjective" or _POSSESSOR.match(text, mentions[i].end):
        return False  # "with Russia's funds": the noun after it is governed (heads.py judges that noun)
    while True:
        m = mentions[i]
        if i > 0 and AND.match(text[mentions[i - 1].end:m.start]):
            i -= 1
            continue
        before = _WORD_BEFORE.search(text, max(floor, m.start - 30), m.start)
        if before is not None and before.group(1).lower() in _ARTICLES:  # "from the Kremlin"
            before = _WORD_BEFORE.search(text, max(floor, before.start() - 30), before.start())
        return before is not None and oblique.fullmatch(before.group(1)) is not None


def reporting_cues(index: DocIndex, lang: str, kind: str) -> tuple[str, ...]:
    """Reported-speech openers of knowledge/quotes/speech.yaml ("according" or "that" entries)."""
    return tuple(speech_lexicon(index.extra).get("indirect", {}).get(lang, {}).get(kind, ()))


def both_sides(index: DocIndex) -> Actor:
    """"The parties" / "стороны": the document's countries of the followed dyad, named together."""
    dyad = tuple(getattr(index.doc.settings, "dyad", None) or ("KGZ", "RUS"))
    names = [ent.name for code in dyad if (ent := index.country_entity(code)) is not None]
    return Actor(" and ".join(names) if names else "both sides", None, None, "actor")
