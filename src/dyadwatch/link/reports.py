"""Reports of the same main event by different outlets, in either language.

MinHash (duplicates.py) finds copies of one text; two outlets' own reports of
one meeting share few words, and an English and a Russian report none. They
share what does not depend on wording, and that is what is compared here,
article against article (each side's ``ReportCard``):

- the lead: the actors (persons, organisations; corpus-wide ids, so
  «Лукашенко» is Alexander Lukashenko) and events of the title and first
  paragraph (``LinkConfig.report_lead_chars``). A lead event of one that has
  the type, a compatible mode, the actors, a compatible date and place of a
  lead event of the other is the strongest sign;
- time: publication on the same day or within ``report_window_days``
  (publication days more apart are a veto: two meetings of the same two
  presidents are two events). Where a publication day is unknown, the date
  in the URL stands for it, and failing that the days the text names;
- strong anchors: the amounts of money both state, and a quote and its
  translation (the amounts and entities inside the quote marks);
- the lead events' places, and the other entities both name (countries
  never count: every article of a dyad names both).

Two reports are of one event when they share a lead actor, their times agree
(or strong anchors stand in for an unknown time), and the weights of what
they share (``knowledge/link/same_event.yaml``) reach ``report_threshold``.

Candidates are blocked: an article is filed under (lead actor, day) keys of
its publication day (or its text's days when it has none) and under the
amounts of money it states; a probe reads the keys within the window of its
own days and its amounts' keys, at most ``report_bucket_cap`` members of each
and ``report_candidate_cap`` in all (see "Bounded blocking" in index.py).
An amount is filed by month where the article is dated; an undated report
reads the amount's key over all time (capped), a dated one the months of its
window and the undated reports' key, so either of two reports finds the other.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable, Iterable

from ..knowledge import load_yaml
from ..records import Article
from .events import coarse_mode
from .features import ArticleFeatures, EventInfo
from .index import LinkIndex, nearest_candidates
from .timing import DayRange, MonthDay, When, bucket_keys, distance, from_partial, nearest_first, ranked_probe_keys, url_when

CARD_KIND = "report:card"
_MAX_PLACEMENTS = 12
# a number inside a quote counts from this value (money at any value): "two countries" is in every quote
_MIN_QUOTED_NUMBER = 10


@dataclass(frozen=True, slots=True)
class LeadEvent:
    key: str  # the event key ("<article id>#<event id>")
    type: str
    mode: str | None  # the coarse mode group (event_modes.yaml), or the mode itself
    negated: bool
    actors: tuple[str, ...]  # non-country actor ids
    place_key: str | None
    when: When | None
    date_stated: bool


@dataclass(frozen=True, slots=True)
class ReportCard:
    """What ``same_report`` compares of an article."""

    id: str
    published: DayRange | None  # publication day; else the URL's day or month
    exact: bool  # ``published`` is one day
    placements: tuple[When, ...]  # where publication is unknown or a month: the days the text names
    lead_actors: frozenset[str]
    leads: tuple[LeadEvent, ...]
    amounts: frozenset[str]
    quotes: tuple[frozenset[str], ...]  # per quote: its numbers ("amt:<value>|<currency or #>") and entity ids
    lead_places: frozenset[str]
    others: frozenset[str]  # other non-country entity ids
    countries: frozenset[str]


@dataclass(frozen=True, slots=True)
class Weights:
    """The weights of knowledge/link/same_event.yaml (the file is their one source: no defaults here)."""

    lead_event: float
    same_day: float
    near_day: float
    placed: float
    placed_yearless: float
    amount: float
    quote: float
    place: float
    other_entity: float
    max_amounts: int
    max_others: int
    strong_without_time: float


@lru_cache(maxsize=16)
def weights(paths: tuple[str, ...] = ()) -> Weights:
    data = load_yaml("link/same_event.yaml", paths) or {}
    kw = dict(data.get("weights") or {})
    for k in ("max_amounts", "max_others", "strong_without_time"):
        if k in data:
            kw[k] = data[k]
    missing = [f for f in Weights.__dataclass_fields__ if f not in kw]
    if missing:
        raise ValueError(f"link/same_event.yaml lacks {', '.join(missing)}")
    return Weights(**kw)


@dataclass(frozen=True, slots=True)
class Verdict:
    same: bool
    score: float
    reasons: tuple[str, ...]
    events: tuple[str, str] | None  # the lead events found to be one, when any


def amount_key(value: float, currency: str) -> str:
    """An amount to three significant digits with its currency: «$1,5 млрд» and "$1.5 billion" agree."""
    if value <= 0 or not math.isfinite(value):
        return f"amt:{value}|{currency}"
    digits = 3 - int(math.floor(math.log10(abs(value)))) - 1
    return f"amt:{round(value, digits):g}|{currency.upper()}"


def report_card(article: Article, feats: ArticleFeatures, lead_chars: int, paths: tuple[str, ...] = ()) -> ReportCard:
    published: DayRange | None = DayRange(feats.published, feats.published) if feats.published else None
    if published is None:
        published = url_when(article.url)
    exact = published is not None and published.start == published.end
    countries = frozenset(e.id for e in feats.entities if e.is_country)
    kinds = {e.id: e.type for e in article.entities}
    lead_actors = frozenset(e.id for e in article.entities if e.id not in countries
                            and e.type in ("PERSON", "ORG") and any(m.start < lead_chars for m in e.mentions))
    leads = tuple(_lead(ev, paths) for ev in feats.events if ev.evidence.start < lead_chars)
    # the lead events' actors lead too, wherever the text names them first ("the two presidents ..., Putin said")
    lead_actors |= {a for ev in leads for a in ev.actors if kinds.get(a) in ("PERSON", "ORG")}
    placements: list[When] = []
    if not exact:
        stated = [d for d in article.dates if d.source not in ("cluster", "published")]
        whens = [from_partial(d) for d in stated] + [ev.when for ev in feats.events if ev.date_stated]
        years = sorted({d.year for d in stated if d.year})
        for w in list(whens):
            if isinstance(w, MonthDay) and years:  # "8 May" in a text that names 2023 only: 8 May 2023
                whens.remove(w)
                whens += [DayRange(d, d) for d in _in_years(w, years)]
        for w in whens:
            if w is not None and w not in placements and (published is None or distance(w, published) == 0):
                placements.append(w)
    money = [a for a in article.amounts if a.currency]
    amounts = frozenset(amount_key(a.value, a.currency) for a in money)
    quotes = []
    for q in article.quotes:
        inside = {amount_key(a.value, a.currency or "#") for a in article.amounts
                  if a.span and q.start <= a.span.start < q.end and (a.currency or a.value >= _MIN_QUOTED_NUMBER)}
        inside |= {e.id for e in article.entities for m in e.mentions if q.start <= m.start < q.end}
        if inside:
            quotes.append(frozenset(inside))
    others = frozenset(e.id for e in article.entities if e.id not in countries and kinds.get(e.id) in
                       ("PERSON", "ORG", "GPE", "LOC"))
    return ReportCard(article.id, published, exact, tuple(placements[:_MAX_PLACEMENTS]), lead_actors, leads,
                      amounts, tuple(quotes), frozenset(ev.place_key for ev in leads if ev.place_key),
                      others - lead_actors, countries)


def _in_years(md: MonthDay, years: Iterable[int]) -> list[date]:
    out = []
    for y in years:
        try:
            out.append(date(y, md.month, md.day))
        except ValueError:  # 29 February of a common year
            continue
    return out


def _lead(ev: EventInfo, paths: tuple[str, ...]) -> LeadEvent:
    mode = coarse_mode(ev.type, ev.mode, paths) or (ev.mode.casefold() if ev.mode else None)
    actors = tuple(a for a in ev.actor_ids if a not in ev.country_actor_ids)
    return LeadEvent(ev.key, ev.type.upper(), mode, ev.negated, actors, ev.place_key, ev.when, ev.date_stated)


def card_times(card: ReportCard) -> tuple[When, ...]:
    """Where an article lies in time for blocking: its publication, or the days its text names."""
    if card.exact:
        return (card.published,)  # type: ignore[return-value]
    return card.placements or ((card.published,) if card.published is not None else ())


# ------------------------------------------------------------------ the decision
def same_report(a: ReportCard, b: ReportCard, canonical: Callable[[str], str], config: Any,
                w: Weights | None = None) -> Verdict:
    """Whether two articles report the same main event, with the score and its reasons."""
    w = w or weights(config.knowledge_paths)
    window = config.report_window_days
    reasons: list[str] = []
    # vetoes: publications too far apart; no lead actor in common
    if a.published is not None and b.published is not None:
        gap = distance(a.published, b.published)
        if gap > window:
            return Verdict(False, 0.0, (f"published {gap} days apart",), None)
    shared_leads = {canonical(x) for x in a.lead_actors} & {canonical(x) for x in b.lead_actors}
    if not shared_leads:
        return Verdict(False, 0.0, ("no lead actor in common",), None)
    score = 0.0
    # time
    timed = False
    if a.exact and b.exact:
        gap = distance(a.published, b.published)  # type: ignore[arg-type]
        score += w.same_day if gap == 0 else w.near_day
        reasons.append(f"published {gap} days apart")
        timed = True
    else:
        agree = [(x, y) for x in card_times(a) for y in card_times(b) if distance(x, y) <= window]
        if agree:  # a day and month without a year agree with that day of any year: it may weigh less
            dated = any(isinstance(x, DayRange) and isinstance(y, DayRange) for x, y in agree)
            score += w.placed if dated else w.placed_yearless
            reasons.append("dates agree" if dated else "dates agree (no year)")
            timed = True
    # the lead events
    pair = _lead_match(a, b, canonical, config)
    if pair is not None:
        score += w.lead_event
        reasons.append("lead event")
    if a.lead_places & b.lead_places:
        score += w.place
        reasons.append("place")
    # strong anchors
    strong = 0.0
    amounts = a.amounts & b.amounts
    if amounts:
        strong += w.amount * min(len(amounts), w.max_amounts)
        reasons.append(f"{len(amounts)} amount(s)")
    if _quote_match(a, b, canonical):
        strong += w.quote
        reasons.append("quote")
    score += strong
    others = ({canonical(x) for x in a.others} & {canonical(x) for x in b.others}) - shared_leads
    if others:
        score += w.other_entity * min(len(others), w.max_others)
        reasons.append(f"{len(others)} other entities")
    if not timed and strong < w.strong_without_time:
        return Verdict(False, score, tuple(reasons + ["times unknown or apart"]), pair)
    return Verdict(score >= config.report_threshold, score, tuple(reasons), pair)


def _lead_match(a: ReportCard, b: ReportCard, canonical: Callable[[str], str], config: Any) -> tuple[str, str] | None:
    for la in a.leads:
        if la.negated:
            continue
        aa = {canonical(x) for x in la.actors}
        for lb in b.leads:
            if lb.negated or la.type != lb.type:
                continue
            if la.mode and lb.mode and la.mode != lb.mode:
                continue
            if la.place_key and lb.place_key and la.place_key != lb.place_key:
                continue
            if la.date_stated and lb.date_stated and la.when is not None and lb.when is not None \
                    and distance(la.when, lb.when) > config.event_day_tolerance:
                continue
            ab = {canonical(x) for x in lb.actors}
            # two actors in common, or the one actor of both: an event of one person is not one of two
            need = min(2, max(len(aa), len(ab)))
            if need >= 1 and len(aa & ab) >= need:
                return la.key, lb.key
    return None


def _quote_match(a: ReportCard, b: ReportCard, canonical: Callable[[str], str]) -> bool:
    """A quote of one and a quote of the other name the same number (money, or another number of 10 or
    more: "360,000", "37 percent") and entity, or three entities that are not countries."""
    def canon(marks: frozenset[str]) -> set[str]:
        return {m if m.startswith("amt:") else canonical(m) for m in marks}
    countries = {canonical(c) for c in a.countries | b.countries}
    for qa in a.quotes:
        ca = canon(qa)
        for qb in b.quotes:
            shared = ca & canon(qb)
            numbers = {m for m in shared if m.startswith("amt:")}
            if (numbers and len(shared) >= 2) or len(shared - countries) >= 3:
                return True
    return False


# ------------------------------------------------------------------ blocking
def _months(w: DayRange, pad: int, cap: int) -> set[str]:
    start, end = w.start - timedelta(days=pad), min(w.end, w.start + timedelta(days=cap)) + timedelta(days=pad)
    out, d = set(), start.replace(day=1)
    while d <= end:
        out.add(f"{d.year:04d}-{d.month:02d}")
        d = (d + timedelta(days=32)).replace(day=1)
    return out


def amount_filing(card: ReportCard, amt: str, cap: int) -> set[str]:
    """An amount's keys: by month where the article is dated, "undated" where not, and one over all
    time (read by undated probes only, capped: "$1 billion" is in thousands of articles of a big archive)."""
    days = [w for w in card_times(card) if isinstance(w, DayRange)]
    keys = {f"rpa|{amt}|all"}
    if not days:
        return keys | {f"rpa|{amt}|u"}
    return keys | {f"rpa|{amt}|m|{m}" for w in days for m in _months(w, 0, cap)}


def amount_probes(card: ReportCard, amt: str, window: int) -> list[str]:
    """A dated article reads the months within the window of its days and the undated reports; an undated
    one the key over all time. Either of two reports finds the other, whichever comes first."""
    days = [w for w in card_times(card) if isinstance(w, DayRange)]
    if not days:
        return [f"rpa|{amt}|all"]
    return sorted({f"rpa|{amt}|m|{m}" for w in days for m in _months(w, window, 31)}) + [f"rpa|{amt}|u"]


def report_keys(card: ReportCard, max_range_days: int) -> set[str]:
    keys = {k for amt in card.amounts for k in amount_filing(card, amt, max_range_days)}
    for actor in card.lead_actors:
        for w in card_times(card):
            keys |= bucket_keys(f"rp|{actor}", w, max_range_days)
    return keys


class ReportMatcher:
    """Files each article's ``ReportCard`` and finds the earlier-filed articles reporting its main event."""

    def __init__(self, index: LinkIndex, config: Any, canonical: Callable[[str], str],
                 probe_aliases: Callable[[Iterable[str], Iterable[When], int], list[tuple[str, When]]],
                 prefetch: Callable[[Iterable[str]], None] = lambda ids: None) -> None:
        self.index = index
        self.config = config
        self.canonical = canonical
        self.probe_aliases = probe_aliases
        self.prefetch = prefetch

    def add(self, article: Article, feats: ArticleFeatures) -> list[tuple[str, Verdict]]:
        card = report_card(article, feats, self.config.report_lead_chars, self.config.knowledge_paths)
        self.index.put(CARD_KIND, article.id, card)
        found = self.relink(card)
        for key in report_keys(card, self.config.max_range_days):
            self.index.add_key(key, article.id)
        return found

    def card(self, article_id: str) -> ReportCard | None:
        return self.index.get(CARD_KIND, article_id)

    def relink(self, card: ReportCard, through: set[str] | None = None) -> list[tuple[str, Verdict]]:
        """The articles among ``card``'s candidates that report its main event, with the verdicts.

        ``through``: corpus-wide ids of persons just merged; only their keys are probed."""
        window = self.config.report_window_days
        actors = card.lead_actors if through is None else {a for a in card.lead_actors if self.canonical(a) in through}
        ranked = [(0, k) for amt in sorted(card.amounts) for k in amount_probes(card, amt, window)] \
            if through is None else []
        ranked += [r for alias, w in self.probe_aliases(actors, card_times(card), window)
                   for r in ranked_probe_keys(f"rp|{alias}", w, window, self.config.max_range_days)]
        if not ranked:
            return []
        found = nearest_candidates(self.index, nearest_first(ranked), card.id, self.config.report_bucket_cap,
                                   self.config.report_candidate_cap, getattr(self.index, "capped", None))
        cards = self.index.get_many(CARD_KIND, sorted(found))
        if not cards:
            return []
        self.prefetch({x for c in list(cards.values()) + [card] for x in _entity_ids(c)})
        out = []
        for other_id in sorted(cards):
            verdict = same_report(card, cards[other_id], self.canonical, self.config)
            if verdict.same:
                out.append((other_id, verdict))
        return out


def _entity_ids(card: ReportCard) -> set[str]:
    ids = set(card.lead_actors) | set(card.others)
    for ev in card.leads:
        ids.update(ev.actors)
    for q in card.quotes:
        ids.update(m for m in q if not m.startswith("amt:"))
    return ids


__all__ = ["ReportCard", "ReportMatcher", "Verdict", "same_report", "report_card", "amount_key"]
