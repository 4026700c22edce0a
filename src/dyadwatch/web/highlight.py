"""Article text with its annotations highlighted, in the spirit of displaCy.

Safety rule: the article text is never trusted. The text is cut at every
annotation boundary and each segment is escaped on its own; markup is only
ever emitted around escaped segments, never inserted into raw text. A
segment covered by several annotations (a name inside a quote) carries all
their classes and links to the most specific record (the shortest span).
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Iterable, Sequence
from urllib.parse import quote as urlquote

from ..records import Article

# Kinds, from most to least specific when two annotations cover one segment.
KINDS = ("entity", "date", "amount", "trigger", "quote", "commitment", "event")


@dataclass(frozen=True, slots=True)
class Annotation:
    start: int
    end: int
    kind: str  # one of KINDS
    label: str  # shown as a badge after the span (entity type, event type, ...)
    href: str  # the record made from this span
    title: str  # tooltip


def annotations(article: Article) -> list[Annotation]:
    """Every span of the article that a record was made from, with its link."""
    n = len(article.text)
    out: list[Annotation] = []

    def add(start: int, end: int, kind: str, label: str, href: str, title: str) -> None:
        start, end = max(0, start), min(n, end)
        if end > start:
            out.append(Annotation(start, end, kind, label, href, title))

    for ent in article.entities:
        href = f"/entities/{urlquote(ent.id, safe='')}"
        for m in ent.mentions:
            add(m.start, m.end, "entity", ent.type, href, f"{ent.name} · {ent.type}"
                + (f" · {ent.country}" if ent.country else ""))
    for i, d in enumerate(article.dates):
        if d.span:
            add(d.span.start, d.span.end, "date", "DATE", f"#date-{i}", f"date {d.iso() or '?'} ({d.source})")
    for i, a in enumerate(article.amounts):
        if a.span:
            add(a.span.start, a.span.end, "amount", a.currency or a.unit or "AMOUNT", f"#amount-{i}",
                f"amount {a.value:g} {a.currency or a.unit or ''}".strip())
    for i, q in enumerate(article.quotes):
        who = q.speaker.name if q.speaker else "unknown speaker"
        add(q.start, q.end, "quote", "QUOTE", f"#quote-{i}", f"quote · {who}")
    for i, ev in enumerate(article.events):
        href = f"/events/{urlquote(ev.id, safe='')}" if ev.id else f"#event-{i}"
        title = f"{ev.type}{' / ' + ev.mode if ev.mode else ''}" + (f" · {ev.date.iso()}" if ev.date and
                                                                       ev.date.iso() else "")
        if ev.trigger:
            add(ev.trigger.start, ev.trigger.end, "trigger", ev.type, href, f"event trigger · {title}")
        else:
            add(ev.evidence.start, ev.evidence.end, "event", ev.type, href, f"event · {title}")
    for i, c in enumerate(article.commitments):
        add(c.evidence.start, c.evidence.end, "commitment", "COMMITMENT", f"#commitment-{i}",
            f"commitment · {c.modality} · {c.what}")
    return out


def _specificity(a: Annotation) -> tuple[int, int]:
    return (a.end - a.start, KINDS.index(a.kind))


def render(text: str, notes: Iterable[Annotation]) -> str:
    """HTML for ``text`` with ``notes`` as nested-safe highlight markup.

    Newlines are kept as text (the container uses ``white-space: pre-wrap``).
    """
    notes = sorted(notes, key=lambda a: (a.start, -a.end))
    bounds = sorted({0, len(text), *(a.start for a in notes), *(a.end for a in notes)})
    out: list[str] = []
    for seg_start, seg_end in zip(bounds, bounds[1:]):
        segment = escape(text[seg_start:seg_end])
        active = [a for a in notes if a.start <= seg_start and seg_end <= a.end]
        if not active:
            out.append(segment)
            continue
        best = min(active, key=_specificity)
        classes = " ".join(sorted({f"hl-{a.kind}" for a in active}))
        tip = " | ".join(a.title for a in sorted(active, key=_specificity))
        out.append(f'<a class="hl {classes}" href="{escape(best.href)}" title="{escape(tip)}" '
                   f'data-kind="{best.kind}">{segment}</a>')
        # A badge closes each entity / date / trigger span, as displaCy labels its entities.
        for a in active:
            if a.end == seg_end and a.kind in ("entity", "date", "amount", "trigger"):
                out.append(f'<span class="badge badge-{a.kind}">{escape(a.label)}</span>')
    return "".join(out)


def render_article(article: Article) -> str:
    return render(article.text, annotations(article))


def legend(kinds: Sequence[str] = KINDS) -> list[tuple[str, str]]:
    names = {"entity": "entity", "date": "date", "amount": "amount", "trigger": "event trigger",
             "quote": "quote", "commitment": "commitment", "event": "event evidence"}
    return [(k, names[k]) for k in kinds]
