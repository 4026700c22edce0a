"""Events: PLOVER-coded (type, mode, context) with CAMEO codes, actors, date, place and evidence.

Per sentence, trigger words from knowledge/events/triggers.yaml give a CAMEO
code; knowledge/events/cameo_plover.tsv turns it into PLOVER type, mode and
context. Actors are the resolved entities of the sentence (persons first, then
organisations and countries), the place is a city after "in"/"в" near the
trigger, the date the nearest date expression of the sentence. A meeting
reported several times in one article is one event (merged by actor set and
date; a bare "the meeting" joins the meeting already named), but a session of
a multilateral body is an event of its own. Each event carries its tone on the
Goldstein-like scale (dyadwatch.tonescale) and ``in_dyad``.

The package, module by module: ``triggers`` (lexicons, CAMEO -> PLOVER, trigger hits
and their negated/future/intent flags), ``actors`` (who acts: persons of a meeting,
subject and object of a one-sided act, the visitor of a visit, reporters left out),
``placing`` (where: "in <city>", a visit's destination, landmarks, the host city of a
visit, the dateline city of statements), ``dating`` (when: the nearest date that is no
deadline, the publication day of same-day reports and of "said after talks"),
``draft`` (an event being built); this module groups hits per sentence, merges the
mentions of one contact and freezes the result. knowledge/events/README.md lists the
cues and how events are counted. Helpers used by several stages stay in the package
root: ``temporal`` (dates and amounts), ``tonescale`` (events and tone), ``textindex``
(quotes, events, commitments).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Mapping

from ...document import Doc, stable_id
from ...patterns import any_match, compile_alternation, compile_pattern, words_after, words_before
from ...pipeline import Stage
from ...records import Actor, Event, PartialDate, Span
from ...textindex import DocIndex
from ...tonescale import event_tone
from ..quotes import find_quoted_spans
from .actors import _actors, _dyad
from .dating import date_from_visit, date_of, date_same_day, date_same_day_cue, date_statement_day, own_date_of_mention
from .draft import STAGE, Draft
from .placing import place_from_dateline, place_from_visit, place_of
from .recalled import names_a_day, recalled_sides
from .sides import borrow_leaders, borrow_visitor
from .triggers import (VISIT_CODES, TriggerHit, cameo_table, event_cues, find_triggers, own_sentence_after,
                       own_sentence_before, plover_of, present_entries, trigger_lexicon)

__all__ = ["EventStage", "TriggerHit", "cameo_table", "event_cues", "extract_events", "find_triggers", "plover_of",
           "present_entries", "trigger_lexicon"]

class EventStage(Stage):
    name = "events"
    requires = ("language", "sentences", "mentions", "entities", "dates", "quotes")
    adds = ("events",)

    def warm_up(self) -> None:
        """Load the lexicons and compile the trigger and cue regexes before the first article."""
        from ..quotes.attribution import speech_lexicon

        extra = tuple(str(p) for p in getattr(self.settings, "knowledge_paths", ()) or ())
        cameo_table(extra)
        speech_lexicon(extra)
        cues = event_cues(extra)
        for lang in ("en", "ru"):
            for entry in trigger_lexicon(extra).get(lang, []):
                compile_pattern(entry["pattern"] if isinstance(entry, dict) else str(entry))
            for kind in ("stale", "negation", "participation", "future"):
                compile_alternation(tuple(cues.get(kind, {}).get(lang, ())))

    def process(self, doc: Doc) -> Mapping[str, Any]:
        return {"events": tuple(extract_events(doc))}


def extract_events(doc: Doc) -> list[Event]:
    index = DocIndex(doc)
    text = index.text
    extra = index.extra
    cues = event_cues(extra)
    lang = index.language if index.language in ("en", "ru") else "en"
    quoted = [(q.outer_start, q.outer_end) for q in find_quoted_spans(text)]
    published = PartialDate.from_iso((doc.clean.published or "")[:10], source="published")
    drafts: list[Draft] = []
    by_sentence: dict[int, list[TriggerHit]] = {}
    in_quote: set[int] = set()
    for h in find_triggers(text, lang, extra=extra):  # one pass over the text, then bucketed by sentence
        # inside a quotation only contacts count ("the parties agreed to hold a visit of X to Moscow" in a
        # press service's statement): what a speaker says they will do is speech, not a reported act
        inside = any(s <= h.span.start < e for s, e in quoted)
        if h.contact or not inside:
            by_sentence.setdefault(index.sentence_at(h.span.start).index, []).append(h)
        if inside:
            in_quote.add(h.span.start)
    window = int(cues.get("date_window_chars", 160))
    for i, sent in enumerate(index.sentences):
        hits = [h for h in by_sentence.get(i, ()) if h.span.end <= sent.end]
        hits = [h for h in hits if not (h.multilateral and _topic_gathering(text, h, hits, cues, lang))]
        groups: dict[tuple, TriggerHit] = {}
        split: set[int] = set()
        for h in hits:  # one event per (type, mode) per sentence: "discussed ... at a meeting" is one
            multi = h.multilateral or _multilateral_context(text, h, cues, lang)
            key = (h.type, h.family, multi, h.intent)
            if key not in groups:
                groups[key] = replace(h, multilateral=multi)
            elif h.contact and len(split) < 8 and _own_day(doc, sent, groups[key], h, window, published, cues, lang):
                # "your visit to Bishkek on April 9 ..., and on April 18 the visit of X to Astana": two visits
                # (a few per sentence at most: a very long run-on paragraph must not cost a date search per hit)
                split |= {groups[key].span.start, h.span.start}
                groups[key + (h.span.start,)] = replace(h, multilateral=multi)
        groups = _drop_anchor_gatherings(text, groups, cues, lang)
        if any(key[1] == "phone" for key in groups):  # "telephoned ... to discuss": one phone call
            groups = {k: v for k, v in groups.items() if not (k[0] == "CONSULT" and k[1] == "meet" and not k[2])}
        # "The parties agreed to ... continue consultations": the planned act is what was agreed, one
        # AGREE event; a date nearer the planned act ("visit in September") stays the act's, not the deal's.
        # A planned contact ("agreed to meet in Astana") is an announced event of its own, though.
        folded = [h for h in groups.values() if h.intent and h.type == "AGREE" and not h.act] \
            if any(h.type == "AGREE" and not h.intent for h in groups.values()) else []
        kept = [h for h in groups.values() if h not in folded]
        for h in kept:
            where = _clause(text, sent, h) if h.span.start in split else sent  # each its own clause's people
            rivals = kept + folded + [x for x in hits if x.contact and x not in kept and x not in folded]
            drafts.append(_draft(index, doc, h, sent, cues, lang, rivals, published, where))
    # a contact a speaker mentions counts when announced or named with both its sides ("the recent talks
    # in Moscow with President X", "the parties agreed to hold a visit of Y"), not "my first trip abroad"
    drafts = recalled_sides(index, drafts, in_quote, cues, lang)
    drafts = [d for d in drafts if d.trigger.span.start not in in_quote or d.trigger.future or len(d.person_ids) >= 2]
    drafts = borrow_leaders(index, drafts, cues, lang)
    drafts = borrow_visitor(index, drafts)
    # "is not planning a call", "not on the schedule": no contact; "cancelled a planned visit" is an act, kept negated
    cancel = tuple(cues.get("cancellation", {}).get(lang, ()))
    events = [d for d in _merge(index, drafts) if not (d.trigger.contact and d.trigger.negated)
              or any_match(words_before(text, d.trigger.span.start, 4)[1], cancel)]
    events = date_same_day_cue(events, doc, cues, lang)
    events = date_same_day(events, published, doc)
    events = date_statement_day(index, events, published, cues, lang)
    events = place_from_visit(events)
    events = date_from_visit(events)
    events = place_from_dateline(index, events, cues, lang)
    return [_freeze(index, d) for d in events]


def _drop_anchor_gatherings(text: str, groups: dict[tuple, TriggerHit], cues: dict, lang: str) -> dict:
    """"On the sidelines of the summit X met Y", «До начала саммита Путин переговорил с Жапаровым по
    телефону»: a gathering named as the time or frame of a two-sided contact in the same sentence is its
    context, not an event of its own."""
    anchors = tuple(cues.get("gathering_anchor", {}).get(lang, ()))
    if not anchors or not any(k[0] == "CONSULT" and not k[2] for k in groups):
        return groups
    out = {}
    for k, h in groups.items():
        before = own_sentence_before(words_before(text, h.span.start, 10)[1]).rsplit(",", 1)[-1]
        # "on the sidelines of the Shanghai Cooperation Organisation summit": the gathering's name between
        if k[0] == "CONSULT" and k[2] and any_match(before, anchors):
            continue
        out[k] = h
    return out


def _own_day(doc: Doc, sent: Span, first: TriggerHit, h: TriggerHit, window: int, published: PartialDate | None,
             cues: dict, lang: str) -> bool:
    """Whether two triggers of one kind in a sentence each have their own, different day."""
    a = date_of(doc, sent, first, window, (), published, cues, lang)
    b = date_of(doc, sent, h, window, (), published, cues, lang)
    return a is not None and b is not None and a.iso() != b.iso() and a.span != b.span


def _clause(text: str, sent: Span, h: TriggerHit) -> Span:
    """The clause of the trigger: between the commas, semicolons or "and"s around it, within the sentence."""
    bounds = re.compile(r"[,;]|\s(?:and|и|а также|as well as)\s")
    start = sent.start
    for m in bounds.finditer(text, sent.start, h.span.start):
        start = m.end()
    m = bounds.search(text, h.span.end, sent.end)
    return Span.of(text, start, m.start() if m else sent.end)


def _multilateral_context(text: str, h: TriggerHit, cues: dict, lang: str) -> bool:
    """'the solemn meeting of the CIS Inter-Parliamentary Assembly', 'plenary session': a multilateral
    word within a few words of the trigger, unless the trigger is called bilateral."""
    if h.type == "CONSULT" and h.cameo in VISIT_CODES:
        return False  # "on a visit to Kyrgyzstan, will attend the CIS summit": the visit itself is two-sided
    before = own_sentence_before(words_before(text, h.span.start, 3)[1])
    if any_match(before, cues.get("bilateral", {}).get(lang, ())):
        return False
    after = own_sentence_after(words_after(text, h.span.end, 7)[1])
    for kind in ("gathering_topic", "gathering_anchor"):
        # "discussed preparations for the upcoming summit": what they talked about; «провели переговоры на полях
        # саммита»: the frame of two-sided talks
        cut = any_match(after, tuple(cues.get(kind, {}).get(lang, ())))
        if cut is not None:
            after = after[:cut.start()]
    return bool(any_match(f"{before} {text[h.span.start:h.span.end]} {after}",
                          cues.get("multilateral", {}).get(lang, ())))


def _topic_gathering(text: str, h: TriggerHit, hits: list[TriggerHit], cues: dict, lang: str) -> bool:
    """"X and Y discussed preparations for the upcoming CIS summit", «обсудили подготовку к саммиту ЕАЭС»: a
    gathering named as the topic of talks reported in the sentence is no event of its own."""
    if not any(o.type == "CONSULT" and not o.multilateral and o.span.end <= h.span.start for o in hits):
        return False
    before = own_sentence_before(words_before(text, h.span.start, 5)[1])
    return any_match(before, tuple(cues.get("gathering_topic", {}).get(lang, ()))) is not None


def _draft(index: DocIndex, doc: Doc, h: TriggerHit, sent: Span, cues: dict, lang: str,
           rivals: list[TriggerHit], published: PartialDate | None = None, who: Span | None = None) -> Draft:
    text = index.text
    place = place_of(index, sent, h, cues, lang)
    actors = _actors(index, who or sent, h, place)
    date = date_of(doc, sent, h, int(cues.get("date_window_chars", 160)), rivals, published, cues, lang)
    future = h.future or bool(date and date.future)
    persons = {a.entity for a in actors if a.entity and index.entities.get(a.entity) is not None
               and index.entities[a.entity].type == "PERSON"}
    return Draft(trigger=replace(h, future=future), evidence=Span.of(text, sent.start, sent.end), actors=actors,
                 date=None if (future and date and not date.future and not _same_day(date, published)) else date,
                 place=place,
                 multilateral=h.multilateral, confidence=0.8 if len(actors) >= 2 else 0.6, person_ids=persons)


def _compatible_dates(a: PartialDate | None, b: PartialDate | None) -> bool:
    return a is None or b is None or a.iso() == b.iso() or a.iso() is None or b.iso() is None


def _merge(index: DocIndex, drafts: list[Draft]) -> list[Draft]:
    """One event per real meeting/visit: later mentions join an earlier event of the same kind when
    their actors are a subset of it or they name fewer than two sides ("the meeting", "встрече")."""
    out: list[Draft] = []
    for d in drafts:
        t = d.trigger
        family = t.family
        families = {family}
        if t.type == "CONSULT" and family == "meet" and (d.anaphoric or _discussed_on_a_call(index, out, d)) \
                and not any(x.trigger.family == "meet" and not x.multilateral for x in out):
            families.add("phone")  # "The parties discussed ..." after a phone call is that call
        if t.type == "CONSULT" and family == "phone" and not d.person_ids \
                and not any(x.trigger.family == "phone" for x in out):
            families.add("meet")  # "X and Y discussed ... The conversation took place by phone": those talks, a call
        target = _framed_in_announced(index, out, d)
        if target is not None:  # "During the visit, ..." after "X will visit ...": the announced visit, still planned
            target.place = target.place or d.place
            continue
        target = _announced_and_held(index, out, d)
        if target is not None:  # "today X will meet Y in Sochi" ... "X met Y": one meeting, held
            if target.trigger.future and not t.future:
                target.trigger, target.date = t, d.date or target.date
            target.place = target.place or d.place
            continue
        other = _another_contact(index, t)  # "Their previous meeting took place in March": not the one reported
        for x in ([] if other else reversed(out)):
            xt = x.trigger
            if xt.type != t.type or xt.family not in families or x.multilateral != d.multilateral:
                continue
            if xt.future != t.future or xt.negated != t.negated or not _compatible_dates(x.date, d.date) \
                    or (d.recalled and not x.date and names_a_day(index, d)) \
                    or (x.place and d.place and x.place.name != d.place.name):
                continue  # one held elsewhere is another contact; one a speaker recalls with its day may be too
            if t.contact and (d.anaphoric or d.persons <= x.persons or _same_visitor(x, d)):
                target = x
                break
            if d.actor_ids() and d.actor_ids() <= x.actor_ids() and x.evidence.start != d.evidence.start:
                target = x
                break
        if target is None:
            if _keep(index, d):
                out.append(d)
            continue
        if family == "phone" and target.trigger.family == "meet" and target.trigger.cameo == "040":
            target.trigger = replace(target.trigger, cameo=t.cameo, mode=t.mode, context=t.context)
        known = target.actor_ids()
        joining = [a for a in d.actors if (a.entity or a.name) not in known
                   and (not d.anaphoric or a.entity in d.person_ids)]  # "participants" are people
        # "They discussed the programme of X's visit and a conference in Yekaterinburg": after a verb of discussing,
        # people and places are what was talked about; only those named before it join the contact
        topical = d.anaphoric and _discussing(index, t)
        if topical:
            before = {index.entity_of(m).id for m in index.mentions_in(d.evidence.start, t.span.start)
                      if index.entity_of(m) is not None}
            joining = [a for a in joining if a.entity in before]
        known_people = d.person_ids <= target.person_ids
        target.mentions |= {d.evidence.start} | d.mentions
        target.actors.extend(replace(a, role="participant") for a in joining)
        target.person_ids |= {a.entity for a in joining if a.entity in d.person_ids} if topical else d.person_ids
        # "after the talks, ... later today": the date there is not the meeting's; "the talks took place on Tuesday" is,
        # and so is "The meeting took place on May 3 as part of X's visit" (people of the meeting, the day next to it)
        if not d.anaphoric or (own_date_of_mention(index.text, t, event_cues(index.extra), index.language) and (
                not d.person_ids or (known_people and _date_next_to(index.text, t, d.date)))):
            target.date = target.date or d.date
        target.place = target.place or (None if topical else d.place)
        target.confidence = min(0.95, max(target.confidence, d.confidence) + 0.05)
    return out


def _another_contact(index: DocIndex, t: TriggerHit) -> bool:
    lang = index.language if index.language in ("en", "ru") else "en"
    _, before = words_before(index.text, t.span.start, 2)
    return any_match(before, tuple(event_cues(index.extra).get("another_contact", {}).get(lang, ()))) is not None


def _discussing(index: DocIndex, t: TriggerHit) -> bool:
    lang = index.language if index.language in ("en", "ru") else "en"
    verbs = tuple(event_cues(index.extra).get("discussion", {}).get(lang, ()))
    return any_match(index.text[t.span.start:t.span.end], verbs) is not None


def _date_next_to(text: str, t: TriggerHit, date: PartialDate | None) -> bool:
    """The date stands in the trigger's own clause, a few words from it ("The meeting took place on May 3",
    «Во вторник в Кремле прошли переговоры»), not past a comma in another clause."""
    if date is None or date.span is None:
        return False
    gap = text[t.span.end:date.span.start] if date.span.start >= t.span.end else text[date.span.end:t.span.start]
    return len(gap) <= 40 and not re.search(r"[,;:()«»\"]", gap)


def _is_country(index: DocIndex, a: Actor) -> bool:
    ent = index.entities.get(a.entity) if a.entity else None
    return ent is not None and index.is_country(ent)


def _country_subject(index: DocIndex, d: Draft) -> bool:
    """"Israel and Lebanon renewed negotiations": a country named before the trigger is a side that met."""
    ids = d.actor_ids()
    return any(m.start < d.trigger.span.start and index.entity_of(m) is not None and index.entity_of(m).id in ids
               for m in index.mentions_in(d.evidence.start, d.trigger.span.start, ("GPE", "LOC")))


def _same_day(date: PartialDate, published: PartialDate | None) -> bool:
    """A date that is the publication day itself fits a planned act too ("will meet ... today", "on May 8")."""
    return published is not None and published.complete and date.iso() == published.iso()


def _announced_and_held(index: DocIndex, out: list[Draft], d: Draft) -> Draft | None:
    """The event in ``out`` that ``d`` reports in the other tense: the same contact (family and the same two or
    more persons) announced and reported held, one of them for the day of the article ("сегодня в Сочи состоится
    встреча X и Y"; "X will hold talks with Y" ... "X met Y today"). None for "will meet again"."""
    t = d.trigger
    if not t.contact or t.negated or len(d.persons) < 2:
        return None
    lang = index.language if index.language in ("en", "ru") else "en"
    today = tuple(event_cues(index.extra).get("today", {}).get(lang, ()))
    again = tuple(event_cues(index.extra).get("again", {}).get(lang, ()))
    for x in reversed(out):
        xt = x.trigger
        if not xt.contact or xt.negated or xt.family != t.family or xt.future == t.future or x.persons != d.persons \
                or x.multilateral != d.multilateral:
            continue
        planned = x if xt.future else d
        if not _compatible_dates(x.date, d.date):
            continue
        if any_match(index.text[planned.evidence.start:planned.evidence.end], again):
            continue  # "will meet again in October": another meeting
        if any(any_match(index.text[e.evidence.start:e.evidence.end], today) for e in (x, d)):
            return x
    return None


def _discussed_on_a_call(index: DocIndex, out: list[Draft], d: Draft) -> bool:
    """"X spoke with Y by phone ... X and Y also discussed ...": a verb of discussing (not "met") whose people
    are those of a call reported before, with no day of its own, tells more of that call."""
    if d.date is not None or not d.person_ids:
        return False
    return _discussing(index, d.trigger) and any(x.trigger.family == "phone" and not x.trigger.future
                                    and d.person_ids <= x.person_ids for x in out)


def _framed_in_announced(index: DocIndex, out: list[Draft], d: Draft) -> Draft | None:
    """"X will visit Moscow on March 12-13. During the visit, X will hold talks ...", «В ходе визита ...»: a
    contact named as the frame of another ("during the visit") has no tense of its own; after an announced
    contact of the same kind and people it is that contact, not a second one reported held."""
    t = d.trigger
    if not t.contact or t.future or t.negated or d.date is not None:
        return None
    lang = index.language if index.language in ("en", "ru") else "en"
    _, before = words_before(index.text, t.span.start, 4)
    frame = any_match(before, tuple(event_cues(index.extra).get("during", {}).get(lang, ())))
    if frame is None or not before[frame.end():].strip().lower() in ("", "the", "his", "her", "their", "this"):
        return None
    for x in reversed(out):
        xt = x.trigger
        if xt.contact and xt.future and not xt.negated and xt.family == t.family \
                and x.multilateral == d.multilateral and (d.persons <= x.persons or _same_visitor(x, d)):
            return x
    return None


def _same_visitor(x: Draft, d: Draft) -> bool:
    """Two mentions of one visit: the same visitor (a title and its lead name the same trip)."""
    if x.trigger.family != "visit" or d.trigger.family != "visit":
        return False
    src = {a.entity or a.name for a in d.actors if a.role == "source"} or d.actor_ids()
    xsrc = {a.entity or a.name for a in x.actors if a.role == "source"} or x.actor_ids()
    return bool(src & xsrc & (d.persons | x.persons))


def _keep(index: DocIndex, d: Draft) -> bool:
    """A first mention stands as an event when it names its sides: two for a meeting, one for a
    visit or a one-sided act. Anaphoric leftovers ("the talks" with nothing before) are dropped."""
    if d.trigger.contact and d.trigger.family != "visit" and d.actors and all(_is_country(index, a) for a in d.actors) \
            and not _country_subject(index, d):
        return False  # "the heads of state will discuss ... in Russia and Kyrgyzstan": no side named as such
    if d.trigger.contact and d.trigger.family != "visit" and not d.multilateral:
        return len(d.actors) >= 2
    return len(d.actors) >= 1


def _freeze(index: DocIndex, d: Draft) -> Event:
    t = d.trigger
    cameo, mode, context = t.cameo, t.mode, tuple(dict.fromkeys((*t.context, *d.context)))
    if t.type == "CONSULT" and not d.multilateral and d.place and d.place.country and cameo == "040":
        countries = {a.country for a in d.actors if a.country}
        if countries and d.place.country not in countries:
            cameo, mode = "044", "third-party"  # the sides met in a third country
    if d.multilateral:
        context = tuple(dict.fromkeys((*context, "multilateral")))
        if t.type == "CONSULT":
            mode = "multilateral"
    # an intent code's weight already is that of an intention: no second discount for the future
    tone = event_tone(cameo, t.type, t.negated, t.future and not t.intent, index.extra)
    eid = stable_id(index.doc.id, t.type, mode, d.evidence.start, t.span.start, prefix="ev:")
    return Event(type=t.type, evidence=d.evidence, mode=mode, context=context, cameo=cameo,
                 actors=tuple(d.actors), date=d.date, place=d.place, trigger=t.span, future=t.future,
                 negated=t.negated, tone=tone, id=eid, stage=STAGE, confidence=round(d.confidence, 2),
                 in_dyad=_in_dyad(index, d.actors))


def _in_dyad(index: DocIndex, actors: list[Actor]) -> bool:
    """Whether one of the actors belongs to a side of the configured dyad (an event of two third
    countries, or of a third country alone, is kept but marked)."""
    dyad = set(_dyad(index))
    return any(a.country in dyad for a in actors)
