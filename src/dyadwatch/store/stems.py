"""Search terms: Snowball stems of the words of a text.

Russian is highly inflected («мигрант», «мигрантов», «мигрантам»); the
search index stores stems so a query in one case form finds the others.
Snowball rather than pymorphy2 lemmas because it is the same algorithm
PostgreSQL's 'russian' and 'english' text-search configurations use (so the
two backends find the same articles), it needs no dictionary, and it is fast
enough to run on every article at write time.
"""
from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@lru_cache(maxsize=2)
def _stemmer(language: str):
    import snowballstemmer

    return snowballstemmer.stemmer(language)


def words(text: str) -> list[str]:
    return [w.lower().replace("ё", "е") for w in _WORD.findall(text or "")]


@lru_cache(maxsize=200_000)
def _stem_lower(w: str) -> str:
    return _stemmer("russian" if _CYRILLIC.search(w) else "english").stemWord(w)


def stem(word: str) -> str:
    return _stem_lower(word.lower().replace("ё", "е"))


def stems(text: str) -> list[str]:
    """Stems of every word, in order (Russian and English by script).

    Stems are cached per word form: news vocabulary repeats (Zipf), so after
    the first few hundred articles most words are cache hits."""
    return [_stem_lower(w) for w in words(text)]


def stem_text(text: str) -> str:
    """Distinct stems of a text, space-separated: the FTS5 ``stems`` column."""
    return " ".join(dict.fromkeys(stems(text)))
