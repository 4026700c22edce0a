"""The blocking index the linker keeps between articles.

The linker never compares all pairs: each article, event, entity and
commitment is filed under a few string keys (day buckets, LSH bands, surname
variants, commitment objects and amounts), and candidates are what shares a
key. No key is a country alone: every article of a dyad names both, so such a
key would list the whole corpus (countries may refine a key, never be one). The
index also keeps the small records the linker needs to compare candidates
(article features, MinHash signatures) and the disjoint sets that hold the
groupings (duplicates, merged events, stories, entities, commitments).

``LinkIndex`` is the interface a persistent store implements (one table of
(key, member) rows, one of (kind, id, value) records); ``MemoryIndex`` is the
in-memory implementation used by ``Linker`` by default and by the tests. The
linkers ask for many keys and records at once (``members_many``, ``get_many``,
``prefetch``), so a store answers an article in a few queries, not hundreds.

Bounded blocking. A day bucket of a busy actor (the president, every day)
grows with the corpus: at a million stored articles over fifteen years one
(person, day) key holds ~25 members, against ~2 at 100k. The linkers read at
most a ``LinkConfig`` cap of members of each such key (``story_bucket_cap``,
``event_bucket_cap``, ``commitment_bucket_cap``, ``name_bucket_cap``): the
same ones whatever asks, the smallest ids in sorted order, so in a dense
bucket every newcomer is compared with the same few members,
and those act as the bucket's hubs. Groupings are connected components, so
one link into a group is as good as many: a newcomer that matches any hub
joins the group the hubs are in. What is lost: a newcomer that matches only
a member past the cap (not one of the hubs) is not joined to it, and which
members are past the cap depends on what was stored when the newcomer came,
so in a capped bucket the grouping can depend on ingest order. Buckets below
the cap (every one in the test corpus and in ordinary use) are read whole and
the result is order-independent as before. Stories and events also cap the
candidates of one probe in all (``nearest_candidates``): buckets are taken
nearest in date first, and at each distance the buckets read whole before the
capped ones, so a report that must share a quiet actor and a busy one is
looked for in the quiet actor's bucket, where it surely is. Reads that hit a
cap are counted (``stats()["capped_keys"]``, ``["probes_cut"]``).

Measured on a synthetic corpus as dense as the store bench at a million
articles (6,000 articles over 40 days, ~150 a day), against the same corpus
linked with no caps: duplicates, persons and the commitment ledger the same;
merged events 367 pairs of reports together against 380 (3% lost); stories
break up, 129k pairs together against 1.18M, where the uncapped linking
chains a daily president and capital into one 1,529-article "story".
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Callable, Iterable, Iterator, Protocol


class LinkIndex(Protocol):
    def add_key(self, key: str, member: str) -> None:
        """File ``member`` under ``key`` (idempotent; a write only, never a read)."""

    def members(self, key: str, limit: int | None = None) -> Iterable[str]:
        """Everything filed under ``key``; with ``limit``, the first ``limit`` members in sorted order."""

    def members_many(self, keys: Iterable[str], limit: int | None = None) -> set[str]:
        """Everything filed under any of ``keys`` (one query for a store, not one per key); with ``limit``,
        at most the first ``limit`` members of each key in sorted order (see "Bounded blocking")."""

    def members_by_key(self, keys: Iterable[str], limit: int) -> dict[str, list[str]]:
        """For each of ``keys``, its first ``limit`` members in sorted order (one query for a store)."""

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Any]:
        """The stored records of a kind for ``ids`` (those that exist), read together."""

    def prefetch(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Read the records of (kind, id) pairs of several kinds together, so later ``get`` calls are answered
        from memory (a hint: an index held in memory does nothing)."""

    def put(self, kind: str, id: str, value: Any) -> None:
        """Store a record (replacing an earlier one of the same kind and id)."""

    def get(self, kind: str, id: str, default: Any = None) -> Any:
        """A stored record, or ``default``."""

    def ids(self, kind: str) -> Iterable[str]:
        """Ids of every record of a kind."""


class MemoryIndex:
    """Dictionaries in memory; the reference implementation of ``LinkIndex``."""

    def __init__(self) -> None:
        self._keys: dict[str, set[str]] = defaultdict(set)
        self._records: dict[str, dict[str, Any]] = defaultdict(dict)
        self.capped: Counter[str] = Counter()  # reads that hit a cap, and members left unread

    def add_key(self, key: str, member: str) -> None:
        self._keys[key].add(member)

    def members(self, key: str, limit: int | None = None) -> Iterable[str]:
        got = self._keys.get(key, ())
        return got if limit is None else sorted(got)[:limit]

    def members_many(self, keys: Iterable[str], limit: int | None = None) -> set[str]:
        out: set[str] = set()
        for key in keys:
            got = self._keys.get(key, ())
            if limit is not None and len(got) > limit:
                self.capped["capped_keys"] += 1
                self.capped["members_skipped"] += len(got) - limit
                got = sorted(got)[:limit]
            out.update(got)
        return out

    def members_by_key(self, keys: Iterable[str], limit: int) -> dict[str, list[str]]:
        return {key: sorted(got)[:limit] for key in dict.fromkeys(keys) if (got := self._keys.get(key))}

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Any]:
        records = self._records.get(kind, {})
        return {i: records[i] for i in ids if records.get(i) is not None}

    def prefetch(self, pairs: Iterable[tuple[str, str]]) -> None:
        pass

    def put(self, kind: str, id: str, value: Any) -> None:
        self._records[kind][id] = value

    def get(self, kind: str, id: str, default: Any = None) -> Any:
        return self._records.get(kind, {}).get(id, default)

    def ids(self, kind: str) -> Iterable[str]:
        return self._records.get(kind, {}).keys()

    def stats(self) -> dict[str, int]:
        return {"keys": len(self._keys), "largest_bucket": max((len(v) for v in self._keys.values()), default=0),
                **{f"records:{k}": len(v) for k, v in self._records.items()}, **self.capped}


def candidates(index: LinkIndex, keys: Iterable[str], exclude: str | None = None,
               limit: int | None = None) -> set[str]:
    """What shares a key with the probe; with ``limit``, at most that many members read per key."""
    out = set(index.members_many(keys, limit) if limit is not None else index.members_many(keys))
    out.discard(exclude)  # type: ignore[arg-type]
    return out


# Keys are read in rings of distance, nearest first, each ring in one read: a probe that finds
# its candidates among the days next to it (a busy actor, every day) reads no further keys.
_RING_LIMITS = (1,)  # the last distance of each ring but the last


def nearest_candidates(index: LinkIndex, ranked: list[tuple[int, str]], exclude: str | None, limit: int | None,
                       total: int | None, counts: Any = None) -> set[str]:
    """Candidates from (distance, key) pairs: at most ``limit`` members of each key, keys taken nearest
    first until ``total`` candidates are in hand (the key that reaches it is taken whole).

    At each distance, keys read whole (at most ``limit`` members) come before capped ones: a match
    that must share a quiet actor and a busy one is surely in the quiet actor's bucket, and only
    perhaps among the busy one's first members. Keys are read ring by ring (``_RING_LIMITS``), so
    keys beyond the ring that completes the candidates are never read. Without limits, everything
    under the keys. ``counts`` (a Counter) counts capped keys and probes cut short (stopped with keys
    left to take).
    """
    keys = [k for _, k in ranked]
    if limit is None and total is None:
        return candidates(index, keys, exclude)
    cap = limit if limit is not None else 10**9
    rings: list[list[tuple[int, int, str]]] = [[] for _ in range(len(_RING_LIMITS) + 1)]
    for i, (dist, key) in enumerate(ranked):
        rings[sum(1 for last in _RING_LIMITS if dist > last)].append((dist, i, key))
    rings = [r for r in rings if r]
    out: set[str] = set()
    for r, ring in enumerate(rings):
        by_key = index.members_by_key([k for _, _, k in ring], cap + 1)  # one more tells a capped key
        ordered = [k for _, _, _, k in sorted((dist, len(by_key.get(k, ())) > cap, i, k) for dist, i, k in ring)]
        for j, key in enumerate(ordered):
            got = by_key.get(key, ())
            if len(got) > cap and counts is not None:
                counts["capped_keys"] += 1
            out.update(got[:cap])
            out.discard(exclude)  # type: ignore[arg-type]
            if total is not None and len(out) >= total:
                if counts is not None and (any(by_key.get(k) for k in ordered[j + 1:]) or r + 1 < len(rings)):
                    counts["probes_cut"] += 1
                return out
    return out


class DisjointSets:
    """Union-find kept in the index, so groupings survive between ``add`` calls.

    The grouping is the connected components of the links found, which do
    not depend on the order links are found in; the ids shown to users are
    derived from the members (see ``members``), never from the root.
    """

    def __init__(self, index: LinkIndex, name: str) -> None:
        self.index = index
        self._parent = f"uf:{name}:parent"
        self._members = f"uf:{name}:members"
        # set to a list to log the groups each union joins (their member tuples as they were)
        self.joined: list[tuple[tuple[str, ...], tuple[str, ...]]] | None = None

    def add(self, x: str) -> None:
        if self.index.get(self._parent, x) is None:
            self.index.put(self._parent, x, x)
            self.index.put(self._members, x, (x,))

    @property
    def parent_kind(self) -> str:
        """The index record kind holding the parent pointers (for ``LinkIndex.prefetch``)."""
        return self._parent

    def __contains__(self, x: str) -> bool:
        return self.index.get(self._parent, x) is not None

    def find(self, x: str) -> str:
        parent = self.index.get(self._parent, x)
        if parent is None:
            return x
        root = x
        while parent != root:
            root = parent
            parent = self.index.get(self._parent, root)
        while x != root:  # path compression
            nxt = self.index.get(self._parent, x)
            self.index.put(self._parent, x, root)
            x = nxt
        return root

    def union(self, a: str, b: str) -> bool:
        """Join the groups of a and b; True when they were apart."""
        self.add(a)
        self.add(b)
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ma, mb = self.index.get(self._members, ra), self.index.get(self._members, rb)
        if len(ma) < len(mb) or (len(ma) == len(mb) and rb < ra):
            ra, rb, ma, mb = rb, ra, mb, ma
        self.index.put(self._parent, rb, ra)
        self.index.put(self._members, ra, tuple(sorted(set(ma) | set(mb))))
        self.index.put(self._members, rb, None)
        if self.joined is not None:
            self.joined.append((ma, mb))
        return True

    def prefetch(self, xs: Iterable[str]) -> set[str]:
        """Read the parent chains of many elements together (a store reads them in a few queries); their roots."""
        todo, seen, roots = set(xs), set(), set()
        while todo:
            parents = self.index.get_many(self._parent, todo)
            seen |= todo
            roots |= {x for x, p in parents.items() if p == x}
            todo = {p for x, p in parents.items() if p != x} - seen
        return roots

    def prefetch_groups(self, xs: Iterable[str]) -> None:
        """Read the parent chains and member lists of many elements' groups together."""
        self.index.get_many(self._members, self.prefetch(xs))

    def members(self, x: str) -> tuple[str, ...]:
        """Every member of x's group, sorted."""
        if x not in self:
            return (x,)
        return self.index.get(self._members, self.find(x))

    def groups(self) -> Iterator[tuple[str, ...]]:
        for x in list(self.index.ids(self._members)):
            m = self.index.get(self._members, x)
            if m:
                yield m


class Grouping:
    """Shared state of the linkers that group things into disjoint sets (merged events, stories).

    ``canonical`` maps an entity id to its corpus-wide id; ``aliases`` gives every id now known to be the
    same entity; ``prefetch`` reads the corpus-wide ids of many entities at once (candidates' actors are
    compared through ``canonical``). Subclasses set ``kind``, the namespace of their sets in the index.
    """

    kind = ""

    def __init__(self, index: LinkIndex, config: Any, canonical: Callable[[str], str],
                 aliases: Callable[[str], Iterable[str]] = lambda x: (x,),
                 prefetch: Callable[[Iterable[str]], None] = lambda ids: None, spans: Any = None) -> None:
        self.index = index
        self.config = config
        self.canonical = canonical
        self.aliases = aliases
        self.prefetch = prefetch
        self.spans = spans  # a spans.DaySpans: aliases whose filings cannot meet a probe are skipped
        self.sets = DisjointSets(index, self.kind)

    def probe_aliases(self, ids: Iterable[str], whens: Iterable[Any], pad: int) -> list[tuple[str, Any]]:
        """(alias, when) pairs to probe for these ids: every alias of each id, but an alias other than
        the ids themselves only where something filed under it may lie within ``pad`` days of the when."""
        own = set(ids)
        aliases = sorted({a for i in own for a in self.aliases(i)})
        whens = list(whens)
        if self.spans is None or len(aliases) == len(own):
            return [(a, w) for a in aliases for w in whens]
        return ([(a, w) for a in sorted(own) for w in whens]
                + self.spans.reachable([a for a in aliases if a not in own], whens, pad))
