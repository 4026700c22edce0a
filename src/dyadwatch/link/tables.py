"""Linking's own tables in the store: its blocking index, and the state of a relink under way.

Linking owns them and migrates them (``storage.py``); the store knows nothing of them but that its
migrations table records link's migration names ("link/...") beside its own.

- ``link_keys``: (blocking key, member id) rows. On SQLite the table is WITHOUT ROWID, clustered on
  its primary key: as a rowid table its (key, member) index was a second B-tree beside it, and every
  read went to that index alone (1.9 GB of 30 at a million articles was the table, written and
  never read). A key's members are one range either way.
- ``link_records``: (kind, id) -> one linker record as zlib-compressed JSON (``codec.py``).
- ``link_state``: named plain values kept while the relink migration runs (who runs it, how far).
"""
from __future__ import annotations

from sqlalchemy import Column, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

link_keys = Table(
    "link_keys", metadata,
    Column("key", String(300), primary_key=True),
    Column("member", String(300), primary_key=True),
    sqlite_with_rowid=False,
    comment="linking's blocking index: the members filed under each key",
)

link_records = Table(
    "link_records", metadata,
    Column("kind", String(64), primary_key=True),
    Column("id", String(300), primary_key=True),
    Column("value", LargeBinary, nullable=False, comment="zlib-compressed JSON of the record (link/codec.py)"),
    comment="linking's records (article features, event cards, union-find parents ...) as plain JSON",
)

link_state = Table(
    "link_state", metadata,
    Column("name", String(100), primary_key=True),
    Column("value", Text, nullable=False),
    comment="a relink under way: who runs it and how far it is",
)

TABLES = (link_keys, link_records, link_state)
