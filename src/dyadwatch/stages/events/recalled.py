"""Contacts a speaker recalls in the first and second person inside a quotation: «On April 9, as part of your
visit to Bishkek, we held talks», «В ходе вашего визита мы провели переговоры». "We" are the speaker and the
person the article reports the speaker meeting; "your visit" is that person's visit (to the speaker's side).
Without a known speaker or a single counterpart, nothing is filled in: no side is better than a guessed one."""
from __future__ import annotations

from dataclasses import replace

from ...patterns import any_match, words_before
from ...records import Actor
from ...textindex import DocIndex
from .draft import Draft
from .triggers import own_sentence_before


def recalled_sides(index: DocIndex, drafts: list[Draft], in_quote: set[int], cues: dict, lang: str) -> list[Draft]:
    """Fill the sides of first-person ("we held talks") and second-person ("your visit") contacts in quotations;
    they are marked ``recalled``: one whose sentence names a day may be an earlier contact than the one reported
    around the quotation, and does not merge into an undated one (see ``names_a_day``)."""
    quotes = [q for q in index.doc.get("quotes") or () if q.speaker is not None and q.speaker.entity]
    if not quotes:
        return drafts
    we = tuple(cues.get("first_person_plural", {}).get(lang, ()))
    your = tuple(cues.get("second_person", {}).get(lang, ()))
    for d in drafts:
        t = d.trigger
        if t.span.start not in in_quote or not t.contact or len(d.person_ids) >= 2:
            continue
        quote = next((q for q in quotes if q.start <= t.span.start < q.end), None)
        if quote is None:
            continue
        clause_start = max(quote.start, _clause_start(index.text, t.span.start))
        before = own_sentence_before(index.text[clause_start:t.span.start])
        _, near = words_before(index.text, t.span.start, 3)
        visitor = t.family == "visit" and any_match(near, your) is not None
        if not visitor and not (t.family != "visit" and any_match(before, we) is not None):
            continue
        speaker = quote.speaker
        other = _counterpart(index, drafts, speaker, quote.start)
        if other is None:
            continue
        sides = [replace(other, role="source"), replace(speaker, role="target")] if visitor \
            else [replace(speaker, role="source"), replace(other, role="target")]
        d.actors = sides
        d.person_ids = {speaker.entity, other.entity}
        d.recalled = True
    return drafts


def _clause_start(text: str, pos: int) -> int:
    """After the last comma or semicolon before ``pos`` on its line."""
    line = text.rfind("\n", 0, pos) + 1
    cut = max(text.rfind(",", line, pos), text.rfind(";", line, pos))
    return cut + 1 if cut >= 0 else line


def _counterpart(index: DocIndex, drafts: list[Draft], speaker: Actor, before: int) -> Actor | None:
    """The one other person of the two-sided contacts of the speaker reported before the quotation."""
    others = {}
    for x in drafts:
        if x.evidence.start >= before or x.multilateral or not x.trigger.contact or speaker.entity not in x.person_ids:
            continue
        for a in x.actors:
            if a.entity in x.person_ids and a.entity != speaker.entity:
                others[a.entity] = a
    return next(iter(others.values())) if len(others) == 1 else None



def names_a_day(index: DocIndex, d: Draft) -> bool:
    """The sentence of a recalled contact names a day («On April 9, ... we held talks»): it may be an earlier contact
    than the one reported around the quotation, so it is not merged into an undated one ("We had good talks" is)."""
    ev = d.evidence
    return any(x.span is not None and ev.start <= x.span.start < ev.end and x.day is not None
               for x in index.doc.get("dates") or ())
