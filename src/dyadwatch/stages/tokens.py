"""Sentences and tokens with lemmas and parts of speech, for every language.

Russian goes through natasha (razdel segmentation, the news morph tagger and
pymorphy lemmas chosen by the tagged grammar, so «Косачева» -> «косачев»);
English through spaCy ``en_core_web_sm``; any other language gets razdel
tokens and sentences with the lower-cased word as lemma, so later stages can
still rely on the layers being there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from ..document import Doc
from ..pipeline import Stage
from ..records import Span
from . import models


@dataclass(frozen=True, slots=True)
class Token:
    """One token: offsets into Doc.text, surface, lemma (lower case, ё as е), universal POS."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str = ""

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


def doc_language(doc: Doc) -> str:
    return (doc.get("language") or "").lower()[:2]


def tokenize_ru(text: str) -> tuple[tuple[Span, ...], tuple[Token, ...]]:
    nd = models.parse_ru(text)
    tokens = tuple(Token(t.start, t.stop, text[t.start:t.stop], (t.lemma or t.text.lower()).replace("ё", "е"),
                         t.pos or "") for t in nd.tokens)
    sentences = tuple(Span(s.start, s.stop, text[s.start:s.stop]) for s in nd.sents)
    return sentences, tokens


def tokenize_en(text: str) -> tuple[tuple[Span, ...], tuple[Token, ...]]:
    sd = models.parse_en(text)
    tokens = []
    for t in sd:  # each spaCy attribute read builds a Python object: every one read once
        if not t.is_space:
            word, start = t.text, t.idx
            tokens.append(Token(start, start + len(word), word, (t.lemma_ or word).lower(), t.pos_))
    sentences = []
    for s in sd.sents:
        start, end = s.start_char, s.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            sentences.append(Span(start, end, text[start:end]))
    return tuple(sentences), tuple(tokens)


def tokenize_plain(text: str) -> tuple[tuple[Span, ...], tuple[Token, ...]]:
    from razdel import sentenize, tokenize

    mt = models.model_text(text)
    tokens = tuple(Token(t.start, t.stop, text[t.start:t.stop], t.text.lower()) for t in tokenize(mt))
    sentences = tuple(Span(s.start, s.stop, text[s.start:s.stop]) for s in sentenize(mt))
    return sentences, tokens


_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n\s*")
_SHORT_LINE_WORDS = 10


def split_at_blank_lines(text: str, sentences: tuple[Span, ...]) -> tuple[Span, ...]:
    """A byline, a dateline or a headline the models joined to the lead ("By Aida Asanova\n\nKyrgyz President X
    held talks ...") is a sentence of its own: a sentence is cut at a blank line after a short line that does not
    run on (no lower-case word or comma at its end, a capital after it). A hard-wrapped sentence the cleaner broke
    with blank lines ("talks with X in\n\nBishkek.") stays whole."""
    out = []
    for s in sentences:
        start = s.start
        for m in _BLANK_LINE.finditer(text, s.start, s.end):
            head, nxt = text[start:m.start()].rstrip(), text[m.end():m.end() + 1]
            last = head.split()[-1] if head else ""
            if not last or not nxt or nxt.islower() or last[0].islower() or head[-1] in ",;":
                continue
            if len(head.split()) > _SHORT_LINE_WORDS and head[-1] not in ".!?…»\"”:":
                continue
            out.append(Span(start, start + len(head), head))
            start = m.end()
        if start == s.start:
            out.append(s)
        elif text[start:s.end].strip():
            out.append(Span(start, s.end, text[start:s.end]))
    return tuple(out)


class TokenStage(Stage):
    name = "tokens"
    requires = ("language",)
    adds = ("sentences", "tokens")

    def warm_up(self) -> None:
        langs = tuple(getattr(self.settings, "languages", ("en", "ru")) or ())
        if "ru" in langs:
            models.natasha()
        if "en" in langs:
            models.spacy_en()

    def process(self, doc: Doc) -> Mapping[str, Any]:
        lang = doc_language(doc)
        if not doc.text.strip():
            sentences, tokens = (), ()
        elif lang == "ru":
            sentences, tokens = tokenize_ru(doc.text)
        elif lang == "en":
            sentences, tokens = tokenize_en(doc.text)
        else:
            sentences, tokens = tokenize_plain(doc.text)
        return {"sentences": split_at_blank_lines(doc.text, sentences), "tokens": tokens}
