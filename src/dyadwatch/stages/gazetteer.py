"""Gazetteer matching: known countries, places, organisations, people and role phrases.

Every alias of ``knowledge/gazetteer`` (see gazetteer_index.py) is compiled
into Aho-Corasick automata over *token sequences*, so a match always starts
and ends on word boundaries («КР» never hits inside «КРАЗ»). Three kinds of
keys:

- abbreviations (all letters upper case: EAEU, КР, U.S.) match the exact
  surface, case-sensitively;
- other English aliases match lower-cased tokens;
- other Russian aliases match lemmas, so every case form hits («Жогорку
  Кенешем», «Киргизии»). Aliases are lemmatised word by word (pymorphy's most
  likely parse); the article is matched twice, on those context-free lemmas
  and on the tagger's contextual lemmas, so either agreeing is enough.

An alias written with a capital first letter only matches a capitalised word
in the text. Overlapping matches keep the longest; role phrases ("the Russian
leader", «глава МИД КР») are kept beside names they contain.

Output mentions carry the entity id for names. Role phrases and generic
institution phrases ("the Foreign Ministry") have no entity yet: their
``normal`` holds what resolution needs, as ``role=<key>;country=<A3>;host=<A3>``
or ``class=<institution class>``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

from ..document import Doc
from ..pipeline import Stage
from ..records import Mention
from . import models
from .gazetteer_index import Alias, Gazetteer, load_gazetteer
from .ner import knowledge_paths
from .tokens import Token, doc_language

STAGE = "gazetteer"
SEP = "\x01"
WORD = re.compile(r"\w+|[^\w\s]")
CONFIDENCE = {"name": 0.95, "abbreviation": 0.9, "adjective": 0.8, "role": 0.75, "generic": 0.6}
KIND_PRIORITY = {"name": 0, "abbreviation": 0, "generic": 1, "adjective": 2}


@dataclass(frozen=True, slots=True)
class Match:
    first: int  # index of the first word
    last: int  # index past the last word
    alias: Alias


def words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def _norm_punct(w: str) -> str:
    return w.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")


def is_abbreviation(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _lemma_key(w: str) -> str:
    return models.ru_word_lemma(w) if w[:1].isalpha() else _norm_punct(w)


@lru_cache(maxsize=8)
def automata(extra: tuple[str, ...], lang: str) -> dict[str, Any]:
    """The ``surface``, ``lower`` (English) and ``lemma`` (Russian) automata for one language."""
    import ahocorasick

    gz = load_gazetteer(extra)
    tables: dict[str, dict[str, list[tuple[Alias, bool]]]] = {"surface": {}, "lower": {}, "lemma": {}}
    for alias in gz.aliases:
        if alias.lang != lang:
            continue
        ws = [w for _, _, w in words(alias.text)]
        if not ws:
            continue
        if is_abbreviation(alias.text):
            table, keys = "surface", [_norm_punct(w) for w in ws]
        elif lang == "ru":
            table, keys = "lemma", [_lemma_key(w) for w in ws]
        else:
            table, keys = "lower", [_norm_punct(w.lower()) for w in ws]
        key = SEP + SEP.join(keys) + SEP
        tables[table].setdefault(key, []).append((alias, alias.text[:1].isupper()))
    out: dict[str, Any] = {}
    for name, entries in tables.items():
        if not entries:
            continue
        a = ahocorasick.Automaton()
        for key, value in entries.items():
            a.add_word(key, (key, tuple(value)))
        a.make_automaton()
        out[name] = a
    return out


def _haystack(keys: list[str]) -> tuple[str, dict[int, int]]:
    """Keys joined by separators, and separator position -> word boundary index."""
    parts, where, pos = [SEP], {0: 0}, 0
    for i, k in enumerate(keys):
        pos += len(k) + 1
        parts.append(k + SEP)
        where[pos] = i + 1
    return "".join(parts), where


def _run(automaton: Any, keys: list[str], ws: list[tuple[int, int, str]]) -> list[Match]:
    hay, where = _haystack(keys)
    out = []
    for end, (key, entries) in automaton.iter(hay):
        start = end - len(key) + 1
        if start not in where or end not in where:
            continue
        first, last = where[start], where[end]
        for alias, needs_capital in entries:
            if needs_capital and not ws[first][2][:1].isupper():
                continue
            out.append(Match(first, last, alias))
    return out


def _contextual_lemmas(ws: list[tuple[int, int, str]], tokens: tuple[Token, ...]) -> list[str]:
    by_span = {(t.start, t.end): t.lemma for t in tokens}
    return [by_span.get((s, e)) or _lemma_key(w) for s, e, w in ws]


def find_matches(text: str, lang: str, tokens: tuple[Token, ...] = (), extra: tuple[str, ...] = ()) -> list[Match]:
    if lang not in ("en", "ru"):
        return []
    auto = automata(extra, lang)
    ws = words(models.model_text(text))
    matches: list[Match] = []
    if "surface" in auto:
        matches += _run(auto["surface"], [_norm_punct(w) for _, _, w in ws], ws)
    if lang == "en" and "lower" in auto:
        matches += _run(auto["lower"], [_norm_punct(w.lower()) for _, _, w in ws], ws)
    if lang == "ru" and "lemma" in auto:
        free = [_lemma_key(w) for _, _, w in ws]
        matches += _run(auto["lemma"], free, ws)
        ctx = _contextual_lemmas(ws, tokens)
        if ctx != free:
            matches += _run(auto["lemma"], ctx, ws)
    return matches


def _inside_compound(m: Match, ws: list[tuple[int, int, str]]) -> bool:
    """A name glued to a hyphenated compound («Газпром-медиа», «ИТАР-ТАСС») is not that name.

    Adjectives are exempt: "Kyrgyz-Russian talks" mentions both countries.
    """
    if m.alias.kind == "adjective":
        return False
    before = m.first >= 2 and ws[m.first - 1][2] in "-–" and ws[m.first - 1][0] == ws[m.first - 2][1] \
        and ws[m.first][0] == ws[m.first - 1][1]
    after = m.last + 1 < len(ws) and ws[m.last][2] in "-–" and ws[m.last][0] == ws[m.last - 1][1] \
        and ws[m.last + 1][0] == ws[m.last][1]
    return before or after


def _select(matches: list[Match]) -> list[Match]:
    """Longest first, no overlaps; for one span prefer a name over a generic phrase or adjective."""
    chosen: list[Match] = []
    taken: set[int] = set()
    order = sorted(set(matches), key=lambda m: (-(m.last - m.first), m.first, KIND_PRIORITY.get(m.alias.kind, 3)))
    for m in order:
        span = set(range(m.first, m.last))
        if span & taken:
            continue
        chosen.append(m)
        taken |= span
    return chosen


def _mention(m: Match, ws: list[tuple[int, int, str]], text: str, gz: Gazetteer) -> Mention:
    start, end = ws[m.first][0], ws[m.last - 1][1]
    a = m.alias
    if a.kind == "role":
        normal = f"role={a.role};country={a.country or ''};host={a.host or ''}"
        return Mention(start, end, text[start:end], "PERSON", normal, STAGE, CONFIDENCE["role"], None, "role")
    if a.kind == "generic":
        return Mention(start, end, text[start:end], "ORG", f"class={a.klass}", STAGE, CONFIDENCE["generic"],
                       None, "generic")
    e = gz.entities[a.entity]  # type: ignore[index]
    kind = "abbreviation" if a.kind == "name" and is_abbreviation(a.text) else a.kind
    return Mention(start, end, text[start:end], e.type, e.name, STAGE, CONFIDENCE[kind], e.id, kind)


def gazetteer_mentions(text: str, lang: str, tokens: tuple[Token, ...] = (),
                       extra: tuple[str, ...] = ()) -> list[Mention]:
    matches = find_matches(text, lang, tokens, extra)
    ws = words(models.model_text(text))
    gz = load_gazetteer(extra)
    matches = [m for m in matches if not _inside_compound(m, ws)]
    names = _select([m for m in matches if m.alias.kind != "role"])
    roles = _select([m for m in matches if m.alias.kind == "role"])
    out = [_mention(m, ws, text, gz) for m in names + roles]
    return sorted(out, key=lambda x: (x.start, -x.end, x.kind))


class GazetteerStage(Stage):
    name = "gazetteer"
    requires = ("language", "tokens")
    adds = ("gazetteer_mentions",)

    def warm_up(self) -> None:
        extra = knowledge_paths(self.settings)
        for lang in ("en", "ru"):
            automata(extra, lang)

    def process(self, doc: Doc) -> Mapping[str, Any]:
        mentions = gazetteer_mentions(doc.text, doc_language(doc), tuple(doc.get("tokens") or ()),
                                      knowledge_paths(self.settings))
        return {"gazetteer_mentions": tuple(mentions)}
