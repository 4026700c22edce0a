"""Day spans of what is filed under each entity id: the aliases a probe can skip.

Stories and events are filed under (entity id, day) keys, and a probe looks
under every alias of its persons (every id merged into the same person),
because an earlier article was filed under the id it named. A person in the
news for decades gathers aliases, and most of them are named only in articles
far from the probe's days: their keys are empty, and past a million stored
articles reading them was about a fifth of what linking an article cost.

``DaySpans`` keeps, per id, the days under which anything was filed for it
(rounded out to ``BLOCK``-day blocks, so that the record of a person in the
news every day is rewritten about once a month rather than once an article)
and whether anything year-less was. A probe skips an alias whose span cannot
meet the days it would read, so the candidates are those found without it:
only keys that are empty are skipped. An article's own ids are never skipped.

A span is kept from an id's first filing on. An id filed before spans were
kept (a store linked by an earlier version) has its span worked out when first
needed from the articles naming the person (``ent|`` keys), as ``entity:first``
is; one named in more than ``SCAN_CAP`` articles is never skipped. In such a
store an alias that an earlier article filed as a non-person event actor only
is not in its worked-out span.
"""
from __future__ import annotations

from typing import Iterable

from .features import ArticleFeatures
from .index import LinkIndex
from .timing import MonthDay, When

KIND = "span"
BLOCK = 32  # days; spans are rounded out to whole blocks
SCAN_CAP = 64  # articles read to work out a span stored before spans were kept
Span = tuple[int, int, bool]  # first day, last day (ordinals), anything year-less
_EMPTY: Span = (1, 0, False)  # lo > hi: nothing filed
_ALWAYS: Span = (0, 10**7, True)  # never skipped


def filed_ids(feats: ArticleFeatures) -> set[str]:
    """The ids an article is filed under by stories (its persons) and events (non-country actors)."""
    ids = set(feats.persons)
    for ev in feats.events:
        ids.update(a for a in ev.actor_ids if a not in ev.country_actor_ids)
    return ids


def extent(feats: ArticleFeatures, cap: int) -> Span:
    """The days an article files keys under (publication and event dates, each range cut at
    ``cap`` days as ``timing.bucket_keys`` cuts it), rounded out to blocks."""
    lo, hi, yearless = _EMPTY
    whens: list[When] = list(feats.whens) + [ev.when for ev in feats.events if ev.when is not None]
    for w in whens:
        if isinstance(w, MonthDay):
            yearless = True
            continue
        a = w.start.toordinal()
        b = min(w.end.toordinal(), a + cap)
        lo, hi = (a, b) if lo > hi else (min(lo, a), max(hi, b))
    if lo <= hi:
        lo, hi = lo - lo % BLOCK, hi - hi % BLOCK + BLOCK - 1
    return lo, hi, yearless


def merge(a: Span | None, b: Span) -> Span:
    if a is None:
        return b
    if a[0] > a[1]:
        return b[0], b[1], a[2] or b[2]
    if b[0] > b[1]:
        return a[0], a[1], a[2] or b[2]
    return min(a[0], b[0]), max(a[1], b[1]), a[2] or b[2]


class DaySpans:
    def __init__(self, index: LinkIndex, cap: int) -> None:
        self.index = index
        self.cap = cap  # LinkConfig.max_range_days

    def note(self, feats: ArticleFeatures, new_ids: Iterable[str] = ()) -> None:
        """Widen the spans of the ids the article is filed under; ``new_ids`` were never filed before."""
        ext = extent(feats, self.cap)
        ids = sorted(filed_ids(feats))
        self.index.get_many(KIND, ids)
        new = set(new_ids)
        for i in ids:
            cur = self.index.get(KIND, i)
            if cur is None and i not in new:
                cur = self._scan(i)
            wider = merge(cur, ext)
            if wider != cur:
                self.index.put(KIND, i, wider)

    def prefetch(self, ids: Iterable[str]) -> None:
        self.index.get_many(KIND, ids)

    def reaches(self, entity_id: str, when: When, pad: int) -> bool:
        """Whether keys filed under the id may be found by a probe of ``when`` widened by ``pad`` days."""
        return bool(self.reachable([entity_id], [when], pad))

    def reachable(self, ids: Iterable[str], whens: Iterable[When], pad: int) -> list[tuple[str, When]]:
        """The (id, when) pairs whose keys may hold something for a probe of ``when`` widened by ``pad`` days.

        A dated probe reads an id's day keys in its window and its year-less keys; a year-less one reads
        its month-day keys of every year: for it, any filing may match. A busy known person's group may
        have hundreds of aliases, so each span is read once and compared with every window."""
        ids, whens = list(ids), list(whens)
        self.prefetch(ids)
        windows: list[tuple[int, int] | None] = []
        for w in whens:
            if isinstance(w, MonthDay):
                windows.append(None)
            else:
                a = w.start.toordinal()
                windows.append((a - pad, min(w.end.toordinal(), a + self.cap) + pad))
        out = []
        for i in ids:
            lo, hi, yearless = self.index.get(KIND, i) or self._scan(i)
            out += [(i, w) for w, win in zip(whens, windows)
                    if win is None or yearless or (lo <= win[1] and hi >= win[0])]
        return out

    def work_out(self, ids: Iterable[str]) -> int:
        """Work out, many at once, the spans of ids that have none (filed before spans were kept);
        returns how many were worked out. What ``reaches`` would do one id at a time when asked."""
        ids = list(ids)
        have = self.index.get_many(KIND, ids)
        todo = [i for i in ids if i not in have]
        arts = self.index.members_by_key([f"ent|{i}" for i in todo], SCAN_CAP + 1)
        feats = self.index.get_many("features", {a for got in arts.values() if len(got) <= SCAN_CAP for a in got})
        for i in todo:
            got = arts.get(f"ent|{i}", [])
            span = _ALWAYS if len(got) > SCAN_CAP else _EMPTY
            for f in (feats[a] for a in got if a in feats and len(got) <= SCAN_CAP):
                span = merge(span, extent(f, self.cap))
            self.index.put(KIND, i, span)
        return len(todo)

    def _scan(self, entity_id: str) -> Span:
        """Work out the span of an id filed before spans were kept, from the person's articles."""
        self.work_out([entity_id])
        return self.index.get(KIND, entity_id)
