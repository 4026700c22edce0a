"""Word-pattern matching for the lexicons of the event, quote, commitment and tone stages.

A lexicon pattern is a short phrase written the way an analyst would: words
separated by spaces; ``*`` at the end of a word allows any ending (Russian case
forms: ``встреч*`` matches встреча, встрече, встречи); a lone ``_`` allows one
optional word in between (``held _ talks`` matches "held talks" and "held
bilateral talks"). Matching is case-insensitive, whole words only, and any run
of whitespace (incl. non-breaking spaces) separates words.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence

WORD_GAP = r"[\s\u00a0]+"


def pattern_regex(pattern: str) -> str:
    """The regular expression source for one lexicon pattern."""
    optional_word = r"(?:[\w\-’']+" + WORD_GAP + r")?"
    parts: list[str] = []
    previous_optional = True  # nothing to separate before the first word
    for word in pattern.split():
        if not previous_optional:
            parts.append(WORD_GAP)
        if word == "_":
            parts.append(optional_word)
            previous_optional = True
            continue
        pieces = [re.escape(p).replace("’", "['’]").replace("'", "['’]") for p in word.split("*")]
        parts.append(r"[\w\-]*".join(pieces))
        previous_optional = False
    body = "".join(parts)
    return rf"(?<![\w\-]){body}(?![\w])"


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern_regex(pattern), re.IGNORECASE)


@lru_cache(maxsize=256)
def compile_alternation(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex matching any of the patterns, longest alternatives first."""
    if not patterns:
        return None
    ordered = sorted(set(patterns), key=lambda p: (-len(p), p))
    return re.compile("|".join(f"(?:{pattern_regex(p)})" for p in ordered), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LexiconHit:
    start: int
    end: int
    entry: Any


def literal_head(pattern: str) -> str:
    """The pattern's first literal letters (lower case), to skip patterns whose head is absent."""
    first = pattern.split()[0] if pattern.split() else ""
    if first == "_":
        return ""
    return first.split("*")[0].lower().replace("’", "'")


def find_entries(text: str, entries: Sequence[Any], key: str = "pattern",
                 start: int = 0, end: int | None = None) -> list[LexiconHit]:
    """All non-overlapping hits of lexicon entries (dicts with a pattern) in ``text[start:end]``.

    Where hits overlap, the longer one wins: "state visit" beats "visit", and
    "held talks" beats "talks".
    """
    end = len(text) if end is None else end
    lowered = text[start:end].lower().replace("’", "'")
    hits: list[LexiconHit] = []
    for entry in entries:
        pattern = entry[key] if isinstance(entry, dict) else str(entry)
        if literal_head(pattern) not in lowered:  # cheap test first: most patterns are absent
            continue
        for m in compile_pattern(pattern).finditer(text, start, end):
            hits.append(LexiconHit(m.start(), m.end(), entry))
    return _longest_first(hits)


def _longest_first(hits: list[LexiconHit]) -> list[LexiconHit]:
    """Drop hits overlapping a longer one; kept hits in text order (bisect keeps it n log n)."""
    hits.sort(key=lambda h: (-(h.end - h.start), h.start))
    starts: list[int] = []
    kept: list[LexiconHit] = []  # sorted by start, parallel to starts
    for hit in hits:
        i = bisect.bisect_left(starts, hit.start)
        if i > 0 and kept[i - 1].end > hit.start:
            continue
        if i < len(kept) and kept[i].start < hit.end:
            continue
        starts.insert(i, hit.start)
        kept.insert(i, hit)
    return kept


def any_match(text: str, patterns: Iterable[str]) -> re.Match[str] | None:
    rx = compile_alternation(tuple(patterns))
    return rx.search(text) if rx else None


def iter_matches(text: str, patterns: Iterable[str], start: int = 0,
                 end: int | None = None) -> Iterator[re.Match[str]]:
    rx = compile_alternation(tuple(patterns))
    if rx is None:
        return iter(())
    return rx.finditer(text, start, len(text) if end is None else end)


WORD_RE = re.compile(r"[\w\-’']+")


# How far words_before/words_after look at first, in characters per word wanted; the window grows
# when it holds too few words. Scanning from the line's start instead made every call cost the line's
# length, and an article of one 100k-character line quadratic (issue #27).
_CHARS_PER_WORD = 48


def words_before(text: str, pos: int, n: int) -> tuple[int, str]:
    """The start offset and text of the ``n`` words before ``pos`` (within its line)."""
    span = _CHARS_PER_WORD * max(n, 1)
    while True:
        lo = max(0, pos - span)
        newline = text.rfind("\n", lo, pos)
        start = newline + 1 if newline >= 0 else lo
        words = list(WORD_RE.finditer(text, start, pos))
        # more than n words: the first one, perhaps cut by the window, is not among those taken
        if newline >= 0 or lo == 0 or len(words) > n:
            break
        span *= 4
    if not words:
        return pos, ""
    first = words[max(0, len(words) - n)].start()
    return first, text[first:pos]


def words_after(text: str, pos: int, n: int) -> tuple[int, str]:
    """The end offset and text of the ``n`` words after ``pos`` (within its line)."""
    span = _CHARS_PER_WORD * max(n, 1)
    while True:
        hi = min(len(text), pos + span)
        newline = text.find("\n", pos, hi)
        end = newline if newline >= 0 else hi
        words = []
        for m in WORD_RE.finditer(text, pos, end):
            words.append(m)
            if len(words) > n:
                break
        # n words wholly inside the window (one more after them, or the line or text ended)
        if newline >= 0 or hi == len(text) or len(words) > n:
            break
        span *= 4
    last = words[min(n, len(words)) - 1].end() if words and n > 0 else pos
    return last, text[pos:last]
