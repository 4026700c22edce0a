"""Forms that are never names: dates, times, time zones, currency codes, headline fragments.

A model sometimes tags "UTC +04:00", "USD", «Сегодня» or a headline's
"Will Attend" as a name. The forms are data (``knowledge/gazetteer/not_name_forms.yaml``);
month and weekday names come from Babel, currency codes from pycountry. Used by
``ner_names.not_a_name``, so every mention of the ``ner`` stage passes here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import load_yaml


@dataclass(frozen=True)
class NotNameForms:
    shapes: re.Pattern[str]
    months: frozenset[str]             # month names, casefolded (Babel)
    weekdays: frozenset[str]           # weekday names, casefolded (Babel)
    shape_words: frozenset[str]        # words a date or time shape may hold: "th", "UTC", "pm"
    currency_codes: frozenset[str]     # ISO 4217, upper case
    function_words: dict[str, frozenset[str]]
    headline_verbs: dict[str, frozenset[str]]


def _calendar_words(kind: str) -> frozenset[str]:
    from babel.dates import get_day_names, get_month_names

    names = get_month_names if kind == "months" else get_day_names
    return frozenset(n.casefold().rstrip(".") for locale in ("en", "ru") for width in ("wide", "abbreviated")
                     for context in ("format", "stand-alone") for n in names(width, context, locale).values())


def _currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


@lru_cache(maxsize=8)
def not_name_forms(extra: tuple[str, ...] = ()) -> NotNameForms:
    data = load_yaml("gazetteer/not_name_forms.yaml", extra) or {}

    def by_lang(section: str) -> dict[str, frozenset[str]]:
        return {lang: frozenset(str(w).casefold() for w in words or ())
                for lang, words in (data.get(section) or {}).items()}

    shapes = "|".join(f"(?:{s})" for s in data.get("shapes") or ()) or "(?!)"
    return NotNameForms(re.compile(rf"^(?:{shapes})$", re.IGNORECASE), _calendar_words("months"),
                        _calendar_words("weekdays"),
                        frozenset(str(w).casefold() for w in data.get("shape_words") or ()),
                        _currency_codes(), by_lang("function_words"), by_lang("headline_verbs"))


def is_not_a_name_form(surface: str, lang: str, extra: tuple[str, ...] = ()) -> bool:
    """True when a mention's surface is a date, a time, a time zone, a currency code or a headline fragment."""
    forms = not_name_forms(extra)
    s = " ".join(surface.split())
    if not s or s in forms.currency_codes:  # codes as written: "USD", never "Bob" (BOB)
        return True
    raw = re.findall(r"[^\W\d_]+", s)
    words = [w.casefold() for w in raw]
    if forms.shapes.match(s) and all(w in forms.months or w in forms.shape_words for w in words):
        return True  # "10th May 2021", "UTC +04:00", "21:10"; "Kyrgyzstan 2023" is not a calendar shape
    if not words:
        return True  # digits and punctuation only
    function = forms.function_words.get(lang, frozenset()) | forms.function_words.get("en", frozenset())
    # month names alone stay names ("May" is a surname), weekdays alone too (the TV channel «Пятница»);
    # an acronym in capitals is no word of these lists ("ВС" is the armed forces, not Sunday)
    if all(w in function or (len(raw) > 1 and w in forms.weekdays) or r in forms.currency_codes
           for r, w in zip(raw, words)) and not any(len(r) > 1 and r.isupper() and r not in forms.currency_codes
                                                     for r in raw):
        return True
    verbs = forms.headline_verbs.get(lang, frozenset()) | forms.headline_verbs.get("en", frozenset())
    return any(w in verbs for w in words)
