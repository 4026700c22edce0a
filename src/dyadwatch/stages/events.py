"""Events: PLOVER-coded (type, mode, context) with CAMEO codes, actors, date, place and evidence.

Per sentence, trigger words from knowledge/events/triggers.yaml give a CAMEO
code; knowledge/events/cameo_plover.tsv turns it into PLOVER type, mode and
context. Actors are the resolved entities of the sentence (persons first, then
organisations and countries), the place is a city after "in"/"в" near the
trigger, the date the nearest date expression of the sentence. A meeting
reported several times in one article is one event (merged by actor set and
date; a bare "the meeting" joins the meeting already named), but a session of
a multilateral body is an event of its own. Each event carries its tone on the
Goldstein-like scale (dyadwatch.tonescale).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Mapping, Sequence

from ..document import Doc, stable_id
from ..knowledge import load_tsv, load_yaml
from ..patterns import (literal_head, any_match, compile_alternation, compile_pattern, find_entries, iter_matches,
                        words_after, words_before)
from ..pipeline import Stage
from ..records import Actor, Entity, Event, PartialDate, Place, Span
from ..textindex import DocIndex
from ..tonescale import event_tone
from .quotes import find_quoted_spans

STAGE = "events"
VISIT_CODES = ("042", "043")


@lru_cache(maxsize=8)
def cameo_table(extra: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    return {row["cameo"]: row for row in load_tsv("events/cameo_plover.tsv", extra)}


@lru_cache(maxsize=8)
def trigger_lexicon(extra: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    return load_yaml("events/triggers.yaml", extra)


@lru_cache(maxsize=8)
def event_cues(extra: tuple[str, ...] = ()) -> dict:
    return load_yaml("events/cues.yaml", extra)


def plover_of(cameo: str, extra: tuple[str, ...] = ()) -> tuple[str, str | None, tuple[str, ...]]:
    """PLOVER (type, mode, context) of a CAMEO code, by its longest listed prefix."""
    table = cameo_table(extra)
    for n in range(len(cameo), 1, -1):
        row = table.get(cameo[:n])
        if row:
            ctx = tuple(c for c in (row.get("context") or "").split(";") if c)
            return row["plover"], (row.get("mode") or None), ctx
    return "OTHER", None, ()


_HEADS: dict[int, tuple[Sequence[Any], list[tuple[str, Any]]]] = {}


def present_entries(text: str, entries: Sequence[Any], key: str = "pattern") -> list[Any]:
    """The lexicon entries whose literal first letters occur somewhere in ``text``, in lexicon order.

    ``find_entries`` skips every other entry anyway, but works out each entry's head again on each
    call; narrowing a lexicon once per article leaves it the few entries that can match. The heads are
    kept per lexicon list (the lexicon loaders hand out the same list each time)."""
    got = _HEADS.get(id(entries))
    if got is None or got[0] is not entries:
        if len(_HEADS) >= 64:
            _HEADS.clear()
        heads = [(literal_head(e[key] if isinstance(e, dict) else str(e)), e) for e in entries]
        got = _HEADS[id(entries)] = (entries, heads)  # the list is held, so its id is not reused
    lowered = text.lower().replace("’", "'")
    return [e for head, e in got[1] if head in lowered]


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger in the text, coded: CAMEO code, PLOVER type/mode/context, and flags from its context."""

    span: Span
    cameo: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    multilateral: bool
    negated: bool
    future: bool
    participation: bool = False
    intent: bool = False  # a planned cooperative act, coded as the intent to do it (AGREE 03x)


def find_triggers(text: str, language: str, start: int = 0, end: int | None = None,
                  extra: tuple[str, ...] = ()) -> list[TriggerHit]:
    """Coded trigger hits in ``text[start:end]`` (no actors: see ``extract_events`` for those)."""
    lang = language if language in ("en", "ru") else "en"
    entries = trigger_lexicon(extra).get(lang, [])
    cues = event_cues(extra)
    window = int(cues.get("window_words", 4))
    end = len(text) if end is None else end
    out = []
    for hit in find_entries(text, present_entries(text[start:end], entries), start=start, end=end):
        entry = hit.entry
        cameo = str(entry["cameo"])
        ptype, mode, ctx = plover_of(cameo, extra)
        if entry.get("type"):
            ptype = entry["type"]
        if entry.get("mode"):
            mode = entry["mode"]
        if entry.get("context"):
            ctx = tuple(entry["context"])
        _, before = words_before(text, hit.start, window)
        _, after = words_after(text, hit.end, window)
        _, just_before = words_before(text, hit.start, 1)
        if any_match(just_before, cues.get("stale", {}).get(lang, ())):
            continue
        negated = bool(any_match(before, cues.get("negation", {}).get(lang, ())))
        participation = bool(any_match(f"{before} {after}", cues.get("participation", {}).get(lang, ())))
        future = bool(any_match(before, cues.get("future", {}).get(lang, ()))
                      or any_match(after, cues.get("future", {}).get(lang, ())))
        intent_code = None
        if future and not negated:
            intent_code = ((cues.get("intent_codes") or {}).get(cameo[:2])
                           or (cues.get("threat_codes") or {}).get(cameo[:2]))
        if intent_code:
            cameo = str(intent_code)
            ptype, mode, ctx = plover_of(cameo, extra)
        out.append(TriggerHit(Span.of(text, hit.start, hit.end), cameo, ptype, mode, ctx,
                              bool(entry.get("multilateral")), negated, future, participation, bool(intent_code)))
    return out


@dataclass
class Draft:
    """An event being built: mutable while mentions of it are merged, frozen into an Event at the end."""

    trigger: TriggerHit
    evidence: Span
    actors: list[Actor] = field(default_factory=list)
    date: PartialDate | None = None
    place: Place | None = None
    multilateral: bool = False
    confidence: float = 0.7

    person_ids: set[str] = field(default_factory=set)

    @property
    def persons(self) -> set[str]:
        return self.person_ids

    @property
    def anaphoric(self) -> bool:
        """"the meeting", "Во встрече приняли участие ...": a mention of a meeting named before."""
        return self.trigger.participation or len(self.person_ids) < 2

    def actor_ids(self) -> set[str]:
        return {a.entity or a.name for a in self.actors}


class EventStage(Stage):
    name = "events"
    requires = ("language", "sentences", "mentions", "entities", "dates")
    adds = ("events",)

    def warm_up(self) -> None:
        """Load the lexicons and compile the trigger and cue regexes before the first article."""
        from ..attribution import speech_lexicon

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
    for h in find_triggers(text, lang, extra=extra):  # one pass over the text, then bucketed by sentence
        if not any(s <= h.span.start < e for s, e in quoted):
            by_sentence.setdefault(index.sentence_at(h.span.start).index, []).append(h)
    for i, sent in enumerate(index.sentences):
        hits = [h for h in by_sentence.get(i, ()) if h.span.end <= sent.end]
        groups: dict[tuple, TriggerHit] = {}
        for h in hits:  # one event per (type, mode) per sentence: "discussed ... at a meeting" is one
            multi = h.multilateral or _multilateral_context(text, h, cues, lang)
            key = (h.type, _mode_family(h), multi, h.intent)
            if key not in groups:
                groups[key] = replace(h, multilateral=multi)
        if any(key[1] == "phone" for key in groups):  # "telephoned ... to discuss": one phone call
            groups = {k: v for k, v in groups.items() if not (k[0] == "CONSULT" and k[1] == "meet" and not k[2])}
        # "The parties agreed to ... continue consultations": the planned act is what was agreed, one
        # AGREE event; a date nearer the planned act ("visit in September") stays the act's, not the deal's
        folded = [h for h in groups.values() if h.intent and h.type == "AGREE"] \
            if any(h.type == "AGREE" and not h.intent for h in groups.values()) else []
        kept = [h for h in groups.values() if h not in folded]
        for h in kept:
            drafts.append(_draft(index, doc, h, sent, cues, lang, kept + folded))
    events = _merge(index, drafts)
    events = _date_same_day(events, published, doc)
    return [_freeze(index, d) for d in events]


def _multilateral_context(text: str, h: TriggerHit, cues: dict, lang: str) -> bool:
    """'the solemn meeting of the CIS Inter-Parliamentary Assembly', 'plenary session': a multilateral
    word within a few words of the trigger, unless the trigger is called bilateral."""
    _, before = words_before(text, h.span.start, 3)
    if any_match(before, cues.get("bilateral", {}).get(lang, ())):
        return False
    _, after = words_after(text, h.span.end, 7)
    return bool(any_match(f"{before} {text[h.span.start:h.span.end]} {after}",
                          cues.get("multilateral", {}).get(lang, ())))


def _mode_family(h: TriggerHit) -> str:
    if h.type != "CONSULT":
        return h.mode or ""
    if h.cameo in VISIT_CODES:
        return "visit"
    if h.mode == "phone":
        return "phone"
    return "meet"


def _draft(index: DocIndex, doc: Doc, h: TriggerHit, sent: Span, cues: dict, lang: str,
           rivals: list[TriggerHit]) -> Draft:
    text = index.text
    place = _place(index, sent, h, cues, lang)
    actors = _actors(index, sent, h, place)
    date = _date(doc, sent, h, int(cues.get("date_window_chars", 160)), rivals)
    future = h.future or bool(date and date.future)
    persons = {a.entity for a in actors if a.entity and index.entities.get(a.entity) is not None
               and index.entities[a.entity].type == "PERSON"}
    return Draft(trigger=replace(h, future=future), evidence=Span.of(text, sent.start, sent.end), actors=actors,
                 date=None if (future and date and not date.future) else date, place=place,
                 multilateral=h.multilateral, confidence=0.8 if len(actors) >= 2 else 0.6, person_ids=persons)


def _place(index: DocIndex, sent: Span, h: TriggerHit, cues: dict, lang: str) -> Place | None:
    preps = cues.get("place_prepositions", {}).get(lang, ())
    best: tuple[int, Entity] | None = None
    for m in index.mentions_in(sent.start, sent.end, ("GPE", "LOC")):
        ent = index.entity_of(m)
        if ent is None or not index.is_place(ent):
            continue
        _, before = words_before(index.text, m.start, 1)
        visited = h.cameo in VISIT_CODES and 0 <= m.start - h.span.end <= 2  # "visit Moscow", "посетил Москву"
        if before.strip().lower() not in preps and not visited:
            continue
        dist = abs(m.start - h.span.start)
        if best is None or dist < best[0]:
            best = (dist, ent)
    return index.place(best[1]) if best else None


def _actors(index: DocIndex, sent: Span, h: TriggerHit, place: Place | None) -> list[Actor]:
    """Persons of the sentence (for meetings, the principals), else organisations and countries."""
    persons: list[Entity] = []
    others: list[Entity] = []
    positions: dict[str, int] = {}
    reporters = _reporting_ranges(index, sent)
    person_spans = [(m.start, m.end) for m in index.mentions_in(sent.start, sent.end, ("PERSON",))]
    for m in index.mentions_in(sent.start, sent.end):
        ent = index.entity_of(m)
        if ent is None or ent.id in positions or any(s <= m.start < e for s, e in reporters):
            continue
        if ent.type != "PERSON" and any(s <= m.start and m.end <= e for s, e in person_spans):
            continue  # "Russian" inside "the Russian leader"
        if ent.type == "PERSON":
            persons.append(ent)
        elif ent.type == "ORG" or (ent.type in ("GPE", "LOC") and index.is_country(ent)):
            if place is None or ent.id != place.entity:
                others.append(ent)
        else:
            continue
        positions[ent.id] = m.start
    nationality = _nationalities(index, sent, int(event_cues(index.extra).get("nationality_window_chars", 45)))
    if h.multilateral:  # the gathering's body (an assembly, a summit's organisation) belongs to it
        chosen = persons + [e for e in others if e.type == "ORG"]
    elif h.type == "CONSULT" and persons:  # meetings: the people who met
        chosen = persons
    else:  # one-sided acts: whoever is named, in text order, so the subject before the verb is found
        chosen = sorted(persons + others, key=lambda e: positions[e.id])
    if not any(positions[e.id] < h.span.start for e in chosen) and _collective_before(index, sent, h):
        # "The parties agreed ...", "Стороны договорились ...": both countries of the dyad act
        sides = [e for code in _dyad(index) if (e := index.country_entity(code)) is not None and e not in chosen]
        for e in sides:
            positions[e.id] = sent.start
        chosen = sides + chosen
    if not chosen:
        return []

    def actor(e: Entity, role: str) -> Actor:
        a = index.actor(e, role)
        return a if a.country or e.id not in nationality else replace(a, country=nationality[e.id])

    if h.type == "CONSULT" and h.cameo in VISIT_CODES and place is not None and place.country:
        visitors = [e for e in chosen if e.country and e.country != place.country]
        hosts = [e for e in chosen if e not in visitors]
        if visitors:
            return ([actor(e, "source") for e in visitors] + [actor(e, "target") for e in hosts])
    if h.type == "CONSULT":
        return [actor(e, "source" if i == 0 else "target") for i, e in enumerate(chosen)]
    before = [e for e in chosen if positions[e.id] < h.span.start]
    after = [e for e in chosen if positions[e.id] >= h.span.start]
    people_before = [e for e in before if e.type == "PERSON"]
    source = people_before[:1] or before[:1]  # the subject: the first person (else name) before the verb
    target = after[:1]
    out = [actor(e, "source") for e in source] + [actor(e, "target") for e in target]
    rest = [e for e in chosen if e not in source and e not in target]
    return out + [actor(e, "participant") for e in rest]


def _collective_before(index: DocIndex, sent: Span, h: TriggerHit) -> bool:
    lang = index.language if index.language in ("en", "ru") else "en"
    return bool(any_match(index.text[sent.start:h.span.start],
                          event_cues(index.extra).get("collective", {}).get(lang, ())))


def _dyad(index: DocIndex) -> tuple[str, ...]:
    return tuple(getattr(index.doc.settings, "dyad", None) or ("KGZ", "RUS"))


def _nationalities(index: DocIndex, sent: Span, window: int) -> dict[str, str]:
    """Countries of persons the gazetteer does not know, from a country word just before the name
    ("Iraqi President Saddam Hussein", "U.S. Secretary of State Warren Christopher")."""
    out: dict[str, str] = {}
    places = [(m, index.entity_of(m)) for m in index.mentions_in(sent.start, sent.end, ("GPE",))]
    for m in index.mentions_in(sent.start, sent.end, ("PERSON",)):
        ent = index.entity_of(m)
        if ent is None or ent.country or ent.id in out:
            continue
        for pm, pent in reversed(places):
            gap = index.text[pm.end:m.start]
            if pent is not None and pent.country and 0 <= m.start - pm.end <= window and "," not in gap \
                    and " and " not in gap:
                out[ent.id] = pent.country
                break
    return out


def _reporting_ranges(index: DocIndex, sent: Span) -> list[tuple[int, int]]:
    """"как сообщили в посольстве КР в РФ," / "according to the ministry,": who reports is no actor."""
    from ..attribution import speech_lexicon

    cues = tuple(speech_lexicon(index.extra).get("indirect", {}).get(index.language, {}).get("according", ()))
    out = []
    for m in iter_matches(index.text, cues, sent.start, sent.end):
        comma = index.text.find(",", m.end(), sent.end)
        out.append((m.start(), comma if comma >= 0 else sent.end))
    return out


def _date(doc: Doc, sent: Span, h: TriggerHit, window: int, rivals: list[TriggerHit] = ()) -> PartialDate | None:
    """The date expression of the sentence nearest the trigger, unless a trigger of the other tense
    is nearer to it ("agreed ... on a visit in September": September is the planned visit's)."""
    def distance(d: PartialDate, span: Span) -> int:
        return min(abs(d.span.start - span.end), abs(span.start - d.span.end))  # type: ignore[union-attr]

    best: tuple[int, PartialDate] | None = None
    for d in doc.get("dates") or ():
        if d.span is None or not (sent.start <= d.span.start and d.span.end <= sent.end):
            continue
        if d.iso() is None and d.source != "relative":
            continue
        dist = distance(d, h.span)
        if any(distance(d, r.span) < dist for r in rivals if r.future != h.future):
            continue
        if dist <= window and (best is None or dist < best[0]):
            best = (dist, d)
    return best[1] if best else None


def _compatible_dates(a: PartialDate | None, b: PartialDate | None) -> bool:
    return a is None or b is None or a.iso() == b.iso() or a.iso() is None or b.iso() is None


def _merge(index: DocIndex, drafts: list[Draft]) -> list[Draft]:
    """One event per real meeting/visit: later mentions join an earlier event of the same kind when
    their actors are a subset of it or they name fewer than two sides ("the meeting", "встрече")."""
    out: list[Draft] = []
    for d in drafts:
        t = d.trigger
        family = _mode_family(t)
        families = {family}
        if t.type == "CONSULT" and family == "meet" and d.anaphoric \
                and not any(_mode_family(x.trigger) == "meet" and not x.multilateral for x in out):
            families.add("phone")  # "The parties discussed ..." after a phone call is that call
        target = None
        for x in reversed(out):
            xt = x.trigger
            if xt.type != t.type or _mode_family(xt) not in families or x.multilateral != d.multilateral:
                continue
            if xt.future != t.future or xt.negated != t.negated or not _compatible_dates(x.date, d.date):
                continue
            if t.type == "CONSULT" and (d.anaphoric or d.persons <= x.persons):
                target = x
                break
            if d.actor_ids() and d.actor_ids() <= x.actor_ids() and x.evidence.start != d.evidence.start:
                target = x
                break
        if target is None:
            if _keep(d):
                out.append(d)
            continue
        known = target.actor_ids()
        joining = [a for a in d.actors if (a.entity or a.name) not in known
                   and (not d.anaphoric or a.entity in d.person_ids)]  # "participants" are people
        target.actors.extend(replace(a, role="participant") for a in joining)
        target.person_ids |= d.person_ids
        if not d.anaphoric:  # "after the talks, ... later today": the date there is not the meeting's
            target.date = target.date or d.date
        target.place = target.place or d.place
        target.confidence = min(0.95, max(target.confidence, d.confidence) + 0.05)
    return out


def _keep(d: Draft) -> bool:
    """A first mention stands as an event when it names its sides: two for a meeting, one for a
    visit or a one-sided act. Anaphoric leftovers ("the talks" with nothing before) are dropped."""
    if d.trigger.type == "CONSULT" and d.trigger.cameo not in VISIT_CODES and not d.multilateral:
        return len(d.actors) >= 2
    return len(d.actors) >= 1


def _date_same_day(drafts: list[Draft], published: PartialDate | None, doc: Doc) -> list[Draft]:
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


def _freeze(index: DocIndex, d: Draft) -> Event:
    t = d.trigger
    cameo, mode, context = t.cameo, t.mode, t.context
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
                 negated=t.negated, tone=tone, id=eid, stage=STAGE, confidence=round(d.confidence, 2))
