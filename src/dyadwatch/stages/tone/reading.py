"""Reading tone in context: which events and lexicon words of a sentence count, and as what.

The events stage gives each event the Goldstein weight of its CAMEO code. Read
alone, some codes overstate conflict: "asked for help" is coded as a demand
(-5), a polite "does not share the view, but respects it" as disapproval, and
"after the terrorist attack" in a sentence about migration rules as an assault
(-10). The cues of knowledge/tone/cues.yaml say how a sentence reads instead;
this module applies them. Documented in knowledge/tone/README.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from ...document import Doc
from ...knowledge import load_yaml
from ...tonescale import event_tone

TOKEN_RE = re.compile(r"[\w\-]+|[^\w\s]")
WORD_RE = re.compile(r"[\w\-]+")
CLAUSE_END_POS = frozenset({"VERB", "AUX"})  # a background phrase ends at the next verb ...
CLAUSE_END_MARKS = frozenset(",;:.!?()—–«»\"“”")  # ... or punctuation mark


@dataclass(frozen=True)
class Word:
    """A token as the tone stage reads it: normalised lemma, universal POS, offsets."""

    lemma: str
    pos: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return bool(WORD_RE.fullmatch(self.lemma))


def words_of(doc: Doc) -> list[Word]:
    """The article's tokens (punctuation included), or regex tokens when no tokens layer is there."""
    tokens = doc.get("tokens") or ()
    if tokens:
        return [Word((t.lemma or t.text).lower().replace("ё", "е"), t.pos or "", t.start, t.end) for t in tokens]
    return [Word(m.group(0).lower().replace("ё", "е"), "", m.start(), m.end()) for m in TOKEN_RE.finditer(doc.text)]


class PhraseIndex:
    """Lemma phrases ("not share", "обратиться с просьба", "respect*"), found over a word list.

    Phrases are indexed by their first word, so each position only tries the phrases that can start
    there; punctuation between words breaks a phrase."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.exact: dict[str, list[tuple[str, ...]]] = {}
        self.wild: list[tuple[str, tuple[str, ...]]] = []
        for phrase in phrases:
            words = tuple(str(phrase).lower().replace("ё", "е").split())
            if not words:
                continue
            if words[0].endswith("*"):
                self.wild.append((words[0][:-1], words))
            else:
                self.exact.setdefault(words[0], []).append(words)
        for options in self.exact.values():
            options.sort(key=len, reverse=True)

    @staticmethod
    def _fits(pattern: str, lemma: str) -> bool:
        return lemma.startswith(pattern[:-1]) if pattern.endswith("*") else lemma == pattern

    def match_at(self, words: Sequence[Word], i: int) -> int:
        """Length (in words) of the longest phrase starting at words[i]; 0 when none."""
        lemma = words[i].lemma
        candidates = list(self.exact.get(lemma, ()))
        candidates += [p for prefix, p in self.wild if lemma.startswith(prefix)]
        best = 0
        for phrase in candidates:
            n = len(phrase)
            if n > best and i + n <= len(words) and all(
                    self._fits(pat, w.lemma) and w.is_word for pat, w in zip(phrase, words[i:i + n])):
                best = n
        return best

    def find(self, words: Sequence[Word]) -> list[tuple[int, int]]:
        """Non-overlapping (first, past-last) word indexes of the phrases, left to right, longest first."""
        out, i = [], 0
        while i < len(words):
            n = self.match_at(words, i) if words[i].is_word else 0
            if n:
                out.append((i, i + n))
                i += n
            else:
                i += 1
        return out

    def __bool__(self) -> bool:
        return bool(self.exact or self.wild)


@dataclass(frozen=True)
class CueSet:
    """The cues of knowledge/tone/cues.yaml for one language."""

    request: PhraseIndex
    request_codes: tuple[str, ...]
    request_read_as: str
    insistence: PhraseIndex
    disagreement: PhraseIndex
    disagreement_codes: tuple[str, ...]
    disagreement_read_as: str
    courtesy: PhraseIndex
    background: PhraseIndex
    background_codes: tuple[str, ...]
    content_of: frozenset[str]
    clause_break: re.Pattern


@lru_cache(maxsize=16)
def cue_set(lang: str, extra: tuple[str, ...] = ()) -> CueSet:
    data = load_yaml("tone/cues.yaml", extra) or {}

    def phrases(key: str) -> PhraseIndex:
        return PhraseIndex((data.get(key) or {}).get(lang, ()))

    def codes(key: str) -> tuple[str, ...]:
        return tuple(str(c) for c in (data.get(key) or {}).get("codes", ()))

    breaks = [re.escape(w) for w in (data.get("clause_breaks") or {}).get(lang, ())]
    clause_break = re.compile(r";" + (r"|,\s*(?:" + "|".join(breaks) + r")\b" if breaks else ""), re.I)
    return CueSet(
        request=phrases("request"), request_codes=codes("request"),
        request_read_as=str((data.get("request") or {}).get("read_as", "020")),
        insistence=phrases("insistence"),
        disagreement=phrases("disagreement"), disagreement_codes=codes("disagreement"),
        disagreement_read_as=str((data.get("disagreement") or {}).get("read_as", "012")),
        courtesy=phrases("courtesy"),
        background=phrases("background"), background_codes=codes("background"),
        content_of=frozenset(str(t) for t in data.get("content_of", ())),
        clause_break=clause_break)


@dataclass(frozen=True)
class SentenceReading:
    """What the cues found in one sentence."""

    start: int
    end: int
    words: tuple[Word, ...]
    background: tuple[tuple[int, int], ...]  # character spans of background phrases
    request: bool
    insistence: bool
    disagreement: bool
    courtesy: bool

    @property
    def polite_disagreement(self) -> bool:
        return self.disagreement and self.courtesy

    def in_background(self, start: int, end: int) -> bool:
        return any(b0 <= start and end <= b1 for b0, b1 in self.background)

    def counted_words(self) -> list[Word]:
        """The words whose lexicon polarity counts: none of a polite disagreement, none in background."""
        if self.polite_disagreement:
            return []
        return [w for w in self.words if w.is_word and not self.in_background(w.start, w.end)]


def background_spans(words: Sequence[Word], cues: CueSet) -> tuple[tuple[int, int], ...]:
    """Character spans of the phrases a background cue opens: to the next verb or punctuation mark."""
    spans = []
    for first, past in cues.background.find(words):
        end = past
        while end < len(words) and words[end].pos not in CLAUSE_END_POS and words[end].lemma not in CLAUSE_END_MARKS:
            end += 1
        if end > past:
            spans.append((words[first].start, words[end - 1].end))
    return tuple(spans)


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    spans = [(s.start, s.end) for s in doc.get("sentences") or ()]
    return spans or [(0, len(doc.text))]


def read_sentences(doc: Doc, extra: tuple[str, ...] = ()) -> list[SentenceReading]:
    lang = (doc.get("language") or "en")[:2]
    cues = cue_set(lang, extra)
    words = words_of(doc)
    out, i = [], 0
    for start, end in sentence_spans(doc):
        while i < len(words) and words[i].start < start:
            i += 1
        j = i
        while j < len(words) and words[j].end <= end:
            j += 1
        ws = tuple(words[i:j])
        out.append(SentenceReading(start, end, ws, background_spans(ws, cues), bool(cues.request.find(ws)),
                                   bool(cues.insistence.find(ws)), bool(cues.disagreement.find(ws)),
                                   bool(cues.courtesy.find(ws))))
        i = j
    return out


def sentence_of(readings: Sequence[SentenceReading], offset: int) -> SentenceReading | None:
    for r in readings:
        if r.start <= offset < r.end:
            return r
    return None


def _trigger_words(reading: SentenceReading, start: int, end: int) -> list[Word]:
    return [w for w in reading.words if start <= w.start and w.end <= end]


def is_content_of_another(event, others: Sequence, doc: Doc, cues: CueSet) -> bool:
    """The event's trigger follows, in the same clause, the trigger of a request, refusal or threat."""
    if event.trigger is None:
        return False
    for other in others:
        if other is event or other.trigger is None or other.type not in cues.content_of:
            continue
        if other.trigger.end <= event.trigger.start and not cues.clause_break.search(
                doc.text[other.trigger.end:event.trigger.start]):
            return True
    return False


def read_event_tone(event, readings: Sequence[SentenceReading], doc: Doc, events_of_sentence: Sequence,
                    extra: tuple[str, ...] = ()) -> float | None:
    """The event's tone as its sentence reads it; None when it does not count (background, content)."""
    if event.tone is None:
        return None
    lang = (doc.get("language") or "en")[:2]
    cues = cue_set(lang, extra)
    trigger = event.trigger or event.evidence
    reading = sentence_of(readings, trigger.start)
    if reading is None:
        return event.tone
    cameo = event.cameo or ""
    if cameo.startswith(cues.background_codes) and reading.in_background(trigger.start, trigger.end):
        return None
    if is_content_of_another(event, events_of_sentence, doc, cues):
        return None
    if cameo.startswith(cues.request_codes) and not reading.insistence and \
            cues.request.find(_trigger_words(reading, trigger.start, trigger.end)):
        return event_tone(cues.request_read_as, event.type, event.negated, event.future, extra)
    if cameo.startswith(cues.disagreement_codes) and reading.courtesy:
        return event_tone(cues.disagreement_read_as, event.type, event.negated, event.future, extra)
    return event.tone
