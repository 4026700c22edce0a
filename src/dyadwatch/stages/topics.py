"""Topics: the article's share of each label of a bilingual taxonomy (knowledge/topics/taxonomy.yaml).

Terms are lemmas, matched on the tokens layer, so Russian case forms and
English inflections hit the same entry. A label's score saturates with its
hits (1 - exp(-hits/s)); labels above the threshold are the article's topics,
best first, each with the spans of its hits as evidence.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping, Sequence

from ..document import Doc
from ..knowledge import load_yaml
from ..pipeline import Stage
from ..records import Span, Topic

WORD_RE = re.compile(r"[\w\-]+")


@dataclass(frozen=True, slots=True)
class Term:
    label: str
    words: tuple[str, ...]  # lemmas; a trailing '*' matches any ending


@lru_cache(maxsize=8)
def taxonomy(extra: tuple[str, ...] = ()) -> dict:
    return load_yaml("topics/taxonomy.yaml", extra)


@lru_cache(maxsize=16)
def terms_for(language: str, extra: tuple[str, ...] = ()) -> tuple[Term, ...]:
    out = []
    for label, spec in (taxonomy(extra).get("labels") or {}).items():
        for term in spec.get(language, ()) or ():
            words = tuple(w.lower().replace("ё", "е") for w in str(term).split())
            if words:
                out.append(Term(label, words))
    # longest terms first, so "russian language" is counted once, not also as "language"
    return tuple(sorted(out, key=lambda t: -len(t.words)))


def _word_matches(pattern: str, lemma: str) -> bool:
    if pattern.endswith("*"):
        return lemma.startswith(pattern[:-1])
    return lemma == pattern


_SEQUENCES: dict[int, tuple[Any, list[tuple[str, int, int]]]] = {}


def lemma_sequence(doc: Doc) -> list[tuple[str, int, int]]:
    """(lemma, start, end) per word token; lower-cased words when no tokens layer is there.

    Kept for the last few tokens layers: the topics and tone stages both read the article's."""
    tokens = doc.get("tokens") or ()
    got = _SEQUENCES.get(id(tokens)) if tokens else None
    if got is not None and got[0] is tokens:
        return list(got[1])
    seq = [((t.lemma or t.text).lower().replace("ё", "е"), t.start, t.end) for t in tokens if WORD_RE.match(t.text)]
    if not seq:
        seq = [(m.group(0).lower().replace("ё", "е"), m.start(), m.end()) for m in WORD_RE.finditer(doc.text)]
    if tokens:
        if len(_SEQUENCES) >= 4:
            _SEQUENCES.clear()
        _SEQUENCES[id(tokens)] = (tokens, seq)  # the layer is held, so its id is not reused
    return list(seq)


class TermIndex:
    """The terms that can start at a lemma, longest first (ties in term order), answered once per lemma."""

    MEMO_LIMIT = 200_000  # distinct lemmas remembered; a very long run starts the memo afresh

    def __init__(self, terms: Sequence[Term]) -> None:
        self.by_first: dict[str, list[Term]] = {}
        self.wild_first: list[tuple[str, Term]] = []  # (prefix, term) of terms whose first word ends in '*'
        for term in terms:  # index by first word, so each position only tries the terms that can start there
            first = term.words[0]
            if first.endswith("*"):
                self.wild_first.append((first[:-1], term))
            else:
                self.by_first.setdefault(first, []).append(term)
        self.wild_prefixes = tuple(prefix for prefix, _ in self.wild_first)
        self.memo: dict[str, list[Term]] = {}

    def starting_at(self, lemma: str) -> list[Term]:
        found = self.memo.get(lemma)
        if found is None:
            wild = [t for prefix, t in self.wild_first if lemma.startswith(prefix)] \
                if self.wild_prefixes and lemma.startswith(self.wild_prefixes) else []
            found = sorted(self.by_first.get(lemma, []) + wild, key=lambda t: -len(t.words))
            if len(self.memo) >= self.MEMO_LIMIT:
                self.memo.clear()
            self.memo[lemma] = found
        return found


_INDEXES: dict[int, tuple[Sequence[Term], TermIndex]] = {}


def term_index(terms: Sequence[Term]) -> TermIndex:
    """The index of a term list, kept per list object (``terms_for`` hands out the same tuple each time)."""
    got = _INDEXES.get(id(terms))
    if got is None or got[0] is not terms:
        if len(_INDEXES) >= 16:
            _INDEXES.clear()
        got = _INDEXES[id(terms)] = (terms, TermIndex(terms))  # the list is held, so its id is not reused
    return got[1]


def match_terms(seq: Sequence[tuple[str, int, int]], terms: Sequence[Term]) -> dict[str, list[tuple[int, int]]]:
    """Term hits per label as (start, end) offsets; a token belongs to at most one hit, longest term first."""
    index = term_index(terms) if isinstance(terms, tuple) else TermIndex(terms)
    hits: dict[str, list[tuple[int, int]]] = {}
    used = [False] * len(seq)
    for i, (lemma, _, _) in enumerate(seq):
        if used[i]:
            continue
        for term in index.starting_at(lemma):
            n = len(term.words)
            if i + n > len(seq) or any(used[i:i + n]):
                continue
            if all(_word_matches(term.words[k], seq[i + k][0]) for k in range(n)):
                for k in range(n):
                    used[i + k] = True
                hits.setdefault(term.label, []).append((seq[i][1], seq[i + n - 1][2]))
                break
    return hits


def score_topics(doc: Doc, extra: tuple[str, ...] = ()) -> list[Topic]:
    tax = taxonomy(extra)
    settings = tax.get("settings") or {}
    saturation = float(settings.get("saturation", 3.0))
    threshold = float(settings.get("threshold", 0.45))
    min_hits = int(settings.get("min_hits", 2))
    lang = (doc.get("language") or "en")[:2]
    terms = terms_for(lang if lang in ("en", "ru") else "en", extra)
    hits = match_terms(lemma_sequence(doc), terms)
    labels = tax.get("labels") or {}
    topics = []
    for label, spans in hits.items():
        weight = float((labels.get(label) or {}).get("weight", 1.0))
        score = 1.0 - math.exp(-len(spans) * weight / saturation)
        if len(spans) >= min_hits and score >= threshold:
            topics.append(Topic(label, round(score, 4), tuple(Span.of(doc.text, s, e) for s, e in spans)))
    return sorted(topics, key=lambda t: (-t.score, t.label))


class TopicStage(Stage):
    name = "topics"
    requires = ("language", "tokens")
    adds = ("topics",)

    def warm_up(self) -> None:
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        for lang in ("en", "ru"):
            terms_for(lang, extra)

    def process(self, doc: Doc) -> Mapping[str, Any]:
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        return {"topics": tuple(score_topics(doc, extra))}
