"""Chinese names written in Russian (the Palladius system) back to pinyin: «Си Цзиньпин» -> Xi Jinping.

Russian news writes Chinese names syllable by syllable in the Palladius system; English
news in pinyin. A Cyrillic name reads as Chinese when its first word is a common Chinese
surname in Palladius spelling (``knowledge/resolve/chinese_names.yaml``) and every other
word splits into Palladius syllables (``knowledge/resolve/palladius.tsv``); it is then
written in pinyin, surname first, given name as one word («Инь Хэцзюнь» -> Yin Hejun).
Anything else is no Chinese name (None), so Russian and Central Asian names are left to
the ordinary transliteration.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .knowledge import load_tsv, load_yaml

_ENDINGS = ("ом", "ем", "ым", "ем", "ой", "а", "у", "е", "я", "ю")  # case endings Russian adds to a last word


@lru_cache(maxsize=4)
def _tables(extra: tuple[str, ...] = ()) -> tuple[dict[str, str], frozenset[str], int]:
    to_pinyin = {r["palladius"]: r["pinyin"] for r in load_tsv("resolve/palladius.tsv", extra)}
    surnames = frozenset(str(s) for s in (load_yaml("resolve/chinese_names.yaml", extra) or {}).get("surnames") or ())
    return to_pinyin, surnames, max(map(len, to_pinyin))


def _split(word: str, table: dict[str, str], longest: int) -> list[str] | None:
    """The word as the fewest Palladius syllables (pinyin), or None."""
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for i in range(len(word)):
        if best[i] is None:
            continue
        for j in range(i + 1, min(len(word), i + longest) + 1):
            py = table.get(word[i:j])
            if py and (best[j] is None or len(best[i]) + 1 < len(best[j])):  # type: ignore[arg-type]
                best[j] = best[i] + [py]  # type: ignore[operator]
    return best[-1]


def _pinyin_word(syllables: list[str]) -> str:
    out = ""
    for s in syllables:
        if out and s[:1] in "aoe":
            out += "'"  # Xi'an
        out += s
    return out.replace("v", "ü").capitalize()


_WORD = re.compile(r"^[А-ЯЁ][а-яё]*$")


def pinyin_name(name: str, extra: tuple[str, ...] = ()) -> str | None:
    """Pinyin of a Chinese name written in Russian, else None (see the module doc)."""
    words = name.replace("-", " ").split()
    if not 2 <= len(words) <= 3 or not all(_WORD.match(w) for w in words):
        return None
    table, surnames, longest = _tables(extra)
    first = table.get(words[0].lower())
    if first not in surnames:
        return None
    out = [_pinyin_word([first])]
    given = "".join(w.lower() for w in words[1:])
    parts = _split(given, table, longest)
    for ending in _ENDINGS:  # «Си Цзиньпином»: the case ending Russian adds to the last word
        if parts is not None or not given.endswith(ending):
            break
        parts = _split(given[:-len(ending)], table, longest)
    if not parts or len(parts) > 2:
        return None
    out.append(_pinyin_word(parts))
    return " ".join(out)
