"""The amounts stage: money and counted quantities.

Money: a number (digits or words) with an optional scale (million, млн, bn)
and a currency written as a symbol ("$ 100 million", "€1.5bn"), a word
("5 billion rubles", "1,2 млрд сомов") or an ISO code ("USD 20 million") ->
value fully scaled, ISO 4217 currency. Quantities: a number before a noun
("nine schools", "три школы") -> unit = the noun's lemma; "hundreds of
thousands of Kyrgyzstanis" -> 100000, approximate (lower confidence).
Percentages get unit "percent". Years and day numbers of dates are not
amounts. "more than $1 billion" keeps its bound (``Amount.bound``: min, max,
approx; bounds.py). Vocabularies: knowledge/amounts/*.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

from ...alternation import phrase_alternation
from ...document import Doc
from ...intervals import SpanSet
from ...knowledge import load_yaml
from ...numbers import (DIGITS_PATTERN, approximate_words, number_word_pattern, parse_digits,
                       russian_lemma, russian_pos, scale_words, word_value, words_value)
from ...pipeline import Stage
from ...records import Amount, Span
from ...temporal import digit_run_starts, find_candidates, search_at
from .bounds import with_bound

STAGE = "amounts"
SP = r"[^\S\n]*"
SP1 = r"[^\S\n]+"
B = r"(?<![\w$€£¥₽₸:])"  # ":" keeps the minutes of "13:41" out
E = r"(?![\w])"


@dataclass(frozen=True, slots=True)
class AmountLexicon:
    symbols: Mapping[str, str]
    words: Mapping[str, str]
    codes: frozenset[str]
    scales: Mapping[str, float]
    money_scales: Mapping[str, float]
    percent: tuple[str, ...]
    not_units: frozenset[str]
    irregular_plurals: Mapping[str, str]


@lru_cache(maxsize=8)
def amount_lexicon(language: str, extra: tuple[str, ...] = ()) -> AmountLexicon:
    cur = load_yaml("amounts/currencies.yaml", extra)
    units = load_yaml("amounts/units.yaml", extra)
    scales, money_scales = scale_words(extra)
    return AmountLexicon(
        symbols={str(k).lower(): v for k, v in cur["symbols"].items()},
        words={str(k).lower(): v for k, v in cur["words"].items()},
        codes=frozenset(cur.get("codes") or ()),
        scales=scales, money_scales=money_scales,
        percent=tuple(str(p).lower() for p in units.get("percent") or ()),
        not_units=frozenset(str(w).lower() for w in (units.get("not_units") or {}).get(language) or ()),
        irregular_plurals={str(k).lower(): str(v) for k, v in (units.get("irregular_plurals") or {}).items()},
    )


def _alt(words: Any, word_end: bool = True) -> str:
    """Alternation of phrases, longest first; abbreviations keep their own final dot ("руб.")."""
    # "(?!)" (match nothing) for no words: a language without this word class (an empty group would
    # match everywhere)
    return phrase_alternation({str(w) for w in words if str(w)}, space=SP1,
                              end=lambda w: "" if not word_end or w.endswith(".") else r"(?![\w])")


@lru_cache(maxsize=8)
def _patterns(language: str, extra: tuple[str, ...] = ()) -> dict[str, re.Pattern[str]]:
    lx = amount_lexicon(language, extra)
    num = rf"(?P<num>{DIGITS_PATTERN}|{number_word_pattern(language, extra)}(?:[^\S\n-]+{number_word_pattern(language, extra)})*)"
    digits = rf"(?P<num>{DIGITS_PATTERN})"
    # "тыс. руб." is an abbreviation; "млрд." before a capital is the sentence's full stop
    dot = r"(?:\.(?=[^\S\n]*(?-i:[a-zа-яё$€\d(])))?"
    scale = rf"(?P<scale>{_alt(k.rstrip('.') for k in lx.scales)}{dot})"
    mscale = rf"(?P<scale>(?:{_alt(k.rstrip('.') for k in lx.scales)}|{_alt(lx.money_scales)}){dot})"
    # "a $", "c $" with a space are written in capitals: lower case, "a" is the article ("with a $1.2
    # billion loan" is US dollars); unspaced forms ("a$5m", "us$") stay case-blind
    spaced = [k for k in lx.symbols if re.match(r"[a-z]+ ", k)]
    plain = [k for k in lx.symbols if k not in spaced]
    sym = rf"(?P<sym>(?-i:{_alt([k.upper() for k in spaced], word_end=False)})|{_alt(plain, word_end=False)})"
    word = rf"(?P<cur>{_alt(lx.words)})"
    code = rf"(?P<code>(?-i:{_alt(lx.codes)}))"
    pct = rf"(?P<pct>{_alt([p for p in lx.percent if p != '%'])}|%)"
    approx = "|".join(re.escape(w).replace(r"\ ", SP1)
                      for w in sorted(approximate_words(language, extra), key=len, reverse=True))
    f = re.IGNORECASE
    return {
        # "$2.5-billion", "$300-million": a hyphen may join the figure to its scale
        # "$2-3 billion": a range keeps its lower figure, as a bound
        "symbol": re.compile(rf"{B}{sym}{SP}{digits}(?P<upto>{SP}[-–—]{SP}\d+(?:[.,]\d+)?(?={SP}{mscale.replace('(?P<scale>', '(?:')}))?"
                             rf"(?:(?:{SP}|-){mscale}(?![\w]))?(?:{SP1}{word})?", f),
        "symbol_after": re.compile(rf"{B}{digits}(?:{SP}{scale})?{SP}{sym}", f),
        "code_before": re.compile(rf"{B}{code}{SP}{digits}(?:(?:{SP}|-){mscale}(?![\w]))?", f),
        "code_after": re.compile(rf"{B}{digits}(?:{SP}{mscale})?{SP1}{code}{E}", f),
        "word": re.compile(rf"{B}{num}(?:{SP}{mscale})?{SP1}(?:of{SP1})?{word}{E}", f),
        "scale_word": re.compile(rf"{B}{scale}{SP1}{word}{E}", f),
        "percent": re.compile(rf"{B}{digits}{SP}{pct}", f),
        "approx": re.compile(rf"{B}(?P<approx>{approx}){SP1}(?:of{SP1})?(?P<noun>[^\W\d_]+(?:-[^\W\d_]+)?){E}", f),
        "count": re.compile(rf"{B}{num}(?:{SP}{scale})?{SP1}(?P<adj>[^\W\d_]+(?:-[^\W\d_]+)?{SP1})?"
                            rf"(?P<noun>[^\W\d_]+(?:-[^\W\d_]+)?){E}", f),
    }


@lru_cache(maxsize=8)
def _digit_led(language: str, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """Kinds whose matches begin with a digit not after a word character (every alternative of
    DIGITS_PATTERN opens with a digit): they are only tried where a run of digits starts."""
    head = rf"{B}(?P<num>{DIGITS_PATTERN})"
    return frozenset(k for k, p in _patterns(language, extra).items() if p.pattern.startswith(head))


_RANK = {"symbol": 0, "code_before": 0, "code_after": 0, "word": 0, "symbol_after": 1, "scale_word": 1,
         "percent": 1, "approx": 2, "count": 3}


# Kinds that never carry a currency and rank after every kind that does: they cannot keep a money
# amount out of the overlap resolution, so money-only searches skip them.
_NOT_MONEY = frozenset(k for k, r in _RANK.items() if r > max(_RANK[m] for m in (
    "symbol", "code_before", "code_after", "word", "symbol_after", "scale_word")))


def find_amounts(text: str, language: str, extra: tuple[str, ...] = (), money_only: bool = False) -> list[Amount]:
    """Non-overlapping money amounts, percentages and counted quantities of ``text``.

    ``money_only``: just the money amounts (those with a currency), the same ones the full search finds.
    """
    lx = amount_lexicon(language, extra)
    found: list[tuple[int, Amount]] = []
    starts = digit_run_starts(text)
    digit_led = _digit_led(language, extra)
    for kind, pattern in _patterns(language, extra).items():
        if money_only and kind in _NOT_MONEY:
            continue
        pos = 0
        while (m := (search_at(pattern, text, pos, starts) if kind in digit_led
                     else pattern.search(text, pos))) is not None:
            amount = _amount(kind, m, text, lx, language, extra)
            if amount is not None:
                found.append((_RANK[kind], amount))
                pos = m.end()
            else:  # a failed long match ("3 млрд. Построят") must not hide a later one ("три школы")
                pos = m.start() + 1
    found.sort(key=lambda ra: (ra[0], -(ra[1].span.end - ra[1].span.start), ra[1].span.start))  # type: ignore[union-attr]
    chosen: list[Amount] = []
    claimed = SpanSet()  # not a scan of every chosen one per candidate: quadratic in a long article
    for _, a in found:
        if not claimed.overlaps(a.span.start, a.span.end):  # type: ignore[union-attr]
            chosen.append(a)
            claimed.append((a.span.start, a.span.end))  # type: ignore[union-attr]
    if money_only:  # the date check below only ever drops amounts without a currency
        return sorted((a for a in chosen if a.currency), key=lambda a: a.span.start)  # type: ignore[union-attr]
    dates = [c for c in find_candidates(text, language, extra) if c.kind == "absolute"]
    kept = [a for a in chosen if a.currency or not any(a.span.start < c.end and c.start < a.span.end  # type: ignore[union-attr]
                                                      for c in dates)]
    return sorted(kept, key=lambda a: a.span.start)  # type: ignore[union-attr]


def parse_amount(text: str, language: str) -> Amount | None:
    """The amount one expression names ("$ 100 million", "2 млрд рублей", "nine schools").

    Money is preferred over a bare quantity; offsets are into ``text``.
    """
    found = find_amounts(text, language)
    if not found:
        return None
    return max(found, key=lambda a: (a.currency is not None, a.span.end - a.span.start))  # type: ignore[union-attr]


def _amount(kind: str, m: re.Match[str], text: str, lx: AmountLexicon, language: str,
            extra: tuple[str, ...]) -> Amount | None:
    g = m.groupdict()
    span = Span(m.start(), m.end(), text[m.start():m.end()])
    if kind == "approx":
        value = approximate_words(language, extra).get(" ".join(g["approx"].lower().split()))
        unit = _unit(g["noun"], lx, language)
        if value is None or unit is None:
            return None
        return Amount(value=value, text=span.text, unit=unit, span=span, stage=STAGE, confidence=0.5)
    if kind == "scale_word":
        value = lx.scales.get(g["scale"].lower().rstrip("."), 0.0)
        currency = lx.words.get(g["cur"].lower()) or lx.words.get(g["cur"].lower().rstrip("."))
        return Amount(value=value, text=span.text, currency=currency, span=span, stage=STAGE, confidence=0.6)
    value = _number(g.get("num") or "", language, extra)
    if value is None:
        return None
    if kind != "percent" and g.get("num") and _looks_like_year(g["num"], g) and kind == "count":
        return None
    scale = (g.get("scale") or "").lower().rstrip(".")
    if scale:
        value *= lx.scales.get(scale) or lx.money_scales.get(scale) or 1.0
    if kind == "percent":
        return Amount(value=value, text=span.text, unit="percent", span=span, stage=STAGE, confidence=0.9)
    if kind == "count":
        if value == 1 and not re.match(r"\d", g["num"]):
            return None  # "one of the", "a": not a count worth recording
        adj = g.get("adj")
        first = _unit(adj.strip(), lx, language) if adj else None
        if adj and first is None and not _modifier(adj.strip(), lx, language):
            return None  # "85 году жизни", "15 лет Кевин": the word after the number is not what is counted
        if first is not None:  # "three bills concerning", "три школы построят": the noun comes first
            end = m.start("adj") + len(adj.rstrip())
            span = Span(m.start(), end, text[m.start():end])
            unit = first
        else:  # "nine Russian-language schools", "три новые школы"
            unit = _unit(g["noun"], lx, language)
        if unit is None or (text[span.end:span.end + 1] == "." and len(unit) <= 3):
            return None  # "1 ст." is an article reference, not one thing counted
        return Amount(value=value, text=span.text, unit=unit, span=span, stage=STAGE, confidence=0.7)
    currency = None
    if g.get("sym"):
        currency = lx.symbols.get(" ".join(g["sym"].lower().split()))
    if g.get("cur"):
        currency = lx.words.get(" ".join(g["cur"].lower().split())) or \
            lx.words.get(" ".join(g["cur"].lower().rstrip(".").split())) or currency
    if g.get("code"):
        currency = g["code"].upper()
    if currency is None:
        return None
    conf = 0.95 if re.match(r"\d", g.get("num") or "") else 0.85
    return Amount(value=value, text=span.text, currency=currency, span=span, stage=STAGE, confidence=conf,
                  bound="min" if g.get("upto") else None)


def _number(num: str, language: str, extra: tuple[str, ...]) -> float | None:
    if not num:
        return None
    v = parse_digits(num, language)
    if v is not None:
        return v
    whole = word_value(" ".join(num.lower().split()), language, extra)  # a phrase listed whole: "half a"
    if whole is not None:
        return whole
    return words_value(re.split(r"[^\S\n-]+", num.strip()), language, extra)


def _looks_like_year(num: str, g: Mapping[str, Any]) -> bool:
    return bool(re.fullmatch(r"(?:1[6-9]|20)\d{2}", num)) and not g.get("scale")


def _unit(word: str, lx: AmountLexicon, language: str) -> str | None:
    """The counted noun's lemma, or None when the word is not a countable noun."""
    w = word.lower()
    if w in lx.not_units or w in lx.scales or w in lx.words:
        return None
    if language == "ru":
        # capitalised words are names or abbreviations ("205 УК", "116 Конституции"), not units
        if word[:1].isupper() or not re.fullmatch(r"[а-яё-]+", w) or russian_pos(w) != "NOUN":
            return None
        return russian_lemma(w)
    if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", w):
        return None
    if w in lx.irregular_plurals:
        return lx.irregular_plurals[w]
    # English plural nouns only: singular words after a number are mostly
    # adjectives or verbs ("three scheduled", "5 major").
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us")) and len(w) > 3:
        return w[:-1]
    return None


def _modifier(word: str, lx: AmountLexicon, language: str) -> bool:
    """A word that may stand between a number and its noun ("новых", "Russian-language")."""
    w = word.lower()
    if w in lx.not_units:
        return False
    if language == "ru":
        return not word[:1].isupper() and russian_pos(w) in ("ADJF", "PRTF", "NUMR")
    return bool(re.fullmatch(r"[a-z]+(?:-[a-z]+)*", w))


class AmountStage(Stage):
    """Adds ``amounts``: money, percentages and counted quantities, in text order."""

    name = STAGE
    requires = ("language",)
    adds = ("amounts",)

    def warm_up(self) -> None:
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        for language in tuple(getattr(self.settings, "languages", ("en", "ru")) or ("en", "ru")):
            _digit_led(language, extra)  # builds the patterns: number-word forms come from pymorphy2, slowly

    def process(self, doc: Doc) -> dict[str, tuple[Amount, ...]]:
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        supported = tuple(getattr(self.settings, "languages", ("en", "ru")) or ("en", "ru"))
        language = doc.get("language") or "en"
        if language not in supported:
            language = "en"
        out = find_amounts(doc.text, language, extra)
        # a Russian line inside an English article ("1,2 млрд сомов") still counts as money
        other = [lang for lang in supported if lang != language]
        for lang in other:
            for a in find_amounts(doc.text, lang, extra, money_only=True):
                if a.currency and all(not a.span.overlaps(o.span) for o in out):  # type: ignore[union-attr]
                    out.append(a)
        out.sort(key=lambda a: a.span.start)  # type: ignore[union-attr]
        return {"amounts": tuple(with_bound(doc.text, a, language, extra) for a in out)}
