"""The names of the layers stages add to a ``Doc``, and what each holds.

A stage's ``requires`` and ``adds`` name layers from this table; the pipeline
refuses to start when a stage needs a layer no earlier stage adds. Keeping
the table in one place is what lets a user reorder or replace stages safely.
"""
from __future__ import annotations

# Provided by cleaning, before any stage runs.
BASE_LAYERS = ("text", "paragraphs", "published")

LAYERS: dict[str, str] = {
    "text": "str: the cleaned body every span indexes (Doc.text)",
    "paragraphs": "tuple[Span]: paragraphs of the cleaned text (Doc.clean.paragraphs)",
    "published": "PartialDate | None: the publication date as an anchor (from cleaning)",
    "language": "str: ISO 639-1 code of the article ('en', 'ru', ...)",
    "paragraph_languages": "tuple[tuple[Span, str]]: language of each paragraph",
    "sentences": "tuple[Span]: sentence spans",
    "tokens": "tuple[Token]: tokens with lemma and POS (stages.tokens.Token), all languages",
    "ner_mentions": "tuple[Mention]: named-entity mentions from the statistical model (natasha / spaCy)",
    "gazetteer_mentions": "tuple[Mention]: mentions matched against the knowledge gazetteers, entity set",
    "entities": "tuple[Entity]: resolved entities, each with all its mentions",
    "mentions": "tuple[Mention]: every mention in text order with its resolved entity id",
    "dates": "tuple[PartialDate]: temporal expressions, anchored on the publication date",
    "amounts": "tuple[Amount]: money and counted quantities",
    "quotes": "tuple[Quote]: direct and reported speech with speakers",
    "events": "tuple[Event]: PLOVER/CAMEO-coded events",
    "commitments": "tuple[Commitment]: promises, intentions, offers",
    "topics": "tuple[Topic]: topic scores of the article",
    "tone": "float | None: cooperation score of the article, -10..10",
    "event_tones": "dict[str, float]: event id -> tone as its sentence reads it, for the events whose "
                   "code's weight it corrects (a polite request: an appeal, not a demand)",
}
