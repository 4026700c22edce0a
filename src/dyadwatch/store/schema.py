"""The store's tables, in SQLAlchemy Core, one schema for SQLite and PostgreSQL.

``articles`` is keyed by the content hash of the cleaned text (``key``), so the
same article read twice, from two paths or two runs, is one row. The full
export-contract object is kept as JSON text in ``record`` (what export and the
API return); the other tables are flat projections of it for filtering,
joining and counting, rebuilt whenever an article row is rewritten.

Search structures that differ per backend (an FTS5 table on SQLite, a tsvector
column on PostgreSQL) are created by migrations, see ``sqlite.py`` and
``postgres.py``.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

migrations = Table(
    "migrations", metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("key", String(64), primary_key=True, comment="content hash of the cleaned text"),
    Column("id", String(300), nullable=False, comment="contract id: input stem or record id"),
    Column("source", String(300)),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(40), comment="ISO 8601 as read"),
    Column("published_date", String(10), comment="YYYY-MM-DD or null, for range filters"),
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("path", Text),
    Column("views", Integer),
    Column("tone", Float),
    Column("duplicate_of", String(300)),
    Column("story", String(300)),
    Column("record", Text, nullable=False, comment="the full contract object as JSON"),
    Column("ingested_at", String(32), nullable=False),
    # added by migration 0004: canonical (English) entity names, so a Latin-script
    # query ("Kosachev") finds a Russian article that writes «Косачева»
    Column("entity_names", Text),
)
Index("ix_articles_id", articles.c.id)
Index("ix_articles_published_date", articles.c.published_date)
Index("ix_articles_language", articles.c.language)
Index("ix_articles_source", articles.c.source)
Index("ix_articles_story", articles.c.story)

entities = Table(
    "entities", metadata,
    Column("id", String(300), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16)),
    Column("country", String(8)),
    Column("wikidata", String(32)),
    Column("known", Boolean, nullable=False, default=False),
)
Index("ix_entities_name", entities.c.name)
Index("ix_entities_type", entities.c.type)

_article_fk = dict(ondelete="CASCADE")

mentions = Table(
    "mentions", metadata,
    Column("article_key", String(64), ForeignKey("articles.key", **_article_fk), nullable=False),
    Column("entity_id", String(300), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text),
    Column("type", String(16)),
)
Index("ix_mentions_article", mentions.c.article_key)
Index("ix_mentions_entity", mentions.c.entity_id)

events = Table(
    "events", metadata,
    Column("id", String(64), primary_key=True, comment="deterministic: article key + position + span"),
    Column("event_id", String(300), comment="the event's own id in the contract record, if any"),
    Column("article_key", String(64), ForeignKey("articles.key", **_article_fk), nullable=False),
    Column("type", String(32), nullable=False),
    Column("mode", String(64)),
    Column("cameo", String(8)),
    Column("date", String(16), comment="ISO, possibly partial (2022-03, --10-22)"),
    Column("date_source", String(16)),
    Column("place_name", Text),
    Column("place_country", String(8)),
    Column("future", Boolean, nullable=False, default=False),
    Column("tone", Float),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("evidence_text", Text),
    Column("record", Text, nullable=False),
)
Index("ix_events_article", events.c.article_key)
Index("ix_events_type", events.c.type)
Index("ix_events_date", events.c.date)
Index("ix_events_event_id", events.c.event_id)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(300)),
    Column("name", Text),
    Column("country", String(8)),
    Column("role", String(16)),
)
Index("ix_event_actors_event", event_actors.c.event_id)
Index("ix_event_actors_entity", event_actors.c.entity_id)

quotes = Table(
    "quotes", metadata,
    Column("id", String(64), primary_key=True),
    Column("article_key", String(64), ForeignKey("articles.key", **_article_fk), nullable=False),
    Column("speaker_name", Text),
    Column("speaker_entity", String(300)),
    Column("text", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("direct", Boolean, nullable=False, default=True),
)
Index("ix_quotes_article", quotes.c.article_key)
Index("ix_quotes_speaker", quotes.c.speaker_entity)

commitments = Table(
    "commitments", metadata,
    Column("id", String(64), primary_key=True),
    Column("article_key", String(64), ForeignKey("articles.key", **_article_fk), nullable=False),
    Column("actor_name", Text),
    Column("actor_entity", String(300)),
    Column("actor_country", String(8)),
    Column("what", Text),
    Column("amount_value", Float),
    Column("amount_currency", String(8)),
    Column("amount_text", Text),
    Column("deadline", String(16)),
    Column("modality", String(16)),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("evidence_text", Text),
    Column("record", Text, nullable=False),
)
Index("ix_commitments_article", commitments.c.article_key)
Index("ix_commitments_actor", commitments.c.actor_country)

topics = Table(
    "topics", metadata,
    Column("article_key", String(64), ForeignKey("articles.key", **_article_fk), nullable=False),
    Column("label", String(64), nullable=False),
    Column("score", Float, nullable=False),
)
Index("ix_topics_article", topics.c.article_key)
Index("ix_topics_label", topics.c.label)

failures = Table(
    "failures", metadata,
    Column("path", Text, nullable=False),
    Column("record_id", String(300), nullable=False, default="", comment="'' for a whole file"),
    Column("stage", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    UniqueConstraint("path", "record_id", name="uq_failures_path_record"),
)

INITIAL_TABLES = (migrations, articles, entities, mentions, events, event_actors, quotes, commitments, topics,
                  failures)

# Child tables rebuilt from an article's record when the article row is rewritten.
CHILD_TABLES = (mentions, topics, quotes, commitments, event_actors, events)
