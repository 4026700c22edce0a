"""The subject of a speech verb from the dependency parse the tokens stage already made.

English only: spaCy's parse of the article (``models.parse_en``, cached by the
tokens stage, so asking costs nothing in the pipeline). The subject phrase of
"said" in "“...,” Kremlin spokesman Dmitry Peskov said" or "said Russian
leader Vladimir Putin on Monday" is where its speaker is named; a name
elsewhere in the attribution ("he said, answering a question about Rahmon")
is not the speaker. Russian has no parse here (natasha's syntax model is not
run by the pipeline): the stage uses word windows there.
"""
from __future__ import annotations

from .. import models

SUBJECT_DEPS = ("nsubj", "nsubjpass")


def subject_range(text: str, verb_start: int) -> tuple[int, int] | None:
    """Character range of the subject phrase of the verb token starting at ``verb_start``, or None
    when the parse has no such token or gives it no subject."""
    sd = models.parse_en(text)
    starts = models.token_offsets_en(text)[0]
    i = starts.get(verb_start)
    if i is None:
        return None
    verb = sd[i]
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            sub = list(child.subtree)
            return sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return None
