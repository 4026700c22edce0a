"""Russian (and Kyrgyz/Kazakh Cyrillic) -> Latin transliteration, and a name key.

Two different jobs, two functions:

``transliterate(text)``
    The one display spelling dyadwatch gives a name it does not know. The
    scheme is the simplified BGN/PCGN style that English-language news from
    the region uses (Zhaparov, Kazakbaev, Shoigu, Yury): ж zh, х kh, ц ts,
    ч ch, ш sh, щ shch, ю yu, я ya, й y, ы y, ё e, ъ/ь dropped; a final
    -ий / -ый becomes -y (Дмитрий -> Dmitry); е is "ye" only at the start of
    a word and after a vowel or ъ/ь (Ельцин -> Yeltsin, Матвиенко ->
    Matviyenko is NOT produced: и+е keeps "ie", as 24.kg writes Matvienko).
    Kyrgyz/Kazakh letters: ң ng, ө o, ү u, ә a, ғ gh, қ k, ұ u, һ h, і i.
    Capitalisation follows the source letter; Latin input passes unchanged.

``name_key(text)``
    A spelling-insensitive key for matching names across scripts and
    transliteration habits: Japarov = Zhaparov = Жапаров, Sergei = Sergey,
    Matvienko = Matviyenko, Kazakbaev = Kazakbayev, Alexei = Aleksei; and
    English spellings Russian writes by sound: Marco = Марко (c before a, o,
    u, l, r, k, t or at the end is k), William = Уильям, Witkoff = Уиткофф
    (a word opening "ui" or "uo" before another letter opens with w). It is
    lower-case Latin letters and single spaces only, so it doubles as the
    stable part of ids for entities the gazetteer does not know.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LETTERS: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kyrgyz, Kazakh, Tajik, Uzbek Cyrillic letters found in names of the region
    "ң": "ng", "ө": "o", "ү": "u", "ә": "a", "ғ": "gh", "қ": "k", "ұ": "u", "һ": "h",
    "і": "i", "ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j", "ў": "o",
}
_VOWELS = set("аеёиоуыэюяөүәұі")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def _letter(prev: str, ch: str, nxt: str) -> str:
    low = ch.lower()
    if low not in _LETTERS:
        return ch
    out = _LETTERS[low]
    if low == "е" and (not prev.isalpha() or prev.lower() in _VOWELS - {"и"} or prev.lower() in "ъь"):
        out = "ye"
    if ch.isupper() and out:
        # Ж -> Zh, but ЖАПАРОВ stays upper when the neighbour is upper too
        whole_upper = (nxt.isupper() or (prev.isalpha() and prev.isupper()))
        out = out.upper() if whole_upper else out[0].upper() + out[1:]
    return out


_FINAL_IY = re.compile(r"([иы])й\b", re.IGNORECASE)


def transliterate(text: str) -> str:
    """Latin spelling of a Cyrillic text (see module doc for the scheme)."""
    if not has_cyrillic(text):
        return text
    text = _FINAL_IY.sub(lambda m: "Й" if m.group(0).isupper() else "й", text)
    out = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        out.append(_letter(prev, ch, nxt))
    return "".join(out)


# Spelling variants collapsed by the key, applied in order, after lower-casing.
_KEY_RULES: tuple[tuple[str, str], ...] = (
    ("sch", "sh"), ("dzh", "j"), ("zh", "j"), ("dj", "j"), ("kh", "h"), ("tch", "ch"), ("tz", "c"), ("ts", "c"),
    ("x", "ks"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("w", "v"),
    ("y", "i"),
)
_VOWEL_IE = re.compile(r"(?<=[aeiou])ie")
_GLUED = re.compile(r"(?<=\w)-(?=[a-zа-яё])")  # Uluk-bek = Ulukbek; Kassym-Jomart keeps its two parts
_LATIN_C = re.compile(r"c(?=[aoulrkt]|\b)")
_INITIAL_W = re.compile(r"\bu(?=[io][a-z])")
_INITIAL_IE = re.compile(r"\bie")
_DOUBLE = re.compile(r"([bcdfghjklmnpqrstvz])\1")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Spelling-insensitive matching key of a name (see module doc)."""
    s = transliterate(_GLUED.sub("", text or "")).lower()
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^a-z]+", " ", s)
    s = _LATIN_C.sub("k", s)  # Marco = Марко (Cyrillic gives no bare c: ц is ts, ч ch)
    s = _INITIAL_W.sub("w", s)  # William = Уильям, Walter = Уолтер
    for a, b in _KEY_RULES:
        s = s.replace(a, b)
    s = s.replace("ii", "i")
    s = _VOWEL_IE.sub("e", s)
    s = _INITIAL_IE.sub("e", s)
    s = _DOUBLE.sub(r"\1", s)
    return " ".join(s.split())
