"""Numbers written in digits or words, in English and Russian.

Used by the amounts stage ("1,2 млрд", "five billion", "три школы") and the
dates stage ("three days ago", "через два месяца"). The vocabularies live in
knowledge/amounts/numbers.yaml and scales.yaml; this module only reads them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from .alternation import phrase_alternation
from .knowledge import load_yaml

# Digits with thousands groups ("5,000", "1 000 000" with normal or
# non-breaking/thin spaces, "1.000.000") and an optional decimal part.
DIGITS_PATTERN = r"\d{1,3}(?:(?:[ \u00a0\u202f\u2009]\d{3})+|(?:,\d{3})+|(?:\.\d{3}){2,})(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_DIGITS_RE = re.compile(rf"^(?:{DIGITS_PATTERN})$")


def parse_digits(text: str, language: str = "en") -> float | None:
    """A number written in digits, with the language's separator conventions.

    In Russian the comma is the decimal mark ("1,2 млрд" = 1.2e9); in English a
    comma before exactly three digits groups thousands ("5,000") and a lone
    comma before one or two digits is decimal.
    """
    s = text.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    if not s or not _DIGITS_RE.match(s):
        return None
    s = s.replace(" ", "")
    if s.count(".") > 1:  # "1.000.000": dots group thousands
        s = s.replace(".", "").replace(",", ".")
    elif "," in s and "." in s:  # "1,234.5"
        s = s.replace(",", "")
    elif s.count(",") > 1:
        s = s.replace(",", "")
    elif "," in s:
        head, tail = s.split(",")
        if language == "ru" or len(tail) != 3:
            s = f"{head}.{tail}"
        else:
            s = head + tail
    try:
        return float(s)
    except ValueError:
        return None


@lru_cache(maxsize=8)
def number_words(language: str, extra: tuple[str, ...] = ()) -> dict[str, float]:
    data = load_yaml("amounts/numbers.yaml", extra)
    return {str(k).lower(): float(v) for k, v in (data.get(language) or {}).items()}


@lru_cache(maxsize=8)
def approximate_words(language: str, extra: tuple[str, ...] = ()) -> dict[str, float]:
    data = load_yaml("amounts/numbers.yaml", extra)
    return {str(k).lower(): float(v) for k, v in ((data.get("approximate") or {}).get(language) or {}).items()}


@lru_cache(maxsize=4)
def scale_words(extra: tuple[str, ...] = ()) -> tuple[dict[str, float], dict[str, float]]:
    """(scales usable anywhere, short scales usable with money only)."""
    data = load_yaml("amounts/scales.yaml", extra)
    return ({str(k).lower(): float(v) for k, v in data["scales"].items()},
            {str(k).lower(): float(v) for k, v in data["money_only"].items()})


@lru_cache(maxsize=1)
def _morph() -> Any:
    # The one shared loader: natasha's MorphVocab set up so that it loads on
    # Python 3.11 and with or without pkg_resources.
    from .stages.models import morph_vocab

    return morph_vocab()


@lru_cache(maxsize=20000)
def russian_lemma(word: str) -> str:
    """The pymorphy2 normal form of a Russian word ("трёх" -> "три", "школы" -> "школа")."""
    parses = _morph().parse(word.lower())
    return parses[0].normal_form if parses else word.lower()


@lru_cache(maxsize=20000)
def russian_pos(word: str) -> str | None:
    parses = _morph().parse(word.lower())
    return str(parses[0].tag.POS) if parses and parses[0].tag.POS else None


def word_value(word: str, language: str, extra: tuple[str, ...] = ()) -> float | None:
    """The value of one number word ("nine", "трёх", "twenty-five"), or None."""
    w = word.lower().strip()
    table = number_words(language, extra)
    if w in table:
        return table[w]
    if language == "en" and "-" in w:  # twenty-five
        parts = [table.get(p) for p in w.split("-")]
        if all(p is not None for p in parts):
            return float(sum(parts))  # type: ignore[arg-type]
    if language == "ru" and re.fullmatch(r"[а-яё]+", w):
        lemma = russian_lemma(w)
        if lemma in table:
            return table[lemma]
    return None


def words_value(words: Iterable[str], language: str, extra: tuple[str, ...] = ()) -> float | None:
    """A compound number in words: "twenty five", "one hundred and twenty", "двести пять"."""
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        lw = w.lower()
        if lw == "and" and seen:
            continue
        v = word_value(lw, language, extra)
        if v is None:
            return None
        seen = True
        if v == 100 and current and language == "en":
            current *= 100
        else:
            current += v
    total += current
    return total if seen else None


@lru_cache(maxsize=8)
def number_word_pattern(language: str, extra: tuple[str, ...] = ()) -> str:
    """A regex alternation of the language's number words, longest first.

    Russian words are listed by lemma in the data file; every case form
    ("трёх", "тремя", "двум") is generated from the pymorphy2 lexeme, and
    ``word_value`` maps a form back through its lemma.
    """
    words = set(number_words(language, extra))
    if language == "ru":
        for lemma in list(words):
            parses = _morph().parse(lemma)
            # the numeral reading, not e.g. the abbreviation noun "сто" (СТО)
            numerals = [p for p in parses if "NUMR" in p.tag] or parses[:1]
            for parse in numerals[:1]:
                words.update(f.word for f in parse.lexeme)
    simple = phrase_alternation(words) if words else ""
    if language == "ru":
        return rf"(?:{simple})(?![\w])"
    return rf"(?:(?:{simple})(?:-(?:{simple}))?)(?![\w])"
