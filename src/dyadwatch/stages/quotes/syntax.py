"""The subject of a speech verb from the dependency parse the tokens stage already made.

English only: spaCy's parse of the article (``models.parse_en``, cached by the
tokens stage, so asking costs nothing in the pipeline). The subject phrase of
"said" in "“...,” Kremlin spokesman Dmitry Peskov said" or "said Russian
leader Vladimir Putin on Monday" is where its speaker is named; a name
elsewhere in the attribution ("he said, answering a question about Rahmon")
is not the speaker. Russian has no parse here (natasha's syntax model is not
run by the pipeline): the stage uses word windows there, and the case the
morphology tagger gave (a subject is in the nominative).
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import models

SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass(frozen=True, slots=True)
class Subject:
    """The subject phrase of a verb (character range) and its head word."""

    start: int
    end: int
    head_start: int
    head_end: int


def subject_of(text: str, verb_start: int) -> Subject | None:
    """The subject of the verb token starting at ``verb_start``, or None when the parse has no such
    token or gives it no subject. A verb joined to another ("X praised ... and announced that")
    shares that verb's subject."""
    sd = models.parse_en(text)
    i = models.token_offsets_en(text)[0].get(verb_start)
    if i is None:
        return None
    verb = sd[i]
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                sub = list(child.subtree)
                return Subject(sub[0].idx, sub[-1].idx + len(sub[-1].text), child.idx, child.idx + len(child.text))
        if verb.dep_ != "conj" or verb.head is verb:
            return None
        verb = verb.head
    return None


def is_subject(text: str, lang: str, start: int, end: int) -> bool:
    """Whether the name at ``[start, end)`` is a sentence subject: in English its phrase's head is a
    subject in the parse; in Russian one of its words is tagged nominative («Владимир Путин провел»,
    not «с Садыром Жапаровым»)."""
    if lang == "ru":
        return any(t.start < end and start < t.stop and (t.feats or {}).get("Case") == "Nom"
                   for t in models.parse_ru(text).tokens if start - 40 < t.start < end)
    if lang != "en":
        return False
    sd = models.parse_en(text)
    first = models.token_offsets_en(text)[0].get(start)
    if first is None:
        return False
    i = first
    while i < len(sd) and sd[i].idx < end:
        tok = sd[i]
        if not (start <= tok.head.idx < end) or tok.head is tok:  # the head of the name's phrase
            return tok.dep_ in SUBJECT_DEPS
        i += 1
    return False
