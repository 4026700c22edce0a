"""When an event happened: the nearest date expression of its sentence (not a deadline, not a date that
belongs to an act of the other tense, not the day of a gathering it is placed against - "ahead of the
summit on May 20" -, not a week, not a year-less day of a past event the publication date gives no year
for; a day before a bare year), turned forward for a contact announced by its verb's tense; the day named
just before for "the same day"; the visit's day for talks during a one-day visit; the publication day for
same-day reports, and the day of the statement for talks a statement was made after ("X said after talks
with Y" in a dated dispatch)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from ...document import Doc
from ...patterns import any_match, words_after, words_before
from ...records import PartialDate, Span
from ...textindex import DocIndex
from .draft import STAGE, Draft
from .placing import of_another_happening
from .triggers import TriggerHit


def date_of(doc: Doc, sent: Span, h: TriggerHit, window: int, rivals: list[TriggerHit] = (),
            published: PartialDate | None = None, cues: dict | None = None, lang: str = "en") -> PartialDate | None:
    """The date expression of the sentence nearest the trigger, unless a trigger of the other tense
    is nearer to it ("agreed ... on a visit in September": September is the planned visit's) - a
    date that is the publication day itself fits either tense ("will meet X, who is in Moscow, on
    May 8"). A deadline ("by 2030", "до 2030 года") dates no event."""
    def distance(d: PartialDate, span: Span) -> int:
        return min(abs(d.span.start - span.end), abs(span.start - d.span.end))  # type: ignore[union-attr]

    cues = cues or {}
    deadline = tuple(cues.get("deadline_prepositions", {}).get(lang, ()))
    anchors = tuple(cues.get("date_anchor", {}).get(lang, ()))
    today = published.iso() if published is not None and published.complete else None
    best: tuple[int, PartialDate] | None = None
    for d in doc.get("dates") or ():
        if d.span is None or not (sent.start <= d.span.start and d.span.end <= sent.end):
            continue
        if d.iso() is None and d.source != "relative":
            continue
        if deadline and _is_deadline(doc.text, d, deadline):
            continue
        if _week_not_day(d) or (anchors and _anchored(doc.text, sent, d, anchors, lang)):
            continue
        if h.future and (_said_on(doc.text, d, cues, lang) or _in_dateline(doc.text, d)):
            continue  # "invited him to pay a visit, the Kremlin said on Monday": the statement's day, not the visit's
        if of_another_happening(doc.text, h, d.span.start, cues, lang):
            continue  # "discussed the summit, which will be held on June 26-27": the summit's day
        if "\n" in doc.text[min(d.span.end, h.span.end):max(d.span.start, h.span.start)]:
            continue  # a "sentence" run over lines (a dateline line, a byline, the lead): the date is another line's
        back = int(cues.get("inferred_year_back_days", 92))
        if not h.future and not d.future and _far_inferred_year(d, published, back):
            continue
        if h.future and not d.future and _leads_clause(doc.text, d, h):
            d = _forward(d, lang) or d
        dist = distance(d, h.span)
        # the date nearer a trigger of the other tense, or nearer another contact from another clause ("on April 9,
        # during your visit, we held talks, and on April 18 the commission met"), is that one's
        own_clause = not re.search(r"[,;]", doc.text[min(d.span.end, h.span.end):max(d.span.start, h.span.start)])
        others = [r for r in rivals if r.contact and h.contact and r.span != h.span] if not own_clause else []
        if (today is None or d.iso() != today) and (
                any(distance(d, r.span) < dist for r in rivals if r.future != h.future)
                or any(distance(d, r.span) < dist or _same_clause(doc.text, sent, d.span, r.span) for r in others)):
            continue
        # a day or a month before a bare year ("on October 12 ..., which chairs the CIS in 2022")
        key = (int(d.month is None), dist)
        if dist <= window and (best is None or key < best[0]):
            best = (key, d)
    return best[1] if best else None


def _said_on(text: str, d: PartialDate, cues: dict, lang: str) -> bool:
    """The date follows a verb of saying ("the Kremlin said on Monday", «сообщили в понедельник»)."""
    _, before = words_before(text, d.span.start, 2)  # type: ignore[union-attr]
    return any_match(before, tuple(cues.get("statement_verbs", {}).get(lang, ()))) is not None


def _in_dateline(text: str, d: PartialDate) -> bool:
    """The date stands in a dateline opening its line: nothing but capitalised words, punctuation and an agency
    before it ("MOSCOW (Agency - 10th May, 2021) ...", "BISHKEK, March 3 (Reuters) -", «МОСКВА, 3 марта. /ТАСС/.»)."""
    start = d.span.start  # type: ignore[union-attr]
    line = text.rfind("\n", 0, start) + 1
    head = text[line:start]
    return start - line <= 80 and not re.search(r"(?<![\w/])[a-zа-яё]", head) and bool(re.search(r"[A-ZА-ЯЁ]{3,}", head))


def _same_clause(text: str, sent: Span, a: Span, b: Span) -> bool:
    """No comma or semicolon between the two spans: one clause ("and on June 3 the commission met")."""
    lo, hi = (a, b) if a.start <= b.start else (b, a)
    return lo.end <= hi.start and not re.search(r"[,;]", text[lo.end:hi.start]) and sent.start <= lo.start


def date_same_day_cue(drafts: list[Draft], doc: Doc, cues: dict, lang: str) -> list[Draft]:
    """"The same day, X met Y", «В тот же день ...»: an undated contact whose sentence says it happened on the
    day named just before takes the last complete date stated before it, in its paragraph or the one before."""
    words = tuple(cues.get("same_day", {}).get(lang, ()))
    if not words:
        return drafts
    text = doc.text
    reach = int(cues.get("same_day_window_chars", 600))
    dates = [d for d in doc.get("dates") or () if d.span is not None and d.complete and not _week_not_day(d)]
    for dr in drafts:
        if dr.date is not None:
            continue
        sent = dr.evidence
        m = any_match(text[sent.start:dr.trigger.span.start], words)
        if m is None:
            continue
        cue = sent.start + m.start()
        floor = max(0, cue - reach, text.rfind("\n\n", 0, max(0, text.rfind("\n\n", 0, cue))))
        before = [d for d in dates if floor <= d.span.start and d.span.end <= cue and d.future == dr.trigger.future]
        if before:
            dr.date = replace(before[-1], stage=STAGE)
    return drafts


def date_from_visit(drafts: list[Draft]) -> list[Draft]:
    """Undated talks held during a visit (they carry the visit as context: see ``placing.place_from_visit``)
    take the visit's day when the visit is one day and of the same tense, its visitor among the talks'
    actors ("X paid a working visit to Moscow on May 8. During the visit X held talks with Y"). A visit of
    several days leaves the talks' day unknown."""
    visits = [v for v in drafts if v.trigger.family == "visit" and not v.multilateral and v.date is not None
              and v.date.complete and v.date.end_day is None]
    for d in drafts:
        t = d.trigger
        if d.date is not None or "visit" not in d.context or t.family != "meet" or d.multilateral:
            continue
        ids = d.actor_ids()
        fitting = [v for v in visits if v.trigger.future == t.future and v.trigger.span.start < t.span.start
                   and ({a.entity or a.name for a in v.actors if a.role == "source"} or v.actor_ids()) & ids]
        if fitting and len({v.date.iso() for v in fitting}) == 1:  # type: ignore[union-attr]
            d.date = replace(fitting[-1].date, stage=STAGE)  # type: ignore[arg-type]
    return drafts


def own_date_of_mention(text: str, h: TriggerHit, cues: dict, lang: str) -> bool:
    """"The talks took place on Tuesday", «Переговоры прошли во вторник»: a mention that names nobody (the caller
    checks) of a meeting named before dates it, unless the mention is what something else followed ("after the
    talks ... later today", «по итогам переговоров»)."""
    _, before = words_before(text, h.span.start, 4)
    return not any_match(before, tuple(cues.get("statement_after", {}).get(lang, ()))
                         + tuple(cues.get("gathering_anchor", {}).get(lang, ())))


def _leads_clause(text: str, d: PartialDate, h: TriggerHit) -> bool:
    """The date stands before the trigger in its clause («в пятницу встретится»), not after it in another
    one ("invited him to visit, the Kremlin said on Monday": Monday is the statement's day)."""
    end = d.span.end  # type: ignore[union-attr]
    return end <= h.span.start and not any(c in text[end:h.span.start] for c in ",;:.")


def _forward(d: PartialDate, lang: str) -> PartialDate | None:
    """«в пятницу встретится», «20 мая посетит»: a weekday, or a day and month without a year, that the dates
    stage read as past (no scheduling word before it) belongs to a planned contact - resolved forward on the
    same anchor (the weekday to come; the day and month on or after publication)."""
    from ...temporal import find_candidates
    from ..dates import parse_anchor, resolve

    anchor = parse_anchor(d.anchor)
    if d.source == "text" and anchor is not None and d.day is not None and d.year is not None \
            and not _YEAR.search(d.text or "") and d.as_date() is not None and d.as_date() < anchor:
        year = anchor.year if (d.month, d.day) >= (anchor.month, anchor.day) else anchor.year + 1
        shift = year - d.year
        try:
            dt.date(year, d.month, d.day)  # type: ignore[arg-type]
        except ValueError:  # 29 February of a year that has none
            return None
        return replace(d, year=year, end_year=d.end_year + shift if d.end_year is not None else None, future=True)
    if d.source != "relative" or anchor is None or d.span is None:
        return None
    cands = [c for c in find_candidates(d.text or "", lang) if c.kind == "weekday"]
    if len(cands) != 1 or cands[0].direction == "past":
        return None
    got = resolve(cands[0], anchor, prefer="future", future_hint=True)
    if got is None or d.as_date() == anchor:  # «в среду встретится» in a Wednesday article: that day
        return None
    return replace(got, span=d.span, stage=d.stage)


def _week_not_day(d: PartialDate) -> bool:
    """"earlier this week", «на прошлой неделе»: a relative period of several days names no day of the event."""
    return d.source == "relative" and d.end_day is not None and not any(c.isdigit() for c in d.text or "")


_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)|'\d{2}\b")


def _far_inferred_year(d: PartialDate, published: PartialDate | None, max_days: int) -> bool:
    """A year-less day and month the dates stage put in the year before publication (it would fall after the
    publication day in its own year), further back than ``max_days``: no year is derivable for a past event
    ("on May 20" in an article of May 15; "December 28" in one of January 10 is kept, 2023-12-28)."""
    if d.source != "text" or d.day is None or published is None or not published.complete:
        return False
    if _YEAR.search(d.text or ""):
        return False  # the text states the year itself
    day, pub = d.as_date(), published.as_date()
    if day is None or pub is None or day.year != pub.year - 1:
        return False
    return (pub - day).days > max_days


def _anchored(text: str, sent: Span, d: PartialDate, words: tuple[str, ...], lang: str) -> bool:
    """"ahead of the summit on May 20", «до начала саммита 7 октября»: a date-anchor word a few words before
    the date, in its clause, makes the date the anchor's day. «Накануне саммита»: "on the eve of", not a day."""
    start = d.span.start  # type: ignore[union-attr]
    first, before = words_before(text, start, 8)
    first = max(first, sent.start)
    before = text[first:start]
    cut = max(before.rfind(","), before.rfind(";"), before.rfind("("), before.rfind(")"))
    if cut >= 0:
        before = before[cut + 1:]
    if before.strip() and any_match(before, words):
        return True
    own = (d.text or "").strip()
    lead = any_match(own, words)
    if lead is None or lead.start() != 0:
        return False
    if own[lead.end():].strip():  # "before May 20" kept whole by the dates stage: the event was before it
        return True
    _, nxt = words_after(text, d.span.end, 1)  # type: ignore[union-attr]
    return lang == "ru" and _genitive_noun(nxt.strip())


def _genitive_noun(word: str) -> bool:
    """A lower-case noun or adjective in the genitive («саммита», «неформального»): what «накануне» governs."""
    if not word or not word[0].islower():
        return False
    from ..models import morph_vocab

    tag = morph_vocab().parse(word)[0].tag
    return ("NOUN" in tag or "ADJF" in tag) and "gent" in tag


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
