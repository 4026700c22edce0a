"""Commitments as an analyst lists them: pledges, allocations, loans, grants, write-offs, investment
deals, targets and announced projects, each with the actor bound, the amount, a deadline with a year,
its polarity and the clause as evidence.

Three forms make a commitment (knowledge/commitments/):

* a modality cue (``modality.yaml``: "intend to", "ready to", "agreed to", "pledged", "will" with a
  named actor, «намерены», «договорились»; a Russian finite future verb, ``future.py``) -> one
  commitment per clause, a second one after "as well as"; a negation next to the cue keeps the pledge
  with ``negated`` ("will not host a base");
* a money form (``forms.yaml`` ``money``): a money amount with a loan, grant, aid, investment,
  allocation, write-off or construction word in its clause ("a $1.2 billion loan", «выделит 1,5 млрд
  долларов», «списание долга в размере $240 млн»), past or future;
* a target (``forms.yaml`` ``targets``): a verb of growth, then "to" / «до» and an amount
  ("to increase trade to $5 billion", «поднять уровень с 20 до 50 процентов»).

What is not one (``exclusions.yaml``): what a cue announces when it is a contact, a discussion, a
signing, logistics, a meal or a stance ("will meet", "will be discussed", «будет подписан», "will pay
special attention"); expectations ("expects", «может», "counting on"); requests and proposals;
sentences opened by a condition ("If ...", «Если ...»); recaps («Напомним»),
superseded plans ("initially"), cumulative totals ("since its founding"), clauses about a past year;
flows measured by a statistic verb ("investments reached $2 billion"). An article that states the
same amount twice (headline and body) holds one commitment.
"""
from __future__ import annotations

from typing import Any, Mapping

from ..quotes.attribution import SpeakerFinder
from ...document import Doc, stable_id
from ...knowledge import load_yaml
from ...patterns import any_match, compile_alternation, compile_pattern, find_entries, words_before
from ...pipeline import Stage
from ...records import Actor, Amount, Commitment, PartialDate, Span
from ...textindex import DocIndex
from . import clauses, filters
from .actor import find_actor
from .deadlines import deadline_in
from .future import future_verb_hits, merged
from .lexicon import CommitmentLexicon, commitment_lexicon, modality_lexicon
from .money import money_hits, target_amount

__all__ = ["CommitmentStage", "extract_commitments", "modality_lexicon", "commitment_lexicon"]

STAGE = "commitments"


class CommitmentStage(Stage):
    name = "commitments"
    requires = ("language", "sentences", "tokens", "mentions", "entities", "dates", "amounts")
    adds = ("commitments",)

    def warm_up(self) -> None:
        """Load the lexicons and compile their regexes before the first article."""
        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        for lang in ("en", "ru"):
            lex = commitment_lexicon(lang, extra)
            for entry in (*lex.cues, *lex.money):
                compile_pattern(str(entry["pattern"]))
            for words in (lex.hedges, lex.splitters, lex.negations, lex.not_promises, lex.requests,
                          lex.recaps, lex.target_to, lex.target_from):
                compile_alternation(words)

    def process(self, doc: Doc) -> Mapping[str, Any]:
        return {"commitments": tuple(extract_commitments(doc))}


class _Article:
    """What every rule of one article reads: text, lexicon, layers, actor finder."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.index = DocIndex(doc)
        self.text = self.index.text
        self.lang = self.index.language if self.index.language in ("en", "ru") else "en"
        self.lex: CommitmentLexicon = commitment_lexicon(self.lang, self.index.extra)
        self.collective = tuple(load_yaml("events/cues.yaml", self.index.extra)
                                .get("collective", {}).get(self.lang, ()))
        self.finder = SpeakerFinder(self.index)
        self.published = PartialDate.from_iso((doc.clean.published or "")[:10])
        self.amounts: list[Amount] = sorted((a for a in doc.get("amounts") or () if a.span is not None),
                                            key=lambda a: a.span.start)  # type: ignore[union-attr]
        self.dates = tuple(doc.get("dates") or ())
        self.tokens = tuple(doc.get("tokens") or ())

    def actor(self, clause_start: int, pos: int, end: int, sent_end: int) -> tuple[Actor | None, bool]:
        return find_actor(self.index, self.finder, clause_start, pos, end, sent_end, self.collective, self.lang,
                          self.lex.capitals, self.lex.obliques, self.lex.agent_heads)

    def make(self, evidence: Span, what: str, actor: Actor | None, amount: Amount | None, modality: str,
             kind: str, negated: bool) -> Commitment:
        return Commitment(
            what=what, evidence=evidence, actor=actor, amount=amount,
            deadline=deadline_in(self.text, self.dates, evidence, self.published), modality=modality,
            id=stable_id(self.doc.id, evidence.start, evidence.end, prefix="cm:"), stage=STAGE,
            confidence=0.75 if actor else 0.5, kind=kind, negated=negated)


def extract_commitments(doc: Doc) -> list[Commitment]:
    art = _Article(doc)
    out: list[Commitment] = []
    for sent in art.index.sentences:
        if filters.is_conditional(art.text, sent, art.lex):
            continue
        taken = _cue_commitments(art, sent, out)
        _money_commitments(art, sent, out, taken)
        _target_commitments(art, sent, out, taken)
    return _one_per_amount(_sized_elsewhere(art, sorted(out, key=lambda c: c.evidence.start)))


KIND_ORDER = ("write_off", "loan", "grant", "investment", "aid", "project", "allocation")


def _kind_of(art: _Article, start: int, end: int, default: str) -> str:
    """The most specific form word of the clause: "provide ... a loan" is a loan."""
    kinds = {str(h.entry.get("kind")) for h in find_entries(art.text, art.lex.money, start=start, end=end)}
    return next((k for k in KIND_ORDER if k in kinds), default)


def _cue_commitments(art: _Article, sent: Span, out: list[Commitment]) -> list[tuple[int, int]]:
    """Commitments of the modality cues of one sentence; returns the clause ranges they took."""
    text, lex = art.text, art.lex
    splitter_rx = compile_alternation(lex.splitters)
    taken: list[tuple[int, int]] = []
    used_until = sent.start
    hits = merged(find_entries(text, lex.cues, start=sent.start, end=sent.end),
                  future_verb_hits(text, art.lang, art.tokens, lex.future_verb, lex.conditionals, sent.start, sent.end))
    for hit in hits:
        if hit.start < used_until:
            continue  # one commitment per clause: later cues of the same clause describe it
        entry = hit.entry
        c_start = clauses.clause_start(text, sent.start, hit.start)
        c_end = clauses.clause_end(text, hit.end, sent.end, lex.tails)
        if filters.is_hedged(text, c_start, hit.start, lex) or filters.is_request(text, c_start, hit.start, lex):
            continue
        if _blocked_cue(art, entry, hit.start, hit.end, c_end):
            continue
        neg = filters.negation(text, hit.start, hit.end, c_end, lex)
        negated = bool(entry.get("negated")) or neg is not None
        after = neg.end if neg is not None and neg.start >= hit.end else hit.end
        if filters.is_not_promise(text, after, c_end, lex):
            used_until = c_end
            taken.append((c_start, c_end))  # "the $200 million loan will be signed": no money form either
            continue
        if filters.is_background(text, sent, (c_start, c_end), lex, art.published):
            continue
        actor, state = art.actor(c_start, hit.start, hit.end, sent.end)
        actor = _giver(art, after, c_end) or actor
        if actor is None and entry.get("needs_actor"):
            continue
        if entry.get("needs_country") and not state:
            continue
        parts = clauses.pieces(text, after, sent.end, splitter_rx, lex.tails)
        for n, (p_start, p_end) in enumerate(parts):
            if n and filters.is_not_promise(text, p_start, p_end, lex):
                continue
            evidence = clauses.trimmed(text, c_start if n == 0 else p_start, p_end)
            amount = _amount_in(art, evidence)
            target = None
            if amount is None:
                target = _target_in(art, p_start, p_end)
                amount = target or _percent_in(art, evidence)
            kind = "target" if target is not None or _has_target_verb(art, p_start, p_end) and amount \
                else _kind_of(art, p_start, p_end, "pledge")
            phrase = clauses.what(text, after if n == 0 else p_start, p_end, lex.what_words)
            if not phrase and amount is None:
                continue  # "..., as it agreed to." names nothing promised: no empty ledger entry
            if negated and lex.negations:  # "not host a foreign base": a reader of `what` alone sees the polarity
                phrase = f"{lex.negations[0]} {phrase}"
            out.append(art.make(evidence, phrase, actor, amount, str(entry["modality"]), kind, negated))
            taken.append((evidence.start, evidence.end))
        used_until = parts[-1][1] if parts else sent.end
    return taken


def _giver(art: _Article, start: int, end: int) -> Actor | None:
    """"will receive a loan from Russia" / «получит кредит от России»: the giver is bound, not the receiver."""
    head = clauses.head_words(art.text, start, end, 2)
    if not head or any_match(head, art.lex.receive_verbs) is None:
        return None
    frm = compile_alternation(art.lex.receive_from)
    m = frm.search(art.text, start, end) if frm is not None else None
    if m is None:
        return None
    for mention in art.index.mentions_in(m.end(), min(end, m.end() + 60), ("GPE", "ORG")):
        ent = art.index.entity_of(mention)
        if ent is not None:
            return art.index.actor(ent, "actor")
    return None


def _blocked_cue(art: _Article, entry: Mapping[str, Any], start: int, end: int, c_end: int) -> bool:
    text = art.text
    if entry.get("needs_future"):
        if any_match(text[end:c_end], art.lex.future) is None:
            return True  # "agreed that the talks were useful": a shared view
    if entry.get("needs_verb") and art.tokens:
        nxt = [t for t in art.tokens if end <= t.start < c_end and t.pos not in ("PART", "ADV", "ADP")][:1]
        if nxt and nxt[0].pos != "VERB":
            return True  # "commitment to closer partnership": a stance
    # a noun "plans" after an article or a preposition ("against plans to", "the plans to") is no cue
    before = text[max(0, start - 16):start].lower().split()
    return bool(before) and before[-1] in {str(w).lower() for w in entry.get("not_after") or ()}


def _amount_in(art: _Article, evidence: Span) -> Amount | None:
    return next((a for a in art.amounts if a.currency and evidence.contains(a.span)), None)  # type: ignore[arg-type]


def _percent_in(art: _Article, evidence: Span) -> Amount | None:
    """A percent the pledge names when it has no money nor target ("will cover 75 percent of the cost")."""
    return next((a for a in art.amounts if a.unit == "percent" and evidence.contains(a.span)), None)  # type: ignore[arg-type]


def _has_target_verb(art: _Article, start: int, end: int) -> bool:
    return any_match(art.text[start:end], art.lex.target_verbs) is not None


def _target_in(art: _Article, start: int, end: int) -> Amount | None:
    rx = compile_alternation(art.lex.target_verbs)
    if rx is None:
        return None
    for m in rx.finditer(art.text, start, end):
        found = target_amount(art.text, m.end(), end, art.amounts, art.lex)
        if found is not None:
            return found
    return None


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in ranges)


def _money_commitments(art: _Article, sent: Span, out: list[Commitment], taken: list[tuple[int, int]]) -> None:
    """Money amounts of the sentence, outside a cue's clause, with a form word in their clause."""
    text, lex = art.text, art.lex
    in_sent = [a for a in art.amounts if sent.start <= a.span.start < sent.end and a.currency]  # type: ignore[union-attr]

    def clause_of(a: Amount) -> tuple[int, int]:
        start = clauses.clause_start(text, sent.start, a.span.start)  # type: ignore[union-attr]
        end = clauses.clause_end(text, a.span.end, sent.end, lex.tails)  # type: ignore[union-attr]
        for o in in_sent:  # a neighbouring amount closes the clause (at the comma between, if any)
            if o is a:
                continue
            if o.span.end <= a.span.start:  # type: ignore[union-attr]
                comma = text.find(",", o.span.end, a.span.start)  # type: ignore[union-attr]
                start = max(start, comma + 1 if comma >= 0 else o.span.end)  # type: ignore[union-attr]
            elif o.span.start >= a.span.end:  # type: ignore[union-attr]
                comma = text.rfind(",", a.span.end, o.span.start)  # type: ignore[union-attr]
                end = min(end, comma if comma >= 0 else o.span.start)  # type: ignore[union-attr]
        return start, end

    for mh in money_hits(text, [a for a in in_sent if not _inside(taken, a.span.start)], clause_of, lex):  # type: ignore[union-attr]
        c_start, c_end = mh.clause
        first = min(mh.form.start, mh.amount.span.start)  # type: ignore[union-attr]
        if filters.is_hedged(text, c_start, first, lex) or filters.is_request(text, c_start, first, lex):
            continue
        if filters.is_background(text, sent, mh.clause, lex, art.published):
            continue
        if filters.is_statistic(text, c_start, c_end, mh.kind, lex):
            continue
        if _event_before(art, c_start, first):
            continue
        evidence = clauses.trimmed(text, c_start, c_end)
        actor, _ = art.actor(c_start, mh.first, mh.form.end, sent.end)
        rx = compile_alternation(lex.receive_verbs)
        got = rx.search(text, c_start, c_end) if rx is not None else None
        actor = (_giver(art, got.start(), c_end) if got is not None else None) or actor
        neg = filters.negation(text, mh.form.start, mh.form.end, c_end, lex)
        out.append(art.make(evidence, clauses.what(text, mh.form.start, c_end, lex.what_words), actor,
                            mh.amount, "will", mh.kind, neg is not None))
        taken.append((evidence.start, evidence.end))


def _event_before(art: _Article, clause_start: int, pos: int) -> bool:
    """The few words just before the money ("will discuss a $1 billion loan", «обсудят кредит») make it
    a topic of talks or a signing to come; "during the meeting, Russia allocated ..." and "signed
    contracts worth $2 billion" stay money."""
    start, _ = words_before(art.text, pos, 4)
    return any_match(art.text[max(clause_start, start):pos], art.lex.money_topics) is not None


def _target_commitments(art: _Article, sent: Span, out: list[Commitment], taken: list[tuple[int, int]]) -> None:
    """Targets without a cue: a growth verb with its amount in a clause no cue took."""
    text, lex = art.text, art.lex
    rx = compile_alternation(lex.target_verbs)
    if rx is None:
        return
    for m in rx.finditer(text, sent.start, sent.end):
        if _inside(taken, m.start()):
            continue
        c_start = clauses.clause_start(text, sent.start, m.start())
        c_end = clauses.clause_end(text, m.end(), sent.end, lex.tails)
        amount = target_amount(text, m.end(), c_end, art.amounts, lex)
        if amount is None or _inside(taken, amount.span.start):  # type: ignore[union-attr]
            continue
        if not _infinitive_target(art, sent, m.start()):
            continue
        if filters.is_hedged(text, c_start, m.start(), lex) or filters.is_background(text, sent, (c_start, c_end),
                                                                                        lex, art.published):
            continue
        evidence = clauses.trimmed(text, c_start, c_end)
        actor, _ = art.actor(c_start, m.start(), m.end(), sent.end)
        out.append(art.make(evidence, clauses.what(text, m.start(), c_end, lex.what_words), actor, amount,
                            "target", "target", False))
        taken.append((evidence.start, evidence.end))


def _infinitive_target(art: _Article, sent: Span, pos: int) -> bool:
    """A target, not a report: an English base form after "to", a Russian infinitive, or a sentence
    that names the goal («цель», "goal")."""
    text = art.text
    if any_match(text[sent.start:sent.end], art.lex.goals) is not None:
        return True
    if art.lang == "en":
        return text[max(sent.start, pos - 3):pos].lower().strip() == "to"
    word = text[pos:pos + 20].split()[0].lower() if text[pos:pos + 20].split() else ""
    return word.endswith(("ть", "ти", "чь"))


def _sized_elsewhere(art: _Article, found: list[Commitment]) -> list[Commitment]:
    """A write-off or loan stated without an amount ("Russia will write off the debt") takes the amount
    the article gives its object in a clause of its own ("The debt amounted to $240 million") when the
    article gives one size only to that object or to any act of that kind (a debt once $488 million,
    then $240 million left to write off: two sizes, none taken) and no commitment holds it already."""
    out = list(found)
    held = {(c.amount.value, c.amount.currency) for c in found if c.amount is not None}
    for kind, nouns in (art.lex.objects or {}).items():
        bare = [i for i, c in enumerate(out) if c.kind == kind and c.amount is None]
        rx = compile_alternation(nouns)
        if not bare or rx is None:
            continue
        sizes: dict[tuple[float, str | None], Amount] = {}
        for a in art.amounts:
            if not a.currency:
                continue
            sent = art.index.sentence_at(a.span.start).span  # type: ignore[union-attr]
            c_start = clauses.clause_start(art.text, sent.start, a.span.start)  # type: ignore[union-attr]
            c_end = clauses.clause_end(art.text, a.span.end, sent.end, art.lex.tails)  # type: ignore[union-attr]
            if rx.search(art.text, c_start, c_end) is not None or any(
                    h.entry.get("kind") == kind for h in find_entries(art.text, art.lex.money, start=c_start, end=c_end)):
                sizes.setdefault((a.value, a.currency), a)
        if len(sizes) != 1 or next(iter(sizes)) in held:
            continue
        amount = next(iter(sizes.values()))
        for i in bare:
            out[i] = _with(out[i], amount=amount)
    return out


def _one_per_amount(found: list[Commitment]) -> list[Commitment]:
    """An article that states the same sum twice (headline, lead, quote) holds one commitment of it:
    the first, completed with a deadline or actor a later statement adds."""
    out: list[Commitment] = []
    by_amount: dict[tuple[float, str], int] = {}
    for c in found:
        key = (float(c.amount.value), c.amount.currency or c.amount.unit or "") if c.amount else None
        if key is None or key not in by_amount:
            if key is not None:
                by_amount[key] = len(out)
            out.append(c)
            continue
        i = by_amount[key]
        first = out[i]
        if first.deadline is None and c.deadline is not None:
            out[i] = _with(first, deadline=c.deadline)
        if first.actor is None and c.actor is not None:
            out[i] = _with(out[i], actor=c.actor)
    return out


def _with(c: Commitment, **changes: Any) -> Commitment:
    from dataclasses import replace

    return replace(c, **changes)
