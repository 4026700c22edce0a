"""What reads like a commitment but is none (knowledge/commitments/exclusions.yaml), and polarity.

Each check stands for a class of text: a planned contact, discussion, signing, meal or logistics
announced after a cue (``is_not_promise``); a clause that asks or proposes (``is_request``); a recap
paragraph, a superseded plan, a cumulative total or a year already past (``is_background``); a flow
measured by a statistic verb (``is_statistic``); a negation next to the cue (``negation``).
"""
from __future__ import annotations

import re

from ...patterns import WORD_RE, any_match, compile_alternation
from ...records import PartialDate, Span
from .clauses import head_words
from .lexicon import CommitmentLexicon

RESCUES = re.compile(r"(?i)\b(?:obligation|commitment|committed|need|demand|target|requirement|goal|обязательств|"
                     r"потребност|привержен)")
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def is_not_promise(text: str, start: int, end: int, lex: CommitmentLexicon) -> bool:
    """The first words after the cue announce an event or a formality ("to meet", «обсудить»)."""
    head = head_words(text, start, end, lex.head_words)
    if not head or any_match(head, lex.not_promises) is None:
        return False
    rescue = RESCUES.search(head)  # "will meet its obligations" is a promise; "will demand an apology" is not
    return rescue is None or rescue.start() == len(head) - len(head.lstrip())


def is_request(text: str, clause_start: int, pos: int, lex: CommitmentLexicon) -> bool:
    return any_match(text[clause_start:pos], lex.requests) is not None


def is_conditional(text: str, sent: Span, lex: CommitmentLexicon) -> bool:
    """A sentence opened by a condition ("If the deal goes ahead, ...", «Если ...»): nothing is bound yet."""
    rx = compile_alternation(lex.conditions)
    head = text[sent.start:sent.end].lstrip(" «\"“—–-")
    m = rx.match(head) if rx is not None else None
    return m is not None and (m.end() == len(head) or not head[m.end()].isalnum())


def is_hedged(text: str, clause_start: int, pos: int, lex: CommitmentLexicon) -> bool:
    return any_match(text[clause_start:pos], lex.hedges) is not None


def paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def is_background(text: str, sent: Span, clause: tuple[int, int], lex: CommitmentLexicon,
                  published: PartialDate | None) -> bool:
    """History, not news: a recap paragraph, an original plan, a cumulative total, a year gone by
    (unless the clause speaks of the future: "under the 2019 deal, Russia will lend ...")."""
    para = paragraph_start(text, sent.start)
    recap = compile_alternation(lex.recaps)
    if recap is not None and recap.search(text, para, clause[1]) is not None:
        return True
    window = text[sent.start:clause[1]]
    if any_match(window, lex.superseded) or any_match(window, lex.cumulative):
        return True
    if published is not None and published.year is not None and not any_match(text[clause[0]:clause[1]], lex.future):
        for m in YEAR.finditer(text, clause[0], clause[1]):  # "under the 2019 deal Russia will lend" is not history
            if int(m.group(1)) < published.year and not _range_to_future(text, m.end(), clause[1], published.year):
                return True
    return False


def _range_to_future(text: str, pos: int, end: int, year: int) -> bool:
    """"from 2015 to 2027": a range reaching the publication year or later is not history."""
    later = YEAR.search(text, pos, min(end, pos + 20))
    return later is not None and int(later.group(1)) >= year


def is_statistic(text: str, start: int, end: int, kind: str, lex: CommitmentLexicon) -> bool:
    """A flow measured ("investments reached $2 billion"), or any sum measured in the present ("aid
    amounts to $100 million a year", «портфель превышает»)."""
    if any_match(text[start:end], lex.measures) is not None:
        return True
    if kind not in lex.statistic_kinds:
        return False
    return any_match(text[start:end], lex.statistics) is not None


def negation(text: str, cue_start: int, cue_end: int, clause_end: int, lex: CommitmentLexicon) -> Span | None:
    """A negation right before the cue ("not ready to", «не намерены») or right after it
    ("will not", «будет не»), within one or two words; None when the cue is positive."""
    rx = compile_alternation(lex.negations)
    if rx is None:
        return None
    before = list(WORD_RE.finditer(text, max(0, cue_start - 40), cue_start))[-2:]
    for w in before:
        m = rx.match(text, w.start())
        if m is not None and m.end() <= cue_start:
            return Span.of(text, m.start(), m.end())
    after = list(WORD_RE.finditer(text, cue_end, clause_end))[:1]
    for w in after:
        m = rx.match(text, w.start())
        if m is not None:
            return Span.of(text, m.start(), m.end())
    return None
