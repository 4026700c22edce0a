"""Finding temporal expressions in English and Russian text.

The vocabularies (month and weekday names with their case forms, relative
phrases, future cues) come from knowledge/dates/*.yaml. This module builds
regular expressions from them and returns ``TemporalCandidate`` objects:
where an expression is and which parts the text itself gives. Turning a
candidate into a date against an anchor is ``dyadwatch.stages.dates``' job.

Whole-text date search (dateparser.search_dates) is deliberately not used:
it reads "We" and "may" as dates. Candidates here need a month or weekday
name next to a number, a relative phrase, or a year in a year context.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Mapping

from .alternation import phrase_alternation
from .intervals import SpanSet
from .knowledge import load_yaml
from .numbers import number_word_pattern, parse_digits, words_value

SP = r"[^\S\n]+"
OSP = r"[^\S\n]*"
DASH = r"[^\S\n]*[-–—][^\S\n]*"
B = r"(?<![\w])"
E = r"(?![\w])"
YEAR = r"(?:1[6-9]|20)\d{2}"


@dataclass(frozen=True, slots=True)
class TemporalLexicon:
    language: str
    months: Mapping[str, int]
    ambiguous_months: frozenset[str]
    weekdays: Mapping[str, int]
    ambiguous_weekdays: frozenset[str]
    deictic: Mapping[str, int]
    period_modifiers: Mapping[str, int]
    period_units: Mapping[str, str]
    count_units: Mapping[str, str]
    ago_words: tuple[str, ...]
    in_words: tuple[str, ...]
    weekday_modifiers: Mapping[str, str]
    prepositions: tuple[str, ...]
    range_connectors: tuple[str, ...]
    future_cues: tuple[str, ...]
    future_window: int
    not_year_followers: frozenset[str]
    seasons: Mapping[str, tuple[int, int]]
    vague_numbers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TemporalCandidate:
    """One temporal expression found in text, before anchoring.

    ``kind``: absolute (day/month/year parts given), numeric (dd.mm.yyyy),
    deictic (yesterday/вчера: ``offset`` days), period (last week: ``offset``
    units of ``unit``), count (three days ago: ``offset`` signed units of
    ``unit``), weekday (``weekday`` 0-6 with ``direction``).
    """

    start: int
    end: int
    text: str
    kind: str
    language: str
    day: int | None = None
    month: int | None = None
    year: int | None = None
    end_day: int | None = None
    end_month: int | None = None
    end_year: int | None = None
    offset: int | None = None
    unit: str | None = None
    weekday: int | None = None
    direction: str | None = None
    year_context: bool = False  # "in 2021", "в 2021 году": a year, not a number

    @property
    def is_range(self) -> bool:
        return self.end_day is not None or self.end_month is not None or self.end_year is not None


def _alt(words: Iterable[str]) -> str:
    """Any of the phrases, longest first, spaces as runs of whitespace; "(?!)" (match nothing) for none:
    a language without this word class (an empty group would match everywhere)."""
    return phrase_alternation({w for w in words if w}, space=SP)


@lru_cache(maxsize=16)
def lexicon(language: str, extra: tuple[str, ...] = ()) -> TemporalLexicon:
    months = load_yaml("dates/months.yaml", extra)
    weekdays = load_yaml("dates/weekdays.yaml", extra)
    rel = (load_yaml("dates/relative.yaml", extra) or {}).get(language) or {}
    tense = load_yaml("dates/tense.yaml", extra)
    currencies = load_yaml("amounts/currencies.yaml", extra)
    scales = load_yaml("amounts/scales.yaml", extra)
    followers = {str(w).lower().rstrip(".") for w in (currencies.get("words") or {})}
    followers |= {str(w).lower().rstrip(".") for w in scales.get("scales") or {}}
    followers |= {c.lower() for c in currencies.get("codes") or ()}

    def by_number(table: Mapping) -> dict[str, int]:
        return {str(form).lower(): int(num) for num, forms in (table.get(language) or {}).items() for form in forms}

    return TemporalLexicon(
        language=language,
        months=by_number(months), ambiguous_months=frozenset((months.get("ambiguous") or {}).get(language) or ()),
        weekdays=by_number(weekdays),
        ambiguous_weekdays=frozenset((weekdays.get("ambiguous") or {}).get(language) or ()),
        deictic={str(k).lower(): int(v) for k, v in (rel.get("deictic") or {}).items()},
        period_modifiers={str(k).lower(): int(v) for k, v in (rel.get("period_modifiers") or {}).items()},
        period_units={str(k).lower(): str(v) for k, v in (rel.get("period_units") or {}).items()},
        count_units={str(k).lower(): str(v) for k, v in (rel.get("count_units") or {}).items()},
        ago_words=tuple(rel.get("ago_words") or ()), in_words=tuple(rel.get("in_words") or ()),
        weekday_modifiers={str(k).lower(): str(v) for k, v in (rel.get("weekday_modifiers") or {}).items()},
        prepositions=tuple(rel.get("prepositions") or ()),
        range_connectors=tuple(str(c) for c in rel.get("range_connectors") or ()),
        future_cues=tuple(str(c).lower() for c in tense.get(language) or ()),
        future_window=int(tense.get("window_chars", 80)),
        not_year_followers=frozenset(followers),
        seasons={str(k).lower(): (int(v[0]), int(v[1]))
                 for k, v in ((months.get("seasons") or {}).get(language) or {}).items()},
        vague_numbers=tuple(str(v) for v in rel.get("vague_numbers") or ()),
    )


@lru_cache(maxsize=16)
def _patterns(language: str, extra: tuple[str, ...] = ()) -> list[tuple[str, re.Pattern[str]]]:
    lx = lexicon(language, extra)
    abbr_dot = r"(?:\.(?=[^\S\n]*[\d,]))?"  # "Sept. 1", but not the full stop of "in May."
    month = _alt(lx.months) + abbr_dot
    month_free = _alt(m for m in lx.months if m not in lx.ambiguous_months)
    wday = _alt(lx.weekdays) + abbr_dot
    wday_free = _alt(w for w in lx.weekdays if w not in lx.ambiguous_weekdays)
    wmod = _alt(lx.weekday_modifiers)
    pmod = _alt(lx.period_modifiers)
    punit = _alt(lx.period_units)
    cunit = _alt(lx.count_units)
    num = rf"(?:\d+|{number_word_pattern(language, extra)}|an?)"
    vague = _alt(lx.vague_numbers) if lx.vague_numbers else "(?!)"
    season = _alt(lx.seasons) if lx.seasons else "(?!)"
    ago = _alt(lx.ago_words)
    inw = _alt(lx.in_words)
    deictic = _alt(lx.deictic)
    f = re.IGNORECASE
    pats: list[tuple[str, str]] = []
    if language == "ru":
        day = r"(?P<d>[12]\d|3[01]|0?[1-9])(?:-?(?:го|е|ое))?"
        day2 = r"(?P<d2>[12]\d|3[01]|0?[1-9])(?:-?(?:го|е|ое))?"
        yr = rf"(?P<y>{YEAR}){OSP}(?:года|году|год|гг?\.?)?"
        prep = r"(?:(?:с|со|в|во|до|к|ко|по|от)" + SP + r")?"
        years_word = r"(?:годы|годах|годов|годам|года|году|год|гг?\.)"
        pats += [
            ("absolute", rf"{B}{prep}(?P<y>{YEAR})(?:{DASH}|{SP}(?:по|до){SP})(?P<y2>{YEAR})(?:{OSP}{years_word})?{E}"),
            ("absolute", rf"{B}{prep}(?P<dec>(?:1[6-9]|20)\d0)-?х(?:{SP}{years_word})?{E}"),
            ("absolute", rf"{B}{prep}(?P<season>{season}){SP}{yr}{E}"),
            ("absolute", rf"{B}{prep}(?:{wday}{OSP},?{SP})?{day}(?:(?:{DASH}|{SP}(?:по|до|и){SP}){day2})?{SP}"
                         rf"(?P<m>{month})(?:{SP}{yr})?{E}"),
            ("absolute", rf"{B}{prep}(?P<m>{month}){SP}{yr}{E}"),
            ("month", rf"{B}(?:в|во|с|со|до|к|по){SP}(?P<m>{month_free}){E}"),
            ("year", rf"{B}{prep}(?P<y>{YEAR}){OSP}(?:года|году|год|гг?\.)(?!\w)"),
            ("weekday", rf"{B}(?:(?:в|во|на|с|со|до|ко|к|по){SP})?(?:(?P<wm>{wmod}){SP})?(?P<w>{wday_free}){E}"),
            ("period", rf"{B}(?:(?:в|во|на|за){SP})?(?P<pm>{pmod}){SP}(?P<pu>{punit}){E}"),
        ]
    else:
        day = r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
        day2 = r"(?P<d2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
        yr = rf"(?P<y>{YEAR})"
        pats += [
            ("absolute", rf"{B}(?P<y>{YEAR}){DASH}(?P<y2>{YEAR}){E}"),
            ("absolute", rf"{B}(?P<dec>(?:1[6-9]|20)\d0)'?s{E}"),
            ("absolute", rf"{B}(?P<season>{season}){SP}(?:of{SP})?{yr}{E}"),
            ("absolute", rf"{B}(?:{wday}{OSP},?{SP})?(?P<m>{month}){SP}{day}(?:(?:{DASH}|{SP}(?:to|and|through){SP}){day2})?"
                         rf"(?:{OSP},?{SP}{yr})?{E}"),
            ("absolute", rf"{B}(?:{wday}{OSP},?{SP})?(?:the{SP})?{day}(?:(?:{DASH}|{SP}(?:to|and){SP}){day2})?{SP}(?:of{SP})?"
                         rf"(?P<m>{month})(?:{OSP},?{SP}{yr})?{E}"),
            ("absolute", rf"{B}(?P<m>{month}){OSP},?{SP}(?:of{SP})?{yr}{E}"),
            ("absolute", rf"{B}{yr}{SP}(?P<m>{month_free}){E}"),
            ("month", rf"{B}(?:in|since|by|until|from|during|of|early|late|mid|last|next|this){SP}"
                      rf"(?P<core>(?-i:(?P<m>[A-Z][a-z]+))){E}"),
            ("year", rf"{B}(?:in|since|by|until|till|from|during|of|early|late|mid|before|after){SP}"
                     rf"(?P<core>(?P<y>{YEAR})){E}(?![.,]\d)"),
            ("weekday", rf"{B}(?:(?P<wm>{wmod}){SP})?(?P<w>{wday_free}){E}"),
            ("weekday", rf"{B}on{SP}(?P<core>(?P<w>{wday})){E}"),
            ("period", rf"{B}(?P<pm>{pmod}){SP}(?P<pu>{punit}){E}"),
        ]
    pats += [
        ("numeric", rf"{B}(?P<d>[12]\d|3[01]|0?[1-9])(?P<sep>[./])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<y>{YEAR}){E}"),
        ("iso", rf"{B}(?P<y>{YEAR})-(?P<m>1[0-2]|0[1-9])-(?P<d>[12]\d|3[01]|0[1-9]){E}"),
        ("bare_year", rf"{B}(?P<y>{YEAR}){E}(?![.,]\d|%)"),
        ("deictic", rf"{B}(?P<dx>{deictic}){E}"),
        ("count", rf"{B}(?P<n>{num}){SP}(?P<cu>{cunit}){SP}(?P<ago>{ago}){E}"),
        ("vague", rf"{B}(?P<n>{vague}){SP}(?P<cu>{cunit}){SP}(?P<ago>{ago}){E}"),
        ("vague", rf"{B}(?P<in>{inw}){SP}(?P<n>{vague}){SP}(?P<cu>{cunit}){E}"),
        ("count", rf"{B}(?P<in>{inw}){SP}(?P<n>{num}){SP}(?P<cu>{cunit}){E}"),
    ]
    if language == "ru":  # "год назад", "через месяц": one unit without a number
        pats += [("count", rf"{B}(?P<cu>{cunit}){SP}(?P<ago>{ago}){E}"),
                 ("count", rf"{B}(?P<in>{inw}){SP}(?P<cu>{cunit}){E}")]
    return [(kind, re.compile(p, f)) for kind, p in pats]


def prepare(language: str, extra: tuple[str, ...] = ()) -> None:
    """Build the language's lexicon and regexes now (a stage's warm-up), not on its first article."""
    _digit_led(language, extra)
    _connector(lexicon(language, extra).range_connectors)
    _future_cues(lexicon(language, extra).future_cues)


_KIND_RANK = {"vague": 1, "absolute": 0, "numeric": 0, "iso": 0, "count": 1, "period": 1, "deictic": 2, "weekday": 2,
              "month": 3, "year": 3, "bare_year": 4}


def find_candidates(text: str, language: str, extra: tuple[str, ...] = ()) -> list[TemporalCandidate]:
    """Non-overlapping temporal expressions in ``text``, in text order (longest wins)."""
    return list(_candidates(text, language, extra))


@lru_cache(maxsize=8)
def _candidates(text: str, language: str, extra: tuple[str, ...]) -> tuple[TemporalCandidate, ...]:
    # the dates and amounts stages both ask for the same article's candidates: found once
    return tuple(_find_candidates(text, language, extra))


# ---------------------------------------------------------------- digit-led patterns
# A pattern that opens with "not after a word character" and then a digit can only match where a run of
# digits starts. Trying it there alone finds what a scan of the whole text finds, without the scan.
_DIGIT_RUN = re.compile(r"\d+")
_DIGIT_HEADS = (f"(?P<y>{YEAR})", r"(?P<dec>(?:1[6-9]|20)\d0)", r"(?P<d>[12]\d|3[01]|0?[1-9])")


def digit_run_starts(text: str) -> list[int]:
    return [m.start() for m in _DIGIT_RUN.finditer(text)]


def search_at(pattern: re.Pattern[str], text: str, pos: int, starts: list[int]) -> re.Match[str] | None:
    """``pattern.search(text, pos)`` for a pattern whose matches can only begin at one of ``starts``
    (sorted): the leftmost match at a start >= pos."""
    for s in starts[bisect_left(starts, pos):]:
        m = pattern.match(text, s)
        if m is not None:
            return m
    return None


def _finditer_at(pattern: re.Pattern[str], text: str, starts: list[int]):
    """``pattern.finditer(text)`` for a pattern whose (non-empty) matches begin at one of ``starts``."""
    pos = 0
    while (m := search_at(pattern, text, pos, starts)) is not None:
        yield m
        pos = m.end()


@lru_cache(maxsize=16)
def _digit_led(language: str, extra: tuple[str, ...] = ()) -> tuple[bool, ...]:
    """Per pattern of ``_patterns``: does every match begin with a digit not after a word character?"""
    return tuple(p.pattern.startswith(B) and p.pattern[len(B):].startswith(_DIGIT_HEADS)
                 for _, p in _patterns(language, extra))


def _find_candidates(text: str, language: str, extra: tuple[str, ...]) -> list[TemporalCandidate]:
    lx = lexicon(language, extra)
    found: list[TemporalCandidate] = []
    starts = digit_run_starts(text)
    for (kind, pattern), digit_led in zip(_patterns(language, extra), _digit_led(language, extra)):
        for m in (_finditer_at(pattern, text, starts) if digit_led else pattern.finditer(text)):
            cand = _candidate(kind, m, text, lx, language, extra)
            if cand is not None:
                found.append(cand)
    found.sort(key=lambda c: (-(c.end - c.start), _KIND_RANK.get(c.kind, 9), c.start))
    chosen: list[TemporalCandidate] = []
    claimed = SpanSet()  # not a scan of every chosen one per candidate: quadratic in a long article
    for c in found:
        if not claimed.overlaps(c.start, c.end):
            chosen.append(c)
            claimed.append((c.start, c.end))
    chosen.sort(key=lambda c: c.start)
    return _merge_ranges(chosen, text, lx)


def _candidate(kind: str, m: re.Match[str], text: str, lx: TemporalLexicon, language: str,
               extra: tuple[str, ...]) -> TemporalCandidate | None:
    g = m.groupdict()
    start, end = m.span("core") if g.get("core") else m.span()
    base = dict(start=start, end=end, text=text[start:end], language=language)
    if kind == "absolute" and g.get("y2"):  # "2003—2011", "с 1918 по 1940 года"
        y, y2 = int(g["y"]), int(g["y2"])
        return TemporalCandidate(kind="absolute", year=y, end_year=y2, year_context=True, **base) if y2 > y else None
    if kind == "absolute" and g.get("dec"):  # "1990-х годов", "the 1980s"
        y = int(g["dec"])
        return TemporalCandidate(kind="absolute", year=y, end_year=y + 9, year_context=True, **base)
    if kind == "absolute" and g.get("season"):  # "летом 2017 года"
        first, last = lx.seasons[_norm(g["season"])]
        y = int(g["y"])
        return TemporalCandidate(kind="absolute", year=y, month=first, end_year=y if last >= first else y + 1,
                                 end_month=last, **base)
    if kind == "vague":  # "несколько дней назад": an expression, but no value to give
        return TemporalCandidate(kind="vague", unit=lx.count_units[_norm(g["cu"])], **base)
    if kind in ("absolute", "month"):
        month = lx.months.get(g["m"].lower().rstrip("."))
        if month is None:
            return None
        day = int(g["d"]) if g.get("d") else None
        year = int(g["y"]) if g.get("y") else None
        end_day = int(g["d2"]) if g.get("d2") else None
        if end_day is not None and day is not None and end_day <= day:
            return None
        return TemporalCandidate(kind="absolute", day=day, month=month, year=year, end_day=end_day,
                                 end_month=month if end_day else None, end_year=year if end_day else None,
                                 **base)
    if kind in ("numeric", "iso"):
        return TemporalCandidate(kind="absolute", day=int(g["d"]), month=int(g["m"]), year=int(g["y"]), **base)
    if kind in ("year", "bare_year"):
        if kind == "bare_year" and _followed_by_amount_word(text, end, lx):
            return None
        if kind == "bare_year" and re.search(r"[$€£¥₽\d][^\S\n]*$", text[max(0, start - 3):start]):
            return None
        return TemporalCandidate(kind="absolute", year=int(g["y"]), year_context=kind == "year", **base)
    if kind == "deictic":
        return TemporalCandidate(kind="deictic", offset=lx.deictic[_norm(g["dx"])], unit="day", **base)
    if kind == "period":
        return TemporalCandidate(kind="period", offset=lx.period_modifiers[_norm(g["pm"])],
                                 unit=lx.period_units[_norm(g["pu"])], **base)
    if kind == "weekday":
        wd = lx.weekdays.get(g["w"].lower().rstrip("."))
        if wd is None:
            return None
        direction = lx.weekday_modifiers.get(_norm(g["wm"])) if g.get("wm") else None
        return TemporalCandidate(kind="weekday", weekday=wd, direction=direction, **base)
    if kind == "count":
        n_text = g.get("n")
        if n_text is None:
            n = 1.0
        elif n_text.lower() in ("a", "an"):
            n = 1.0
        else:
            n = parse_digits(n_text, language)
            if n is None:
                n = words_value(n_text.replace("-", " ").split(), language, extra)
        if n is None or n != int(n):
            return None
        sign = 1 if g.get("in") else -1
        return TemporalCandidate(kind="count", offset=sign * int(n), unit=lx.count_units[_norm(g["cu"])], **base)
    return None


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _followed_by_amount_word(text: str, end: int, lx: TemporalLexicon) -> bool:
    m = re.match(r"[^\S\n]*([^\W\d_]+|%)", text[end:end + 30])
    return bool(m) and (m.group(1) == "%" or m.group(1).lower() in lx.not_year_followers)


def _merge_ranges(cands: list[TemporalCandidate], text: str, lx: TemporalLexicon) -> list[TemporalCandidate]:
    """Join "25 ноября – 2 декабря", "from March to May 2022", "с апреля 1998 года по май 1999 года"."""
    if len(cands) < 2:
        return cands
    connector = _connector(lx.range_connectors)
    out: list[TemporalCandidate] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if (b is not None and a.kind == b.kind == "absolute" and not a.is_range and not b.is_range
                and _joined(text, a, b, connector) and _same_grain(a, b)):
            year = a.year if a.year is not None else b.year
            merged = replace(a, end=b.end, text=text[a.start:b.end], year=year, end_day=b.day,
                             end_month=b.month, end_year=b.year if b.year is not None else year)
            out.append(merged)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


@lru_cache(maxsize=16)
def _connector(range_connectors: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"^[^\S\n]*(?:{_alt(range_connectors)})[^\S\n]*$", re.IGNORECASE)


def _joined(text: str, a: TemporalCandidate, b: TemporalCandidate, connector: re.Pattern[str]) -> bool:
    if connector.match(text[a.end:b.start]):
        return True
    # Russian ends often open with their own connector: "с апреля ... по май ..."
    lead = re.match(r"\w+", b.text)
    return bool(lead) and not text[a.end:b.start].strip() and bool(connector.match(lead.group(0)))


def _same_grain(a: TemporalCandidate, b: TemporalCandidate) -> bool:
    return (a.day is None) == (b.day is None) and (a.month is None) == (b.month is None)


def future_cue(text: str, start: int, lx: TemporalLexicon) -> bool:
    """A scheduling word shortly before the expression, in the same sentence."""
    left = text[max(0, start - lx.future_window):start]
    cut = max(left.rfind(". "), left.rfind("\n"), left.rfind("! "), left.rfind("? "))
    if cut >= 0:
        left = left[cut + 1:]
    return bool(_future_cues(lx.future_cues).search(left.lower()))


@lru_cache(maxsize=16)
def _future_cues(cues: tuple[str, ...]) -> re.Pattern[str]:
    """Any cue at a word start (a cue may end mid-word: "планиру" for планирует, планируют)."""
    return re.compile(rf"(?<![\w])(?:{'|'.join(re.escape(c) for c in cues) or '(?!)'})")
