"""Sorted list reads: the store's lists, ordered by a column the reader picks.

``Store`` reads keep their one default order; the dashboard and the API let
an analyst sort by a column. A ``Sort`` names a key from the list's
whitelist (``SORT_KEYS``), so no user text ever reaches ``ORDER BY``; every
order ends with the row id, so pages never overlap or skip a row. Empty
values (no date, no source) sort last in both directions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, String, and_, func, literal, or_, select, text

from ..records import Actor
from .core import Store, _ref_from_prefixed, _without_entity
from .rows import ArticleRef, EntityRow, EventRow, Filters, Page, QuoteRow, article_ref
from .schema import articles, event_actors, mentions
from .schema import events as events_table
from .schema import quotes as quotes_table

# The keys each list sorts by, and the order it has when none is asked for.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "events": ("date", "type", "actor", "source", "language", "published"),
    "articles": ("published", "title", "source", "language", "tone"),
    "entities": ("name", "type", "country", "articles", "mentions", "events"),
    "quotes": ("published", "speaker", "source", "language", "text"),
    "commitments": ("status", "deadline", "actor", "what", "first", "mentions"),
    "search": ("rank", "published", "title", "source", "language"),
    "merged-events": ("date", "type", "reports", "languages", "published"),
}
DEFAULT_SORT: dict[str, str] = {"events": "-date", "articles": "-published", "entities": "-mentions",
                                "quotes": "-published", "commitments": "status", "search": "rank",
                                "merged-events": "-date"}


class SortError(ValueError):
    """A sort key the list does not offer."""


@dataclass(frozen=True, slots=True)
class Sort:
    """A whitelisted sort key; ``descending`` when written ``-key``."""

    key: str
    descending: bool = False

    @classmethod
    def parse(cls, value: str | None, kind: str) -> "Sort":
        """``key`` or ``-key`` of ``SORT_KEYS[kind]``; the list's default when empty."""
        raw = (value or "").strip() or DEFAULT_SORT[kind]
        desc = raw.startswith("-")
        key = raw[1:] if desc else raw
        if key not in SORT_KEYS[kind]:
            raise SortError(f"sort must be one of {', '.join(SORT_KEYS[kind])} (prefix - for descending), "
                            f"not {raw!r}")
        return cls(key, desc)

    def __str__(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def order(self, column: Any) -> Any:
        return (column.desc() if self.descending else column.asc()).nulls_last()


def _paged(store: Store, q: Any, limit: int, offset: int) -> tuple[list[Any], int]:
    with store.engine.connect() as conn:
        return store._page(conn, q, limit, offset)


# --------------------------------------------------------------------------- events
def _event_column(key: str) -> Any:
    if key == "date":
        return func.coalesce(events_table.c.date, articles.c.published_date)
    if key == "actor":  # the alphabetically first actor's name
        return (select(func.min(event_actors.c.name)).where(event_actors.c.event_id == events_table.c.id)
                .scalar_subquery())
    return {"type": events_table.c.type, "source": articles.c.source, "language": articles.c.language,
            "published": articles.c.published_date}[key]


def events(store: Store, filters: Filters | None, sort: Sort, limit: int = 50, offset: int = 0) -> Page[EventRow]:
    """``Store.events`` in the order of ``sort``."""
    q = store._event_query(filters).order_by(None).order_by(sort.order(_event_column(sort.key)), events_table.c.id)
    with store.engine.connect() as conn:
        rows, total = store._page(conn, q, limit, offset)
        return Page(tuple(store._event_rows(conn, rows)), total, limit, offset)


# --------------------------------------------------------------------------- articles
_ARTICLE_COLUMNS = {"published": articles.c.published_date, "title": articles.c.title, "source": articles.c.source,
                    "language": articles.c.language, "tone": articles.c.tone}


def articles_page(store: Store, filters: Filters | None, sort: Sort, limit: int = 50,
                  offset: int = 0) -> Page[ArticleRef]:
    """``Store.articles`` in the order of ``sort``."""
    from .core import _REF_COLS

    q = store._article_where(select(*_REF_COLS), filters).order_by(
        sort.order(_ARTICLE_COLUMNS[sort.key]), articles.c.id, articles.c.key)
    rows, total = _paged(store, q, limit, offset)
    return Page(tuple(article_ref(r) for r in rows), total, limit, offset)


# --------------------------------------------------------------------------- entities
def entities(store: Store, sort: Sort, *, name: str | None = None, type: str | None = None,
             country: str | None = None, limit: int = 50, offset: int = 0) -> Page[EntityRow]:
    """``Store.entities`` in the order of ``sort``."""
    from .core import _entity_row
    from .schema import entities as table

    q = store._entity_query()
    if name:
        q = q.where(func.lower(table.c.name).contains(name.lower(), autoescape=True))
    if type:
        q = q.where(table.c.type == type)
    if country:
        q = q.where(table.c.country == country)
    col = q.selected_columns[sort.key] if sort.key in ("articles", "mentions", "events") else table.c[sort.key]
    q = q.order_by(sort.order(col), table.c.name, table.c.id)
    rows, total = _paged(store, q, limit, offset)
    return Page(tuple(_entity_row(r) for r in rows), total, limit, offset)


# --------------------------------------------------------------------------- quotes
def quotes(store: Store, filters: Filters | None, sort: Sort, *, speaker: str | None = None, text_: str | None = None,
           limit: int = 50, offset: int = 0) -> Page[QuoteRow]:
    """Quotes by speaker entity (or ``filters.entity``) and a case-insensitive text match on the
    quote or the speaker's name, in the order of ``sort``."""
    from .core import _REF_COLS

    q = select(quotes_table, *[c.label(f"a_{c.name}") for c in _REF_COLS]).join(
        articles, articles.c.key == quotes_table.c.article_key)
    q = store._article_where(q, _without_entity(filters))
    who = speaker or (filters.entity if filters else None)
    if who:
        q = q.where(quotes_table.c.speaker_entity == who)
    if text_:
        # SQLite's lower() and LIKE fold ASCII only, so Cyrillic case variants are matched explicitly.
        t = text_.strip()
        variants = dict.fromkeys((t, t.lower(), t.capitalize(), t.upper()))
        q = q.where(or_(*(col.contains(v, autoescape=True) for v in variants
                          for col in (quotes_table.c.text, quotes_table.c.speaker_name))))
    col = {"published": articles.c.published_date, "speaker": quotes_table.c.speaker_name,
           "source": articles.c.source, "language": articles.c.language, "text": quotes_table.c.text}[sort.key]
    q = q.order_by(sort.order(col), articles.c.key, quotes_table.c.start, quotes_table.c.id)
    rows, total = _paged(store, q, limit, offset)
    items = []
    for r in rows:
        m = r._mapping
        spk = Actor(m["speaker_name"] or "", m["speaker_entity"], role="speaker") if m["speaker_name"] else None
        items.append(QuoteRow(m["id"], spk, m["text"], m["start"], m["end"], bool(m["direct"]),
                              _ref_from_prefixed(m)))
    return Page(tuple(items), total, limit, offset)


# --------------------------------------------------------------------------- search
def search_rows(store: Store, query: str, entity_ids: tuple[str, ...], filters: Filters | None, sort: Sort,
                limit: int = 50, offset: int = 0) -> tuple[list[tuple[ArticleRef, float, str]], int]:
    """Articles whose words match ``query`` (by stem, as ``Store.search``) or that mention one of
    ``entity_ids``: (reference, rank, full text) per row and the total. Rank: higher is better;
    an article found by its entities alone ranks 0."""
    from . import postgres, sqlite
    from .core import _REF_COLS

    cols = (*_REF_COLS, articles.c.text.label("full_text"))
    named = (select(literal(1)).where(mentions.c.article_key == articles.c.key,
                                      mentions.c.entity_id.in_(list(entity_ids))).exists()
             if entity_ids else None)
    words: Any = None
    if store.dialect == "sqlite":
        match = sqlite.match_expression(query)
        if match is not None:
            hits = text(sqlite.SEARCH_SQL).bindparams(match=match).columns(key=String, rank=Float).subquery("hits")
            base = select(*cols, func.coalesce(-hits.c.rank, 0.0).label("rank")).outerjoin(
                hits, hits.c.key == articles.c.key)
            words = hits.c.key.is_not(None)
        else:
            base = select(*cols, literal(0.0).label("rank"))
    elif store.dialect == "postgresql" and query.strip():
        tsq = text(postgres.QUERY_SQL).bindparams(q=query)
        base = select(*cols, func.ts_rank(text("articles.search"), tsq).label("rank"))
        words = text(f"articles.search @@ {postgres.QUERY_SQL}").bindparams(q=query)
    else:  # pragma: no cover - other dialects: substring match
        base = select(*cols, literal(0.0).label("rank"))
        words = articles.c.text.contains(query, autoescape=True) if query.strip() else None
    found = [c for c in (words, named) if c is not None]
    if not found:
        return [], 0
    q = store._article_where(base.where(or_(*found) if len(found) > 1 else found[0]), filters)
    rank = q.selected_columns["rank"]
    col = {"rank": rank, "published": articles.c.published_date, "title": articles.c.title,
           "source": articles.c.source, "language": articles.c.language}[sort.key]
    # rank reads "best first" ascending: the analyst's "rank" is relevance order
    first = (rank.desc() if not sort.descending else rank.asc()) if sort.key == "rank" else sort.order(col)
    q = q.order_by(first, articles.c.published_date.desc().nulls_last(), articles.c.key)
    rows, total = _paged(store, q, limit, offset)
    return [(article_ref(r), float(r._mapping["rank"] or 0.0), r._mapping["full_text"] or "") for r in rows], total


def mention_spans(store: Store, article_keys: list[str],
                  entity_ids: tuple[str, ...]) -> dict[str, list[tuple[int, int]]]:
    """Spans of the mentions of ``entity_ids`` in each of these articles (for highlighting)."""
    out: dict[str, list[tuple[int, int]]] = {}
    if not article_keys or not entity_ids:
        return out
    q = (select(mentions.c.article_key, mentions.c.start, mentions.c.end)
         .where(and_(mentions.c.article_key.in_(article_keys), mentions.c.entity_id.in_(list(entity_ids))))
         .order_by(mentions.c.article_key, mentions.c.start))
    with store.engine.connect() as conn:
        for key, start, end in conn.execute(q):
            out.setdefault(key, []).append((int(start), int(end)))
    return out


def entity_countries(store: Store, entity_ids: Any) -> dict[str, str | None]:
    """The country of each of these entities (ISO alpha-3, or None), in one read per 500 ids."""
    from .schema import entities

    ids = sorted({i for i in entity_ids if i})
    out: dict[str, str | None] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            out.update(conn.execute(select(entities.c.id, entities.c.country)
                                    .where(entities.c.id.in_(ids[i:i + 500]))).all())
    return out

