"""What the store reads return, and how an Article becomes table rows.

Reads return these frozen records (with ``to_dict`` for JSON), never raw
database rows, so the web layer and exports only translate.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Generic, Sequence, TypeVar

from ..document import content_hash, stable_id
from ..records import Actor, Article, Place, Span

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters shared by the list reads. Dates are ISO (YYYY-MM-DD), inclusive;
    they apply to the publication date for articles, quotes and commitments,
    and to the event date (or the publication date when it has none) for events."""

    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None  # an entity id: articles mentioning it, events it acts in
    event_type: str | None = None
    topic: str | None = None
    language: str | None = None
    source: str | None = None
    story: str | None = None
    dyad: tuple[str, ...] | None = None  # events only: one actor of these countries (the dyad views)
    counterpart: str | None = None  # events only: an entity id acting beside ``entity`` (actor pairs)

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {"items": [i.to_dict() for i in self.items], "total": self.total,
                "limit": self.limit, "offset": self.offset}


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article as listed: metadata without the analysis."""

    key: str
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    tone: float | None = None
    story: str | None = None
    duplicate_of: str | None = None
    lead: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class EventRow:
    id: str
    event_id: str | None
    type: str
    mode: str | None
    cameo: str | None
    date: str | None
    date_source: str | None
    place: Place | None
    future: bool
    tone: float | None
    evidence: Span | None
    actors: tuple[Actor, ...]
    article: ArticleRef

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "event_id": self.event_id, "type": self.type, "mode": self.mode,
                "cameo": self.cameo, "date": self.date, "date_source": self.date_source,
                "place": self.place.to_dict() if self.place else None, "future": self.future, "tone": self.tone,
                "evidence": self.evidence.to_dict() if self.evidence else None,
                "actors": [a.to_dict() for a in self.actors], "article": self.article.to_dict()}


@dataclass(frozen=True, slots=True)
class EntityRow:
    id: str
    name: str
    type: str | None
    country: str | None
    wikidata: str | None
    known: bool
    articles: int = 0
    mentions: int = 0
    events: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    id: str
    speaker: Actor | None
    text: str
    start: int
    end: int
    direct: bool
    article: ArticleRef

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "speaker": self.speaker.to_dict() if self.speaker else None, "text": self.text,
                "start": self.start, "end": self.end, "direct": self.direct, "article": self.article.to_dict()}


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    id: str
    actor: Actor | None
    what: str
    amount_value: float | None
    amount_currency: str | None
    amount_text: str | None
    deadline: str | None
    modality: str | None
    evidence: Span | None
    article: ArticleRef

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "actor": self.actor.to_dict() if self.actor else None, "what": self.what,
                "amount": None if self.amount_value is None else {
                    "value": self.amount_value, "currency": self.amount_currency, "text": self.amount_text},
                "deadline": self.deadline, "modality": self.modality,
                "evidence": self.evidence.to_dict() if self.evidence else None, "article": self.article.to_dict()}


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: ArticleRef
    rank: float
    snippet: Span | None = None  # a window of the text around the first matching word

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article.to_dict(), "rank": self.rank,
                "snippet": self.snippet.to_dict() if self.snippet else None}


@dataclass(frozen=True, slots=True)
class MonthlyPoint:
    """One cell of a month series: ``series`` is the event type / topic label
    ("tone" for the tone series), ``value`` the count or the mean."""

    month: str
    series: str
    value: float
    count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class WriteResult:
    new: int = 0
    known: int = 0
    updated: int = 0
    keys: tuple[str, ...] = field(default=(), repr=False)  # every key written or found
    changed: tuple[str, ...] = field(default=(), repr=False)  # the keys new or updated

    def __add__(self, other: "WriteResult") -> "WriteResult":
        return WriteResult(self.new + other.new, self.known + other.known, self.updated + other.updated,
                           self.keys + other.keys, self.changed + other.changed)


@dataclass(frozen=True, slots=True)
class FailureRow:
    path: str
    record_id: str
    stage: str
    reason: str
    first_seen: str
    last_seen: str
    attempts: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- article -> rows
def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def article_key(art: Article) -> str:
    return art.content_hash or content_hash(art.text)


def record_json(art: Article) -> str:
    """The contract object as stored: field order as `to_dict` (and `dyadwatch extract`) writes it."""
    return json.dumps(art.to_dict(), ensure_ascii=False)


def published_date(published: str | None) -> str | None:
    """YYYY-MM-DD of an ISO timestamp, or None when the day is unknown."""
    if not published or len(published) < 10:
        return None
    head = published[:10]
    try:
        datetime.strptime(head, "%Y-%m-%d")
    except ValueError:
        return None
    return head


def article_row(art: Article, key: str, record: str) -> dict[str, Any]:
    return {"key": key, "id": art.id, "source": art.source, "url": art.url, "title": art.title,
            "published": art.published, "published_date": published_date(art.published),
            "language": art.language, "text": art.text, "path": art.path, "views": art.views,
            "tone": art.tone, "duplicate_of": art.duplicate_of, "story": art.story, "record": record,
            "ingested_at": now_iso(), "entity_names": entity_names(art)}


def entity_names(art: Article) -> str:
    """Canonical names of the article's entities, for cross-script search."""
    return " ".join(dict.fromkeys(e.name for e in art.entities if e.name))


def child_rows(art: Article, key: str) -> dict[str, list[dict[str, Any]]]:
    """Rows of the flat tables for one article, with deterministic ids."""
    out: dict[str, list[dict[str, Any]]] = {
        "entities": [], "mentions": [], "events": [], "event_actors": [], "quotes": [],
        "commitments": [], "topics": []}
    for ent in art.entities:
        out["entities"].append({"id": ent.id, "name": ent.name, "type": ent.type, "country": ent.country,
                                "wikidata": ent.wikidata, "known": ent.known})
        for m in ent.mentions:
            out["mentions"].append({"article_key": key, "entity_id": ent.id, "start": m.start, "end": m.end,
                                    "text": m.text, "type": m.type or ent.type})
    for i, ev in enumerate(art.events):
        row_id = stable_id("event", key, i, ev.type, ev.evidence.start, ev.evidence.end, prefix="ev_")
        out["events"].append({
            "id": row_id, "event_id": ev.id or None, "article_key": key, "type": ev.type, "mode": ev.mode,
            "cameo": ev.cameo, "date": ev.date.iso() if ev.date else None, "date_source": ev.date_source,
            "place_name": ev.place.name if ev.place else None, "place_country": ev.place.country if ev.place else None,
            "future": ev.future, "tone": ev.tone, "evidence_start": ev.evidence.start,
            "evidence_end": ev.evidence.end, "evidence_text": ev.evidence.text,
            "record": json.dumps(ev.to_dict(), ensure_ascii=False)})
        for a in ev.actors:
            out["event_actors"].append({"event_id": row_id, "entity_id": a.entity, "name": a.name,
                                        "country": a.country, "role": a.role})
    for i, q in enumerate(art.quotes):
        out["quotes"].append({
            "id": stable_id("quote", key, i, q.start, q.end, prefix="qt_"), "article_key": key,
            "speaker_name": q.speaker.name if q.speaker else None,
            "speaker_entity": q.speaker.entity if q.speaker else None,
            "text": q.text, "start": q.start, "end": q.end, "direct": q.direct})
    for i, c in enumerate(art.commitments):
        out["commitments"].append({
            "id": stable_id("commitment", key, i, c.evidence.start, c.evidence.end, prefix="cm_"),
            "article_key": key, "actor_name": c.actor.name if c.actor else None,
            "actor_entity": c.actor.entity if c.actor else None,
            "actor_country": c.actor.country if c.actor else None, "what": c.what,
            "amount_value": c.amount.value if c.amount else None,
            "amount_currency": (c.amount.currency or c.amount.unit) if c.amount else None,
            "amount_text": c.amount.text if c.amount else None,
            "deadline": c.deadline.iso() if c.deadline else None, "modality": c.modality,
            "evidence_start": c.evidence.start, "evidence_end": c.evidence.end, "evidence_text": c.evidence.text,
            "record": json.dumps(c.to_dict(), ensure_ascii=False)})
    for t in art.topics:
        out["topics"].append({"article_key": key, "label": t.label, "score": t.score})
    return out


def article_ref(row: Any) -> ArticleRef:
    m = row._mapping
    text_ = m.get("text") or ""
    return ArticleRef(key=m["key"], id=m["id"], title=m.get("title"), source=m.get("source"), url=m.get("url"),
                      published=m.get("published"), language=m.get("language"), tone=m.get("tone"),
                      story=m.get("story"), duplicate_of=m.get("duplicate_of"), lead=text_[:280])


def snippet(text_: str, query_stems: Sequence[str], width: int = 120) -> Span | None:
    """The window of ``text_`` around the first word whose stem is queried."""
    import re

    from .stems import stem

    wanted = set(query_stems)
    if not wanted:
        return None
    for m in re.finditer(r"[^\W\d_]+", text_):
        if stem(m.group()) in wanted:
            start = max(0, m.start() - width // 2)
            end = min(len(text_), m.end() + width // 2)
            return Span(start, end, text_[start:end])
    return None
