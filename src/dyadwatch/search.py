"""Search across languages and spellings: a query that names an entity finds its articles in both.

Words match by stem (the store's full-text search). A query that names an
entity — «Путин», "Putin", «Путина», "Zhaparov" — is also resolved to entity
ids the way the pipeline resolves names: by ``translit.name_key`` (one key
for every script and transliteration) against the gazetteer's people,
surnames and other names, and against the names and mention surfaces stored
in the store (entities the gazetteer does not know). Russian case forms are
tried through their Snowball stem when the plain form names nothing. The
articles that mention a resolved entity are found whatever language and case
form they use, and their mentions are highlighted in the snippet.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import func, select

from .store import ArticleRef, Filters, Page, Store
from .store.lists import Sort, mention_spans, search_rows
from .store.schema import articles, entities, mentions
from .store.stems import stem, words
from .translit import name_key

SNIPPET_CHARS = 160
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted stretch of a snippet, offsets relative to the snippet's text."""

    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Hit:
    """An article found, its rank (higher is better), and a snippet with the matches marked."""

    article: ArticleRef
    rank: float
    snippet: str
    snippet_start: int
    marks: tuple[Mark, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article.to_dict(), "rank": self.rank,
                "snippet": {"start": self.snippet_start, "end": self.snippet_start + len(self.snippet),
                            "text": self.snippet, "marks": [m.to_dict() for m in self.marks]}}


@dataclass(frozen=True, slots=True)
class Results:
    page: Page[Hit]
    entities: tuple[tuple[str, str], ...]  # (id, name) of the entities the query names


# --------------------------------------------------------------------------- names -> entity ids
def _keys(text: str, stemmed: bool) -> tuple[str, str | None]:
    """(full-name key, surname key) of a name, from its words or their stems."""
    ws = [stem(w) if stemmed else w for w in words(text)]
    key = name_key(" ".join(ws))
    parts = key.split()
    return key, (parts[-1] if len(parts) >= 2 else None)


class _StoreNames:
    """name key -> entity ids over the store's entity names and mention surfaces, rebuilt when the
    store changes (article count and last ingest time)."""

    def __init__(self) -> None:
        self.stamp: tuple[Any, ...] | None = None
        self.full: dict[str, set[str]] = {}
        self.surname: dict[str, set[str]] = {}

    def refresh(self, store: Store) -> "_StoreNames":
        with store.engine.connect() as conn:
            stamp = (store.url, *conn.execute(select(func.count(), func.max(articles.c.ingested_at))).one())
            if stamp == self.stamp:
                return self
            names = [(eid, name, type_ == "PERSON") for eid, name, type_ in conn.execute(
                select(entities.c.id, entities.c.name, entities.c.type))]
            # a mention names its entity as a whole ("Владимира Путина"); its last word is no surname:
            # "President of Kyrgyzstan" is a mention of a person too
            names += [(eid, text_, False) for eid, text_ in conn.execute(
                select(mentions.c.entity_id, mentions.c.text).distinct())]
        self.full, self.surname = {}, {}
        for eid, name, person in names:
            for stemmed in (False, True):
                key, last = _keys(name or "", stemmed)
                if key:
                    self.full.setdefault(f"{stemmed}:{key}", set()).add(eid)
                if last and person:
                    self.surname.setdefault(f"{stemmed}:{last}", set()).add(eid)
        self.stamp = stamp
        return self


_NAMES: dict[str, _StoreNames] = {}


def resolve_names(store: Store, query: str, knowledge_paths: Iterable[str] = ()) -> tuple[str, ...]:
    """Ids of the stored entities the whole query names, in any script, spelling or case form.

    The plain spelling is tried first (gazetteer, then the store's names); the stems of its words
    only when it names nothing, so «Лаврова» finds Lavrov but "Rubio" is not read as «руб»."""
    query = " ".join(query.split())
    if not query or len(words(query)) > 4 or len(words(query)) != len(query.split()):
        return ()
    from .stages.gazetteer_index import load_gazetteer

    gz = load_gazetteer(tuple(str(p) for p in knowledge_paths))
    names = _NAMES.setdefault(store.url, _StoreNames()).refresh(store)
    for stemmed in (False, True):
        key, _ = _keys(query, stemmed)
        if not key:
            continue
        single = " " not in key
        found = set(gz.person_keys.get(key, ())) | set(gz.name_keys.get(key, ()))
        if single:
            found |= set(gz.surname_keys.get(key, ()))
        found |= names.full.get(f"{stemmed}:{key}", set())
        if single:
            found |= names.surname.get(f"{stemmed}:{key}", set())
        known = _stored(store, found)
        if known:
            return known
    return ()


def _stored(store: Store, ids: set[str]) -> tuple[str, ...]:
    """Those of ``ids`` the store has, most mentioned first."""
    if not ids:
        return ()
    n = func.count(mentions.c.entity_id)
    q = (select(entities.c.id).outerjoin(mentions, mentions.c.entity_id == entities.c.id)
         .where(entities.c.id.in_(sorted(ids))).group_by(entities.c.id).order_by(n.desc(), entities.c.id))
    with store.engine.connect() as conn:
        return tuple(conn.execute(q).scalars())


def resolve_actor(store: Store, value: str, knowledge_paths: Iterable[str] = ()) -> str:
    """An actor filter's value as an entity id: an id as it is, else the most mentioned entity the
    name names in any language («Путин» -> Putin's id); an unknown name stays as it is (finds nothing)."""
    if _stored(store, {value}):
        return value
    ids = resolve_names(store, value, knowledge_paths)
    return ids[0] if ids else value


# --------------------------------------------------------------------------- search
def search(store: Store, query: str, filters: Filters | None = None, sort: Sort | None = None, limit: int = 50,
           offset: int = 0, knowledge_paths: Iterable[str] = ()) -> Results:
    """Articles matching the query's words (any inflected form) or mentioning an entity it names."""
    sort = sort or Sort.parse(None, "search")
    if not query.strip():
        return Results(Page((), 0, limit, offset), ())
    ids = resolve_names(store, query, knowledge_paths)
    rows, total = search_rows(store, query, ids, filters, sort, limit, offset)
    spans = mention_spans(store, [r[0].key for r in rows], ids)
    wanted = {stem(w) for w in words(query)}
    hits = tuple(_hit(ref, rank, text, wanted, spans.get(ref.key, [])) for ref, rank, text in rows)
    with store.engine.connect() as conn:
        names = dict(conn.execute(select(entities.c.id, entities.c.name).where(entities.c.id.in_(list(ids)))).all()) \
            if ids else {}
    return Results(Page(hits, total, limit, offset), tuple((i, names.get(i, i)) for i in ids))


def _hit(ref: ArticleRef, rank: float, text: str, wanted: set[str], mentioned: list[tuple[int, int]]) -> Hit:
    marks = sorted({(m.start(), m.end()) for m in _WORD.finditer(text) if stem(m.group()) in wanted}
                   | {(s, e) for s, e in mentioned if 0 <= s < e <= len(text)})
    first = marks[0][0] if marks else 0
    start = max(0, first - SNIPPET_CHARS // 3)
    if start:  # begin at a word
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > max(start, marks[0][1] if marks else start) else end
    inside, last = [], start
    for s, e in marks:  # overlapping marks (a word inside a mention) become one
        if s >= start and e <= end and s >= last:
            inside.append(Mark(s - start, e - start))
            last = e
    return Hit(ref, round(rank, 6), text[start:end], start, tuple(inside))
