"""Regex alternations of many phrases, built as a prefix tree.

The lexicon regexes (month and weekday case forms, number words in every
case, currency words, scales) are alternations of hundreds of phrases, longest
first. Python's ``re`` tries every alternative in turn at every word start, and
with IGNORECASE it cannot skip them by their first letter, so a flat
alternation of 400 Russian number-word forms costs 400 attempts per word.
``phrase_alternation`` writes the same alternation as a prefix tree
(``(?:дв(?:ум(?:я|)|а|е|ух)|...)``): at each branch only the letters that can
follow are tried.

It matches exactly what the flat, longest-first alternation matches, with the
same preference: phrases that can both match at one position are prefixes of
one another, and the tree tries the longer continuation before ending a phrase,
as the flat alternation tries the longer phrase first.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

__all__ = ["phrase_alternation"]


class _Node:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.end: str | None = None  # regex source closing a phrase that ends here (None: no phrase ends here)


def phrase_alternation(phrases: Iterable[str], space: str | None = None,
                       end: Callable[[str], str] | None = None) -> str:
    """A non-capturing group matching any of ``phrases``, longer phrases preferred.

    The same as ``"(?:" + "|".join(longest first) + ")"`` where each phrase is
    ``re.escape``d with each space replaced by ``space`` (when given) and
    followed by ``end(phrase)`` (when given, e.g. a word-boundary lookahead).
    """
    root = _Node()
    count = 0
    for phrase in phrases:
        node = root
        for ch in phrase:
            token = space if space is not None and ch == " " else re.escape(ch)
            node = node.children.setdefault(token, _Node())
        node.end = end(phrase) if end else ""
        count += 1
    if not count:
        return "(?!)"
    return "(?:" + _source(root) + ")"


def _source(node: _Node) -> str:
    alternatives = [token + _source(child) for token, child in node.children.items()]
    if node.end is not None:
        alternatives.append(node.end)  # the shorter phrase only after every longer continuation
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"
