"""Turn a processed ``Doc`` into the export record ``Article``.

The only place that knows which layer feeds which contract field, so stages
stay ignorant of the export format.
"""
from __future__ import annotations

from dataclasses import replace

from .document import Doc
from .records import Article


def to_article(doc: Doc) -> Article:
    clean = doc.clean
    read = doc.get("event_tones") or {}  # the tone stage's reading of an event's code in its sentence
    events = tuple(replace(e, tone=read[e.id]) if e.id in read else e for e in doc.get("events", ()))
    return Article(
        id=clean.id,
        text=clean.text,
        language=doc.get("language"),
        source=clean.source,
        url=clean.url,
        title=clean.title,
        published=clean.published,
        entities=tuple(doc.get("entities", ())),
        events=events,
        quotes=tuple(doc.get("quotes", ())),
        commitments=tuple(doc.get("commitments", ())),
        topics=tuple(doc.get("topics", ())),
        tone=doc.get("tone"),
        dates=tuple(doc.get("dates", ())),
        amounts=tuple(doc.get("amounts", ())),
        content_hash=clean.content_hash,
        path=clean.path,
        views=clean.views,
        meta=dict(clean.meta),
    )
