"""Tone: the article's cooperation score on the Goldstein-like scale, -10..10.

The mean of the tones of its events between the two followed countries (set by
the events stage from their CAMEO codes, dyadwatch.tonescale), else of all its
events (a bombing elsewhere does not make a friendly meeting hostile); an
article without events that count falls back on the cooperation/conflict
lemmas of knowledge/tone/lexicon.yaml. Each event and word is read in its
sentence first (reading.py, knowledge/tone/cues.yaml): a polite request is an
appeal, not a demand; a polite disagreement is neutral; a violent noun in a
background phrase ("after the attack") and what is asked or threatened do not
count as acts. The scale and its bands: knowledge/tone/README.md.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping, Sequence

from ...document import Doc
from ...knowledge import load_yaml
from ...pipeline import Stage
from ...tonescale import clip, mean_tone, scale_settings
from .reading import PhraseIndex, SentenceReading, Word, read_event_tone, read_sentences, sentence_of, words_of


@lru_cache(maxsize=8)
def tone_lexicon(extra: tuple[str, ...] = ()) -> dict:
    return load_yaml("tone/lexicon.yaml", extra)


@lru_cache(maxsize=16)
def polarity_sets(lang: str, extra: tuple[str, ...] = ()) -> tuple[PhraseIndex, PhraseIndex]:
    """(cooperation, conflict) lemma phrases of the tone lexicon for ``lang``."""
    lex = tone_lexicon(extra)
    return (PhraseIndex(lex.get("positive", {}).get(lang, ())),
            PhraseIndex(lex.get("negative", {}).get(lang, ())))


def polarity_counts(words: Sequence[Word], lang: str, extra: tuple[str, ...] = ()) -> tuple[int, int]:
    """(cooperation, conflict) lexicon phrase occurrences among ``words``."""
    positive, negative = polarity_sets(lang, extra)
    pos = neg = i = 0
    while i < len(words):
        if not words[i].is_word:
            i += 1
            continue
        n_pos, n_neg = positive.match_at(words, i), negative.match_at(words, i)
        if n_pos or n_neg:
            if n_pos >= n_neg:
                pos += 1
            else:
                neg += 1
            i += max(n_pos, n_neg)
        else:
            i += 1
    return pos, neg


def lexicon_counts(doc: Doc, extra: tuple[str, ...] = ()) -> tuple[int, int]:
    """Raw (cooperation, conflict) counts over all the article's words, no context read: the baseline."""
    return polarity_counts(words_of(doc), (doc.get("language") or "en")[:2], extra)


def scaled(pos: int, neg: int, extra: tuple[str, ...] = ()) -> float | None:
    if pos + neg == 0:
        return None
    settings = scale_settings(extra)
    scale = float(settings.get("fallback_scale", 6.0))
    smoothing = float(settings.get("fallback_smoothing", 2.0))
    return round(clip(scale * (pos - neg) / (pos + neg + smoothing)), 2)


def lexicon_tone(doc: Doc, extra: tuple[str, ...] = (), readings: Sequence[SentenceReading] | None = None
                 ) -> float | None:
    """Fallback tone from cooperation vs conflict lemmas of the words that count; None when none occurs."""
    lang = (doc.get("language") or "en")[:2]
    readings = read_sentences(doc, extra) if readings is None else readings
    pos = neg = 0
    for reading in readings:
        p, n = polarity_counts(reading.counted_words(), lang, extra)
        pos, neg = pos + p, neg + n
    return scaled(pos, neg, extra)


def dyad_events(events, dyad: tuple[str, ...]) -> list:
    """Events between the two followed countries: actors of both countries take part."""
    wanted = set(dyad)
    return [e for e in events if wanted and wanted <= {a.country for a in e.actors if a.country}]


def read_tones(events: Sequence, doc: Doc, readings: Sequence[SentenceReading],
               extra: tuple[str, ...] = ()) -> dict[int, float | None]:
    """id(event) -> its tone read in its sentence (None: it does not count)."""
    by_sentence: dict[int, list] = {}
    for e in events:
        anchor = (e.trigger or e.evidence).start
        reading = sentence_of(readings, anchor)
        by_sentence.setdefault(reading.start if reading else -1, []).append(e)
    out = {}
    for group in by_sentence.values():
        for e in group:
            out[id(e)] = read_event_tone(e, readings, doc, group, extra)
    return out


def article_tones(doc: Doc, extra: tuple[str, ...] = ()) -> tuple[float | None, dict[str, float]]:
    """(article tone, re-read event tones).

    The article's: mean read tone of the events between the dyad's countries; of all events that
    count when there are none such; the lexicon fallback when no event counts. The events': id -> read
    tone of each event whose code's weight its sentence corrects (those that only do not count for
    the article, background and content, keep their code's tone)."""
    events = doc.get("events") or ()
    readings = read_sentences(doc, extra)
    tones = read_tones(events, doc, readings, extra)
    dyad = tuple(getattr(doc.settings, "dyad", None) or ("KGZ", "RUS"))
    tone = mean_tone(tones[id(e)] for e in dyad_events(events, dyad))
    if tone is None:
        tone = mean_tone(tones[id(e)] for e in events)
    corrected = {e.id: t for e in events if (t := tones[id(e)]) is not None and t != e.tone and e.id}
    return (tone if tone is not None else lexicon_tone(doc, extra, readings)), corrected


def article_tone(doc: Doc, extra: tuple[str, ...] = ()) -> float | None:
    return article_tones(doc, extra)[0]


class ToneStage(Stage):
    name = "tone"
    requires = ("language", "sentences", "tokens", "events")
    adds = ("tone", "event_tones")

    def warm_up(self) -> None:
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        for lang in ("en", "ru"):
            polarity_sets(lang, extra)
        scale_settings(extra)

    def process(self, doc: Doc) -> Mapping[str, Any]:
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        tone, event_tones = article_tones(doc, extra)
        return {"tone": tone, "event_tones": event_tones}
