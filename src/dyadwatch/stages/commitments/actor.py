"""Who is bound by a commitment: the cue's subject, a side, "the parties", or the agent after it."""
from __future__ import annotations

from ...attribution import SpeakerFinder, speech_lexicon
from ...patterns import any_match, iter_matches
from ...records import Actor
from ...textindex import DocIndex


def find_actor(index: DocIndex, finder: SpeakerFinder, clause_start: int, cue_start: int, cue_end: int,
               sent_end: int, collective: tuple[str, ...], lang: str) -> tuple[Actor | None, bool]:
    """(actor, is_state): the cue's subject: a collective, a side, or the entity named last before the
    cue in the clause; else the agent after it ("... российской стороной", "under study at the Ministry").
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
    hit = finder.find(clause_start, cue_start, cue_start, prefer_last=True)
    if hit is not None:  # a country named after the person is nearer the cue: "Putin confirmed Russia is"
        for m in reversed(index.mentions_in(hit.end, cue_start, ("GPE",))):
            ent = index.entity_of(m)
            if ent is not None and index.is_country(ent):
                return index.actor(ent, "actor"), True
    if hit is None:
        for m in reversed(index.mentions_in(clause_start, cue_start, ("PERSON", "ORG", "GPE"))):
            ent = index.entity_of(m)
            if ent is not None and (ent.type != "GPE" or index.is_country(ent)):
                return index.actor(ent, "actor"), ent.type == "GPE"
        after = finder.find(cue_end, min(sent_end, cue_end + 200), cue_start)
        if after is not None and after.how in ("side", "institution", "mention"):
            hit = after
    if hit is None:
        return None, False
    state = hit.how == "side" or (hit.entity is not None and index.is_country(hit.entity))
    return Actor(hit.actor.name, hit.actor.entity, hit.actor.country, "actor"), state


def reporting_cues(index: DocIndex, lang: str, kind: str) -> tuple[str, ...]:
    """Reported-speech openers of knowledge/quotes/speech.yaml ("according" or "that" entries)."""
    return tuple(speech_lexicon(index.extra).get("indirect", {}).get(lang, {}).get(kind, ()))


def both_sides(index: DocIndex) -> Actor:
    """"The parties" / "стороны": the document's countries of the followed dyad, named together."""
    dyad = tuple(getattr(index.doc.settings, "dyad", None) or ("KGZ", "RUS"))
    names = [ent.name for code in dyad if (ent := index.country_entity(code)) is not None]
    return Actor(" and ".join(names) if names else "both sides", None, None, "actor")
