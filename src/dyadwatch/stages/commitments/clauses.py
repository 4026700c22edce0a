"""Clauses of a sentence: where a commitment's evidence starts and ends, and its short ``what``."""
from __future__ import annotations

import re
from functools import lru_cache

from ...patterns import WORD_RE
from ...records import Span

CLAUSE_START = re.compile(r"[.!?;:«»“”\"\n]|\s[–—]\s")
# a stop before a lower-case word is an abbreviation («100 тыс. тонн», "approx. $5 million"), no clause end
CLAUSE_END = re.compile(r"[.!?](?=\s)(?!\s+[a-zа-яё])|[;«»“”\"\n]")
LEAD_WORDS = ("to", "on", "that", "as", "well", "not", "be", "also")


NAME_IN_QUOTES = re.compile(r"[«“\"][^«»“”\"\n.!?;]{1,40}[»”\"]")


def _names_in_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Short quoted names («Газпром», "Manas") of ``text[start:end]``: their marks bound no clause."""
    return [(m.start(), m.end()) for m in NAME_IN_QUOTES.finditer(text, max(0, start - 40), min(len(text), end + 40))
            if len(m.group(0).split()) <= 4]


def _in_name(pos: int, names: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in names)


def clause_start(text: str, sent_start: int, pos: int) -> int:
    """Start of the clause holding ``pos``: after the last sentence-internal stop, dash or quote mark
    (the quote marks of a short quoted name, «Газпром», do not count)."""
    start = sent_start
    names = _names_in_quotes(text, sent_start, pos)
    for m in CLAUSE_START.finditer(text, sent_start, pos):
        if not _in_name(m.start(), names):
            start = m.end()
    return start


@lru_cache(maxsize=16)
def tail_regex(tails: tuple[str, ...]) -> re.Pattern[str] | None:
    """Literal reporting tails (", said", «, – заявил»), any run of spaces between their words."""
    if not tails:
        return None
    alts = sorted(tails, key=len, reverse=True)
    return re.compile("|".join(r"\s*".join(re.escape(w) for w in t.split()) + r"(?![\w])" for t in alts),
                      re.IGNORECASE)


def clause_end(text: str, pos: int, sent_end: int, tails: tuple[str, ...] = ()) -> int:
    """End of the clause from ``pos``: a stop or quote mark (not of a quoted name), or a reporting tail."""
    names = _names_in_quotes(text, pos, sent_end)
    end = sent_end
    for stop in CLAUSE_END.finditer(text, pos, sent_end):
        if not _in_name(stop.start(), names):
            end = stop.start()
            break
    rx = tail_regex(tails)
    tail = rx.search(text, pos, end) if rx is not None else None
    return tail.start() if tail is not None else end


def pieces(text: str, cue_end: int, sent_end: int, splitter_rx: re.Pattern[str] | None,
           tails: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """The clause after the cue, cut at "as well as"-type splitters into one range per commitment."""
    end = clause_end(text, cue_end, sent_end, tails)
    cuts = [m.start() for m in splitter_rx.finditer(text, cue_end, end)] if splitter_rx else []
    bounds = [cue_end, *cuts, end]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i + 1] > bounds[i]]


TRAILING_JOINS = re.compile(r"(?i)(?:[\s,]+(?:or|and|but|или|и|а|но))+\s*$")


def trimmed(text: str, start: int, end: int) -> Span:
    """The span without edge spaces and punctuation, nor a dangling "or" / «или» at its end."""
    while start < end and (text[start].isspace() or text[start] in ",;–—-"):
        start += 1
    m = TRAILING_JOINS.search(text, start, end)
    if m is not None and m.start() > start:
        end = m.start()
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;–—-"):
        end -= 1
    return Span.of(text, start, end)


def head_words(text: str, start: int, end: int, n: int) -> str:
    """The first ``n`` words from ``start``, after "to", "be", "not" and such lead words."""
    words = [m.group(0) for m in WORD_RE.finditer(text, start, end)]
    while words and words[0].lower() in LEAD_WORDS:
        words = words[1:]
    return " ".join(words[:n])


def what(text: str, start: int, end: int, max_words: int) -> str:
    """The clause's first words as written: "$1.2 billion" stays whole (never "1 2 billion")."""
    words = [w.strip(",;:«»“”\"()") for w in text[start:end].split()]
    words = [w for w in words if any(ch.isalnum() for ch in w)]
    if words:
        words[-1] = words[-1].rstrip(".!?")
    while words and words[0].lower() in LEAD_WORDS:
        words = words[1:]
    return " ".join(words[:max_words])
