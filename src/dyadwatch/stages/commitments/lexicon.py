"""The commitment lexicons of knowledge/commitments/, read once per language into one frozen record."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

from ...knowledge import load_yaml


@lru_cache(maxsize=8)
def modality_lexicon(extra: tuple[str, ...] = ()) -> dict:
    """knowledge/commitments/modality.yaml as loaded (cues, hedges, future, negations, splitters)."""
    return load_yaml("commitments/modality.yaml", extra)


@dataclass(frozen=True, slots=True)
class CommitmentLexicon:
    """Everything the commitments stage reads from knowledge/commitments/, for one language."""

    cues: tuple[Mapping[str, Any], ...]
    hedges: tuple[str, ...]
    future: tuple[str, ...]
    negations: tuple[str, ...]
    splitters: tuple[str, ...]
    tails: tuple[str, ...]
    what_words: int
    money: tuple[Mapping[str, Any], ...]
    target_verbs: tuple[str, ...]
    target_to: tuple[str, ...]
    target_from: tuple[str, ...]
    goals: tuple[str, ...]
    not_promises: tuple[str, ...]
    head_words: int
    money_topics: tuple[str, ...]
    requests: tuple[str, ...]
    recaps: tuple[str, ...]
    superseded: tuple[str, ...]
    cumulative: tuple[str, ...]
    statistics: tuple[str, ...]
    statistic_kinds: frozenset[str]
    receive_verbs: tuple[str, ...] = ()
    receive_from: tuple[str, ...] = ()
    future_verb: Mapping[str, Any] | None = None  # the cue entry of a finite future verb (ru)
    conditionals: tuple[str, ...] = ()
    capitals: frozenset[str] = frozenset()
    conditions: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    obliques: tuple[str, ...] = ()  # prepositions: an entity after one is no bound actor
    agent_heads: tuple[str, ...] = ()  # nouns a name may qualify and still be bound ("Russia's government")
    objects: Mapping[str, tuple[str, ...]] | None = None  # kind -> nouns of what it is about (forms.yaml)


def _strs(data: Mapping[str, Any], key: str, lang: str) -> tuple[str, ...]:
    return tuple(str(x) for x in (data.get(key) or {}).get(lang) or ())


@lru_cache(maxsize=8)
def commitment_lexicon(lang: str, extra: tuple[str, ...] = ()) -> CommitmentLexicon:
    mod = modality_lexicon(extra)
    forms = load_yaml("commitments/forms.yaml", extra)
    excl = load_yaml("commitments/exclusions.yaml", extra)
    targets = (forms.get("targets") or {}).get(lang) or {}
    return CommitmentLexicon(
        cues=tuple((mod.get("cues") or {}).get(lang) or ()),
        hedges=_strs(mod, "hedges", lang), future=_strs(mod, "future", lang),
        negations=_strs(mod, "negations", lang), splitters=_strs(mod, "splitters", lang),
        tails=_strs(mod, "tails", lang),
        what_words=int(mod.get("what_words", 14)),
        money=tuple((forms.get("money") or {}).get(lang) or ()),
        target_verbs=tuple(str(v) for v in targets.get("verbs") or ()),
        target_to=tuple(str(v) for v in targets.get("to") or ()),
        target_from=tuple(str(v) for v in targets.get("from") or ()),
        goals=tuple(str(v) for v in targets.get("goals") or ()),
        not_promises=_strs(excl, "not_promises", lang), head_words=int(excl.get("head_words", 5)),
        money_topics=_strs(excl, "money_topics", lang),
        requests=_strs(excl, "requests", lang), recaps=_strs(excl, "recaps", lang),
        superseded=_strs(excl, "superseded", lang), cumulative=_strs(excl, "cumulative", lang),
        statistics=_strs(excl, "statistics", lang),
        statistic_kinds=frozenset(str(k) for k in excl.get("statistic_kinds") or ()),
        receive_verbs=tuple(str(v) for v in ((forms.get("receivers") or {}).get(lang) or {}).get("verbs") or ()),
        receive_from=tuple(str(v) for v in ((forms.get("receivers") or {}).get(lang) or {}).get("from") or ()),
        future_verb=(mod.get("future_verbs") or {}).get(lang) or None,
        conditionals=_strs(mod, "conditionals", lang),
        capitals=frozenset(str(c) for c in mod.get("capitals") or ()),
        conditions=_strs(excl, "conditions", lang),
        measures=_strs(excl, "measures", lang),
        obliques=_strs(mod, "obliques", lang),
        agent_heads=_strs(mod, "agent_heads", lang),
        objects={str(kind): tuple(str(w) for w in (words or {}).get(lang) or ())
                 for kind, words in (forms.get("objects") or {}).items()},
    )
