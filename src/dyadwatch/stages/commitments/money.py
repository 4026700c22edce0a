"""Commitments that bind without a modality cue: money given, lent, invested or forgiven, and targets.

money form: a money amount (one with a currency) and, in the same clause, a word of the form
(knowledge/commitments/forms.yaml ``money``: loan, grant, aid, invest, allocate, write off, build;
кредит, грант, выделить, списание ...) -> one commitment per amount, of that kind.
target form: a verb of growth in base form or infinitive, then "to" / «до» and an amount (money or
percent) -> a target; "from X to Y" keeps the starting figure in the amount's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...patterns import compile_alternation, find_entries
from ...records import Amount, Span
from .lexicon import CommitmentLexicon


@dataclass(frozen=True, slots=True)
class MoneyHit:
    """An amount that a form word in its clause makes a commitment of ``kind``."""

    amount: Amount
    kind: str
    form: Span
    clause: tuple[int, int]
    first: int  # where the clause's first form word starts: the subject stands before it


def money_hits(text: str, amounts: list[Amount], clause_of, lex: CommitmentLexicon) -> list[MoneyHit]:
    """Each money amount whose clause (``clause_of(amount)`` -> (start, end), bounded by the
    neighbouring amounts) holds a form word; the nearest form word gives the kind."""
    out = []
    for a in amounts:
        if not a.currency or a.span is None:
            continue
        start, end = clause_of(a)
        hits = find_entries(text, lex.money, start=start, end=end)
        hits = [h for h in hits if not (a.span.start <= h.start < a.span.end)]
        if not hits:
            continue
        before = [h for h in hits if h.end <= a.span.start]
        # the nearest form word before the amount ("grants ... amounted to $311 million"), else after it
        best = before[-1] if before else min(hits, key=lambda h: h.start - a.span.end)
        out.append(MoneyHit(a, str(best.entry.get("kind") or "allocation"),
                            Span.of(text, best.start, best.end), (start, end), min(h.start for h in hits)))
    return out


def target_amount(text: str, verb_end: int, clause_end: int, amounts: list[Amount],
                  lex: CommitmentLexicon) -> Amount | None:
    """The amount a growth verb aims at: right after "to" / «до» later in its clause (money or percent),
    with the "from X" before it kept in the text ("с 21 до 60 процентов")."""
    to_rx = compile_alternation(lex.target_to)
    if to_rx is None:
        return None
    for a in amounts:
        if a.span is None or not (verb_end <= a.span.start < clause_end):
            continue
        if not (a.currency or a.unit == "percent"):
            continue
        head = text[max(verb_end, a.span.start - 40):a.span.start]
        m = None
        for m in to_rx.finditer(head):
            pass
        if m is None or head[m.end():].strip(" \u00a0~≈") not in ("", "about", "around", "примерно", "около"):
            continue
        return _with_start_figure(text, a, verb_end + 0, head, m, lex)
    return None


def _with_start_figure(text: str, a: Amount, verb_end: int, head: str, to: re.Match[str],
                       lex: CommitmentLexicon) -> Amount:
    """"from 21 to 60 percent", «с 21 до 60 процентов»: the amount's text opens at "from"."""
    from_rx = compile_alternation(lex.target_from)
    head_start = a.span.start - len(head)  # type: ignore[union-attr]
    before = head[:to.start()]
    if from_rx is None:
        return a
    last = None
    for last in from_rx.finditer(before):
        pass
    if last is None or not re.fullmatch(r"[\s\u00a0]*[$€]?\d[\d.,\s\u00a0]*%?[\s\u00a0]*", before[last.end():]):
        return a
    start = head_start + last.start()
    span = Span.of(text, start, a.span.end)  # type: ignore[union-attr]
    return replace(a, text=span.text, span=span)
