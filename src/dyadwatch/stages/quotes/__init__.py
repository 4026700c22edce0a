"""Quotes: direct and reported speech, each with its speaker resolved to an entity.

How a quote gets its speaker, module by module:

- ``spans``: where the quotations are. Spans between quote marks (« », “ ”,
  " ", „ “), nested or running over paragraphs, a quotation whose closing mark
  the page lost, pull quotes (a paragraph followed by a line that is only a
  name). Not quotations: scare quotes (short spans, short fragments) and titles
  (a law, bill, document, programme or event named in quote marks).
- ``stage``: the stage. A Russian quotation its attribution interrupts
  («..., — сказал X. — ...») is split in two first (``spans``). For each quotation
  it looks for the speech verb after the closing mark (“...,” said X / «...», –
  отметил X / “...,” according to X), else a dash and a name ending the line
  («...» — X),
  else before the opening one in its sentence (X said: «...» / X stressed that
  on trade “...” / according to X, «...»), else the speaker the paragraph
  reports («Как подчеркнул X, ...» followed by a quotation), else the speaker
  of the quotation it continues or follows (a whole sentence in quote marks
  after a quotation of X in the same paragraph is X's). The speaker of a verb is
  its subject (its object for "quotes"/«цитирует»/«передает ... слова»; a name
  in apposition to the subject: "His counterpart X added"; before a Russian verb
  a name in an oblique case is no subject). Reported speech is "X said
  that ...", "according to X, ...", «по словам X, ...».
- ``syntax``: the subject of a speech verb from spaCy's parse (English), and
  whether a name is a sentence subject (the parse; in Russian the nominative).
- ``attribution``: who the words around a speech verb name: a resolved person
  or organisation (roles the resolve stage linked on the date included), a
  pronoun or role noun (the nearest compatible antecedent; a pronoun the
  resolver tied to a person of the other gender is resolved again), a possessive
  in the cue ("in his words", «по её словам»), an institution noun, a statement
  noun, "the Russian side". An organisation in a person's title ("Minister of
  Economy and Commerce") is never the speaker.
- ``institutions``: a press service speaks for its institution; "the
  statement", "the press service", "it" name it or stand for the institution
  the article cites, else the organisation that is the subject of (or opens)
  the sentence before.

Speech cues, speaker nouns and press-service forms are data:
knowledge/quotes/speech.yaml and speakers.yaml. ``dyadwatch eval speakers``
measures attribution on hand-written passages (eval/data/quotes_check.tsv).
"""
from __future__ import annotations

from .spans import QuotedSpan, find_quoted_spans, word_count, word_start_alternation
from .stage import QuoteStage, extract_quotes

__all__ = ["QuoteStage", "QuotedSpan", "extract_quotes", "find_quoted_spans", "word_count",
           "word_start_alternation"]
