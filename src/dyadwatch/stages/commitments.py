"""Commitments: promises, intentions and offers under consideration.

A clause with a modality cue (knowledge/commitments/modality.yaml: "intend
to", "ready to", "is studying", "agreed to", "scheduled to", "готовность",
"намерены") becomes a commitment with its actor (the entity, collective or
"side" that is the cue's subject, else the agent after it: "... российской
стороной"), a short ``what`` phrase, the money amount inside the clause (from
the amounts layer), a future deadline (from the dates layer) and the clause as
evidence. "..., as well as ..." after a cue starts a second commitment of the
same actor and modality.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Mapping

from ..attribution import SpeakerFinder
from ..document import Doc, stable_id
from ..knowledge import load_yaml
from ..patterns import WORD_RE, any_match, compile_alternation, compile_pattern, find_entries, iter_matches
from ..pipeline import Stage
from ..records import Actor, Amount, Commitment, PartialDate, Span
from ..textindex import DocIndex
from .events import event_cues, present_entries

STAGE = "commitments"
CLAUSE_START = re.compile(r"[.!?;:«»“”\"\n]")
CLAUSE_END = re.compile(r"[.!?](?=\s)|[;«»“”\"\n]")


@lru_cache(maxsize=8)
def modality_lexicon(extra: tuple[str, ...] = ()) -> dict:
    return load_yaml("commitments/modality.yaml", extra)


class CommitmentStage(Stage):
    name = "commitments"
    requires = ("language", "sentences", "mentions", "entities", "dates", "amounts")
    adds = ("commitments",)

    def warm_up(self) -> None:
        """Load the modality lexicon and compile its regexes before the first article."""
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        lex = modality_lexicon(extra)
        for lang in ("en", "ru"):
            for entry in lex.get("cues", {}).get(lang, []):
                compile_pattern(entry["pattern"] if isinstance(entry, dict) else str(entry))
            compile_alternation(tuple(lex.get("hedges", {}).get(lang, ())))
            compile_alternation(tuple(lex.get("splitters", {}).get(lang, ())))

    def process(self, doc: Doc) -> Mapping[str, Any]:
        return {"commitments": tuple(extract_commitments(doc))}


def extract_commitments(doc: Doc) -> list[Commitment]:
    index = DocIndex(doc)
    text = index.text
    lang = index.language if index.language in ("en", "ru") else "en"
    lex = modality_lexicon(index.extra)
    cues = lex.get("cues", {}).get(lang, [])
    hedges = tuple(lex.get("hedges", {}).get(lang, ()))
    splitter_rx = compile_alternation(tuple(lex.get("splitters", {}).get(lang, ())))
    collective = tuple(event_cues(index.extra).get("collective", {}).get(lang, ()))
    finder = SpeakerFinder(index)
    published = PartialDate.from_iso((doc.clean.published or "")[:10])
    out: list[Commitment] = []
    cues = present_entries(text, cues)  # the cues each sentence can have: found once for the article
    for sent in index.sentences:
        hits = find_entries(text, cues, start=sent.start, end=sent.end)
        used_until = sent.start
        for hit in hits:
            if hit.start < used_until:
                continue  # one commitment per clause: later cues of the same clause describe it
            clause_start = _clause_start(text, sent.start, hit.start)
            if any_match(text[clause_start:hit.start], hedges):
                continue
            actor = _actor(index, finder, clause_start, hit.start, hit.end, sent.end, collective, lang)
            if actor is None and hit.entry.get("needs_actor"):
                continue
            pieces = _pieces(text, hit.end, sent.end, splitter_rx)
            for n, (p_start, p_end) in enumerate(pieces):
                ev_start = clause_start if n == 0 else p_start
                evidence = _trimmed(text, ev_start, p_end)
                what_from = hit.end if n == 0 else p_start
                out.append(Commitment(
                    what=_what(text, what_from, p_end, int(lex.get("what_words", 14))),
                    evidence=evidence, actor=actor, amount=_amount(doc, evidence),
                    deadline=_deadline(doc, evidence, published), modality=str(hit.entry["modality"]),
                    id=stable_id(doc.id, evidence.start, evidence.end, prefix="cm:"), stage=STAGE,
                    confidence=0.75 if actor else 0.5))
            used_until = pieces[-1][1] if pieces else sent.end
    return out


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    """Start of the clause holding ``pos``: after the last sentence-internal stop or quote mark."""
    start = sent_start
    for m in CLAUSE_START.finditer(text, sent_start, pos):
        start = m.end()
    return start


def _pieces(text: str, cue_end: int, sent_end: int, splitter_rx: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """The clause after the cue, cut at "as well as"-type splitters into one range per commitment."""
    stop = CLAUSE_END.search(text, cue_end, sent_end)
    end = stop.start() if stop else sent_end
    cuts = [m.start() for m in splitter_rx.finditer(text, cue_end, end)] if splitter_rx else []
    bounds = [cue_end, *cuts, end]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i + 1] > bounds[i]]


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and (text[start].isspace() or text[start] in ",;–—-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;–—-"):
        end -= 1
    return Span.of(text, start, end)


def _what(text: str, start: int, end: int, max_words: int) -> str:
    words = [m.group(0) for m in WORD_RE.finditer(text, start, end)]
    if words and words[0].lower() in ("to", "on", "that", "as", "well"):
        while words and words[0].lower() in ("to", "on", "that", "as", "well"):
            words = words[1:]
    return " ".join(words[:max_words])


def _actor(index: DocIndex, finder: SpeakerFinder, clause_start: int, cue_start: int, cue_end: int,
           sent_end: int, collective: tuple[str, ...], lang: str) -> Actor | None:
    """The cue's subject: a collective, a side, or the entity named last before the cue in the clause;
    else the agent after it ("... российской стороной", "under study at the Ministry ...")."""
    text = index.text
    reported = any_match(text[clause_start:cue_start], _reporting_cues(index, lang, "according"))
    if reported is not None:  # "как сообщили в посольстве, ..." names who reports, not who commits
        comma = text.find(",", clause_start + reported.end(), cue_start)
        clause_start = comma + 1 if comma >= 0 else clause_start
    said = None
    for said in iter_matches(text, _reporting_cues(index, lang, "that"), clause_start, cue_start):
        pass
    if said is not None:  # "The minister said that the Kyrgyz side remained committed": the side commits
        clause_start = said.end()
    if any_match(text[clause_start:cue_start], collective):
        return _both_sides(index)
    hit = finder.find(clause_start, cue_start, cue_start, prefer_last=True)
    if hit is None:
        for m in reversed(index.mentions_in(clause_start, cue_start, ("PERSON", "ORG", "GPE"))):
            ent = index.entity_of(m)
            if ent is not None and (ent.type != "GPE" or index.is_country(ent)):
                return index.actor(ent, "actor")
        after = finder.find(cue_end, min(sent_end, cue_end + 200), cue_start)
        if after is not None and after.how in ("side", "institution", "mention"):
            hit = after
    if hit is None:
        return None
    return Actor(hit.actor.name, hit.actor.entity, hit.actor.country, "actor")


def _reporting_cues(index: DocIndex, lang: str, kind: str) -> tuple[str, ...]:
    """Reported-speech openers of knowledge/quotes/speech.yaml ("according" or "that" entries)."""
    from ..attribution import speech_lexicon

    return tuple(speech_lexicon(index.extra).get("indirect", {}).get(lang, {}).get(kind, ()))


def _both_sides(index: DocIndex) -> Actor:
    """"The parties" / "стороны": the document's countries of the followed dyad, named together."""
    dyad = tuple(getattr(index.doc.settings, "dyad", None) or ("KGZ", "RUS"))
    names = [ent.name for code in dyad if (ent := index.country_entity(code)) is not None]
    return Actor(" and ".join(names) if names else "both sides", None, None, "actor")


def _amount(doc: Doc, evidence: Span) -> Amount | None:
    for am in doc.get("amounts") or ():
        if am.currency and am.span is not None and evidence.contains(am.span):
            return am
    return None


def _deadline(doc: Doc, evidence: Span, published: PartialDate | None) -> PartialDate | None:
    for d in doc.get("dates") or ():
        if d.span is None or not evidence.contains(d.span) or d.iso() is None:
            continue
        if d.future or _after(d, published):
            return d
    return None


def _after(d: PartialDate, published: PartialDate | None) -> bool:
    """True when the latest day the date can mean is after the publication date."""
    if published is None or not published.complete or d.year is None:
        return False
    latest = (d.year, d.month or 12, d.day or 31)
    return latest > (published.year, published.month, published.day)  # type: ignore[operator]
