"""Whether a name is the subject a cue binds, or only qualifies another noun that is.

"Kyrgyzstan's economy will grow", "the population of Kazakhstan will exceed", «Экономика Кыргызстана
вырастет», «Прибыль «Газпрома» снизится»: the country or company names whose economy, population or
profit it is; nobody promises anything. "Russia's government will allocate", "the presidents of
Kyrgyzstan and Russia agreed", «Правительство Кыргызстана выделит» stay bound: the noun the name
qualifies is an agent (knowledge/commitments/modality.yaml ``agent_heads``).
"""
from __future__ import annotations

import re

from ...patterns import compile_alternation

_POSSESSIVE = re.compile(r"['’]s?(?![\w])")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_OF_BEFORE = re.compile(r"(?<![\w-])of(?:[\s\u00a0]+the)?[\s\u00a0]+$", re.IGNORECASE)


def qualifies_another_noun(text: str, lang: str, start: int, end: int, clause_start: int, cue_start: int,
                           agents: tuple[str, ...]) -> bool:
    """Whether the name at ``[start, end)`` only qualifies the subject noun of the cue ("Kyrgyzstan's
    economy", "the economy of Kyrgyzstan", «экономика Кыргызстана») and no agent noun stands in the
    clause before the cue ("Russia's government", «министры финансов России»)."""
    if lang == "en":
        possessor = _POSSESSIVE.match(text, end) is not None
        of_genitive = _OF_BEFORE.search(text, max(clause_start, start - 12), start) is not None
        if not (possessor or of_genitive):
            return False
    elif lang == "ru":
        if not text[clause_start:start].strip(" \u00a0«»\"„“”,—–-") or not _genitive(text, start, end):
            return False
    else:
        return False
    rx = compile_alternation(agents)
    if rx is None:
        return True
    words = [m for m in _WORD.finditer(text, clause_start, cue_start) if not (start <= m.start() < end)]
    return not any(rx.fullmatch(m.group(0)) for m in words)


def _genitive(text: str, start: int, end: int) -> bool:
    """Whether the morph tagger reads the name at ``[start, end)`` in the genitive («Кыргызстана»)."""
    from ..models import parse_ru

    cases = [(t.feats or {}).get("Case") for t in parse_ru(text).tokens if start <= t.start < end]
    return bool(cases) and cases[0] == "Gen"
