"""A place name that stands for its state acting: «Россия объявила», "Russia's position".

News names countries and cities as actors far more often than as places:
«Россия объявила о ...», «позиция Австралии», «долларов США», "Kyrgyzstan
signed", "Russia's government". The mention still names the country (its
entity, type and resolution do not change); it is marked ``acts_as="ORG"``,
the distinction factRuEval annotates as LocOrg and UNER tags as ORG, so a
user can tell Russia the actor from Russia the place («в России»).

Cues, from ``knowledge/gazetteer/acting_places.yaml`` per language:

* Russian (natasha's morphology and lemmas): a place in the genitive right
  after one of ``head_nouns`` («правительство России», «позиции Австралии»)
  or ``owner_prepositions`` («у Франции нет»); a place in the nominative (or
  two joined by «и») followed, past adverbs and particles («Франция вскоре
  объявила»), by a finite verb that is not one of ``not_agent_verbs``
  («Москва находится» is a place) or by one of ``agent_predicates`` («Россия
  не намерена»). A nominative right after a common noun is its apposition
  («полиция города Ош начала»), not a subject.
* English (spaCy's dependency parse): the subject of a verb that is not one
  of ``not_agent_verbs`` ("Russia announced", "Kyrgyzstan and Russia signed"),
  and a possessive, an "of" object or a modifier name of one of
  ``head_nouns`` ("Russia's position", "the government of Russia", "U.S.
  officials"), and the agent of a passive ("was annexed by Russia").

Places inside a longer name («МЧС России», "Bank of Russia") are left alone:
the name they are part of is the actor.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Callable

from ..intervals import SpanIndex
from ..knowledge import load_yaml
from ..records import Mention
from . import models
from .ner_names import knowledge_paths

ACTS_AS = "ORG"
PLACE_TYPES = ("GPE", "LOC")
KINDS = ("name", "abbreviation")
_SKIP_RU = ("ADV", "PART")  # between a subject and its verb: «Россия не намерена», «Франция вскоре объявила»
_SKIP_MAX = 2
_CONJOINED_MAX = 4  # words of the second name in «Россия и Соединённые Штаты Америки подписали»


@dataclass(frozen=True)
class Cues:
    """One language's lists of acting_places.yaml, lower case, ё as е."""

    heads: frozenset[str]
    not_agent: frozenset[str]
    predicates: frozenset[str]
    owner_prepositions: frozenset[str]


@lru_cache(maxsize=8)
def acting_cues(extra: tuple[str, ...]) -> dict[str, Cues]:
    """Per language, the cue lists of acting_places.yaml."""
    data = load_yaml("gazetteer/acting_places.yaml", extra) or {}

    def words(section: Any) -> frozenset[str]:
        return frozenset(str(w).lower().replace("ё", "е") for w in section or ())

    return {lang: Cues(words(d.get("head_nouns")), words(d.get("not_agent_verbs")), words(d.get("agent_predicates")),
                       words(d.get("owner_prepositions"))) for lang, d in data.items()}


def load_acting_cues(settings: Any) -> None:
    """Read the cue lists now (a stage's warm-up), not on the first article."""
    acting_cues(knowledge_paths(settings))


def _inside_a_name(m: Mention, names: SpanIndex[Mention]) -> bool:
    return any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
               for o in names.overlapping(m.start, m.end))


def mark_acting_places(text: str, lang: str, mentions: list[Mention], settings: Any = None) -> list[Mention]:
    """``mentions`` with ``acts_as="ORG"`` on each place name that stands for its state acting."""
    names = SpanIndex([o for o in mentions if o.kind in KINDS])
    candidates = [i for i, m in enumerate(mentions)
                  if m.type in PLACE_TYPES and m.kind in KINDS and not m.acts_as
                  and not _inside_a_name(m, names)]
    cues = acting_cues(knowledge_paths(settings)).get(lang)
    if not candidates or not cues or not text.strip():
        return mentions
    acts: Callable[[int, int], bool]
    if lang == "ru":
        acts = _RussianCues(text, cues).acts
    elif lang == "en":
        acts = _EnglishCues(text, cues).acts
    else:
        return mentions
    out = list(mentions)
    for i in candidates:
        if acts(mentions[i].start, mentions[i].end):
            out[i] = replace(mentions[i], acts_as=ACTS_AS)
    return out


class _RussianCues:
    """Genitive after a head noun, or nominative subject of an agent's verb, on natasha's tags."""

    def __init__(self, text: str, cues: "Cues") -> None:
        self.tokens = models.parse_ru(text).tokens
        self.starts = [t.start for t in self.tokens]
        self.heads, self.not_agent = cues.heads, cues.not_agent
        self.predicates, self.owner_prepositions = cues.predicates, cues.owner_prepositions

    def acts(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, start)
        j = bisect_left(self.starts, end)  # first token after the span
        if i >= j or i >= len(self.tokens):
            return False
        inner = self.tokens[i:j]
        head = next((t for t in inner if t.pos in ("PROPN", "NOUN")), inner[0])
        case = (head.feats or {}).get("Case")
        if case == "Gen" and i > 0:
            prev = self.tokens[i - 1]
            return (prev.pos == "NOUN" and _lemma(prev) in self.heads) \
                or (prev.pos == "ADP" and _lemma(prev) in self.owner_prepositions)
        if case == "Nom" and not self._apposition(i):
            k = self._past_conjoined_names(j)
            while k < len(self.tokens) and k - j < _SKIP_MAX and self.tokens[k].pos in _SKIP_RU:
                k += 1
            if k < len(self.tokens):
                verb = self.tokens[k]
                feats = verb.feats or {}
                if verb.pos == "ADJ" and feats.get("Variant") == "Short":  # «Россия намерена», «готова»
                    return _lemma(verb) in self.predicates
                return verb.pos == "VERB" and feats.get("VerbForm", "Fin") == "Fin" \
                    and _lemma(verb) not in self.not_agent
        return False

    def _apposition(self, i: int) -> bool:
        """A nominative right after a common noun names it, no subject («полиция города Эссен ведёт»),
        unless that noun closes a prepositional phrase («во вторник Соединённые Штаты могли бы»)."""
        if i == 0 or self.tokens[i - 1].pos != "NOUN":
            return False
        return not (i >= 2 and self.tokens[i - 2].pos == "ADP")

    def _past_conjoined_names(self, j: int) -> int:
        """The token after «и» and the capitalised nominatives it joins («Россия и Кыргызстан сохраняют»)."""
        if j < len(self.tokens) and self.tokens[j].text.lower() == "и":
            k = j + 1
            while k < len(self.tokens) and k - j <= _CONJOINED_MAX and self.tokens[k].text[:1].isupper() \
                    and (self.tokens[k].feats or {}).get("Case", "Nom") == "Nom":
                k += 1
            if k > j + 1:
                return k
        return j


def _lemma(token: Any) -> str:
    return (token.lemma or token.text).lower().replace("ё", "е")


class _EnglishCues:
    """Subject of an agent's verb, or owner of a head noun, on spaCy's dependency parse."""

    def __init__(self, text: str, cues: "Cues") -> None:
        self.doc = models.parse_en(text)
        self.heads, self.not_agent = cues.heads, cues.not_agent

    def acts(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        root = span.root
        while root.dep_ == "conj" and root.head.i != root.i:  # "Kyrgyzstan and Russia signed"
            root = root.head
        head = root.head
        if root.dep_ == "nsubj":
            return head.pos_ == "VERB" and head.lemma_.lower() not in self.not_agent
        if root.dep_ in ("poss", "compound"):
            return head.lemma_.lower() in self.heads
        if root.dep_ == "pobj" and head.lower_ == "of":
            return head.head.lemma_.lower() in self.heads
        if root.dep_ == "pobj" and head.dep_ == "agent":  # "was captured by France"
            return True
        return False
