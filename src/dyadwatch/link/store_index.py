"""The linker's blocking index kept in the store, so linking survives between runs.

``StoreLinkIndex`` implements ``dyadwatch.link.index.LinkIndex`` over link's own tables
(``tables.py``): ``link_keys`` (blocking key, member) and ``link_records`` (kind, id, value). Values
are the linker's records as zlib-compressed JSON (``codec.py``): plain data, which builds only link
record types when read, so a database file from elsewhere cannot run code when it is linked into.
The tables are created and migrated by ``storage.upgrade``, which ingest runs before it links.

Writes are buffered and reach the database in ``flush(conn)``, which ingest
calls inside the same transaction that stores the batch's articles: the
index and the articles never disagree after a crash. Reads go through a
bounded cache; buffered writes are always visible to reads.

A capped read (``members_by_key(keys, K)``, and ``members_many(keys,
limit=K)`` through it, see "Bounded blocking" in ``link/index.py``) asks the
database for the first K members of each key in key order (per-key ``ORDER BY
member LIMIT`` reads, each a walk of the primary-key index that stops early, in
one statement), so a key holding thousands costs what a key holding K does.
Callers read one more than their cap, to tell a capped key from a full one.

Reads are sent as plain DB-API statements with the driver's placeholders, not
built and compiled as SQLAlchemy statements: linking reads a few records many
times per article, and the statement machinery cost more than the reads. On
PostgreSQL a list of ids or keys is one array parameter, so a statement's
text does not change with the list's length and the server plans it once.
"""
from __future__ import annotations

from collections import Counter, OrderedDict
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from sqlalchemy import Connection, select

from .codec import decode, encode
from .tables import link_keys, link_records

_MISSING = object()
_IN_CHUNK = 500  # keys or ids per "IN (...)" query: well under SQLite's bound-parameter limit
LINK_KEYS_CONFLICT = "ON CONFLICT DO NOTHING"
LINK_RECORDS_CONFLICT = "ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value"


class StoreLinkIndex:
    def __init__(self, store: Any, cache_size: int = 100_000) -> None:
        from .storage import ensure_tables

        ensure_tables(store)  # link's tables, made or migrated (a no-op read when they are current)
        self.store = store
        self.cache_size = cache_size
        self._records: OrderedDict[tuple[str, str], Any] = OrderedDict()  # clean, evictable
        self._dirty: dict[tuple[str, str], Any] = {}
        self._members: OrderedDict[str, set[str]] = OrderedDict()
        # capped reads: (key, limit) -> the first limit+1 members in sorted order (all of them when fewer)
        self._firsts: OrderedDict[tuple[str, int], list[str]] = OrderedDict()
        self._new_keys: dict[str, set[str]] = {}
        self.capped: Counter[str] = Counter()
        self.reads: Counter[str] = Counter()  # records decoded, key members read: what linking costs
        self._reader: Connection | None = None  # held by reading(): its block's reads share it

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Serve the reads of this block from one connection.

        Linking one article makes a few dozen small reads, and a pool checkout (with its reset on
        return) per read cost about 6% of linking. The connection is only read from: on SQLite no
        statement opens a transaction, so each read sees what is committed, as a fresh connection
        would; on PostgreSQL it is one read-committed transaction, ended when the block ends."""
        if self._reader is not None:  # nested: the outer block's connection serves
            yield
            return
        with self.store.engine.connect() as conn:
            self._reader = conn
            try:
                yield
            finally:
                self._reader = None

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        if self._reader is not None:
            yield self._reader
        else:
            with self.store.engine.connect() as conn:
                yield conn

    # ------------------------------------------------------------------ LinkIndex
    def add_key(self, key: str, member: str) -> None:
        # A buffered insert (ON CONFLICT DO NOTHING at flush), never a read: the key's
        # stored members are not needed to file one more.
        self._new_keys.setdefault(key, set()).add(member)
        cached = self._members.get(key)
        if cached is not None:
            cached.add(member)
        for limit in self._limits:
            firsts = self._firsts.get((key, limit))
            if firsts is not None and member not in firsts:
                # still the first ``limit``: a member past the last one read stays unread
                firsts.append(member)
                firsts.sort()
                del firsts[limit:]

    def members(self, key: str, limit: int | None = None) -> Iterable[str]:
        got = self._members.get(key)
        if got is not None:
            self._members.move_to_end(key)
            return got if limit is None else sorted(got)[:limit]
        if limit is not None:  # a bounded read of a possibly big key, as every capped read is made
            return self.members_by_key([key], limit)[key]
        self._load_members([key])
        return self._members[key]

    _limits: set[int] = set()  # the caps asked for so far (per instance once one is asked)

    def members_many(self, keys: Iterable[str], limit: int | None = None) -> set[str]:
        if limit is not None:  # the first limit+1 are read: the last one tells a capped key
            return self._members_capped(list(dict.fromkeys(keys)), limit)
        keys = list(dict.fromkeys(keys))
        self._load_members([k for k in keys if k not in self._members])
        out: set[str] = set()
        for k in keys:
            got = self._members.get(k)
            if got is None:  # evicted while loading a very large batch: read it alone
                self._load_members([k])
                got = self._members[k]
            out |= got
        return out

    def _members_capped(self, keys: list[str], limit: int) -> set[str]:
        out: set[str] = set()
        for got in self.members_by_key(keys, limit + 1).values():
            self._count_cap(len(got) > limit)
            out.update(got[:limit])
        return out

    def members_by_key(self, keys: Iterable[str], limit: int) -> dict[str, list[str]]:
        keys = list(dict.fromkeys(keys))
        if limit not in self._limits:
            self._limits = self._limits | {limit}
        out: dict[str, list[str]] = {}
        todo = []
        for k in keys:
            full = self._members.get(k)
            if full is not None:  # read whole before: cut it here
                out[k] = sorted(full)[:limit]
            elif (k, limit) in self._firsts:
                firsts = self._firsts[(k, limit)]
                self._firsts.move_to_end((k, limit))
                out[k] = firsts[:limit]
            else:
                todo.append(k)
        if todo:
            found: dict[str, set[str]] = {k: set(self._new_keys.get(k, ())) for k in todo}
            with self._connection() as conn:
                for i in range(0, len(todo), _UNION_CHUNK):
                    chunk = todo[i:i + _UNION_CHUNK]
                    for key, member in _fetch(conn, *_firsts_query(conn, chunk, limit)):
                        found[key].add(member)
                        self.reads["key_members"] += 1
            for k, got in found.items():
                firsts = sorted(got)[:limit]
                self._firsts[(k, limit)] = firsts
                out[k] = firsts
            self._evict(self._firsts)
        return out

    def _count_cap(self, capped: bool) -> None:
        if capped:
            self.capped["capped_keys"] += 1

    def stats(self) -> dict[str, int]:
        """Counters of this index's reads: capped keys, records decoded, key members read."""
        return {**self.capped, **self.reads}

    def _load_members(self, keys: list[str]) -> None:
        if not keys:
            return
        found: dict[str, set[str]] = {k: set(self._new_keys.get(k, ())) for k in keys}
        with self._connection() as conn:
            for i in range(0, len(keys), _IN_CHUNK):
                chunk = keys[i:i + _IN_CHUNK]
                test, params = _in(conn, chunk)
                for key, member in _fetch(conn, f"SELECT key, member FROM link_keys WHERE key {test}", params):
                    found[key].add(member)
                    self.reads["key_members"] += 1
        for k, got in found.items():
            self._members[k] = got
        self._evict(self._members)

    def put(self, kind: str, id: str, value: Any) -> None:
        self._dirty[(kind, id)] = value
        self._records.pop((kind, id), None)

    def get(self, kind: str, id: str, default: Any = None) -> Any:
        k = (kind, id)
        if k in self._dirty:
            value = self._dirty[k]
            return default if value is None else value
        value = self._records.get(k, _MISSING)
        if value is _MISSING:
            self._load_records(kind, [id])
            value = self._records.get(k)
        else:
            self._records.move_to_end(k)
        return default if value is None else value

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Any]:
        ids = list(dict.fromkeys(ids))
        self._load_records(kind, [i for i in ids if (kind, i) not in self._dirty and (kind, i) not in self._records])
        out = {}
        for i in ids:
            value = self.get(kind, i)
            if value is not None:
                out[i] = value
        return out

    def prefetch(self, pairs: Iterable[tuple[str, str]]) -> None:
        todo = [p for p in dict.fromkeys(pairs) if p not in self._dirty and p not in self._records]
        if not todo:
            return
        found: dict[tuple[str, str], Any] = dict.fromkeys(todo)
        by_kind: dict[str, list[str]] = {}
        for kind, rid in todo[:_IN_CHUNK]:  # one article's worth; the rest is read when asked for
            by_kind.setdefault(kind, []).append(rid)
        # one statement, (kind = ? AND id IN (...)) OR ...: each term is a primary-key lookup
        # (a row-value "(kind, id) IN" makes SQLite scan the table)
        with self._connection() as conn:
            m = _mark(conn)
            terms, params = [], []
            for kind, ids in by_kind.items():
                test, id_params = _in(conn, ids)
                terms.append(f"(kind = {m} AND id {test})")
                params += [kind, *id_params]
            sql = "SELECT kind, id, value FROM link_records WHERE " + " OR ".join(terms)
            for kind, rid, blob in _fetch(conn, sql, tuple(params)):
                found[(kind, rid)] = decode(blob)
                self.reads[f"records:{kind}"] += 1
        found = {p: v for p, v in found.items() if p[1] in by_kind.get(p[0], ())}
        self._records.update(found)
        self._evict(self._records)

    def _load_records(self, kind: str, ids: list[str]) -> None:
        if not ids:
            return
        found: dict[str, Any] = dict.fromkeys(ids)
        with self._connection() as conn:
            for i in range(0, len(ids), _IN_CHUNK):
                chunk = ids[i:i + _IN_CHUNK]
                test, params = _in(conn, chunk)
                sql = f"SELECT id, value FROM link_records WHERE kind = {_mark(conn)} AND id {test}"
                for rid, blob in _fetch(conn, sql, (kind, *params)):
                    found[rid] = decode(blob)
                    self.reads[f"records:{kind}"] += 1
        for rid, value in found.items():
            self._records[(kind, rid)] = value
        self._evict(self._records)

    def ids(self, kind: str) -> Iterable[str]:
        with self._connection() as conn:
            stored = set(conn.execute(select(link_records.c.id).where(link_records.c.kind == kind)).scalars())
        return sorted(stored | {i for (k, i) in self._dirty if k == kind})

    # ------------------------------------------------------------------ persistence
    @property
    def pending(self) -> int:
        return len(self._dirty) + sum(len(v) for v in self._new_keys.values())

    def flush(self, conn: Connection) -> None:
        """Write the buffered changes with ``conn`` (the caller's transaction)."""
        from ..store import postgres

        copy = conn.dialect.name == "postgresql"
        if self._new_keys:
            rows = [{"key": k, "member": m} for k, ms in self._new_keys.items() for m in sorted(ms)]
            if copy and len(rows) >= postgres.COPY_MIN_ROWS:
                postgres.copy_upsert(conn, link_keys, rows, LINK_KEYS_CONFLICT)
            else:
                conn.execute(_insert(conn, link_keys).on_conflict_do_nothing(), rows)
        if self._dirty:
            rows = [{"kind": k, "id": i, "value": encode(v)}
                    for (k, i), v in self._dirty.items()]
            if copy and len(rows) >= postgres.COPY_MIN_ROWS:
                postgres.copy_upsert(conn, link_records, rows, LINK_RECORDS_CONFLICT)
            else:
                stmt = _insert(conn, link_records)
                conn.execute(stmt.on_conflict_do_update(index_elements=[link_records.c.kind, link_records.c.id],
                                                        set_={"value": stmt.excluded.value}), rows)
        self._records.update(self._dirty)
        self._evict(self._records)
        self._dirty.clear()
        self._new_keys.clear()

    def discard(self) -> None:
        """Forget buffered changes (their transaction was rolled back)."""
        self._dirty.clear()
        self._new_keys.clear()
        self._records.clear()
        self._members.clear()
        self._firsts.clear()

    def _evict(self, cache: OrderedDict) -> None:
        # Only clean state is evicted: unflushed members and records live in
        # _new_keys / _dirty until flush, and reloads merge them back in.
        while len(cache) > self.cache_size:
            cache.popitem(last=False)


_UNION_CHUNK = 200  # per-key reads in one UNION ALL (SQLite allows 500 terms in a compound select)


def _fetch(conn: Connection, sql: str, params: tuple) -> list[tuple]:
    """Rows of a read sent straight to the driver's cursor: SQLAlchemy's result set-up cost more than
    SQLite's own work on these primary-key reads (~0.1 ms against ~0.07 per statement)."""
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql, params)
        return cur.fetchall()
    finally:
        cur.close()


def _mark(conn: Connection) -> str:
    """The DB-API placeholder of the connection's driver (statements sent as written, uncompiled:
    building and compiling a SQLAlchemy statement costs more than a primary-key read)."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _in(conn: Connection, values: list[str]) -> tuple[str, tuple]:
    """A membership test of ``values`` and its parameters: one array on PostgreSQL (``= ANY(%s)``:
    the statement's text is the same for any number of values, so the server plans it once per
    connection), one placeholder per value on SQLite."""
    if conn.dialect.name == "postgresql":
        return "= ANY(%s)", (list(values),)
    test = _IN_TESTS.get(len(values))
    if test is None:
        test = _IN_TESTS[len(values)] = f"IN ({', '.join('?' * len(values))})"
    return test, tuple(values)


_IN_TESTS: dict[int, str] = {}


def _firsts_query(conn: Connection, keys: list[str], limit: int) -> tuple[str, tuple]:
    """The first ``limit`` members of each of ``keys``, in one statement; (SQL, parameters).

    Members in code-point order, as Python sorts them (SQLite's BINARY collation of UTF-8 text is that
    order; PostgreSQL is told "C"), so a store and the in-memory index pick the same members. Each
    key's read is a walk of the primary-key index that stops after ``limit`` rows: on SQLite one
    ``UNION ALL`` of per-key reads, on PostgreSQL a lateral read per element of a key array.
    """
    if conn.dialect.name == "postgresql":
        return ("SELECT k.key, t.member FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL "
                "(SELECT member FROM link_keys WHERE link_keys.key = k.key "
                f'ORDER BY member COLLATE "C" LIMIT {int(limit)}) AS t', (list(keys),))
    cache_key = (len(keys), limit)
    got = _FIRSTS_CACHE.get(cache_key)
    if got is None:
        got = " UNION ALL ".join(f"SELECT * FROM (SELECT key, member FROM link_keys WHERE key = ? "
                                 f"ORDER BY member LIMIT {int(limit)}) AS t{j}" for j in range(len(keys)))
        if len(_FIRSTS_CACHE) < 1024:
            _FIRSTS_CACHE[cache_key] = got
    return got, tuple(keys)


_FIRSTS_CACHE: dict[tuple[int, int], str] = {}


def _insert(conn: Connection, table: Any) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)
