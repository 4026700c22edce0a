"""Who an event's actors are: the persons of the sentence for a meeting, the subject before the verb
and the object after it for one-sided acts, both sides for "the parties"."""
from __future__ import annotations

import re
from dataclasses import replace

from ...patterns import any_match, iter_matches, words_before
from ...records import Actor, Entity, Place, Span
from ...textindex import DocIndex
from .triggers import TriggerHit, _invited_before, event_cues


def _actors(index: DocIndex, sent: Span, h: TriggerHit, place: Place | None) -> list[Actor]:
    """Persons of the sentence (for meetings, the principals), else organisations and countries."""
    persons: list[Entity] = []
    others: list[Entity] = []
    positions: dict[str, int] = {}
    reporters = _reporting_ranges(index, sent)
    person_spans = [(m.start, m.end) for m in index.mentions_in(sent.start, sent.end, ("PERSON",))]
    cues = event_cues(index.extra)
    lang = index.language if index.language in ("en", "ru") else "en"
    needs_agent = h.type in set(cues.get("agent_required", ()))
    places: set[str] = set()  # for violent and coercive acts: names given only as where it happened
    preps = {p.lower() for p in cues.get("place_prepositions", {}).get(lang, ())}
    for m in index.mentions_in(sent.start, sent.end):
        ent = index.entity_of(m)
        if ent is None or ent.id in positions or any(s <= m.start < e for s, e in reporters):
            continue
        if ent.type != "PERSON" and any(s <= m.start and m.end <= e for s, e in person_spans):
            continue  # "Russian" inside "the Russian leader"
        if needs_agent and ent.type != "PERSON" and _named_as_place(index.text, m.start, preps):
            places.add(ent.id)  # "the attack in Crocus City Hall", "in the Russian Federation": where, not who
        if ent.type == "PERSON":
            persons.append(ent)
        elif ent.type == "ORG" or (ent.type in ("GPE", "LOC") and index.is_country(ent)):
            if place is None or ent.id != place.entity:
                others.append(ent)
        else:
            continue
        positions[ent.id] = m.start
    nationality = _nationalities(index, sent, int(event_cues(index.extra).get("nationality_window_chars", 45)))
    if h.multilateral:  # the gathering's body (an assembly, a summit's organisation) belongs to it
        chosen = persons + [e for e in others if e.type == "ORG"]
    elif h.contact and persons:  # meetings: the people who met; a visit also its host country
        persons = _without_speakers(index, sent, h, persons, positions, cues, lang)
        chosen = persons + _destination(index, h, others, positions, cues, lang)
        if len(persons) < 2 and h.family == "meet":  # "Afghan rebel leaders would meet mediator X": a side
            chosen = [e for e in others if positions[e.id] < h.span.start  # named by its country, not the venue
                      and not _named_as_place(index.text, positions[e.id], preps)][:1] + chosen
    else:  # one-sided acts: whoever is named, in text order, so the subject before the verb is found
        chosen = sorted(persons + others, key=lambda e: positions[e.id])
    if not h.contact and not any(positions[e.id] < h.span.start for e in chosen) \
            and _collective_before(index, sent, h):
        # "The parties agreed ...", "Стороны договорились ...": both countries of the dyad act
        sides = [e for code in _dyad(index) if (e := index.country_entity(code)) is not None and e not in chosen]
        for e in sides:
            positions[e.id] = sent.start
        chosen = sides + chosen
    if not chosen:
        return []
    cause = _background(index.text, h, cues, lang) if needs_agent else None
    if cause is not None and not any(cause <= positions[e.id] < h.span.start and e.id not in places for e in chosen):
        # "policy tightened after the terrorist attack in ...", "X sent condolences to Y after the attack": a
        # background mention; its agent would stand inside the phrase ("after Russia's strike"), not before it
        return []

    def actor(e: Entity, role: str) -> Actor:
        a = index.actor(e, role)
        return a if a.country or e.id not in nationality else replace(a, country=nationality[e.id])

    if h.family == "visit":  # "X invited Y to visit ...": the one invited is the visitor
        inv = _invited_before(index.text, max(sent.start, h.span.start - 160), h.span.start, cues, lang)
        invited = [e for e in chosen if inv is not None and inv.end() <= positions[e.id] < h.span.start]
        if invited:  # the inviter acts in the invitation, not in the visit: the visit's host is where it goes
            hosts = [e for e in chosen if e not in invited and e.type != "PERSON"]
            return [actor(e, "source") for e in invited] + [actor(e, "target") for e in hosts]
    if h.family == "visit" and place is not None and place.country:
        visitors = [e for e in chosen if e.country and e.country != place.country]
        hosts = [e for e in chosen if e not in visitors]
        if visitors:
            return ([actor(e, "source") for e in visitors] + [actor(e, "target") for e in hosts])
    if h.contact:
        return [actor(e, "source" if i == 0 else "target") for i, e in enumerate(chosen)]
    before = [e for e in chosen if positions[e.id] < h.span.start]
    after = [e for e in chosen if positions[e.id] >= h.span.start]
    people_before = [e for e in before if e.type == "PERSON"]
    source = people_before[:1] or before[:1]  # the subject: the first person (else name) before the verb
    target = after[:1]
    out = [actor(e, "source") for e in source] + [actor(e, "target") for e in target]
    rest = [e for e in chosen if e not in source and e not in target]
    return out + [actor(e, "participant") for e in rest]


def _collective_before(index: DocIndex, sent: Span, h: TriggerHit) -> bool:
    lang = index.language if index.language in ("en", "ru") else "en"
    return bool(any_match(index.text[sent.start:h.span.start],
                          event_cues(index.extra).get("collective", {}).get(lang, ())))


def _dyad(index: DocIndex) -> tuple[str, ...]:
    return tuple(getattr(index.doc.settings, "dyad", None) or ("KGZ", "RUS"))


def _nationalities(index: DocIndex, sent: Span, window: int) -> dict[str, str]:
    """Countries of persons the gazetteer does not know, from a country word just before the name
    ("Iraqi President Saddam Hussein", "U.S. Secretary of State Warren Christopher")."""
    out: dict[str, str] = {}
    places = [(m, index.entity_of(m)) for m in index.mentions_in(sent.start, sent.end, ("GPE",))]
    for m in index.mentions_in(sent.start, sent.end, ("PERSON",)):
        ent = index.entity_of(m)
        if ent is None or ent.country or ent.id in out:
            continue
        for pm, pent in reversed(places):
            gap = index.text[pm.end:m.start]
            if pent is not None and pent.country and 0 <= m.start - pm.end <= window and "," not in gap \
                    and " and " not in gap:
                out[ent.id] = pent.country
                break
    return out


def _reporting_ranges(index: DocIndex, sent: Span) -> list[tuple[int, int]]:
    """"как сообщили в посольстве КР в РФ," / "according to the ministry,": who reports is no actor."""
    from ..quotes.attribution import speech_lexicon

    cues = tuple(speech_lexicon(index.extra).get("indirect", {}).get(index.language, {}).get("according", ()))
    out = []
    for m in iter_matches(index.text, cues, sent.start, sent.end):
        comma = index.text.find(",", m.end(), sent.end)
        out.append((m.start(), comma if comma >= 0 else sent.end))
    head = index.text[sent.start:sent.start + 120]  # "MOSCOW, July 8 (Reuters) - ...": the agency reports
    if (m := _DATELINE_AGENCY.search(head)) is not None:
        out.append((sent.start + m.start(1), sent.start + m.end(1)))
    return out


_DATELINE_AGENCY = re.compile(r"^[^\n()]{0,60}\(([^()\n]{2,60})\)\s*[-–—]")


def _without_speakers(index: DocIndex, sent: Span, h: TriggerHit, persons: list[Entity], positions: dict[str, int],
                      cues: dict, lang: str) -> list[Entity]:
    """"The spokesman X told TASS that Y's visit ...", «X заявил, что Y посетит ...»: the one who reports a contact
    is not in it when the reported clause names its sides (one for a visit, two for talks) by itself."""
    verbs = tuple(cues.get("statement_verbs", {}).get(lang, ()))
    m = next(iter_matches(index.text, verbs, sent.start, h.span.start), None) if verbs else None
    if m is None or not any_match(index.text[m.end():h.span.start], tuple(cues.get("complementizers", {})
                                                                           .get(lang, ()))):
        return persons  # "X said this during talks with Y": no reported clause, X is in the talks
    reported = [e for e in persons if positions[e.id] >= m.end()]
    need = 1 if h.family == "visit" else 2
    return reported if len(reported) >= need else persons




def _named_as_place(text: str, start: int, preps: set[str]) -> bool:
    """A name right after "in"/"at"/"в" (an article between allowed): the place where something happened."""
    _, before = words_before(text, start, 2)
    words = before.lower().split()
    if words and words[-1] in ("the",):
        words = words[:-1]
    return bool(words) and words[-1] in preps


def _background(text: str, h: TriggerHit, cues: dict, lang: str) -> int | None:
    """"after the terrorist attack", «после теракта»: the act is named as the cause or time of something else.
    The offset where the cue starts, or None."""
    first, before = words_before(text, h.span.start, 4)
    found = any_match(before, cues.get("background", {}).get(lang, ()))
    return first + found.start() if found else None


def _destination(index: DocIndex, h: TriggerHit, others: list[Entity], positions: dict[str, int], cues: dict,
                 lang: str) -> list[Entity]:
    """"will visit Albania", "a trip to Kyrgyzstan", «визит в Киргизию»: the country a visit goes to (its host)."""
    if h.family != "visit":
        return []
    dest = {p.lower() for p in cues.get("destination_prepositions", {}).get(lang, ())}
    for e in sorted(others, key=lambda e: positions[e.id]):
        start = positions[e.id]
        gap = index.text[h.span.end:start]
        if start < h.span.end or len(gap.split()) > 2 or not index.is_country(e):
            continue
        words = gap.lower().split()
        if not words or words[-1] in dest:
            return [e]
    return []
