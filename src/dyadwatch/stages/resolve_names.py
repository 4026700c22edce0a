"""English names for organisations and places named in Russian that the gazetteer does not list.

- Places: a Cyrillic city name (natasha's normal form, so every case form) in
  ``knowledge/gazetteer/city_names_ru.tsv`` (GeoNames' Cyrillic alternate names,
  the largest city when several share one) gets the city's English name:
  «Пекине» -> Beijing.
- Organisations: the name is translated word by word through
  ``knowledge/resolve/org_words.yaml`` (institution nouns, adjectives, a few
  word pairs and prepositions), every noun after the head joined by "of", known
  places and country adjectives by their English names: «Министерства труда,
  социального обеспечения и миграции Кыргызстана» -> Ministry of Labour, Social
  Security and Migration of Kyrgyzstan. A name holding any other word (a brand,
  a proper name, a word the lexicon lacks) is not translated (None): the
  resolver then keeps a transliteration, never a half-translated name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping

from ..knowledge import load_tsv, load_yaml

_TOKEN = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*|,|\S")


@lru_cache(maxsize=4)
def _cities(extra: tuple[str, ...] = ()) -> Mapping[str, str]:
    return {r["name_ru"].lower().replace("ё", "е"): r["name_en"]
            for r in load_tsv("gazetteer/city_names_ru.tsv", extra) if r.get("name_ru")}


def english_place(normal: str, extra: tuple[str, ...] = ()) -> str | None:
    """English name of a city named in Cyrillic (any case form's normal form), else None."""
    return _cities(extra).get(" ".join(normal.split()).lower().replace("ё", "е"))


@dataclass(frozen=True)
class OrgWords:
    nouns: Mapping[str, str]
    adjectives: Mapping[str, str]
    phrases: Mapping[str, str]
    prepositions: Mapping[str, str]
    on_after: frozenset[str]
    plural: Mapping[str, str]


@lru_cache(maxsize=4)
def org_words(extra: tuple[str, ...] = ()) -> OrgWords:
    d = load_yaml("resolve/org_words.yaml", extra) or {}

    def table(key: str) -> dict[str, str]:
        return {str(k).replace("ё", "е"): str(v) for k, v in (d.get(key) or {}).items()}

    return OrgWords(table("nouns"), table("adjectives"), table("phrases"), table("prepositions"),
                    frozenset(str(w) for w in d.get("on_after") or ()),
                    {str(k): str(v) for k, v in (d.get("plural") or {}).items()})


@dataclass(frozen=True)
class _Word:
    text: str
    lemma: str
    pos: str  # NOUN | ADJF | CONJ | PREP | PUNCT | PLACE
    plural: bool


def _parse(text: str, place: Callable[[str], str | None]) -> list[_Word] | None:
    from .models import morph_vocab

    vocab = morph_vocab()
    out = []
    for tok in _TOKEN.findall(text):
        if tok == ",":
            out.append(_Word(tok, tok, "PUNCT", False))
            continue
        if not tok[:1].isalpha():
            return None
        parses = vocab.parse(tok)
        p = parses[0]
        lemma = p.normal.replace("ё", "е")
        english_place_name = place(tok) if tok[:1].isupper() else None
        if english_place_name is None and tok[:1].isupper() and out:
            english_place_name = place(lemma[:1].upper() + lemma[1:])
        if english_place_name:
            out.append(_Word(english_place_name, lemma, "PLACE", False))
            continue
        pos = str(p.tag.POS or "")
        out.append(_Word(tok, lemma, pos, p.tag.number == "plur"))
    return out


def _plural(word: str) -> str:
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + ("es" if re.search(r"(s|x|ch|sh)$", word) else "s")


def english_org(text: str, place: Callable[[str], str | None], adjectives: Mapping[str, str],
                extra: tuple[str, ...] = ()) -> str | None:
    """English name of a Russian organisation name (any case form), or None (see the module doc).

    ``place`` gives the English name of a known place or country written in Russian (or None);
    ``adjectives`` maps Russian country adjectives (lemmas) to English ones (российский -> Russian)."""
    lex = org_words(extra)
    words = _parse(text, place)
    if not words or words[0].pos not in ("NOUN", "ADJF"):
        return None
    parts: list[str] = []
    head_seen, joiner = False, ""  # joiner: what the next noun group opens with
    i = 0
    while i < len(words):
        w = words[i]
        if w.pos == "PUNCT":
            parts.append(",")
            joiner = " "
            i += 1
            continue
        if w.pos == "CONJ" and w.lemma == "и":
            parts.append(" and")
            joiner = " "
            i += 1
            continue
        if w.pos == "PREP" and w.lemma in lex.prepositions:
            word = lex.prepositions[w.lemma]
            if word == "for" and parts and parts[-1].split()[-1] in lex.on_after:
                word = "on"
            parts.append(f" {word}")
            joiner = " "
            i += 1
            continue
        # one noun group: adjectives, then a noun or a place
        group: list[str] = []
        while i < len(words) and words[i].pos in ("ADJF", "NOUN", "PLACE"):
            w = words[i]
            nxt = words[i + 1] if i + 1 < len(words) else None
            pair = f"{w.lemma} {nxt.lemma}" if nxt else ""
            if nxt and pair in lex.phrases:
                group.append(lex.phrases[pair])
                i += 2
                break
            if w.pos == "PLACE":
                group.append(w.text)
                i += 1
                break
            if w.pos == "ADJF":
                eng = lex.adjectives.get(w.lemma) or adjectives.get(w.lemma)
                if eng is None:
                    return None
                group.append(eng)
                i += 1
                continue
            eng = lex.nouns.get(w.lemma)
            if eng is None:
                return None
            group.append(lex.plural.get(eng) or _plural(eng) if w.plural else eng)
            i += 1
            break
        if not group:
            return None
        prefix = joiner if joiner else (" of " if head_seen else "")
        parts.append(prefix + " ".join(group))
        head_seen, joiner = True, ""
    name = "".join(parts).strip()
    return name or None
