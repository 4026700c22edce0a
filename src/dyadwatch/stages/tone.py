"""Tone: the article's cooperation score on the Goldstein-like scale, -10..10.

The mean of the tones of its events between the two followed countries (set by
the events stage from their CAMEO codes, dyadwatch.tonescale), else of all its
events (a bombing elsewhere mentioned as background does not make a friendly
meeting hostile); an article without events falls back on the
cooperation/conflict lemmas of knowledge/tone/lexicon.yaml. Documented in
knowledge/tone/README.md.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from ..document import Doc
from ..knowledge import load_yaml
from ..pipeline import Stage
from ..tonescale import clip, mean_tone, scale_settings
from .topics import lemma_sequence


@lru_cache(maxsize=8)
def tone_lexicon(extra: tuple[str, ...] = ()) -> dict:
    return load_yaml("tone/lexicon.yaml", extra)


class LemmaSet:
    """Lexicon lemmas; a trailing '*' matches any ending. Membership is one set look-up and one
    ``str.startswith`` over all the prefixes."""

    def __init__(self, patterns) -> None:
        self.exact = frozenset(p for p in patterns if not p.endswith("*"))
        self.prefixes = tuple(p[:-1] for p in patterns if p.endswith("*"))

    def __contains__(self, lemma: str) -> bool:
        return lemma in self.exact or (bool(self.prefixes) and lemma.startswith(self.prefixes))


@lru_cache(maxsize=16)
def polarity_sets(lang: str, extra: tuple[str, ...] = ()) -> tuple[LemmaSet, LemmaSet]:
    """(positive, negative) lemma sets of the tone lexicon for ``lang``."""
    lex = tone_lexicon(extra)
    return (LemmaSet([p.lower() for p in lex.get("positive", {}).get(lang, ())]),
            LemmaSet([p.lower() for p in lex.get("negative", {}).get(lang, ())]))


def lexicon_counts(doc: Doc, extra: tuple[str, ...] = ()) -> tuple[int, int]:
    """(cooperation, conflict) lemma occurrences of the tone lexicon in the article."""
    lang = (doc.get("language") or "en")[:2]
    positive, negative = polarity_sets(lang, extra)
    pos = neg = 0
    polarity: dict[str, int] = {}  # +1 / -1 / 0 per lemma, so each distinct lemma is tested once
    for lemma, _, _ in lemma_sequence(doc):
        sign = polarity.get(lemma)
        if sign is None:
            sign = polarity[lemma] = 1 if lemma in positive else -1 if lemma in negative else 0
        if sign > 0:
            pos += 1
        elif sign < 0:
            neg += 1
    return pos, neg


def lexicon_tone(doc: Doc, extra: tuple[str, ...] = ()) -> float | None:
    """Fallback tone from cooperation vs conflict lemmas; None when neither occurs."""
    pos, neg = lexicon_counts(doc, extra)
    if pos + neg == 0:
        return None
    settings = scale_settings(extra)
    scale = float(settings.get("fallback_scale", 6.0))
    smoothing = float(settings.get("fallback_smoothing", 2.0))
    return round(clip(scale * (pos - neg) / (pos + neg + smoothing)), 2)


def dyad_events(events, dyad: tuple[str, ...]) -> list:
    """Events between the two followed countries: actors of both countries take part."""
    wanted = set(dyad)
    return [e for e in events if wanted and wanted <= {a.country for a in e.actors if a.country}]


def article_tone(doc: Doc, extra: tuple[str, ...] = ()) -> float | None:
    """Mean tone of the events between the dyad's countries; of all events when there are none
    such; the lexicon fallback when the article has no events."""
    events = doc.get("events") or ()
    dyad = tuple(getattr(doc.settings, "dyad", None) or ("KGZ", "RUS"))
    tone = mean_tone(e.tone for e in dyad_events(events, dyad))
    if tone is None:
        tone = mean_tone(e.tone for e in events)
    return tone if tone is not None else lexicon_tone(doc, extra)


class ToneStage(Stage):
    name = "tone"
    requires = ("events",)
    adds = ("tone",)

    def warm_up(self) -> None:
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        for lang in ("en", "ru"):
            polarity_sets(lang, extra)
        scale_settings(extra)

    def process(self, doc: Doc) -> Mapping[str, Any]:
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        return {"tone": article_tone(doc, extra)}
