"""The linker's blocking index kept in the store, so linking survives between runs.

``StoreLinkIndex`` implements ``dyadwatch.link.index.LinkIndex`` over two
tables: ``link_keys`` (blocking key, member) and ``link_records`` (kind, id,
value). Values are the linker's own Python records (features, signatures,
union-find parents), stored pickled and zlib-compressed. Reading resolves only
dyadwatch's own classes and a few plain value types (``_LinkUnpickler``), so a
database file from elsewhere cannot run code when it is linked into.

Writes are buffered and reach the database in ``flush(conn)``, which ingest
calls inside the same transaction that stores the batch's articles: the
index and the articles never disagree after a crash. Reads go through a
bounded cache; buffered writes are always visible to reads.
"""
from __future__ import annotations

import io
import pickle
import zlib
from collections import OrderedDict
from typing import Any, Iterable

from sqlalchemy import Connection, select

from .schema import link_keys, link_records

_MISSING = object()

# What link records may contain besides dyadwatch's own classes: dates, and the
# numpy arrays of MinHash signatures (pickled through these two functions).
_ALLOWED_GLOBALS = {
    ("datetime", "date"), ("datetime", "datetime"), ("builtins", "set"), ("builtins", "frozenset"),
    ("numpy", "dtype"), ("numpy", "ndarray"), ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.numeric", "_frombuffer"), ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "_reconstruct"),
}


class _LinkUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        if module.startswith("dyadwatch.") and not name.startswith("_"):
            found = super().find_class(module, name)
            if isinstance(found, type):  # classes only: no functions, nothing callable with side effects
                return found
        raise pickle.UnpicklingError(f"link record refers to {module}.{name}, which is not a link record type")


def _load(blob: bytes) -> Any:
    return _LinkUnpickler(io.BytesIO(zlib.decompress(blob))).load()


class StoreLinkIndex:
    def __init__(self, store: Any, cache_size: int = 100_000) -> None:
        self.store = store
        self.cache_size = cache_size
        self._records: OrderedDict[tuple[str, str], Any] = OrderedDict()  # clean, evictable
        self._dirty: dict[tuple[str, str], Any] = {}
        self._members: OrderedDict[str, set[str]] = OrderedDict()
        self._new_keys: dict[str, set[str]] = {}

    # ------------------------------------------------------------------ LinkIndex
    def add_key(self, key: str, member: str) -> None:
        if member in self.members(key):
            return
        self._new_keys.setdefault(key, set()).add(member)
        self._members[key].add(member)

    def members(self, key: str) -> Iterable[str]:
        got = self._members.get(key)
        if got is None:
            with self.store.engine.connect() as conn:
                got = set(conn.execute(select(link_keys.c.member).where(link_keys.c.key == key)).scalars())
            got |= self._new_keys.get(key, set())
            self._members[key] = got
            self._evict(self._members)
        else:
            self._members.move_to_end(key)
        return got

    def put(self, kind: str, id: str, value: Any) -> None:
        self._dirty[(kind, id)] = value
        self._records.pop((kind, id), None)

    def get(self, kind: str, id: str, default: Any = None) -> Any:
        k = (kind, id)
        if k in self._dirty:
            return self._dirty[k]
        value = self._records.get(k, _MISSING)
        if value is _MISSING:
            with self.store.engine.connect() as conn:
                blob = conn.execute(select(link_records.c.value).where(
                    link_records.c.kind == kind, link_records.c.id == id)).scalar()
            value = None if blob is None else _load(blob)
            self._records[k] = value
            self._evict(self._records)
        else:
            self._records.move_to_end(k)
        return default if value is None else value

    def ids(self, kind: str) -> Iterable[str]:
        with self.store.engine.connect() as conn:
            stored = set(conn.execute(select(link_records.c.id).where(link_records.c.kind == kind)).scalars())
        return sorted(stored | {i for (k, i) in self._dirty if k == kind})

    # ------------------------------------------------------------------ persistence
    @property
    def pending(self) -> int:
        return len(self._dirty) + sum(len(v) for v in self._new_keys.values())

    def flush(self, conn: Connection) -> None:
        """Write the buffered changes with ``conn`` (the caller's transaction)."""
        from . import postgres

        copy = conn.dialect.name == "postgresql"
        if self._new_keys:
            rows = [{"key": k, "member": m} for k, ms in self._new_keys.items() for m in sorted(ms)]
            if copy and len(rows) >= postgres.COPY_MIN_ROWS:
                postgres.copy_upsert(conn, link_keys, rows, postgres.LINK_KEYS_CONFLICT)
            else:
                conn.execute(_insert(conn, link_keys).on_conflict_do_nothing(), rows)
        if self._dirty:
            rows = [{"kind": k, "id": i, "value": zlib.compress(pickle.dumps(v, protocol=5), 1)}
                    for (k, i), v in self._dirty.items()]
            if copy and len(rows) >= postgres.COPY_MIN_ROWS:
                postgres.copy_upsert(conn, link_records, rows, postgres.LINK_RECORDS_CONFLICT)
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

    def _evict(self, cache: OrderedDict) -> None:
        # Only clean state is evicted: unflushed members and records live in
        # _new_keys / _dirty until flush, and reloads merge them back in.
        while len(cache) > self.cache_size:
            cache.popitem(last=False)


def _insert(conn: Connection, table: Any) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)
