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

# Linking's results (written by ingest with each batch, see store/linked.py): what the linker decided,
# as rows any reader can query at any corpus size. Added by migration 0012.
merged_events = Table(
    "merged_events", metadata,
    Column("id", String(64), primary_key=True, comment="mev_ + hash of the first report's event key"),
    Column("type", String(32), nullable=False),
    Column("mode", String(64)),
    Column("cameo", String(8)),
    Column("date", String(16), comment="the best date of the reports, ISO, possibly partial"),
    Column("date_source", String(16), comment="text | relative | cluster | published ..."),
    Column("place_name", Text),
    Column("place_country", String(8)),
    Column("future", Boolean, nullable=False, default=False),
    Column("in_dyad", Boolean, nullable=False, default=True,
           comment="an actor of either side of the configured dyad"),
    Column("actors", Text, nullable=False, comment="JSON list of actors (name, entity, country, role)"),
    Column("countries", Text, comment="the actors' countries, comma-separated and comma-enclosed"),
    Column("n_reports", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("languages", Text, comment="comma-separated"),
    Column("sources", Text, comment="JSON list of outlets"),
    Column("first_published", String(10), comment="the earliest report's publication day"),
    Column("first_article", String(300)),
)
Index("ix_merged_events_date", merged_events.c.date)
Index("ix_merged_events_first_published", merged_events.c.first_published)

merged_event_reports = Table(
    "merged_event_reports", metadata,
    Column("article_id", String(300), primary_key=True),
    Column("event_id", String(300), primary_key=True, comment="the event's id in its article's record"),
    Column("merged_id", String(64), nullable=False),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("evidence_text", Text),
    Column("date", String(16)),
    Column("source", String(300)),
    Column("language", String(8)),
)
Index("ix_merged_event_reports_merged", merged_event_reports.c.merged_id)

stories = Table(
    "stories", metadata,
    Column("id", String(64), primary_key=True, comment="story_ + hash of its first article's id"),
    Column("title", Text, comment="its first article's title"),
    Column("start", String(10)),
    Column("end", String(10)),
    Column("n_articles", Integer, nullable=False),
    Column("first_article", String(300)),
    Column("events", Text, comment="JSON list of merged event ids"),
)
Index("ix_stories_start", stories.c.start)

story_articles = Table(
    "story_articles", metadata,
    Column("article_id", String(300), primary_key=True),
    Column("story_id", String(64), nullable=False),
)
Index("ix_story_articles_story", story_articles.c.story_id)

story_aliases = Table(
    "story_aliases", metadata,
    Column("old_id", String(64), primary_key=True, comment="an id the story had before an earlier report joined"),
    Column("story_id", String(64), nullable=False, comment="the id it has now"),
)

ledger = Table(
    "ledger", metadata,
    Column("id", String(64), primary_key=True, comment="cmt_ + hash of its first commitment's key"),
    Column("actor_name", Text),
    Column("actor_entity", String(300)),
    Column("actor_country", String(8)),
    Column("what", Text),
    Column("amount_value", Float),
    Column("amount_currency", String(8)),
    Column("amount_text", Text),
    Column("deadline", String(16), comment="ISO, possibly partial"),
    Column("deadline_last", String(10), comment="the last day the deadline allows; null when it has no year"),
    Column("made_on", String(10), comment="the day of the first report"),
    Column("fulfilled_by", String(300), comment="the article reporting it done, or null"),
    Column("status", String(16), nullable=False,
           comment="fulfilled | open as linked; readers turn open into past_deadline by today's date"),
    Column("first_article", String(300), nullable=False),
    Column("first_date", String(10)),
    Column("latest_article", String(300), nullable=False),
    Column("latest_date", String(10)),
    Column("n_mentions", Integer, nullable=False),
    Column("record", Text, nullable=False, comment="the ledger entry as JSON (the export's object)"),
)
Index("ix_ledger_deadline", ledger.c.deadline_last)
Index("ix_ledger_first_date", ledger.c.first_date)

ledger_mentions = Table(
    "ledger_mentions", metadata,
    Column("entry_id", String(64), primary_key=True),
    Column("article_id", String(300), primary_key=True),
    Column("kind", String(16), nullable=False, comment="commitment | followup"),
    Column("date", String(10)),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("evidence_text", Text),
    Column("fulfilment", Text, comment="the words reporting it done, or null"),
)
Index("ix_ledger_mentions_article", ledger_mentions.c.article_id)

ledger_members = Table(
    "ledger_members", metadata,
    Column("commitment_key", String(400), primary_key=True, comment="<article id>#<position>"),
    Column("entry_id", String(64), nullable=False),
)
Index("ix_ledger_members_entry", ledger_members.c.entry_id)

entity_clusters = Table(
    "entity_clusters", metadata,
    Column("entity_id", String(300), primary_key=True, comment="an id an article gave a person"),
    Column("cluster_id", String(300), nullable=False, comment="the corpus-wide id linking joined it to"),
)
Index("ix_entity_clusters_cluster", entity_clusters.c.cluster_id)

LINK_RESULT_TABLES = (merged_events, merged_event_reports, stories, story_articles, story_aliases, ledger,
                      ledger_mentions, ledger_members, entity_clusters)

# What each table holds, in a sentence (docs/schema.md is generated from these and the column comments).
TABLE_DOCS: dict[str, str] = {
    "migrations": "the named migrations applied to this database",
    "articles": "one row per stored article (its content hash), with the whole contract object",
    "entities": "entities named by the stored articles",
    "mentions": "where each article names an entity",
    "events": "each article's events (one row per report: see merged_events for real-world events)",
    "event_actors": "the actors of each event",
    "quotes": "quotes with their speakers",
    "commitments": "each article's commitments (see ledger for one entry per commitment)",
    "topics": "each article's topic labels",
    "failures": "inputs that could not be read or analysed, with the reason; retried on the next ingest",
    "merged_events": "one row per real-world event, however many articles in whichever languages report it",
    "merged_event_reports": "each article's event that reports a merged event, with its evidence",
    "stories": "articles about one development, bounded in time, named after the first article",
    "story_articles": "the articles of each story",
    "story_aliases": "ids a story had before an earlier report joined it and renamed it",
    "ledger": "the commitment ledger: one entry per commitment however many articles report it",
    "ledger_mentions": "the articles that made or followed up each ledger entry (one row per article)",
    "ledger_members": "the commitments (in their articles) each ledger entry joins",
    "entity_clusters": "persons' per-article ids joined into one corpus-wide id by linking",
}
for _name, _doc in TABLE_DOCS.items():
    metadata.tables[_name].comment = _doc

INITIAL_TABLES = (migrations, articles, entities, mentions, events, event_actors, quotes, commitments, topics,
                  failures)

# Child tables rebuilt from an article's record when the article row is rewritten.
CHILD_TABLES = (mentions, topics, quotes, commitments, event_actors, events)
