"""Bounds of an amount: "more than $1 billion" is at least that much (knowledge/amounts/bounds.yaml).

The amount's span and value stay as written; ``Amount.bound`` records "min", "max" or "approx" when
the words right before it say so, so "more than $1 billion" keeps its bound in the commitment ledger.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ...knowledge import load_yaml
from ...records import Amount


@lru_cache(maxsize=8)
def _bound_patterns(language: str, extra: tuple[str, ...] = ()) -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = (load_yaml("amounts/bounds.yaml", extra).get(language) or {})
    out = []
    for bound in ("min", "max", "approx"):
        words = sorted((str(w) for w in data.get(bound) or ()), key=len, reverse=True)
        if words:
            alt = "|".join(re.escape(w).replace(r"\ ", r"[^\S\n]+") for w in words)
            out.append((bound, re.compile(rf"(?<![\w-])(?:{alt})[^\S\n]+$", re.IGNORECASE)))
    return tuple(out)


def with_bound(text: str, amount: Amount, language: str, extra: tuple[str, ...] = ()) -> Amount:
    """The amount with ``bound`` set from the words just before its span, if any."""
    if amount.span is None:
        return amount
    before = text[max(0, amount.span.start - 30):amount.span.start]
    for bound, rx in _bound_patterns(language, extra):
        if rx.search(before):
            return replace(amount, bound=bound)
    return amount
