"""Stories: the articles about one matter, grouped.

A visit's announcement, the visit and its write-up share people and a place
within a few days. Two articles are put in one story when they

- are near-duplicates, or report one merged event (links the ``Linker`` adds), or
- share at least one person (corpus-wide entity id) and, besides, a place
  (an event place or a non-country place entity) or another person or
  organisation, their event places do not contradict each other, and some
  date of one (publication, event dates; the text's dates for an undated
  article) lies within ``story_window_days`` of a date of the other — a
  year-less "22 октября" is placed in the year that brings it closest.

Countries never count as shared: every article of a dyad names both. As a
shared person is required, candidates come from (person, day) buckets only,
at most ``story_bucket_cap`` members of each, and buckets nearest in date
first until ``story_candidate_cap`` candidates are in hand (see "Bounded
blocking" in ``index.py``): the president's day bucket at a million articles
holds dozens, and one link into a story is enough to join it.
The story id comes from the story's first article (published, ingested, id).

A story spans at most ``story_max_span_days`` (its articles' anchor days:
publication, else the text's first day; kept per story as ``story:span``): a
link that would stretch it further is not made, so the same two presidents
in the news every few days make one story a month, not one for years; event
dates farther than that from an article's publication (background) do not
place it at all. Copies and other outlets' reports of one main event join
whatever the span. Where the bound binds (a chain of linked articles longer
than the span), which links are refused depends on the order articles come
in; below it, as before, the grouping does not.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from ..document import stable_id
from .features import ArticleCard, ArticleFeatures, read_cards
from .index import Grouping, nearest_candidates
from .timing import DayRange, bucket_keys, distance, nearest_first, ranked_probe_keys


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    articles: tuple[str, ...]  # first article first
    events: tuple[str, ...]  # merged event ids
    title: str | None
    start: str | None
    end: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "articles": list(self.articles), "events": list(self.events), "title": self.title,
                "start": self.start, "end": self.end, "n_articles": len(self.articles)}


SPAN_KIND = "story:span"  # (first, last) anchor day of a story, under its root; () when undated


def _joined(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | tuple[()]:
    if not a:
        return b or ()
    if not b:
        return a
    return min(a[0], b[0]), max(a[1], b[1])


def story_id(first_article_id: str) -> str:
    return stable_id(first_article_id, prefix="story_")


class StoryLinker(Grouping):
    kind = "story"

    # ------------------------------------------------------------ comparison
    def same_story(self, a: ArticleFeatures | ArticleCard, b: ArticleFeatures | ArticleCard) -> bool:
        return self._may_match(a, b) and self._share_persons(a, b)

    def _may_match(self, a: ArticleFeatures | ArticleCard, b: ArticleFeatures | ArticleCard) -> bool:
        """What ``same_story`` asks that needs no corpus-wide ids: dates in the window, no two places.
        Asked of each candidate first, so only those that pass have their persons' ids read."""
        if not a.whens or not b.whens or not a.persons or not b.persons:
            return False
        if a.event_places and b.event_places and not (a.event_places & b.event_places):
            return False  # both say where, and they say different places
        window = self.config.story_window_days
        return any(distance(x, y) <= window for x in a.whens for y in b.whens)

    def _share_persons(self, a: ArticleFeatures | ArticleCard, b: ArticleFeatures | ArticleCard) -> bool:
        """A shared person (corpus-wide id) and, besides, a place or another person or organisation."""
        shared_persons = {self.canonical(p) for p in a.persons} & {self.canonical(p) for p in b.persons}
        if not shared_persons:
            return False
        return bool(a.places & b.places) or len(shared_persons) + len(a.orgs & b.orgs) >= 2

    # ------------------------------------------------------------ adding
    def add(self, feats: ArticleFeatures) -> list[str]:
        self.sets.add(feats.id)
        joined = self.relink(feats)
        for person in feats.persons:  # a story needs a shared person: file under (person, day)
            for w in feats.whens:
                for k in bucket_keys(f"st|{person}", w, self.config.max_range_days):
                    self.index.add_key(k, feats.id)
        return joined

    def relink(self, feats: ArticleFeatures, through: set[str] | None = None) -> list[str]:
        """Compare the article with its (person, day) candidates and join the stories that match.

        ``through``: corpus-wide ids of persons just merged; only their buckets are probed (a pair
        that is one story now and was not before shares such a person).
        """
        persons = feats.persons if through is None else {p for p in feats.persons if self.canonical(p) in through}
        pad = self.config.story_window_days
        keys = nearest_first(r for alias, w in self.probe_aliases(persons, feats.whens, pad)
                             for r in ranked_probe_keys(f"st|{alias}", w, pad, self.config.max_range_days))
        found = nearest_candidates(self.index, keys, feats.id, self.config.story_bucket_cap,
                                   self.config.story_candidate_cap, getattr(self.index, "capped", None))
        cards = read_cards(self.index, found)  # their cards, not their features: see ArticleCard
        others = {i: c for i, c in cards.items() if self._may_match(feats, c)}
        if others:  # their persons' corpus-wide ids, read together
            self.prefetch({p for c in others.values() for p in c.persons} | feats.persons)
        joined = []
        for other_id in sorted(others):
            if self._share_persons(feats, others[other_id]) and self._within_span(feats.id, other_id):
                self.join(feats.id, other_id)
                joined.append(other_id)
        return joined

    def join(self, a: str, b: str, bounded: bool = False) -> None:
        """One story; the joined span is kept. Copies and reports of one main event join whatever the span;
        ``bounded`` (two reports of one event, where one may recall it years later) only within it."""
        if bounded and not self._within_span(a, b):
            return
        sa, sb = self.span(a), self.span(b)
        if self.sets.union(a, b):
            self.index.put(SPAN_KIND, self.sets.find(a), _joined(sa, sb))

    # ------------------------------------------------------------ span
    def span(self, article_id: str) -> tuple[int, int] | None:
        """First and last anchor day (ordinals) of the article's story; None when none is dated."""
        root = self.sets.find(article_id)
        got = self.index.get(SPAN_KIND, root)
        if got is None:  # a single article, or a story stored before spans were kept: from its cards
            members = self.sets.members(article_id)
            days = [c.anchor for c in read_cards(self.index, members).values() if getattr(c, "anchor", None)]
            got = (min(days), max(days)) if days else ()
            self.index.put(SPAN_KIND, root, got)
        return got or None

    def _within_span(self, a: str, b: str) -> bool:
        joined = _joined(self.span(a), self.span(b))
        return not joined or joined[1] - joined[0] <= self.config.story_max_span_days

    # ------------------------------------------------------------ records
    def story_of(self, article_id: str, features: Callable[[str], ArticleFeatures | None],
                 titles: Callable[[str], str | None], event_ids: Callable[[str], list[str]]) -> Story:
        members = [m for m in self.sets.members(article_id) if features(m) is not None]
        ordered = sorted(members, key=lambda m: features(m).order_key)  # type: ignore[union-attr]
        days: list[date] = []
        for m in ordered:
            for w in features(m).whens:  # type: ignore[union-attr]
                if isinstance(w, DayRange):
                    days.extend((w.start, w.end))
        evs = sorted({e for m in ordered for e in event_ids(m)})
        return Story(story_id(ordered[0]), tuple(ordered), tuple(evs), titles(ordered[0]),
                     min(days).isoformat() if days else None, max(days).isoformat() if days else None)
