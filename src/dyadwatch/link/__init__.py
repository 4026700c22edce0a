"""Linking across articles: duplicates, merged events, stories, dates from siblings, follow-ups.

``Linker`` takes analysed ``Article`` records one at a time (``add``) and
joins each to what is already there — near-duplicates and other outlets'
reports of its main event (both set ``duplicate_of``: reports.py), reports of
the same event, the story it belongs to, the same unknown person, commitments it
follows up — using only candidates from its blocking index (day buckets,
LSH bands, name keys, commitment objects), never all pairs. The groupings
are connected components of pairwise links and every id is derived from
group members, so any ingest order gives the same result while no blocking
bucket is past its cap (index.py says what a capped bucket can change).

``link_all(articles)`` links a batch and returns the articles with
``duplicate_of``, ``story``, corpus-wide entity ids and back-filled dates
set, plus the merged events, the stories and the commitment ledger.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Iterable, NamedTuple

from ..document import content_hash
from ..records import Actor, Article, PartialDate
from .backfill import backfill_article
from .config import LinkConfig
from .duplicates import DuplicateFinder
from .entities import ALL_ARTICLES, COUNT_KIND, EntityLinker
from .events import EventMerger, MergedEvent, build_merged, merged_event_id
from .features import CARD_KIND, ArticleFeatures, article_card, event_key, extract_features, is_country
from .followups import FollowupLinker, LedgerEntry, read_commitments, read_mentions
from .index import DisjointSets, LinkIndex, MemoryIndex
from .reports import CARD_KIND as REPORT_CARD_KIND
from .reports import ReportMatcher
from .spans import KIND as SPAN_KIND
from .spans import DaySpans
from .stories import Story, StoryLinker, story_id

__all__ = ["Linker", "LinkUpdate", "LinkResult", "LinkConfig", "MemoryIndex", "LinkIndex", "MergedEvent",
           "Story", "LedgerEntry", "link_all", "REWRITE_CAUSES"]


@dataclass(frozen=True, slots=True)
class LinkUpdate:
    """What adding one article changed."""

    article_id: str
    duplicate_of: str | None
    story: str
    events: tuple[str, ...]  # merged event ids of the article's events
    linked_articles: tuple[str, ...]  # other articles now in its story
    affected_articles: tuple[str, ...]  # every other article whose linked view (``Linker.article``) may have
    # changed: new story id or original, a date its new siblings may complete, a person renamed
    entity_ids: tuple[tuple[str, str], ...]  # (entity id, corpus-wide id) that changed
    commitments: tuple[str, ...]  # ledger entry ids it created or followed up
    commitment_keys: tuple[str, ...] = ()  # the commitments (keys) of those entries it touched

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "duplicate_of": self.duplicate_of, "story": self.story,
                "events": list(self.events), "linked_articles": list(self.linked_articles),
                "affected_articles": list(self.affected_articles),
                "entity_ids": [list(p) for p in self.entity_ids], "commitments": list(self.commitments)}


class LinkResult(NamedTuple):
    articles: list[Article]
    events: list[MergedEvent]
    stories: list[Story]
    ledger: list[LedgerEntry]


REWRITE_CAUSES = ("renamed", "relinked", "views")  # the keys of Linker.rewrites


class Linker:
    def __init__(self, config: LinkConfig | None = None, index: LinkIndex | None = None,
                 settings: Any = None) -> None:
        self.config = config or LinkConfig.from_settings(settings)
        self.index: LinkIndex = index if index is not None else MemoryIndex()
        self.entities = EntityLinker(self.index, self.config)
        self.duplicates = DuplicateFinder(self.index, self.config)
        self.dup_sets = DisjointSets(self.index, "duplicate")
        self.spans = DaySpans(self.index, self.config.max_range_days)
        self.events = EventMerger(self.index, self.config, self.entities.canonical, self.entities.sets.members,
                                  self.entities.prefetch, self.spans)
        self.stories = StoryLinker(self.index, self.config, self.entities.canonical, self.entities.sets.members,
                                   self.entities.prefetch, self.spans)
        self.followups = FollowupLinker(self.index, self.config, self.entities.canonical)
        self.reports = ReportMatcher(self.index, self.config, self.entities.canonical, self.stories.probe_aliases,
                                     self.entities.prefetch)
        self.counters: Counter[str] = Counter()
        # Articles added before whose linked view an ``add`` changed, by cause (summed over the adds, so
        # one article may count twice, and one added earlier in the same batch counts too): stored ones
        # are rewritten with the batch, so a cause that grows with the archive is a cost that does too.
        # renamed: naming an id a person merge renamed; relinked: compared again after the merge (not
        # renamed); views: a new first article of their story or original (duplicate_of), or dates a
        # joined group may complete.
        self.rewrites: Counter[str] = Counter({cause: 0 for cause in REWRITE_CAUSES})

    # ------------------------------------------------------------ lookups
    def features(self, article_id: str) -> ArticleFeatures | None:
        return self.index.get("features", article_id)

    def _order(self, article_id: str) -> tuple:
        f = self.features(article_id)
        return f.order_key if f else ("9999", "", article_id)

    def __contains__(self, article_id: str) -> bool:
        return self.index.get("article", article_id) is not None

    def __len__(self) -> int:
        return sum(1 for _ in self.index.ids("article"))

    # ------------------------------------------------------------ adding
    def _prefetch(self, article: Article) -> None:
        """Read the records adding this article looks up for its own ids in one go (mostly "none yet")."""
        aid = article.id
        pairs = [("article", aid), ("features", aid), ("minhash", aid), (REPORT_CARD_KIND, aid),
                 (self.stories.sets.parent_kind, aid),
                 (self.dup_sets.parent_kind, aid)]
        for i, ev in enumerate(article.events):
            key = event_key(aid, ev, i)
            pairs += [("event", key), (self.events.sets.parent_kind, key)]
        pairs.append((COUNT_KIND, ALL_ARTICLES))
        pairs += [(COUNT_KIND, e.id) for e in article.entities if not is_country(e)]
        for e in article.entities:
            if e.type == "PERSON":
                pairs += [("entity", e.id), (self.entities.sets.parent_kind, e.id), ("entity:canonical", e.id),
                          ("entity:first", e.id), (SPAN_KIND, e.id)]
        self.index.prefetch(pairs)

    def add(self, article: Article) -> LinkUpdate:
        self._prefetch(article)
        old = self.index.get("article", article.id)
        if old is not None:
            if old.content_hash == article.content_hash and old.text == article.text:
                return self.update_for(article.id, (), (), ())
            raise ValueError(f"article {article.id!r} is already linked with other content")
        for sets in self._view_sets:
            sets.joined = []  # the unions of this add, for _changed_views
        self.index.put("article", article.id, article)
        feats = extract_features(article, self.config)
        self.index.put("features", article.id, feats)
        self.index.put(CARD_KIND, article.id, article_card(feats))
        self.stories.sets.add(article.id)
        self.dup_sets.add(article.id)

        entity_changes = self.entities.add(feats)
        self.spans.note(feats, self.entities.new_ids)
        for other in self.duplicates.add(article):
            self.dup_sets.union(article.id, other)
            self.stories.join(article.id, other)
        self._join_event_stories(self.events.add(feats))
        self._join_reports(article.id, self.reports.add(article, feats))
        self.stories.add(feats)
        renamed: set[str] = set()
        if entity_changes:
            renamed = self._relink_entities([old_id for old_id, _ in entity_changes], skip=article.id)
        commitments = read_commitments(article, feats, self.config, self.entities.canonical)
        mentions = read_mentions(article, feats, self.config, self.entities.canonical)
        touched = self.followups.add(commitments, mentions)
        changed = self._changed_views(article.id)
        self.rewrites["views"] += len(changed - renamed)
        # a follow-up changes the ledger (``commitments``), not the linked view of the article followed up
        return self.update_for(article.id, tuple(entity_changes), tuple(touched), renamed | changed)

    @property
    def _view_sets(self) -> tuple[DisjointSets, ...]:
        return (self.stories.sets, self.dup_sets, self.events.sets)

    def _changed_views(self, article_id: str) -> set[str]:
        """Earlier articles whose linked view (``article``) the unions of this ``add`` may have changed.

        A union changes a member's view when it changes the first article of the member's group (its
        story id, its duplicate_of), or when the member has a date that the joined group may complete
        (a year-less day, an undated event; see backfill.py). The other members keep their views, so
        a story that grows by one article does not rewrite every earlier one.
        """
        logs = {sets: sets.joined or [] for sets in self._view_sets}
        for sets in self._view_sets:
            sets.joined = None
        arts = {m.rsplit("#", 1)[0] for log in logs.values() for pair in log for side in pair for m in side}
        if not arts:
            return set()
        self.index.get_many("features", arts)
        final_firsts: dict[tuple[int, str], str] = {}

        def final_first(sets: DisjointSets, x: str) -> str:
            root = (id(sets), sets.find(x))
            if root not in final_firsts:
                final_firsts[root] = min(sets.members(x), key=self._order)
            return final_firsts[root]

        out: set[str] = set()
        for sets in (self.stories.sets, self.dup_sets):
            for pair in logs[sets]:
                for side in pair:
                    if min(side, key=self._order) != final_first(sets, side[0]):
                        out.update(side)  # a new first article: a new story id, or a new original
                    elif sets is self.stories.sets:
                        out.update(m for m in side if self._completable(m))  # new siblings
        for pair in logs[self.events.sets]:  # event keys: "<article id>#<event id>"
            out.update(a for side in pair for key in side if self._completable(a := key.rsplit("#", 1)[0]))
        out.discard(article_id)
        return out

    def _completable(self, article_id: str) -> bool:
        f = self.features(article_id)
        return f is not None and f.completable_dates is not False

    def _join_event_stories(self, event_keys: Iterable[str]) -> None:
        for key in event_keys:
            members = self.events.sets.members(key)
            first = members[0].rsplit("#", 1)[0]
            for m in members[1:]:
                self.stories.join(first, m.rsplit("#", 1)[0], bounded=True)

    def _join_reports(self, article_id: str, found: Iterable[tuple[str, Any]]) -> None:
        """Another outlet's report of the article's main event: one original, one story, and the lead
        events found to be one are one merged event."""
        for other, verdict in found:
            self.dup_sets.union(article_id, other)
            self.stories.join(article_id, other)
            if verdict.events is not None:
                self.events.sets.union(*verdict.events)

    def _relink_entities(self, entity_ids: list[str], skip: str) -> set[str]:
        """A person became one corpus-wide entity: re-compare the articles of one side of the merge.

        Each newly possible pair has an article naming an id that was renamed and one naming an id of
        the group that kept its corpus-wide id; either article finds the other, since it probes under
        every alias of the joined group. So only the side with fewer articles is read (a known
        person's thousands of articles are not), and of it at most ``relink_cap`` articles, the first
        by id (counted in ``stats()["relink_capped"]``). Returns the articles whose views change: every
        article naming a renamed id (its stored view carries the corpus-wide id), and those re-compared.
        """
        renamed = set(entity_ids)
        arts = set(self.index.members_many([f"ent|{eid}" for eid in sorted(renamed)])) - {skip}
        stayed = {m for eid in renamed for m in self.entities.sets.members(eid)} - renamed
        side = arts
        if stayed:  # read the other side only up to the size of this one: enough to tell which is smaller
            other = set(self.index.members_many([f"ent|{eid}" for eid in sorted(stayed)],
                                                limit=len(arts) + 1)) - {skip}
            if len(other) < len(arts):
                side = other
        cap = self.config.relink_cap
        todo = sorted(side)
        if cap is not None and len(todo) > cap:
            self.counters["relink_capped"] += 1
            self.counters["relink_skipped"] += len(todo) - cap
            todo = todo[:cap]
        # a pair that links now and did not before shares the merged person: only its keys are probed
        merged = {self.entities.canonical(eid) for eid in renamed}
        self.index.get_many("features", todo)
        for aid in todo:
            feats = self.features(aid)
            if feats is None:
                continue
            for ev in feats.events:
                joined = self.events.relink(ev, through=merged)
                self._join_event_stories([ev.key] if joined else [])
            self.stories.relink(feats, through=merged)
            card = self.reports.card(aid)
            if card is not None:
                self._join_reports(aid, self.reports.relink(card, through=merged))
        self.rewrites["renamed"] += len(arts)
        self.rewrites["relinked"] += len(set(todo) - arts)
        return arts | set(todo)

    def stats(self) -> dict[str, int]:
        """What bounded linking left out so far: capped key reads (the index's) and capped relinks."""
        index_stats = getattr(self.index, "capped", {})
        return {**dict(index_stats), **self.counters}

    # ------------------------------------------------------------ views
    def update_for(self, article_id: str, entity_changes: tuple, touched: tuple,
                   affected: Iterable[str]) -> LinkUpdate:
        evs = tuple(sorted(set(self._event_ids(article_id))))
        story_members = self.stories.sets.members(article_id)
        first = min(story_members, key=self._order)
        self.followups.sets.prefetch_groups(touched)  # a follow-up may touch many commitments: read them at once
        ledger_ids = tuple(sorted({self.followups.entry_id(k) for k in touched}))
        linked = tuple(m for m in story_members if m != article_id)
        return LinkUpdate(article_id, self.duplicate_of(article_id), story_id(first), evs, linked,
                          tuple(sorted(set(affected) - {article_id})), entity_changes, ledger_ids, tuple(touched))

    def duplicate_of(self, article_id: str) -> str | None:
        group = self.dup_sets.members(article_id)
        if len(group) > 1:
            self.index.get_many("features", group)
        original = min(group, key=self._order)
        return None if original == article_id else original

    def story_of(self, article_id: str) -> Story:
        return self.stories.story_of(article_id, self.features, self._title, self._event_ids)

    def _title(self, article_id: str) -> str | None:
        a = self.index.get("article", article_id)
        return a.title if a else None

    def _event_ids(self, article_id: str) -> list[str]:
        f = self.features(article_id)
        return [merged_event_id(self.events.sets.members(ev.key), self.features) for ev in f.events] if f else []

    def _merged_date_for(self, feats: ArticleFeatures):
        def merged_date(i: int) -> PartialDate | None:
            if i >= len(feats.events):
                return None
            others = [self.index.get("event", k) for k in self.events.sets.members(feats.events[i].key)
                      if k.rsplit("#", 1)[0] != feats.id]
            if not others:
                return None
            return build_merged(others, self.features, self.entities.canonical).date
        return merged_date

    def article(self, article_id: str) -> Article:
        """The article as linked: duplicate_of, story, corpus-wide entity ids, back-filled dates."""
        art: Article = self.index.get("article", article_id)
        feats = self.features(article_id)
        siblings = [f for m in self.stories.sets.members(article_id) if m != article_id
                    and (f := self.features(m)) is not None]
        art, _ = backfill_article(art, siblings, self.config.backfill_window_days, self._merged_date_for(feats))
        art = self._canonical_ids(art)
        return replace(art, duplicate_of=self.duplicate_of(article_id), story=self.story_id_of(article_id))

    def story_id_of(self, article_id: str) -> str:
        """The id of the article's story (its first article's), without building the whole ``Story``."""
        members = self.stories.sets.members(article_id)
        self.index.get_many("features", members)  # one read for the members' order keys, not one each
        return story_id(min(members, key=self._order))

    def _canonical_ids(self, art: Article) -> Article:
        canon = self.entities.canonical
        changed = {e.id: canon(e.id) for e in art.entities if canon(e.id) != e.id}
        if not changed:
            return art

        def actor(a: Actor | None) -> Actor | None:
            return replace(a, entity=changed.get(a.entity, a.entity)) if a is not None and a.entity else a

        entities = tuple(replace(e, id=changed.get(e.id, e.id),
                                 mentions=tuple(replace(m, entity=changed.get(m.entity, m.entity))
                                                if m.entity else m for m in e.mentions))
                         for e in art.entities)
        events = tuple(replace(ev, actors=tuple(actor(a) for a in ev.actors)) for ev in art.events)
        quotes = tuple(replace(q, speaker=actor(q.speaker)) for q in art.quotes)
        commitments = tuple(replace(c, actor=actor(c.actor)) for c in art.commitments)
        meta = {**dict(art.meta), "linked_entity_ids": changed}
        return replace(art, entities=entities, events=events, quotes=quotes, commitments=commitments, meta=meta)

    def article_ids(self) -> list[str]:
        return sorted(self.index.ids("article"), key=self._order)

    def merged_events(self) -> list[MergedEvent]:
        return self.events.all_merged(self.features)

    def all_stories(self) -> list[Story]:
        firsts = {min(g, key=self._order) for g in self.stories.sets.groups()}
        return sorted((self.story_of(a) for a in firsts), key=lambda s: s.id)

    def ledger(self, today: date | None = None) -> list[LedgerEntry]:
        return self.followups.ledger(today or date.today(), self._order)

    def result(self, order: Iterable[str] | None = None, today: date | None = None) -> LinkResult:
        ids = list(order) if order is not None else self.article_ids()
        return LinkResult([self.article(i) for i in ids], self.merged_events(), self.all_stories(),
                          self.ledger(today))


def link_all(articles: Iterable[Article], config: LinkConfig | None = None, today: date | None = None,
             settings: Any = None) -> LinkResult:
    """Link a batch: the articles (in input order) with their links set, merged events, stories, ledger."""
    linker = Linker(config, settings=settings)
    order = []
    for art in articles:
        if art.id in linker:
            held = linker.index.get("article", art.id)
            if held.content_hash == art.content_hash and held.text == art.text:
                continue  # the same article twice
            # another article with this id (two dumps' record ids): kept apart, never dropped or replaced
            art = replace(art, id=f"{art.id}~{(art.content_hash or content_hash(art.text))[:8]}")
            if art.id in linker:
                continue
        linker.add(art)
        order.append(art.id)
    return linker.result(order, today)
