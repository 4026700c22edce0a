"""Frozen records of the export contract (see DESIGN.md, "The export contract").

Every extraction carries where it came from: character offsets into the
article's cleaned text, a confidence, and the name of the stage that made it.
``to_dict`` produces exactly the contract's field names (plus documented
additions); ``from_dict`` reads them back, so a stored or exported article
round-trips.

Third-party objects (natasha spans, spaCy ents, dateparser results) never
appear here: stages convert them at the boundary.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, Iterable, Mapping

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC")


# --------------------------------------------------------------------------- spans
@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the cleaned text."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "Span | None":
        if not d:
            return None
        return cls(int(d["start"]), int(d["end"]), d.get("text") or "")

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


# --------------------------------------------------------------------------- dates
DATE_SOURCES = ("text", "relative", "published", "cluster")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date whose parts may be missing, anchored to what it was read against.

    ``text`` is the raw expression ("on Tuesday", "22 октября"), ``anchor`` the
    ISO date it was resolved against (usually the publication date), and
    ``source`` where the value came from: the text itself, a relative
    expression resolved on the anchor, the publication date, or a sibling
    article of the same cluster. ``end_*`` hold the last day of a range
    ("November 25–27").
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    text: str = ""
    anchor: str | None = None
    source: str = "text"
    span: Span | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    future: bool = False
    stage: str = ""
    confidence: float = 1.0

    @classmethod
    def from_date(cls, d: date, **kw: Any) -> "PartialDate":
        return cls(year=d.year, month=d.month, day=d.day, **kw)

    @property
    def complete(self) -> bool:
        return None not in (self.year, self.month, self.day)

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.complete else None  # type: ignore[arg-type]

    def iso(self) -> str | None:
        """ISO 8601, truncated where parts are missing: 2022-03-29, 2022-03,
        2022, or ``--10-22`` (month and day with an open year)."""
        y, m, d = self.year, self.month, self.day
        if y is not None:
            if m is None:
                return f"{y:04d}"
            if d is None:
                return f"{y:04d}-{m:02d}"
            return f"{y:04d}-{m:02d}-{d:02d}"
        if m is not None and d is not None:
            return f"--{m:02d}-{d:02d}"
        if m is not None:
            return f"--{m:02d}"
        return None

    def end_iso(self) -> str | None:
        if self.end_day is None and self.end_month is None and self.end_year is None:
            return None
        return PartialDate(self.end_year, self.end_month, self.end_day).iso()

    def with_year(self, year: int, source: str) -> "PartialDate":
        end_year = self.end_year if self.end_year is not None or self.end_month is None else year
        return replace(self, year=year, source=source, end_year=end_year)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.iso(), "end": self.end_iso(),
            "year": self.year, "month": self.month, "day": self.day,
            "text": self.text, "anchor": self.anchor, "source": self.source,
            "span": self.span.to_dict() if self.span else None,
            "future": self.future, "stage": self.stage, "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "PartialDate | None":
        if not d:
            return None
        end = _parse_iso_parts(d.get("end"))
        return cls(
            year=d.get("year"), month=d.get("month"), day=d.get("day"), text=d.get("text") or "",
            anchor=d.get("anchor"), source=d.get("source") or "text", span=Span.from_dict(d.get("span")),
            end_year=end[0], end_month=end[1], end_day=end[2], future=bool(d.get("future")),
            stage=d.get("stage") or "", confidence=float(d.get("confidence", 1.0)),
        )

    @classmethod
    def from_iso(cls, value: str | None, **kw: Any) -> "PartialDate | None":
        if not value:
            return None
        y, m, d = _parse_iso_parts(value)
        if y is None and m is None:
            return None
        return cls(year=y, month=m, day=d, **kw)


def _parse_iso_parts(value: str | None) -> tuple[int | None, int | None, int | None]:
    if not value:
        return (None, None, None)
    v = value[:10]
    if v.startswith("--"):
        parts = v[2:].split("-")
        return (None, int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1] else None)
    parts = v.split("-")
    nums = [int(p) for p in parts if p.isdigit()]
    nums += [None] * (3 - len(nums))  # type: ignore[list-item]
    return (nums[0], nums[1], nums[2])


# --------------------------------------------------------------------------- entities
@dataclass(frozen=True, slots=True)
class Mention:
    """One surface occurrence of a named thing, before or after resolution.

    ``normal`` is the normal form (nominative lemma for Russian: «Константина
    Косачева» -> «Константин Косачев»). ``entity`` is filled by resolution.
    """

    start: int
    end: int
    text: str
    type: str
    normal: str = ""
    stage: str = ""
    confidence: float = 1.0
    entity: str | None = None
    kind: str = "name"  # name | role | pronoun | adjective | abbreviation
    # "ORG" where a place name stands for its state, government or people acting
    # («Россия объявила», "Russia's position"); the entity stays the place
    acts_as: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    # The contract's mention keys are start/end/text; the rest are additions.
    def to_full_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "normal": self.normal, "stage": self.stage, "confidence": self.confidence,
                "entity": self.entity, "kind": self.kind,
                **({"acts_as": self.acts_as} if self.acts_as else {})}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], type: str = "") -> "Mention":
        return cls(int(d["start"]), int(d["end"]), d.get("text") or "", d.get("type") or type,
                   d.get("normal") or "", d.get("stage") or "", float(d.get("confidence", 1.0)),
                   d.get("entity"), d.get("kind") or "name", d.get("acts_as"))


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity of one article: canonical English name, id, type, country."""

    id: str
    name: str
    type: str
    country: str | None = None
    wikidata: str | None = None
    mentions: tuple[Mention, ...] = ()
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    known: bool = False  # True when it comes from the gazetteer, False for an unknown name
    stage: str = ""
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "type": self.type, "country": self.country,
            "wikidata": self.wikidata, "mentions": [m.to_full_dict() for m in self.mentions],
            "aliases": list(self.aliases), "roles": list(self.roles), "known": self.known,
            "stage": self.stage, "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Entity":
        t = d.get("type") or ""
        return cls(
            id=d["id"], name=d["name"], type=t, country=d.get("country"), wikidata=d.get("wikidata"),
            mentions=tuple(Mention.from_dict(m, t) for m in d.get("mentions") or ()),
            aliases=tuple(d.get("aliases") or ()), roles=tuple(d.get("roles") or ()),
            known=bool(d.get("known")), stage=d.get("stage") or "", confidence=float(d.get("confidence", 1.0)),
        )


# --------------------------------------------------------------------------- amounts
@dataclass(frozen=True, slots=True)
class Amount:
    """Money or a counted quantity: value, ISO 4217 currency (money) or unit (things)."""

    value: float
    text: str
    currency: str | None = None
    unit: str | None = None
    span: Span | None = None
    stage: str = ""
    confidence: float = 1.0
    bound: str | None = None  # "min" (more than), "max" (up to), "approx" (about); None: exact

    def to_dict(self) -> dict[str, Any]:
        v: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": v, "currency": self.currency, "unit": self.unit, "text": self.text,
                "span": self.span.to_dict() if self.span else None, "bound": self.bound,
                "stage": self.stage, "confidence": self.confidence}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "Amount | None":
        if not d:
            return None
        return cls(float(d["value"]), d.get("text") or "", d.get("currency"), d.get("unit"),
                   Span.from_dict(d.get("span")), d.get("stage") or "", float(d.get("confidence", 1.0)),
                   d.get("bound"))


# --------------------------------------------------------------------------- events
@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    entity: str | None = None
    country: str | None = None
    role: str = "participant"  # source | target | participant | speaker | actor

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "entity": self.entity, "country": self.country, "role": self.role}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "Actor | None":
        if not d:
            return None
        return cls(d.get("name") or "", d.get("entity"), d.get("country"), d.get("role") or "participant")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None = None
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "entity": self.entity}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "Place | None":
        if not d:
            return None
        return cls(d.get("name") or "", d.get("country"), d.get("entity"))


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER-coded event (type, mode, context) with its CAMEO code where one fits."""

    type: str
    evidence: Span
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    actors: tuple[Actor, ...] = ()
    date: PartialDate | None = None
    place: Place | None = None
    trigger: Span | None = None
    future: bool = False
    negated: bool = False
    tone: float | None = None
    id: str = ""
    stage: str = ""
    confidence: float = 1.0

    @property
    def date_source(self) -> str | None:
        return self.date.source if self.date and self.date.iso() else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "context": list(self.context),
            "cameo": self.cameo, "actors": [a.to_dict() for a in self.actors],
            "date": self.date.iso() if self.date else None, "date_source": self.date_source,
            "date_detail": self.date.to_dict() if self.date else None,
            "place": self.place.to_dict() if self.place else None,
            "evidence": self.evidence.to_dict(),
            "trigger": self.trigger.to_dict() if self.trigger else None,
            "future": self.future, "negated": self.negated, "tone": self.tone,
            "stage": self.stage, "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Event":
        date_ = PartialDate.from_dict(d.get("date_detail")) or PartialDate.from_iso(
            d.get("date"), source=d.get("date_source") or "text")
        return cls(
            type=d["type"], evidence=Span.from_dict(d.get("evidence")) or Span(0, 0, ""),
            mode=d.get("mode"), context=tuple(d.get("context") or ()), cameo=d.get("cameo"),
            actors=tuple(a for a in (Actor.from_dict(x) for x in d.get("actors") or ()) if a),
            date=date_, place=Place.from_dict(d.get("place")), trigger=Span.from_dict(d.get("trigger")),
            future=bool(d.get("future")), negated=bool(d.get("negated")), tone=d.get("tone"),
            id=d.get("id") or "", stage=d.get("stage") or "", confidence=float(d.get("confidence", 1.0)),
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """What someone said: the quoted span, its speaker, direct or reported."""

    text: str
    start: int
    end: int
    speaker: Actor | None = None
    direct: bool = True
    evidence: Span | None = None  # the whole sentence(s) incl. the attribution
    cue: Span | None = None  # "said", "отметил", "according to"
    stage: str = ""
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "text": self.text, "start": self.start, "end": self.end, "direct": self.direct,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "stage": self.stage, "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Quote":
        return cls(d.get("text") or "", int(d["start"]), int(d["end"]), Actor.from_dict(d.get("speaker")),
                   bool(d.get("direct", True)), Span.from_dict(d.get("evidence")), Span.from_dict(d.get("cue")),
                   d.get("stage") or "", float(d.get("confidence", 1.0)))


MODALITIES = ("agreed", "will", "intend", "ready to", "studying", "committed", "supported", "target",
              "offer", "request")
# What a commitment is, as an analyst files it (knowledge/commitments/forms.yaml): a pledge made by a
# modality cue, money given, lent, invested or forgiven, a target, an announced project.
COMMITMENT_KINDS = ("pledge", "allocation", "loan", "grant", "aid", "write_off", "investment", "target",
                    "project")


@dataclass(frozen=True, slots=True)
class Commitment:
    """A promise, intention or offer under consideration."""

    what: str
    evidence: Span
    actor: Actor | None = None
    amount: Amount | None = None
    deadline: PartialDate | None = None
    modality: str = "will"
    id: str = ""
    stage: str = ""
    confidence: float = 1.0
    kind: str = "pledge"  # one of COMMITMENT_KINDS
    negated: bool = False  # a negative pledge: "will not host a foreign base"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "actor": self.actor.to_dict() if self.actor else None, "what": self.what,
            "amount": self.amount.to_dict() if self.amount else None,
            "deadline": self.deadline.iso() if self.deadline else None,
            "deadline_detail": self.deadline.to_dict() if self.deadline else None,
            "modality": self.modality, "kind": self.kind, "negated": self.negated,
            "evidence": self.evidence.to_dict(), "stage": self.stage, "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Commitment":
        return cls(
            what=d.get("what") or "", evidence=Span.from_dict(d.get("evidence")) or Span(0, 0, ""),
            actor=Actor.from_dict(d.get("actor")), amount=Amount.from_dict(d.get("amount")),
            deadline=PartialDate.from_dict(d.get("deadline_detail")) or PartialDate.from_iso(d.get("deadline")),
            modality=d.get("modality") or "will", id=d.get("id") or "", stage=d.get("stage") or "",
            confidence=float(d.get("confidence", 1.0)), kind=d.get("kind") or "pledge",
            negated=bool(d.get("negated")),
        )


@dataclass(frozen=True, slots=True)
class Topic:
    label: str
    score: float
    evidence: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": round(self.score, 4)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Topic":
        return cls(d["label"], float(d.get("score", 0.0)))


# --------------------------------------------------------------------------- article
@dataclass(frozen=True, slots=True)
class Article:
    """One analysed article: the unit of the export contract."""

    id: str
    text: str
    language: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601; a date alone when the time is unknown
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    topics: tuple[Topic, ...] = ()
    tone: float | None = None
    dates: tuple[PartialDate, ...] = ()
    amounts: tuple[Amount, ...] = ()
    duplicate_of: str | None = None
    story: str | None = None
    content_hash: str = ""
    path: str | None = None
    views: int | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "source": self.source, "url": self.url, "title": self.title,
            "published": self.published, "language": self.language, "text": self.text,
            "entities": [e.to_dict() for e in self.entities],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "commitments": [c.to_dict() for c in self.commitments],
            "topics": [t.to_dict() for t in self.topics],
            "tone": None if self.tone is None else round(self.tone, 2),
            "dates": [d.to_dict() for d in self.dates],
            "amounts": [a.to_dict() for a in self.amounts],
            "duplicate_of": self.duplicate_of, "story": self.story,
            "content_hash": self.content_hash, "path": self.path, "views": self.views,
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Article":
        return cls(
            id=str(d["id"]), text=d.get("text") or "", language=d.get("language"), source=d.get("source"),
            url=d.get("url"), title=d.get("title"), published=d.get("published"),
            entities=tuple(Entity.from_dict(x) for x in d.get("entities") or ()),
            events=tuple(Event.from_dict(x) for x in d.get("events") or ()),
            quotes=tuple(Quote.from_dict(x) for x in d.get("quotes") or ()),
            commitments=tuple(Commitment.from_dict(x) for x in d.get("commitments") or ()),
            topics=tuple(Topic.from_dict(x) for x in d.get("topics") or ()),
            tone=d.get("tone"),
            dates=tuple(p for p in (PartialDate.from_dict(x) for x in d.get("dates") or ()) if p),
            amounts=tuple(a for a in (Amount.from_dict(x) for x in d.get("amounts") or ()) if a),
            duplicate_of=d.get("duplicate_of"), story=d.get("story"),
            content_hash=d.get("content_hash") or "", path=d.get("path"), views=d.get("views"),
            meta=dict(d.get("meta") or {}),
        )


def record_fields(cls: type) -> list[str]:
    """Field names of a record class, for docs and CSV headers."""
    return [f.name for f in fields(cls)]


def unique(items: Iterable[Any]) -> tuple[Any, ...]:
    """Keep the first of equal items, in order (records are hashable)."""
    return tuple(dict.fromkeys(items))
