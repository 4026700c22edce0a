"""When an event happened: the nearest date expression of its sentence (not a deadline, not a date that
belongs to an act of the other tense), the publication day for same-day reports, and the day of the
statement for talks a statement was made after ("X said after talks with Y" in a dated dispatch)."""
from __future__ import annotations

from dataclasses import replace

from ...document import Doc
from ...patterns import any_match, words_before
from ...records import PartialDate, Span
from ...textindex import DocIndex
from .draft import STAGE, Draft
from .triggers import TriggerHit


def date_of(doc: Doc, sent: Span, h: TriggerHit, window: int, rivals: list[TriggerHit] = (),
            published: PartialDate | None = None, cues: dict | None = None, lang: str = "en") -> PartialDate | None:
    """The date expression of the sentence nearest the trigger, unless a trigger of the other tense
    is nearer to it ("agreed ... on a visit in September": September is the planned visit's) - a
    date that is the publication day itself fits either tense ("will meet X, who is in Moscow, on
    May 8"). A deadline ("by 2030", "до 2030 года") dates no event."""
    def distance(d: PartialDate, span: Span) -> int:
        return min(abs(d.span.start - span.end), abs(span.start - d.span.end))  # type: ignore[union-attr]

    deadline = tuple((cues or {}).get("deadline_prepositions", {}).get(lang, ()))
    today = published.iso() if published is not None and published.complete else None
    best: tuple[int, PartialDate] | None = None
    for d in doc.get("dates") or ():
        if d.span is None or not (sent.start <= d.span.start and d.span.end <= sent.end):
            continue
        if d.iso() is None and d.source != "relative":
            continue
        if deadline and _is_deadline(doc.text, d, deadline):
            continue
        dist = distance(d, h.span)
        if (today is None or d.iso() != today) and \
                any(distance(d, r.span) < dist for r in rivals if r.future != h.future):
            continue
        if dist <= window and (best is None or dist < best[0]):
            best = (dist, d)
    return best[1] if best else None


def _is_deadline(text: str, d: PartialDate, words: tuple[str, ...]) -> bool:
    """"by 2030", "until the end of the year", "до 2030 года": the word before the date (or the first word
    of its span, where the dates stage keeps the preposition) is a deadline word."""
    _, before = words_before(text, d.span.start, 1)  # type: ignore[union-attr]
    first = (d.text or "").split()[:1]
    low = {w.lower() for w in words}
    return before.strip().lower() in low or bool(first and first[0].lower() in low)


def date_same_day(drafts: list[Draft], published: PartialDate | None, doc: Doc) -> list[Draft]:
    """An undated past event takes the publication date only when the article shows it reports the
    day itself: it looks ahead to later that same day ("later today", "сегодня вечером" - a date
    expression equal to the publication date that the dates stage marks as future). A bare
    "today" ("today they cooperate") is not enough; otherwise the date stays unknown."""
    if published is None or not published.complete:
        return drafts
    same_day = any(d.iso() == published.iso() and d.future and d.source in ("text", "relative")
                   for d in doc.get("dates") or ())
    if not same_day:
        return drafts
    for d in drafts:
        if d.date is None and not d.trigger.future:
            d.date = replace(published, source="published", text="", span=None, stage=STAGE)
    return drafts


def date_statement_day(index: DocIndex, drafts: list[Draft], published: PartialDate | None, cues: dict,
                       lang: str) -> list[Draft]:
    """"X said/announced following talks with Y", «заявил по итогам переговоров»: talks a statement was
    made right after were held on the statement's day. That day is known when the article reports its
    publication day itself - a dateline ("BISHKEK, October 12.") or "today" equal to the publication
    date; otherwise the talks stay undated."""
    if published is None or not published.complete:
        return drafts
    iso = published.iso()
    if not any(d.iso() == iso and d.source in ("text", "relative") and d.span is not None
               for d in index.doc.get("dates") or ()):
        return drafts
    after = tuple(cues.get("statement_after", {}).get(lang, ()))
    verbs = tuple(cues.get("statement_verbs", {}).get(lang, ()))
    text = index.text
    for d in drafts:
        t = d.trigger
        if d.date is not None or t.future or not t.contact:
            continue
        _, before = words_before(text, t.span.start, 2)
        sent = d.evidence
        if any_match(before, after) and any_match(text[sent.start:sent.end], verbs):
            d.date = replace(published, source="published", text="", span=None, stage=STAGE)
    return drafts
