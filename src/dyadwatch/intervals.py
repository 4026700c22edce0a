"""Which of many spans overlap a range, in O(log n + k) instead of a scan of them all.

Stages that asked "does anything overlap this mention?" by scanning every
mention were quadratic in the mentions of an article: a long one (100k
characters and more) spent minutes there (issue #27). ``SpanIndex`` keeps the
spans sorted by start; a span overlapping [a, b) starts before b and after
a minus the longest span's length, so only those are looked at.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import attrgetter, itemgetter
from typing import Any, Callable, Generic, Iterable, TypeVar

T = TypeVar("T")

_START, _END = attrgetter("start"), attrgetter("end")
PAIR = (itemgetter(0), itemgetter(1))  # getters for (start, end) tuples


class SpanIndex(Generic[T]):
    """Items with start/end offsets; ``overlapping(a, b)`` gives those with start < b and end > a,
    in the order they were given."""

    def __init__(self, items: Iterable[T], start: Callable[[T], int] = _START,
                 end: Callable[[T], int] = _END) -> None:
        self._items = list(items)
        self._start, self._end = start, end
        order = sorted(range(len(self._items)), key=lambda i: start(self._items[i]))
        self._order = order
        self._starts = [start(self._items[i]) for i in order]
        self._longest = max((end(x) - start(x) for x in self._items), default=0)

    def __len__(self) -> int:
        return len(self._items)

    def overlapping(self, a: int, b: int) -> list[T]:
        lo = bisect_right(self._starts, a - self._longest)
        hi = bisect_left(self._starts, b)
        hits = sorted(i for i in self._order[lo:hi] if self._end(self._items[i]) > a)
        return [self._items[i] for i in hits]

    def any_overlapping(self, a: int, b: int) -> bool:
        lo = bisect_right(self._starts, a - self._longest)
        hi = bisect_left(self._starts, b)
        return any(self._end(self._items[i]) > a for i in self._order[lo:hi])


def pairs(spans: Iterable[tuple[int, int]]) -> "SpanIndex[Any]":
    """A ``SpanIndex`` of (start, end) tuples."""
    return SpanIndex(spans, *PAIR)


class SpanSet:
    """A growing set of (start, end) spans: ``overlaps(a, b)`` in O(log n + k) and ``append`` keeping
    it sorted, for the loops that claim spans one by one and ask whether a new one is free."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        pairs_ = sorted(spans)
        self._starts = [a for a, _ in pairs_]
        self._ends = [b for _, b in pairs_]
        self._longest = max((b - a for a, b in pairs_), default=0)

    def __len__(self) -> int:
        return len(self._starts)

    def append(self, span: tuple[int, int]) -> None:
        a, b = span
        i = bisect_right(self._starts, a)
        self._starts.insert(i, a)
        self._ends.insert(i, b)
        self._longest = max(self._longest, b - a)

    def overlaps(self, a: int, b: int) -> bool:
        """Whether a span with start < b and end > a is in the set."""
        lo = bisect_right(self._starts, a - self._longest)
        hi = bisect_left(self._starts, b)
        return any(self._ends[i] > a for i in range(lo, hi))
