"""Exports of the store: the per-article contract objects as JSONL, CSV or Parquet,
flat tables of events, entities, quotes and commitments, and pandas frames.

JSONL carries the contract objects unchanged (``Article.from_dict`` reads them
back). CSV and Parquet have one flat row per article — the scalar contract
fields as columns, the nested lists (entities, events, ...) JSON-encoded — so
spreadsheets and column stores take them without a nested schema. Flat events
have their actors, place and article in their own columns (``flatrows``: the
dashboard's ``/api/events?format=csv`` columns). Everything
streams from the store: memory does not grow with the corpus.
"""
from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from sqlalchemy import select

from .store import Filters, Store
from .store.schema import articles, commitments, entities, events, quotes, topics

FORMATS = ("jsonl", "csv", "parquet")
LINK_KINDS = ("merged-events", "stories", "ledger")  # linking's results (store/linked.py)
KINDS = ("articles", "events", "entities", "quotes", "commitments", "topics") + LINK_KINDS

# Scalar contract fields of an article, in column order; the rest are JSON-encoded.
ARTICLE_COLUMNS = ("id", "content_hash", "source", "url", "title", "published", "language", "tone",
                   "duplicate_of", "story", "path", "views", "text")
NESTED_COLUMNS = ("entities", "events", "quotes", "commitments", "topics", "dates", "amounts", "meta")

_TABLES = {"events": events, "entities": entities, "quotes": quotes, "commitments": commitments, "topics": topics}


def flat_article(record: dict[str, Any]) -> dict[str, Any]:
    """One CSV/Parquet row of a contract object: nested lists as JSON text."""
    row = {c: record.get(c) for c in ARTICLE_COLUMNS}
    for c in NESTED_COLUMNS:
        row[c] = json.dumps(record.get(c) if record.get(c) is not None else [], ensure_ascii=False)
    return row


def iter_rows(store: Store, kind: str = "articles", filters: Filters | None = None,
              flat: bool = False) -> Iterator[dict[str, Any]]:
    """Rows of one kind, streamed. Articles are contract objects (flattened when
    ``flat``); other kinds are the store's flat tables, with the article's
    contract id, and the stored JSON ``record`` decoded unless ``flat``."""
    if kind == "articles":
        for rec in store.iter_records(filters):
            yield flat_article(rec) if flat else rec
        return
    if kind in LINK_KINDS:
        yield from _link_rows(store, kind, filters, flat)
        return
    if kind not in _TABLES:
        raise ValueError(f"unknown export kind {kind!r}; choose one of {', '.join(KINDS)}")
    if kind == "events" and flat:
        yield from iter_flat_events(store, filters)
        return
    table = _TABLES[kind]
    if kind == "entities":
        q = select(table).order_by(table.c.id)
    else:
        q = (select(table, articles.c.id.label("article_id")).join(articles, articles.c.key == table.c.article_key))
        q = store._article_where(q, filters)
        order = [articles.c.id.collate("C") if store.dialect == "postgresql" else articles.c.id, table.c.article_key]
        if "id" in table.c:
            order.append(table.c.id)
        else:
            order.append(table.c.label)
        q = q.order_by(*order)
    with store.engine.connect() as conn:
        for r in conn.execution_options(stream_results=True, yield_per=500).execute(q):
            row = dict(r._mapping)
            if "record" in row and not flat:
                row["record"] = json.loads(row["record"])
            yield row


def _link_rows(store: Store, kind: str, filters: Filters | None, flat: bool) -> Iterator[dict[str, Any]]:
    """Merged events (with their reports), stories (with their articles), the ledger (status as of today)."""
    from datetime import date

    from .store import linked_lists

    if kind == "merged-events":
        yield from linked_lists.iter_merged_events(store, filters, flat)
    elif kind == "stories":
        yield from linked_lists.iter_stories(store, filters, flat)
    else:
        yield from linked_lists.iter_ledger(store, date.today(), filters, flat)


# Flat columns of linking's results (CSV and Parquet), with their types.
_LINK_COLUMNS: dict[str, dict[str, str]] = {
    "stories": {"id": "string", "title": "string", "start": "string", "end": "string", "n_articles": "int",
                "first_article": "string", "articles": "string", "events": "string"},
    "ledger": {"id": "string", "status": "string", "actor": "string", "actor_country": "string", "what": "string",
               "amount_value": "float", "amount_currency": "string", "amount_text": "string", "deadline": "string",
               "fulfilled_by": "string", "first_article": "string", "first_date": "string",
               "latest_article": "string", "latest_date": "string", "n_mentions": "int"},
}


def iter_flat_events(store: Store, filters: Filters | None = None, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Events as flat rows (``flatrows.event_row``), by article id then event id; ``filters`` as for the
    other kinds (publication date, language, source)."""
    from .flatrows import event_row

    q = store._article_where(store._event_query(None), filters).order_by(None)
    q = q.order_by(articles.c.id.collate("C") if store.dialect == "postgresql" else articles.c.id, events.c.id)
    # a second connection reads each batch's actors while the first streams the events
    with store.engine.connect() as conn, store.engine.connect() as side:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(q)
        for rows in result.partitions(batch):
            for ev in store._event_rows(side, list(rows)):
                yield event_row(ev.to_dict())


@contextmanager
def _open_text(path: str | Path | None) -> Iterator[IO[str]]:
    if path is None or str(path) == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            yield fh


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer: csv.DictWriter | None = None
    n = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        n += 1
    return n


def write_parquet(rows: Iterable[dict[str, Any]], path: str | Path, columns: dict[str, str],
                  batch_rows: int = 2000) -> int:
    """Parquet in row groups of ``batch_rows`` (bounded memory for any corpus), with
    a fixed schema: ``columns`` maps each column to string|int|float|bool."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([pa.field(c, types[t]) for c, t in columns.items()])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        buf: list[dict[str, Any]] = []
        for row in rows:
            buf.append({c: row.get(c) for c in columns})
            n += 1
            if len(buf) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                buf.clear()
        if buf or n == 0:
            writer.write_table(pa.Table.from_pylist(buf, schema=schema))
    return n


def columns_of(kind: str) -> dict[str, str]:
    """Column name -> string|int|float|bool of the flat rows of one kind."""
    if kind == "articles":
        cols = {c: "string" for c in ARTICLE_COLUMNS + NESTED_COLUMNS}
        cols.update(views="int", tone="float")
        return cols
    if kind == "merged-events":
        from .flatrows import merged_event_row

        types = {"future": "bool", "in_dyad": "bool", "n_articles": "int", "n_reports": "int"}
        return {c: types.get(c, "string") for c in merged_event_row({})}
    if kind in LINK_KINDS:
        return dict(_LINK_COLUMNS[kind])
    if kind not in _TABLES:
        raise ValueError(f"unknown export kind {kind!r}; choose one of {', '.join(KINDS)}")
    if kind == "events":
        from .flatrows import event_row

        types = {"future": "bool", "tone": "float"}
        return {c: types.get(c, "string") for c in event_row({})}
    out = {}
    for col in _TABLES[kind].c:
        py = col.type.python_type
        out[col.name] = {int: "int", float: "float", bool: "bool"}.get(py, "string")
    if kind != "entities":
        out["article_id"] = "string"
    return out


def export(store: Store, fmt: str = "jsonl", output: str | Path | None = None, *, kind: str = "articles",
           filters: Filters | None = None) -> int:
    """Write one kind of stored rows in ``fmt`` to ``output`` (stdout for jsonl/csv
    when None); return the number of rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if output is None or str(output) == "-":
            raise ValueError("parquet is binary: give an output file")
        return write_parquet(iter_rows(store, kind, filters, flat=True), output, columns_of(kind))
    with _open_text(output) as out:
        if fmt == "jsonl":
            return write_jsonl(iter_rows(store, kind, filters), out)
        return write_csv(iter_rows(store, kind, filters, flat=True), out)


def to_pandas(store: Store, kind: str = "articles", filters: Filters | None = None) -> Any:
    """A pandas DataFrame of one kind. Articles keep their nested lists as Python
    objects (lists of dicts); the other kinds are the store's flat tables."""
    import pandas as pd

    rows = list(iter_rows(store, kind, filters, flat=False))
    if kind == "articles":
        cols = list(ARTICLE_COLUMNS) + list(NESTED_COLUMNS)
        return pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols)
    return pd.DataFrame(rows)
