"""Where an event happened: a city after "in"/"в" near the trigger, the destination of a visit ("visit to
Moscow", "визит в Москву"), a landmark that stands for its city ("at the Kremlin" -> Moscow), and, for
talks held during a visit, the visit's host city."""
from __future__ import annotations

import re

from ...patterns import any_match, iter_matches
from ...records import Place, Span
from ...textindex import DocIndex
from .draft import Draft
from .triggers import TriggerHit


def place_of(index: DocIndex, sent: Span, h: TriggerHit, cues: dict, lang: str) -> Place | None:
    """The place nearest the trigger among those the sentence states as where something happened."""
    text = index.text
    preps = cues.get("place_prepositions", {}).get(lang, ())
    dest = cues.get("destination_prepositions", {}).get(lang, ())
    nouns = tuple(cues.get("place_nouns", {}).get(lang, ()))
    wide = {w.lower() for w in cues.get("too_wide_places", ())}  # "in Asia": a region, not where it happened
    best: tuple[int, Place] | None = None
    for m in index.mentions_in(sent.start, sent.end, ("GPE", "LOC")):
        ent = index.entity_of(m)
        if ent is None or not index.is_place(ent) or ent.name.lower() in wide:
            continue
        word = " ".join(_words_before(text, m.start, 1)).lower()
        stated = word in preps or _after_place_noun(text, m.start, nouns)
        if h.family == "visit" and m.start >= h.span.end:
            gap = text[h.span.end:m.start]
            near = len(gap.split()) <= 7 and not re.search(r"[.;:!?,]", gap)  # "visit of President X to Moscow"
            stated = stated or (near and (word in dest or len(gap.strip()) <= 1))  # "visit (to) Moscow"
        if not stated:
            continue
        best = _nearer(best, abs(m.start - h.span.start), index.place(ent))
    for m in iter_matches(text, tuple(cues.get("landmarks", {}).get(lang, {}) or ()), sent.start, sent.end):
        if " ".join(_words_before(text, m.start(), 1)).lower() not in preps:
            continue
        city = _landmark_city(cues, lang, m.group(0))
        if city:
            best = _nearer(best, abs(m.start() - h.span.start), city)
    return best[1] if best else None


def _nearer(best: tuple[int, Place] | None, dist: int, place: Place) -> tuple[int, Place]:
    return (dist, place) if best is None or dist < best[0] else best


def _after_place_noun(text: str, start: int, nouns: tuple[str, ...]) -> bool:
    """"in the city of Osh", "to the town of Shusha", "в городе Ош": a place named by its kind first."""
    before = " ".join(_words_before(text, start, 3)).lower()
    return any(before.endswith(n.lower()) for n in nouns)


def _words_before(text: str, pos: int, n: int) -> list[str]:
    """The ``n`` words before ``pos``, across a single line break (hard-wrapped text: "talks in\nBishkek"),
    never across a blank line."""
    chunk = text[max(0, pos - 80):pos]
    chunk = chunk[chunk.rfind("\n\n") + 2:] if "\n\n" in chunk else chunk
    return re.findall(r"[\w\-’']+", chunk)[-n:]


def _landmark_city(cues: dict, lang: str, found: str) -> Place | None:
    table = cues.get("landmarks", {}).get(lang, {}) or {}
    low = found.lower()
    for pattern, (name, country) in table.items():
        if re.fullmatch(pattern.replace("*", r"\w*"), low):
            return Place(name=name, country=country)
    return None


def place_from_visit(drafts: list[Draft]) -> list[Draft]:
    """Talks held during a visit ("During his visit to Moscow, X held talks with Y"; "the two leaders
    discussed ..." after the visit is named) take the visit's host city when the text gives them no
    place, and carry the visit as context. The visit must be of the same tense, its visitor among the
    talks' actors, and the dates must not disagree."""
    visits = [v for v in drafts if v.trigger.family == "visit" and not v.multilateral]
    for d in drafts:
        t = d.trigger
        if not t.contact or t.family != "meet" or d.multilateral:
            continue
        ids = d.actor_ids()
        fitting = [v for v in visits if v.trigger.future == t.future and _visitors(v) & ids
                   and _dates_agree(v, d)]
        if not fitting:
            continue
        same = [v for v in fitting if v.evidence.start == d.evidence.start]
        visit = (same or [v for v in fitting if v.place is not None] or fitting)[0]
        if d.place is None and visit.place is not None:
            d.place = visit.place
        if same or (d.place is not None and visit.place is not None and d.place.name == visit.place.name):
            d.context = tuple(dict.fromkeys((*d.context, "visit")))
    return drafts


def _visitors(v: Draft) -> set[str]:
    src = {a.entity or a.name for a in v.actors if a.role == "source"}
    return src or v.actor_ids()


def _dates_agree(a: Draft, b: Draft) -> bool:
    x, y = a.date.iso() if a.date else None, b.date.iso() if b.date else None
    if x is None or y is None:
        return True
    return x[:len(y)] == y[:len(x)]  # "2024-04" and "2024-04-18" agree



_DATELINE = re.compile(r"(?m)^[ \t]*(?:\([^()\n]{0,60}\)[ \t]*)?"  # "(Agency) " before the city, at times
                       r"([A-ZА-ЯЁ][A-ZА-ЯЁ\-]{2,}(?:[ \-][A-ZА-ЯЁ]{2,})?)[ \t]*[,(]")


def dateline_place(index: DocIndex) -> tuple[Place, int] | None:
    """"BISHKEK, October 12.", "MOSCOW, July 8 (Reuters) -", "(Agency) ASTANA, ...": the city a dispatch was
    filed from, in capitals at the start of a line and known as a city, with the end of its paragraph."""
    text = index.text
    for m in _DATELINE.finditer(text, 0, min(len(text), 600)):
        for mention in index.mentions_in(m.start(1), m.end(1), ("GPE", "LOC")):
            ent = index.entity_of(mention)
            if ent is not None and index.is_place(ent):
                end = text.find("\n\n", m.end())
                return index.place(ent), (len(text) if end < 0 else end)
    return None


def place_from_dateline(index: DocIndex, drafts: list[Draft], cues: dict, lang: str) -> list[Draft]:
    """Statements made in a dispatch's first paragraph ("BISHKEK, May 14. The minister said Russia will ...")
    were made in its dateline city: one-sided verbal acts there without a place of their own take it.
    Contacts do not: where talks were held the text must say."""
    found = dateline_place(index)
    if found is None:
        return drafts
    place, end = found
    verbs = tuple(cues.get("statement_verbs", {}).get(lang, ()))
    for d in drafts:
        if d.place is not None or d.trigger.contact or d.evidence.start >= end:
            continue
        if any_match(index.text[d.evidence.start:d.evidence.end], verbs):
            d.place = place
    return drafts
