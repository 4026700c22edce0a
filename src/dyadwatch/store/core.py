"""``Store``: the one place that writes and reads the database.

Writes are upserts keyed by content hash, one transaction per batch: an
article whose record is unchanged is counted as known and left alone; a
changed one has its row and all its child rows replaced in the same
transaction, unless only its links changed (story, duplicate_of: a story
grew or merged), when its row alone is updated; its search row stays when
its title, text and entity names did not change (a person merge renames ids,
and the stems would be recomputed for nothing). Reads return the records in
``rows.py``. All SQL is built with SQLAlchemy Core or bound parameters; user
input is never spliced into SQL.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from sqlalchemy import (Float, Select, String, and_, bindparam, create_engine, delete, exists, func, literal, or_,
                        select, text, update)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from ..records import Actor, Article, Place, Span
from . import postgres, sqlite
from .migrations import Migration, apply_migrations
from .rows import (ArticleRef, CommitmentRow, EntityRow, EventRow, FailureRow, Filters, MonthlyPoint, Page,
                   QuoteRow, SearchHit, WriteResult, article_key, article_ref, article_row, child_rows, entity_names, now_iso,
                   record_json, snippet)
from .schema import (articles, commitments, entities, event_actors, events, failures, mentions, quotes,
                     story_aliases, topics)
from .stems import stems

_REF_COLS = (articles.c.key, articles.c.id, articles.c.title, articles.c.source, articles.c.url,
             articles.c.published, articles.c.language, articles.c.tone, articles.c.story,
             articles.c.duplicate_of, func.substr(articles.c.text, 1, 280).label("text"))


def database_url(url_or_path: str | Path) -> str:
    """A SQLAlchemy URL from a URL or a plain SQLite file path."""
    s = str(url_or_path)
    if "://" in s:
        return postgres.driver_url(s)
    if s == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(s).expanduser()}"


_LINK_FIELDS = ("story", "duplicate_of")


def _links_only_differ(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether two contract records differ in their story or duplicate_of alone (a linking change:
    the article's child rows and search row are the same, so only its row needs writing)."""
    return ({k: v for k, v in old.items() if k not in _LINK_FIELDS}
            == {k: v for k, v in new.items() if k not in _LINK_FIELDS})


def _search_input(record: dict[str, Any]) -> tuple[str, str, str]:
    """What an article's search row is made of (title, text, entity names), from its contract record:
    a person merge renames ids, not these, so a renamed article keeps its search row."""
    names = " ".join(dict.fromkeys(e["name"] for e in record.get("entities") or () if e.get("name")))
    return record.get("title") or "", record.get("text") or "", names


class Store:
    """The article database (SQLite file or PostgreSQL), migrated on open."""

    def __init__(self, url: str | Path = "dyadwatch.db", *, migrate: bool = True, echo: bool = False) -> None:
        self.url = database_url(url)
        kw: dict[str, Any] = {"echo": echo, "future": True}
        if self.url == "sqlite://":
            kw.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        elif self.url.startswith("sqlite"):
            if "?" not in self.url:  # a new database in a new folder: make the folder
                Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            kw.update(connect_args={"timeout": sqlite.BUSY_TIMEOUT_MS / 1000, "check_same_thread": False,
                                    "cached_statements": sqlite.CACHED_STATEMENTS})
        self.engine: Engine = create_engine(self.url, **kw)
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            sqlite.configure(self.engine)
        if migrate:
            self.migrate()

    def __repr__(self) -> str:
        return f"<Store {self.engine.url.render_as_string(hide_password=True)}>"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def migrate(self, named: Sequence[Migration] | None = None) -> list[str]:
        """Apply missing named migrations (the store's own, or ``named``: another part's tables kept in
        the store, such as linking's); return the names applied now."""
        return apply_migrations(self.engine, named)

    # ------------------------------------------------------------------ writes
    def write(self, items: Iterable[Article], *, also: Callable[[Connection], None] | None = None) -> WriteResult:
        """Upsert articles by content hash in one transaction; ``also(conn)`` runs in
        the same transaction (ingest flushes the link index with it)."""
        with self.engine.begin() as conn:
            result = self._write(conn, list(items))
            if also is not None:
                also(conn)
            return result

    def _write(self, conn: Connection, batch: list[Article]) -> WriteResult:
        by_key: dict[str, tuple[Article, str]] = {}
        for art in batch:  # the same content twice in one batch is one article; the last wins
            by_key[article_key(art)] = (art, record_json(art))
        if not by_key:
            return WriteResult()
        existing = dict(conn.execute(select(articles.c.key, articles.c.record)
                                     .where(articles.c.key.in_(list(by_key)))).all())
        new, known, updated = [], [], []
        for key, (_, rec) in by_key.items():
            if key not in existing:
                new.append(key)
            elif existing[key] == rec:
                known.append(key)
            else:
                updated.append(key)
        parsed = {k: (json.loads(existing[k]), json.loads(by_key[k][1])) for k in updated}  # stored, new
        relinked = [k for k in updated if _links_only_differ(*parsed[k])]
        if relinked:  # only its story or duplicate_of changed: the row is updated, its children stay
            now = now_iso()
            conn.execute(update(articles).where(articles.c.key == bindparam("b_key")).values(
                story=bindparam("b_story"), duplicate_of=bindparam("b_duplicate_of"),
                record=bindparam("b_record"), ingested_at=bindparam("b_ingested_at")),
                [{"b_key": k, "b_story": by_key[k][0].story, "b_duplicate_of": by_key[k][0].duplicate_of,
                  "b_record": by_key[k][1], "b_ingested_at": now} for k in relinked])
        relinked_set = set(relinked)
        rewritten = [k for k in updated if k not in relinked_set]
        same_search = {k for k in rewritten if self.dialect == "sqlite"
                       and _search_input(parsed[k][0]) == _search_input(parsed[k][1])}
        if rewritten:
            self._delete_children(conn, rewritten, keep_search=same_search)
            conn.execute(delete(articles).where(articles.c.key.in_(rewritten)))
        changed = new + rewritten
        if changed:
            conn.execute(articles.insert(), [article_row(by_key[k][0], k, by_key[k][1]) for k in changed])
            children: dict[str, list[dict[str, Any]]] = {}
            for k in changed:
                for table, rows in child_rows(by_key[k][0], k).items():
                    children.setdefault(table, []).extend(rows)
            self._upsert_entities(conn, children.pop("entities"))
            for table in (mentions, events, event_actors, quotes, commitments, topics):
                rows = children.get(table.name) or []
                if self.dialect == "postgresql" and len(rows) >= postgres.COPY_MIN_ROWS:
                    postgres.copy_rows(conn, table, rows)
                elif rows:
                    conn.execute(table.insert(), rows)
            if self.dialect == "sqlite":
                sqlite.index_articles(conn, ({"key": k, "title": by_key[k][0].title, "text": by_key[k][0].text,
                                              "names": entity_names(by_key[k][0])}
                                             for k in changed if k not in same_search))
        return WriteResult(len(new), len(known), len(updated), tuple(by_key), tuple(new + updated))

    def _delete_children(self, conn: Connection, keys: list[str], keep_search: set[str] = frozenset()) -> None:
        ev_ids = select(events.c.id).where(events.c.article_key.in_(keys))
        conn.execute(delete(event_actors).where(event_actors.c.event_id.in_(ev_ids)))
        for table in (events, mentions, quotes, commitments, topics):
            conn.execute(delete(table).where(table.c.article_key.in_(keys)))
        if self.dialect == "sqlite":  # the search row is keyed by article key: it outlives the row's rewrite
            sqlite.delete_articles(conn, [k for k in keys if k not in keep_search])

    def _upsert_entities(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        unique_rows = list({r["id"]: r for r in rows}.values())
        if self.dialect == "postgresql" and len(unique_rows) >= postgres.COPY_MIN_ROWS:
            postgres.copy_upsert(conn, entities, unique_rows, postgres.ENTITY_CONFLICT)
            return
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        stmt = dialect_insert(entities)
        stmt = stmt.on_conflict_do_update(index_elements=[entities.c.id], set_={
            "name": stmt.excluded.name, "type": stmt.excluded.type,
            "country": func.coalesce(stmt.excluded.country, entities.c.country),
            "wikidata": func.coalesce(stmt.excluded.wikidata, entities.c.wikidata),
            "known": or_(stmt.excluded.known, entities.c.known)})
        conn.execute(stmt, unique_rows)

    def record_failure(self, path: str, reason: str, *, record_id: str | None = None, stage: str = "read") -> None:
        """Record (or count again) a file or record that failed, with the reason."""
        now = now_iso()
        rid = record_id or ""
        with self.engine.begin() as conn:
            hit = conn.execute(update(failures).where(failures.c.path == path, failures.c.record_id == rid)
                               .values(reason=reason, stage=stage, last_seen=now,
                                       attempts=failures.c.attempts + 1))
            if hit.rowcount == 0:
                conn.execute(failures.insert().values(path=path, record_id=rid, stage=stage, reason=reason,
                                                      first_seen=now, last_seen=now, attempts=1))

    def clear_failure(self, path: str, record_id: str | None = None) -> None:
        """Forget a failure once the file or record has been stored."""
        with self.engine.begin() as conn:
            conn.execute(delete(failures).where(failures.c.path == path, failures.c.record_id == (record_id or "")))

    def failures(self, limit: int | None = None) -> list[FailureRow]:
        q = select(failures).order_by(failures.c.last_seen.desc(), failures.c.path, failures.c.record_id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [FailureRow(**r._mapping) for r in conn.execute(q)]

    # ------------------------------------------------------------------ simple reads
    def has(self, key: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(literal(1)).where(articles.c.key == key)).first() is not None

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` already stored (ingest skips them before analysis)."""
        keys = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                found.update(conn.execute(select(articles.c.key).where(articles.c.key.in_(chunk))).scalars())
        return found

    def keys_of_id(self, id: str) -> set[str]:
        """Content hashes of the stored articles with this contract id (ingest keeps ids apart)."""
        with self.engine.connect() as conn:
            return set(conn.execute(select(articles.c.key).where(articles.c.id == id)).scalars())

    def refresh_statistics(self) -> None:
        """Refresh the planner's statistics after a bulk load (PostgreSQL ``ANALYZE``; SQLite needs none
        for these key lookups). Without them PostgreSQL plans a freshly filled store as if it were
        empty until autovacuum comes by, and link-index reads ran about 4x slower meanwhile."""
        if self.dialect == "postgresql":
            with self.engine.begin() as conn:
                conn.execute(text("ANALYZE"))

    def count(self, filters: Filters | None = None) -> int:
        with self.engine.connect() as conn:
            q = select(func.count()).select_from(articles)
            return conn.execute(self._article_where(q, filters)).scalar_one()

    def article(self, id_or_key: str) -> Article | None:
        """The stored contract object, by content hash or by contract id."""
        with self.engine.connect() as conn:
            rec = conn.execute(select(articles.c.record).where(articles.c.key == id_or_key)).scalar()
            if rec is None:
                rec = conn.execute(select(articles.c.record).where(articles.c.id == id_or_key)
                                   .order_by(articles.c.ingested_at.desc(), articles.c.key).limit(1)).scalar()
        return None if rec is None else Article.from_dict(json.loads(rec))

    def iter_records(self, filters: Filters | None = None, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Every stored contract object as a dict, ordered by id then key, streamed."""
        # byte order on both backends, so SQLite and PostgreSQL exports are identical
        by_id = articles.c.id.collate("C") if self.dialect == "postgresql" else articles.c.id
        q = self._article_where(select(articles.c.record), filters).order_by(by_id, articles.c.key)
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=batch).execute(q)
            for rec in result.scalars():
                yield json.loads(rec)

    def iter_articles(self, filters: Filters | None = None) -> Iterator[Article]:
        for d in self.iter_records(filters):
            yield Article.from_dict(d)

    # ------------------------------------------------------------------ filtered reads
    def _article_where(self, q: Select, f: Filters | None, *, dates: bool = True) -> Select:
        if f is None:
            return q
        conds = []
        if dates and f.date_from:
            conds.append(articles.c.published_date >= f.date_from)
        if dates and f.date_to:
            conds.append(articles.c.published_date <= f.date_to)
        if f.language:
            conds.append(articles.c.language == f.language)
        if f.source:
            conds.append(articles.c.source == f.source)
        if f.story:  # the story's id now, or one it had before an earlier report renamed it
            conds.append(or_(articles.c.story == f.story, articles.c.story == select(story_aliases.c.story_id).where(
                story_aliases.c.old_id == f.story).scalar_subquery()))
        if f.topic:
            conds.append(exists().where(topics.c.article_key == articles.c.key, topics.c.label == f.topic))
        if f.event_type:
            conds.append(exists().where(events.c.article_key == articles.c.key, events.c.type == f.event_type))
        if f.entity:
            conds.append(or_(
                exists().where(mentions.c.article_key == articles.c.key, mentions.c.entity_id == f.entity),
                exists().where(events.c.article_key == articles.c.key, event_actors.c.event_id == events.c.id,
                               event_actors.c.entity_id == f.entity)))
        return q.where(and_(*conds)) if conds else q

    def _page(self, conn: Connection, q: Select, limit: int, offset: int) -> tuple[list[Any], int]:
        total = conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()
        rows = conn.execute(q.limit(limit).offset(offset)).all()
        return rows, total

    def articles(self, filters: Filters | None = None, limit: int = 50, offset: int = 0) -> Page[ArticleRef]:
        q = self._article_where(select(*_REF_COLS), filters).order_by(
            articles.c.published_date.desc().nulls_last(), articles.c.id, articles.c.key)
        with self.engine.connect() as conn:
            rows, total = self._page(conn, q, limit, offset)
        return Page(tuple(article_ref(r) for r in rows), total, limit, offset)

    def _event_query(self, f: Filters | None) -> Select:
        event_day = func.coalesce(events.c.date, articles.c.published_date)
        q = select(events, *[c.label(f"a_{c.name}") for c in _REF_COLS]).join(
            articles, articles.c.key == events.c.article_key)
        q = self._article_where(q, Filters(language=f.language, source=f.source, topic=f.topic, story=f.story)
                                if f else None)
        if f:
            if f.event_type:
                q = q.where(events.c.type == f.event_type)
            if f.entity:
                q = q.where(exists().where(event_actors.c.event_id == events.c.id,
                                           event_actors.c.entity_id == f.entity))
            if f.counterpart:
                q = q.where(exists().where(event_actors.c.event_id == events.c.id,
                                           event_actors.c.entity_id == f.counterpart))
            if f.date_from:
                q = q.where(event_day >= f.date_from)
            if f.date_to:
                q = q.where(event_day <= f.date_to)
            if f.dyad:
                q = q.where(_in_dyad(f.dyad))
        return q.order_by(event_day.desc().nulls_last(), events.c.id)

    def _event_rows(self, conn: Connection, rows: list[Any]) -> list[EventRow]:
        ids = [r._mapping["id"] for r in rows]
        actors: dict[str, list[Actor]] = {}
        if ids:
            for a in conn.execute(select(event_actors).where(event_actors.c.event_id.in_(ids))
                                  .order_by(event_actors.c.event_id)):
                actors.setdefault(a.event_id, []).append(Actor(a.name or "", a.entity_id, a.country, a.role or ""))
        out = []
        for r in rows:
            m = r._mapping
            rec = json.loads(m["record"])
            out.append(EventRow(
                id=m["id"], event_id=m["event_id"], type=m["type"], mode=m["mode"], cameo=m["cameo"],
                date=m["date"], date_source=m["date_source"],
                place=Place.from_dict(rec.get("place")), future=bool(m["future"]), tone=m["tone"],
                evidence=Span(m["evidence_start"], m["evidence_end"], m["evidence_text"] or "")
                if m["evidence_start"] is not None else None,
                actors=tuple(Actor.from_dict(a) for a in rec.get("actors") or ()) or tuple(actors.get(m["id"], ())),
                article=_ref_from_prefixed(m)))
        return out

    def events(self, filters: Filters | None = None, limit: int = 50, offset: int = 0) -> Page[EventRow]:
        with self.engine.connect() as conn:
            rows, total = self._page(conn, self._event_query(filters), limit, offset)
            return Page(tuple(self._event_rows(conn, rows)), total, limit, offset)

    def event(self, id: str) -> EventRow | None:
        """An event by its row id or by the event's own contract id."""
        q = self._event_query(None).where(or_(events.c.id == id, events.c.event_id == id)).limit(1)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
            return self._event_rows(conn, rows)[0] if rows else None

    def _entity_query(self) -> Select:
        n_mentions = select(func.count()).where(mentions.c.entity_id == entities.c.id).scalar_subquery()
        n_articles = (select(func.count(func.distinct(mentions.c.article_key)))
                      .where(mentions.c.entity_id == entities.c.id).scalar_subquery())
        n_events = (select(func.count(func.distinct(event_actors.c.event_id)))
                    .where(event_actors.c.entity_id == entities.c.id).scalar_subquery())
        return select(entities, n_articles.label("articles"), n_mentions.label("mentions"),
                      n_events.label("events"))

    def entities(self, *, name: str | None = None, type: str | None = None, country: str | None = None,
                 limit: int = 50, offset: int = 0) -> Page[EntityRow]:
        """Entities of the corpus, most mentioned first; ``name`` matches a substring."""
        from .lists import Sort, entities as sorted_entities

        return sorted_entities(self, Sort.parse(None, "entities"), name=name, type=type, country=country,
                               limit=limit, offset=offset)

    def entity(self, id: str) -> EntityRow | None:
        with self.engine.connect() as conn:
            r = conn.execute(self._entity_query().where(entities.c.id == id)).first()
        return _entity_row(r) if r else None

    def quotes(self, filters: Filters | None = None, *, speaker: str | None = None, limit: int = 50,
               offset: int = 0) -> Page[QuoteRow]:
        """Quotes, newest article first; ``speaker`` (or ``filters.entity``) is a speaker entity id."""
        from .lists import Sort, quotes as sorted_quotes

        return sorted_quotes(self, filters, Sort.parse(None, "quotes"), speaker=speaker, limit=limit, offset=offset)

    def commitments(self, filters: Filters | None = None, *, limit: int = 50, offset: int = 0) -> Page[CommitmentRow]:
        """Commitments, newest article first; ``filters.entity`` matches the actor entity."""
        q = select(commitments, *[c.label(f"a_{c.name}") for c in _REF_COLS]).join(
            articles, articles.c.key == commitments.c.article_key)
        q = self._article_where(q, _without_entity(filters))
        if filters and filters.entity:
            q = q.where(commitments.c.actor_entity == filters.entity)
        q = q.order_by(articles.c.published_date.desc().nulls_last(), articles.c.key, commitments.c.evidence_start)
        with self.engine.connect() as conn:
            rows, total = self._page(conn, q, limit, offset)
        items = []
        for r in rows:
            m = r._mapping
            actor = (Actor(m["actor_name"] or "", m["actor_entity"], m["actor_country"], "actor")
                     if m["actor_name"] or m["actor_country"] else None)
            items.append(CommitmentRow(
                m["id"], actor, m["what"] or "", m["amount_value"], m["amount_currency"], m["amount_text"],
                m["deadline"], m["modality"],
                Span(m["evidence_start"], m["evidence_end"], m["evidence_text"] or "")
                if m["evidence_start"] is not None else None, _ref_from_prefixed(m)))
        return Page(tuple(items), total, limit, offset)

    def search(self, q: str, filters: Filters | None = None, limit: int = 50, offset: int = 0) -> Page[SearchHit]:
        """Full-text search over title, text and the canonical names of the article's
        entities; Russian and English word forms match by stem."""
        cols = (*_REF_COLS, articles.c.text.label("full_text"))
        if self.dialect == "sqlite":
            match = sqlite.match_expression(q)
            if match is None:
                return Page((), 0, limit, offset)
            hits = text(sqlite.SEARCH_SQL).bindparams(match=match).columns(key=String, rank=Float).subquery("hits")
            rank = hits.c.rank
            base = select(*cols, rank.label("rank")).join(hits, hits.c.key == articles.c.key)
            order = [rank, articles.c.key]
        elif self.dialect == "postgresql":
            if not q.strip():
                return Page((), 0, limit, offset)
            tsq = text(postgres.QUERY_SQL).bindparams(q=q)
            rank = func.ts_rank(articles.c.search if "search" in articles.c else text("articles.search"), tsq)
            base = select(*cols, rank.label("rank")).where(text(f"articles.search @@ {postgres.QUERY_SQL}")
                                                          .bindparams(q=q))
            order = [rank.desc(), articles.c.key]
        else:  # pragma: no cover - other dialects: substring match
            base = select(*cols, literal(0.0).label("rank")).where(articles.c.text.contains(q, autoescape=True))
            order = [articles.c.key]
        query = self._article_where(base, filters).order_by(*order)
        wanted = stems(q)
        with self.engine.connect() as conn:
            rows, total = self._page(conn, query, limit, offset)
        return Page(tuple(SearchHit(article_ref(r), float(r._mapping["rank"] or 0.0),
                                    snippet(r._mapping["full_text"], wanted)) for r in rows), total, limit, offset)

    # ------------------------------------------------------------------ aggregates
    def stats(self) -> dict[str, Any]:
        """Counts of everything, articles per language and source, date range."""
        with self.engine.connect() as conn:
            def n(table: Any) -> int:
                return conn.execute(select(func.count()).select_from(table)).scalar_one()

            first, last = conn.execute(select(func.min(articles.c.published_date),
                                              func.max(articles.c.published_date))).one()
            return {
                "articles": n(articles), "entities": n(entities), "mentions": n(mentions), "events": n(events),
                "quotes": n(quotes), "commitments": n(commitments), "failures": n(failures),
                "languages": dict(conn.execute(select(articles.c.language, func.count()).group_by(
                    articles.c.language).order_by(articles.c.language)).all()),
                "sources": dict(conn.execute(select(articles.c.source, func.count()).group_by(
                    articles.c.source).order_by(func.count().desc(), articles.c.source)).all()),
                "event_types": dict(conn.execute(select(events.c.type, func.count()).group_by(events.c.type)
                                                 .order_by(func.count().desc(), events.c.type)).all()),
                "first_published": first, "last_published": last,
            }

    def monthly(self, kind: str = "events", filters: Filters | None = None) -> list[MonthlyPoint]:
        """Month series: ``events`` (count per event type), ``tone`` (mean article
        tone) or ``topics`` (articles per topic label, mean score)."""
        if kind == "events":
            day = func.coalesce(events.c.date, articles.c.published_date)
            month = func.substr(day, 1, 7)
            q = (select(month.label("month"), events.c.type.label("series"), func.count().label("value"),
                        func.count().label("n"))
                 .select_from(events.join(articles, articles.c.key == events.c.article_key))
                 .where(day.is_not(None), func.substr(day, 1, 2) != "--", func.length(day) >= 7))
            if filters is not None and filters.event_type:
                # on the outer events table: an EXISTS over events here would correlate to nothing (500)
                q = q.where(events.c.type == filters.event_type)
                filters = Filters(**{**filters.to_dict(), "event_type": None})
            if filters is not None and filters.dyad:
                q = q.where(_in_dyad(filters.dyad))
            q = self._article_where(q, filters, dates=False).group_by(month, events.c.type)
        elif kind == "tone":
            month = func.substr(articles.c.published_date, 1, 7)
            q = (select(month.label("month"), literal("tone").label("series"), func.avg(articles.c.tone)
                        .label("value"), func.count().label("n"))
                 .where(articles.c.published_date.is_not(None), articles.c.tone.is_not(None)))
            q = self._article_where(q, filters).group_by(month)
        elif kind == "topics":
            month = func.substr(articles.c.published_date, 1, 7)
            q = (select(month.label("month"), topics.c.label.label("series"), func.count().label("n"),
                        func.avg(topics.c.score).label("value"))
                 .select_from(topics.join(articles, articles.c.key == topics.c.article_key))
                 .where(articles.c.published_date.is_not(None)))
            if filters is not None and filters.topic:
                # on the outer topics table: an EXISTS over topics here would correlate to nothing (500)
                q = q.where(topics.c.label == filters.topic)
                filters = Filters(**{**filters.to_dict(), "topic": None})
            q = self._article_where(q, filters).group_by(month, topics.c.label)
        else:
            raise ValueError(f"unknown monthly kind {kind!r}: events, tone or topics")
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(text("month"), text("series"))).all()
        return [MonthlyPoint(r.month, r.series, float(r.value or 0.0), int(r.n)) for r in rows]


def _in_dyad(codes: tuple[str, ...]) -> Any:
    """Events one of whose actors is of a country of the dyad (an event of third countries is left out)."""
    return exists().where(event_actors.c.event_id == events.c.id, event_actors.c.country.in_(list(codes)))


def _without_entity(f: Filters | None) -> Filters | None:
    """The filters less the entity, which each list applies to its own column (speaker, actor)."""
    from dataclasses import replace

    return replace(f, entity=None) if f is not None else None


def _ref_from_prefixed(m: Any) -> ArticleRef:
    return ArticleRef(key=m["a_key"], id=m["a_id"], title=m["a_title"], source=m["a_source"], url=m["a_url"],
                      published=m["a_published"], language=m["a_language"], tone=m["a_tone"], story=m["a_story"],
                      duplicate_of=m["a_duplicate_of"], lead=m["a_text"] or "")


def _entity_row(r: Any) -> EntityRow:
    m = r._mapping
    return EntityRow(m["id"], m["name"], m["type"], m["country"], m["wikidata"], bool(m["known"]),
                     int(m["articles"] or 0), int(m["mentions"] or 0), int(m["events"] or 0))
