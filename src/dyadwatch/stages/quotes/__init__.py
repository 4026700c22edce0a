"""Quotes: direct and reported speech, each with its speaker resolved to an entity.

How a quote gets its speaker, module by module:

- ``spans``: where the quotations are. Spans between quote marks (« », “ ”,
  " ", „ “), nested or running over paragraphs. Not quotations: spans of fewer
  than ``min_quote_words`` words (scare quotes), and titles (a law, bill,
  document, programme or event named in quote marks).
- ``stage``: the stage. For each quotation it looks for the attribution after
  the closing mark (“...,” said X / «...», – отметил X), else before the opening
  one (X said: «...» / according to X, «...»), else the speaker of the sentence
  the quotation is embedded in (X stressed that on trade “...”), else it is the
  speaker of the quote the paragraph continues. Reported speech is "X said
  that ...", "according to X, ...", "по словам X, ...", "как сообщили в
  посольстве, ...".
- ``attribution``: who the words around a speech verb name: a resolved person
  or organisation, a pronoun or role noun (the nearest compatible antecedent),
  an institution noun, "the Russian side".
- ``institutions``: "the statement", "the press service", "it" stand for the
  institution the article cites; a press service speaks for its institution.

Speech cues, speaker nouns and press-service forms are data:
knowledge/quotes/speech.yaml and speakers.yaml.
"""
from __future__ import annotations

from .spans import QuotedSpan, find_quoted_spans, word_count, word_start_alternation
from .stage import QuoteStage, extract_quotes

__all__ = ["QuoteStage", "QuotedSpan", "extract_quotes", "find_quoted_spans", "word_count",
           "word_start_alternation"]
