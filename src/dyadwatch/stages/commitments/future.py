"""Russian simple future as a cue: «Россия передаст», «стороны создадут», «не станет повышать».

Russian says "will give" with one perfective verb, so no cue word («будет») stands before most
pledges. A finite verb in the future tense (natasha's morph tagger, the one the tokens stage ran, read
back from its cache) is a cue of the ``future_verbs`` entry of knowledge/commitments/modality.yaml:
a zero-width hit at the verb, so the verb opens the ``what`` and the exclusions read it ("проведут
переговоры", «посетит»). A verb after a conditional («если», «когда») is no pledge. Without the tokens
layer (hand-built docs) there is no morphology, and no such cue.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import re

from ...patterns import LexiconHit, compile_alternation

WE = re.compile(r"(?i)(?<![\w-])(?:мы|я)(?![\w-])")


def future_verb_hits(text: str, lang: str, tokens: Sequence[Any], entry: Mapping[str, Any] | None,
                     conditionals: tuple[str, ...], start: int, end: int) -> list[LexiconHit]:
    """Zero-width cue hits at the finite future verbs of ``text[start:end]``."""
    if lang != "ru" or not entry or not tokens:
        return []
    from ..models import parse_ru

    cond = compile_alternation(conditionals)
    out = []
    for t in parse_ru(text).tokens:
        if not (start <= t.start < end) or t.pos != "VERB":
            continue
        feats = t.feats or {}
        if feats.get("Tense") != "Fut" or feats.get("VerbForm") != "Fin":
            continue
        seg = max(start, text.rfind(",", start, t.start) + 1)
        if feats.get("Person") != "3" and not WE.search(text, seg, t.start):
            continue  # «Отметим, ...», «Пишите нам»: the editor's voice; «мы выделим» is the speaker's side
        if cond is not None and cond.search(text, seg, t.start):
            continue  # «если Киргизия обратится»: a condition, not a pledge
        out.append(LexiconHit(t.start, t.start, entry))
    return out


def merged(lexicon_hits: list[LexiconHit], verb_hits: list[LexiconHit]) -> list[LexiconHit]:
    """Lexicon cues first; a verb hit inside or right at a lexicon cue adds nothing."""
    kept = [v for v in verb_hits if not any(h.start <= v.start <= h.end for h in lexicon_hits)]
    return sorted([*lexicon_hits, *kept], key=lambda h: h.start)
