"""Commitment follow-ups and the commitment ledger.

A commitment (Russia will provide a $100 million loan ...) is followed up when
a later article mentions the same thing: a commitment record of the same
actor with the same amount or the same object, or a sentence naming the same
object (``commitment_objects.yaml``, English and Russian stems) or the same
amount, in an article that names the actor's country or entity. Reports of
one commitment by several articles are one ledger entry.

The ledger gives each entry's first and latest mention, its deadline (as most
recently stated) and its status relative to a given ``today``: ``fulfilled``
when a later report (a later day, or later in the corpus order where a day
is unknown) carries a fulfilment cue (``fulfilment_cues.yaml``) not negated
just before it, and the commitment is not a negative pledge; ``past_deadline``
when the deadline has passed without that, and lay after the day the promise
was made (a date on or before it is the day of an event, no deadline); else
``open``. Candidates come from (amount, year) keys and
(object, year) keys within ``followup_horizon_years``; the object keys of
records that state an amount are apart from those that do not, because two
records that both state amounts match on the amount alone. Commitment and mention keys
are read up to ``commitment_bucket_cap`` members each (see "Bounded blocking"
in ``index.py``): an entry is a group of commitments, and one link into it is
as good as many; a new commitment links at most that many sentences per
(object or amount, year) that mention it before it was ingested (those
ingested after it find it themselves).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Iterable

from ..document import stable_id
from ..records import Actor, Amount, Article, PartialDate, Span
from .config import LinkConfig
from .features import ArticleFeatures
from .index import DisjointSets, LinkIndex, candidates
from .lexicon import fulfilment_cues, object_concepts, reference_cues

STATUSES = ("open", "past_deadline", "fulfilled")


@dataclass(frozen=True, slots=True)
class CommitmentInfo:
    key: str
    article_id: str
    actor: Actor | None
    actor_key: str | None
    concepts: frozenset[str]
    amount: tuple[float, str] | None
    amount_record: Amount | None
    deadline: PartialDate | None
    what: str
    evidence: Span
    year: int | None
    day: date | None
    negated: bool = False  # a negative pledge ("will not host a base"): nothing "done" fulfils it


@dataclass(frozen=True, slots=True)
class TextMention:
    key: str
    article_id: str
    evidence: Span
    concepts: frozenset[str]
    amounts: frozenset[tuple[float, str]]
    actor_keys: frozenset[str]
    fulfilment: Span | None
    year: int | None
    day: date | None


@dataclass(frozen=True, slots=True)
class LedgerMention:
    article_id: str
    date: str | None
    evidence: Span
    kind: str  # commitment | followup
    fulfilment: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "date": self.date, "evidence": self.evidence.to_dict(),
                "kind": self.kind, "fulfilment": self.fulfilment.to_dict() if self.fulfilment else None}


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: str
    actor: Actor | None
    what: str
    amount: Amount | None
    deadline: PartialDate | None
    status: str
    first: LedgerMention
    latest: LedgerMention
    mentions: tuple[LedgerMention, ...]
    stage: str = "link.followups"
    fulfilled_by: str | None = None  # the article whose report of it done set "fulfilled"
    made_on: str | None = None  # the day of the first report, ISO

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "actor": self.actor.to_dict() if self.actor else None, "what": self.what,
                "amount": self.amount.to_dict() if self.amount else None,
                "deadline": self.deadline.iso() if self.deadline else None, "status": self.status,
                "first": self.first.to_dict(), "latest": self.latest.to_dict(),
                "mentions": [m.to_dict() for m in self.mentions], "n_mentions": len(self.mentions),
                "fulfilled_by": self.fulfilled_by, "stage": self.stage}


# --------------------------------------------------------------------------- reading articles
def concepts_in(text: str, paths: tuple[str, ...]) -> frozenset[str]:
    return frozenset(c for c, pat in object_concepts(paths).items() if pat.search(text))


def amount_key(a: Amount | None) -> tuple[float, str] | None:
    if a is None or not a.value:
        return None
    return (float(a.value), a.currency or a.unit or "")


def fulfilment_span(text: str, offset: int, paths: tuple[str, ...]) -> Span | None:
    cue, neg = fulfilment_cues(paths)
    if cue is None:
        return None
    for m in cue.finditer(text):
        before = text[:m.start()].split()[-3:]
        if neg is not None and neg.search(" ".join(before)):
            continue
        return Span(offset + m.start(), offset + m.end(), m.group(0))
    return None


def _refers_back(sentence: str, paths: tuple[str, ...]) -> bool:
    pat = reference_cues(paths)
    return bool(pat and pat.search(sentence))


def _actor_key(actor: Actor | None, canonical: Callable[[str], str]) -> str | None:
    if actor is None:
        return None
    if actor.country:
        return f"country:{actor.country}"
    if actor.entity:
        return canonical(actor.entity)
    return f"name:{actor.name.casefold()}" if actor.name else None


def read_commitments(article: Article, feats: ArticleFeatures, config: LinkConfig,
                     canonical: Callable[[str], str]) -> list[CommitmentInfo]:
    out = []
    for i, c in enumerate(article.commitments):
        cid = c.id or stable_id(c.evidence.start, c.evidence.end, i, prefix="cm_")
        key = f"{article.id}#{cid.replace('#', '_')}"  # the last '#' separates the article id
        text = f"{c.what} {c.evidence.text}"
        out.append(CommitmentInfo(
            key, article.id, c.actor, _actor_key(c.actor, canonical), concepts_in(text, config.knowledge_paths),
            amount_key(c.amount), c.amount, c.deadline, c.what, c.evidence,
            feats.published.year if feats.published else None, feats.published, c.negated))
    return out


def _sentences(text: str) -> Iterable[tuple[int, int]]:
    from razdel import sentenize

    for s in sentenize(text):
        yield s.start, s.stop


def read_mentions(article: Article, feats: ArticleFeatures, config: LinkConfig,
                  canonical: Callable[[str], str]) -> list[TextMention]:
    actor_keys = {f"country:{e.country}" for e in article.entities if e.country}
    actor_keys |= {canonical(e.id) for e in article.entities}
    out = []
    for start, end in _sentences(article.text):
        sent = article.text[start:end]
        concepts = concepts_in(sent, config.knowledge_paths)
        amounts = frozenset(k for a in article.amounts
                            if a.span is not None and start <= a.span.start and a.span.end <= end
                            and (k := amount_key(a)) is not None)
        if not concepts and not amounts:
            continue
        fulfilled = fulfilment_span(sent, start, config.knowledge_paths)
        if not amounts and fulfilled is None and not _refers_back(sent, config.knowledge_paths):
            continue  # naming the object alone ("the parties discussed loans") is no follow-up
        out.append(TextMention(f"{article.id}@{start}", article.id, Span(start, end, sent), concepts, amounts,
                               frozenset(actor_keys), fulfilled,
                               feats.published.year if feats.published else None, feats.published))
    return out


# --------------------------------------------------------------------------- linking
def _year_keys(prefix: str, parts: Iterable[str], years: Iterable[int | None]) -> list[str]:
    return [f"{prefix}|{p}|{y if y is not None else '-'}" for p in parts for y in years]


class FollowupLinker:
    def __init__(self, index: LinkIndex, config: LinkConfig, canonical: Callable[[str], str]) -> None:
        self.index = index
        self.config = config
        self.canonical = canonical
        self.sets = DisjointSets(index, "commitment")

    def _span_years(self, year: int | None, forward: bool) -> list[int | None]:
        if year is None:
            return [None]
        h = self.config.followup_horizon_years
        return list(range(year, year + h + 1)) if forward else list(range(year - h, year + 1))

    @staticmethod
    def _filed(concepts: Iterable[str], amounts: Iterable[tuple[float, str]]) -> list[str]:
        """Key parts a commitment or mention is filed under.

        Its amounts, and its objects apart by whether it states an amount ("1") or not ("0"):
        two that both state amounts match only on the amount, so the object keys of those
        with amounts are looked up only by what has none (see ``_probed``).
        """
        amounts = sorted(amounts)
        flag = "1" if amounts else "0"
        return [f"a:{v:g}:{cur}" for v, cur in amounts] + [f"o{flag}:{c}" for c in sorted(concepts)]

    @staticmethod
    def _probed(concepts: Iterable[str], amounts: Iterable[tuple[float, str]]) -> list[str]:
        """Key parts to look up for the commitments or mentions ``same_commitment`` / ``follows`` may accept."""
        amounts = sorted(amounts)
        flags = ("0",) if amounts else ("0", "1")
        return [f"a:{v:g}:{cur}" for v, cur in amounts] + [f"o{f}:{c}" for c in sorted(concepts) for f in flags]

    def same_commitment(self, a: CommitmentInfo, b: CommitmentInfo) -> bool:
        if a.actor_key is None or a.actor_key != b.actor_key:
            return False
        if a.concepts and b.concepts and not a.concepts & b.concepts:
            return False  # the same sum for a school and for a loan are two promises
        if a.amount and b.amount:
            return a.amount == b.amount
        return bool(a.concepts & b.concepts)

    def follows(self, c: CommitmentInfo, m: TextMention) -> bool:
        if m.article_id == c.article_id or c.actor_key is None or c.actor_key not in m.actor_keys:
            return False
        if c.day and m.day and m.day < c.day:
            return False
        if c.amount and m.amounts:
            return c.amount in m.amounts
        return bool(c.concepts & m.concepts)

    def add(self, commitments: list[CommitmentInfo], mentions_in: list[TextMention]) -> list[str]:
        """File an article's commitments and mentions; return the commitment keys touched."""
        touched: set[str] = set()
        for c in commitments:
            self.index.put("commitment", c.key, c)
            self.sets.add(c.key)
            amounts = [c.amount] if c.amount else []
            probed = self._probed(c.concepts, amounts)
            # earlier and later commitments of the same thing
            years = self._span_years(c.year, True) + self._span_years(c.year, False)
            found = candidates(self.index, _year_keys("cm", probed, years), exclude=c.key,
                               limit=self.config.commitment_bucket_cap)
            others = self.index.get_many("commitment", found)
            for other in sorted(found):
                oc = others.get(other)
                if oc is not None and self.same_commitment(c, oc):
                    self.sets.union(c.key, other)
                    touched.add(other)
            # later articles that already mention it
            found = candidates(self.index, _year_keys("mn", probed, self._span_years(c.year, True)),
                               limit=self.config.commitment_bucket_cap)
            mentions = self.index.get_many("mention", found)
            for mk in sorted(found):
                m = mentions.get(mk)
                if m is not None and self.follows(c, m):
                    self._link(c.key, mk)
            for k in _year_keys("cm", self._filed(c.concepts, amounts), [c.year]):
                self.index.add_key(k, c.key)
            touched.add(c.key)
        for m in mentions_in:
            self.index.put("mention", m.key, m)
            found = candidates(self.index, _year_keys("cm", self._probed(m.concepts, m.amounts),
                                                      self._span_years(m.year, False)),
                               limit=self.config.commitment_bucket_cap)
            commitments_found = self.index.get_many("commitment", found)
            for ck in sorted(found):
                c = commitments_found.get(ck)
                if c is not None and self.follows(c, m):
                    self._link(ck, m.key)
                    touched.add(ck)
            for k in _year_keys("mn", self._filed(m.concepts, m.amounts), [m.year]):
                self.index.add_key(k, m.key)
        return sorted(touched)

    def _link(self, commitment_key: str, mention_key: str) -> None:
        self.index.add_key(f"followup|{commitment_key}", mention_key)

    # ------------------------------------------------------------ ledger
    def entry_id(self, key: str) -> str:
        return stable_id(self.sets.members(key)[0], prefix="cmt_")

    def entry(self, key: str, today: date, order: Callable[[str], tuple]) -> LedgerEntry:
        members: list[CommitmentInfo] = [self.index.get("commitment", k) for k in self.sets.members(key)]
        mention_keys = sorted({mk for c in members for mk in self.index.members(f"followup|{c.key}")})
        mentions: list[TextMention] = [self.index.get("mention", mk) for mk in mention_keys]
        own_articles = {c.article_id for c in members}
        rows = [LedgerMention(c.article_id, c.day.isoformat() if c.day else None, c.evidence, "commitment")
                for c in members]
        rows += [LedgerMention(m.article_id, m.day.isoformat() if m.day else None, m.evidence, "followup",
                               m.fulfilment) for m in mentions if m.article_id not in own_articles]
        rows = _one_per_article(rows)
        rows.sort(key=lambda r: (order(r.article_id), r.evidence.start))
        first = min(members, key=lambda c: (order(c.article_id), c.evidence.start))
        with_deadline = [c for c in members if c.deadline is not None and c.deadline.iso()]
        deadline = max(with_deadline, key=lambda c: (order(c.article_id), c.evidence.start)).deadline \
            if with_deadline else None
        amount = next((c.amount_record for c in sorted(members, key=lambda c: order(c.article_id))
                       if c.amount_record), None)
        status = "open"
        done = None if first.negated else next(
            (r for r in rows if r.fulfilment is not None and _later(r, first, order)), None)
        if done is not None:
            status = "fulfilled"
        elif deadline is not None and (last := _last_day(deadline)) is not None and last < today \
                and not (first.day is not None and last <= first.day):
            status = "past_deadline"  # a date not after the promise was made is no deadline to miss
        return LedgerEntry(self.entry_id(key), first.actor, first.what,
                           amount, deadline, status, rows[0], rows[-1], tuple(rows),
                           fulfilled_by=done.article_id if done is not None else None,
                           made_on=first.day.isoformat() if first.day else None)

    def ledger(self, today: date, order: Callable[[str], tuple]) -> list[LedgerEntry]:
        return sorted((self.entry(g[0], today, order) for g in self.sets.groups()), key=lambda e: e.id)


def _later(row: LedgerMention, first: CommitmentInfo, order: Callable[[str], tuple]) -> bool:
    """A report of fulfilment counts only when it comes after the promise: a later day, or a later
    place in the corpus order where either day is unknown."""
    if row.kind != "followup" or row.article_id == first.article_id:
        return False
    if row.date and first.day:
        return date.fromisoformat(row.date) > first.day
    return order(row.article_id) > order(first.article_id)


def _one_per_article(rows: list[LedgerMention]) -> list[LedgerMention]:
    """An article counts once: its commitment, else its sentence reporting fulfilment, else its first."""
    best: dict[str, LedgerMention] = {}
    for r in rows:
        cur = best.get(r.article_id)
        rank = (r.kind != "commitment", r.fulfilment is None, r.evidence.start)
        if cur is None or rank < (cur.kind != "commitment", cur.fulfilment is None, cur.evidence.start):
            best[r.article_id] = r
    return list(best.values())


def _last_day(pd: PartialDate) -> date | None:
    if pd.year is None:
        return None
    if pd.month is None:
        return date(pd.year, 12, 31)
    if pd.day is None:
        return date(pd.year, pd.month, calendar.monthrange(pd.year, pd.month)[1])
    return pd.as_date()
