"""Where an event happened: a city after "in"/"в" near the trigger, the destination of a visit ("visit to
Moscow", "визит в Москву"), a seat of power or residence that stands for its city ("at the Kremlin",
"at the Ak Orda residence" -> its city), a country's capital named through the country ("in the Kyrgyz
capital", «в столице Таджикистана»), a traveller's destination ("flew to Moscow"), and, for talks held
during a visit, the visit's host city. A phone call or a video link has no place; a city stated for
another, later happening ("the forum, which will be held in Vienna") is not the event's."""
from __future__ import annotations

import re
from functools import lru_cache

from ...knowledge import load_tsv
from ...patterns import any_match, compile_alternation, compile_pattern, iter_matches
from ...records import Place, Span
from ...translit import name_key
from ...textindex import DocIndex
from .draft import Draft
from .triggers import TriggerHit


def place_of(index: DocIndex, sent: Span, h: TriggerHit, cues: dict, lang: str) -> Place | None:
    """The place nearest the trigger among those the sentence states as where something happened."""
    if h.family == "phone":
        return None  # a call joins two places; the text names where a caller was, not where the call was
    text = index.text
    if any_match(text[sent.start:sent.end], tuple(cues.get("remote_contact", {}).get(lang, ()))):
        return None  # talks "via video link": like a call, held between places
    preps = cues.get("place_prepositions", {}).get(lang, ())
    dest = cues.get("destination_prepositions", {}).get(lang, ())
    nouns = tuple(cues.get("place_nouns", {}).get(lang, ()))
    wide = {w.lower() for w in cues.get("too_wide_places", ())}  # "in Asia": a region, not where it happened
    best: tuple[int, Place] | None = None
    fallback: Place | None = None
    venues = list(iter_matches(text, tuple(cues.get("landmarks", {}).get(lang, {}) or ()), sent.start, sent.end))
    for m in index.mentions_in(sent.start, sent.end, ("GPE", "LOC")):
        ent = index.entity_of(m)
        if ent is None or not index.is_place(ent) or ent.name.lower() in wide:
            continue
        if any(v.start() < m.end and m.start < v.end() for v in venues):
            continue  # "at Novo-Ogaryovo" found as a place of its own: the venue table knows its city
        lead = _past_country_word(index, m.start, sent.start)  # "in Russia's Kazan", «в российской Казани»
        word = " ".join(_words_before(text, lead, 1, sent.start)).lower()
        stated = word in preps or _after_place_noun(text, lead, nouns, sent.start)
        if h.family == "visit" and m.start >= h.span.end:
            gap = text[h.span.end:m.start]
            near = len(gap.split()) <= 7 and not re.search(r"[.;:!?,]", gap)  # "visit of President X to Moscow"
            stated = stated or (near and (word in dest or len(gap.strip()) <= 1))  # "visit (to) Moscow"
        travel = not stated and _after_travel_verb(text, lead, sent.start, cues, lang)
        if not (stated or travel) or of_another_happening(text, h, m.start, cues, lang) \
                or _a_speaker(text, m.end, cues, lang):
            continue
        if travel and h.family != "visit":  # "came to Bishkek for talks": where the talks are, unless stated;
            if m.start < h.span.start:      # not "met Y, who will fly to Astana": a trip after the talks
                fallback = fallback or index.place(ent)
            continue
        best = _nearer(best, abs(m.start - h.span.start), index.place(ent))
    for m in venues:
        if not _led_by_preposition(text, m.start(), sent.start, preps, cues, lang) \
                or _a_speaker(text, m.end(), cues, lang):
            continue
        city = _landmark_city(cues, lang, m.group(0))
        if city and not of_another_happening(text, h, m.start(), cues, lang):
            best = _nearer(best, abs(m.start() - h.span.start), city)
    for pos, place in capitals_named(index, sent, h, cues, lang):
        if not of_another_happening(text, h, pos, cues, lang):
            best = _nearer(best, abs(pos - h.span.start), place)
    return best[1] if best else fallback


def _after_travel_verb(text: str, pos: int, floor: int, cues: dict, lang: str) -> bool:
    """"flew to Moscow", "left for Astana", "came to Bishkek": the city a traveller goes to."""
    phrases = tuple(cues.get("travel_destination", {}).get(lang, ()))
    if not phrases:
        return False
    before = " ".join(_words_before(text, pos, 3, floor))
    found = any_match(before, phrases)
    return found is not None and found.end() == len(before)


def _led_by_preposition(text: str, pos: int, floor: int, preps: tuple[str, ...], cues: dict, lang: str) -> bool:
    """"at the Kremlin", "at the Ala-Archa state residence", «в резиденции «Бочаров Ручей»»: a place
    preposition before the venue, past an article and the words that name its kind."""
    lead = {w.lower() for w in cues.get("landmark_lead_words", {}).get(lang, ())}
    words = [w.lower() for w in _words_before(text, pos, 5, floor)]
    while words and words[-1] in lead:
        words.pop()
    return bool(words) and words[-1] in preps


def _past_country_word(index: DocIndex, pos: int, floor: int) -> int:
    """Where a place's phrase starts when a country word qualifies it ("in Russia's Kazan", "in Kyrgyz Osh",
    «в российской Казани»): at the country mention right before it, else at the place itself."""
    for m in index.mentions_in(max(floor, pos - 40), pos, ("GPE", "LOC")):
        ent = index.entity_of(m)
        if ent is not None and index.is_country(ent) and re.fullmatch(r"(?:['’]s)?\s+", index.text[m.end:pos]):
            return m.start
    return pos


def _a_speaker(text: str, end: int, cues: dict, lang: str) -> bool:
    """«В Кремле заявили», «в Москве считают»: the place or venue, right before a verb of saying with no
    subject of its own, stands for the people there who speak, not for where the event was."""
    verbs = compile_alternation(tuple(cues.get("place_as_speaker", {}).get(lang, ())))
    nxt = re.match(r"[\s,]*((?:не\s+)?[\w\-]+)", text[end:end + 40])
    return bool(verbs is not None and nxt and verbs.fullmatch(nxt.group(1)))


def of_another_happening(text: str, h: TriggerHit, pos: int, cues: dict, lang: str) -> bool:
    """"met Y and invited him to the forum, which will be held in Vienna", «на форум, который пройдет в
    Вене»: a place in a relative clause after the trigger that schedules another happening belongs to it;
    a contact already held did not take place there. Nor did one whose place or day follows a background act
    ("held talks after the armed clashes in Batken in 2022": the clashes')."""
    if pos <= h.span.end:
        return False
    gap = text[h.span.end:pos]
    cause = any_match(gap, tuple(cues.get("background", {}).get(lang, ())))
    if cause is not None and not re.search(r"[.;!?]", gap[cause.end():]):
        return True
    if h.future:
        return False
    openers = compile_alternation(tuple(cues.get("relative_openers", {}).get(lang, ())))
    if openers is None:
        return False
    gap = text[h.span.end:pos]
    found = None
    for found in re.finditer(r",\s*(?:" + openers.pattern + r")\b", gap, re.IGNORECASE):
        pass
    if found is None or re.search(r"[.;!?]", gap[found.end():]):
        return False
    later = (*cues.get("future_after", {}).get(lang, ()), *cues.get("future", {}).get(lang, ()))
    return bool(any_match(gap[found.end():], later))


def _nearer(best: tuple[int, Place] | None, dist: int, place: Place) -> tuple[int, Place]:
    return (dist, place) if best is None or dist < best[0] else best


def _after_place_noun(text: str, start: int, nouns: tuple[str, ...], floor: int = 0) -> bool:
    """"in the city of Osh", "to the town of Shusha", "в городе Ош": a place named by its kind first."""
    before = " ".join(_words_before(text, start, 3, floor)).lower()
    return any(before.endswith(n.lower()) for n in nouns)


def _words_before(text: str, pos: int, n: int, floor: int = 0) -> list[str]:
    """The ``n`` words before ``pos`` within its sentence (from ``floor``), across its line breaks: hard-wrapped
    text ("talks in\nBishkek"), and a cleaner's blank line inside a sentence ("talks in\n\nBishkek.")."""
    chunk = text[max(floor, pos - 80):pos]
    return re.findall(r"[\w\-’']+", chunk)[-n:]


def _landmark_city(cues: dict, lang: str, found: str) -> Place | None:
    table = cues.get("landmarks", {}).get(lang, {}) or {}
    for pattern, (name, country) in table.items():
        if compile_pattern(pattern).fullmatch(found):
            return known_city(name, country)
    return None


def place_from_visit(drafts: list[Draft]) -> list[Draft]:
    """Talks held during a visit ("During his visit to Moscow, X held talks with Y"; "the two leaders
    discussed ..." after the visit is named) take the visit's host city when the text gives them no
    place, and carry the visit as context. The visit must be of the same tense, its visitor among the
    talks' actors, and the dates must not disagree."""
    visits = [v for v in drafts if v.trigger.family == "visit" and not v.multilateral]
    for d in drafts:
        t = d.trigger
        if not t.contact or t.family != "meet" or d.multilateral:
            continue
        ids = d.actor_ids()
        fitting = [v for v in visits if v.trigger.future == t.future and _visitors(v) & ids
                   and _dates_agree(v, d)]
        if not fitting:
            continue
        same = [v for v in fitting if v.evidence.start == d.evidence.start]
        told = [v for v in fitting if v.evidence.start in d.mentions]  # "The meeting took place ... during X's visit"
        visit = (same or told or [v for v in fitting if v.place is not None] or fitting)[0]
        if d.place is None and visit.place is not None:
            d.place = visit.place
        elif visit.place is None and d.place is not None and (same or told) and _abroad(visit, d.place):
            visit.place = d.place  # "X met Y in Moscow. The meeting took place as part of X's visit to Russia"
        if same or (d.place is not None and visit.place is not None and d.place.name == visit.place.name):
            d.context = tuple(dict.fromkeys((*d.context, "visit")))
    return drafts


def _abroad(visit: Draft, place: Place) -> bool:
    """The city is in the country the visit goes to (a side of the visit other than the visitor's own)."""
    home = {a.country for a in visit.actors if a.role == "source" and a.country}
    away = {a.country for a in visit.actors if a.role != "source" and a.country} - home
    return place.country is not None and place.country in away


def _visitors(v: Draft) -> set[str]:
    src = {a.entity or a.name for a in v.actors if a.role == "source"}
    return src or v.actor_ids()


def _dates_agree(a: Draft, b: Draft) -> bool:
    x, y = a.date.iso() if a.date else None, b.date.iso() if b.date else None
    if x is None or y is None:
        return True
    return x[:len(y)] == y[:len(x)]  # "2024-04" and "2024-04-18" agree



_DATELINE = re.compile(r"(?m)^[ \t]*(?:\([^()\n]{0,60}\)[ \t]*)?"  # "(Agency) " before the city, at times
                       r"([A-ZА-ЯЁ][A-ZА-ЯЁ\-]{2,}(?:[ \-][A-ZА-ЯЁ]{2,})?)[ \t]*(?:[,(]|\.[ \t]+[A-ZА-ЯЁ]{3,})")
# "Bishkek, March 5 /Kabar/.", "Baku, Azerbaijan, March 28", «Бишкек, 5 марта.»: a city in title case at the
# start of a line only counts as a dateline with a date right after it (past a country name at most)
_MONTHS = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?|"
           r"(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)[а-я]*\.?")
_DATELINE_TITLE = re.compile(r"(?m)^[ \t]*([A-ZА-ЯЁ][a-zа-яё]+(?:[ \-][A-ZА-ЯЁ][a-zа-яё]+)?),[ \t]*"
                             r"(?:[A-ZА-ЯЁ][\w ]{2,30},[ \t]*)?(?:(?:" + _MONTHS + r")[ \t]+\d{1,2}|\d{1,2}[ \t]+(?:"
                             + _MONTHS + r"))(?!\w)")


def dateline_place(index: DocIndex) -> tuple[Place, int] | None:
    """"BISHKEK, October 12.", "MOSCOW, July 8 (Reuters) -", "(Agency) ASTANA, ...", "ASTANA. KAZINFORM -",
    "Bishkek, March 5 /Kabar/.": the city a dispatch was filed from, at the start of a line (in capitals, or
    in title case with a date right after it) and known as a city, with the end of its paragraph."""
    text = index.text
    head = min(len(text), 600)
    found = sorted([*_DATELINE.finditer(text, 0, head), *_DATELINE_TITLE.finditer(text, 0, head)],
                   key=lambda m: m.start())
    for m in found:
        for mention in index.mentions_in(m.start(1), m.end(1), ("GPE", "LOC")):
            ent = index.entity_of(mention)
            if ent is not None and index.is_place(ent):
                end = text.find("\n\n", m.end())
                return index.place(ent), (len(text) if end < 0 else end)
    return None


def place_from_dateline(index: DocIndex, drafts: list[Draft], cues: dict, lang: str) -> list[Draft]:
    """Statements made in a dispatch's first paragraph ("BISHKEK, May 14. The minister said Russia will ...")
    were made in its dateline city: one-sided verbal acts there without a place of their own take it.
    Contacts do not: where talks were held the text must say."""
    found = dateline_place(index)
    if found is None:
        return drafts
    place, end = found
    verbs = tuple(cues.get("statement_verbs", {}).get(lang, ()))
    for d in drafts:
        if d.place is not None or d.trigger.contact or d.evidence.start >= end:
            continue
        if any_match(index.text[d.evidence.start:d.evidence.end], verbs):
            d.place = place
    return drafts


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Country code -> its capital's canonical name (gazetteer/capitals.tsv)."""
    return {r["country"]: r["capital"] for r in load_tsv("gazetteer/capitals.tsv") if r.get("country")}


def capitals_named(index: DocIndex, sent: Span, h: TriggerHit, cues: dict, lang: str) -> list[tuple[int, Place]]:
    """A country's capital named through the country, after a place preposition (or as a visit's
    destination): "in the Kyrgyz capital", "in Uzbekistan's capital", "to the capital of Tajikistan",
    «в российской столице», «в столицу Казахстана». Not "the inflow of Russian capital" (no preposition)
    nor "the Russian capital market" (`capital_not_before`)."""
    nouns = compile_alternation(tuple(cues.get("capital_nouns", {}).get(lang, ())))
    if nouns is None:
        return []
    text = index.text
    preps = set(cues.get("place_prepositions", {}).get(lang, ()))
    if h.family == "visit":
        preps |= set(cues.get("destination_prepositions", {}).get(lang, ()))
    articles = {w.lower() for w in cues.get("articles", {}).get(lang, ())}
    links = tuple(cues.get("capital_links", {}).get(lang, ()))
    not_before = tuple(cues.get("capital_not_before", {}).get(lang, ()))
    noun = nouns.pattern
    out: list[tuple[int, Place]] = []
    for m in index.mentions_in(sent.start, sent.end, ("GPE", "LOC")):
        ent = index.entity_of(m)
        if ent is None or not index.is_country(ent) or ent.country not in capitals():
            continue
        after = re.match(r"(?:['’]s)?\s+(?:" + noun + r")(?!\w)", text[m.end:sent.end], re.IGNORECASE)
        if after is not None:  # "the Kyrgyz capital", "Uzbekistan's capital", «российской столице»
            start, tail = m.start, m.end + after.end()
        else:  # "the capital of Tajikistan", «столице Таджикистана»
            link = r"(?:(?:" + "|".join(re.escape(x) for x in links) + r")\s+)?" if links else ""
            before = re.search(r"(?:" + noun + r")\s+" + link + "$", text[sent.start:m.start], re.IGNORECASE)
            if before is None:
                continue
            start, tail = sent.start + before.start(), m.end
        if not_before and any_match(" ".join(re.findall(r"\w+", text[tail:tail + 30])[:1]), not_before):
            continue  # "the Russian capital market": money, not a city
        words = [w.lower() for w in _words_before(text, start, 2, sent.start)]
        if words and words[-1] in articles:
            words.pop()
        gap = text[h.span.end:start] if start >= h.span.end else None
        direct = h.family == "visit" and gap is not None and re.fullmatch(r"\s*(?:\w+\s+)?", gap) is not None \
            and (not gap.strip() or gap.strip().lower() in articles)  # "will visit the Kazakh capital"
        if (words and words[-1] in preps) or direct:
            out.append((start, _capital_place(index, capitals()[ent.country], ent.country)))
    return out


def known_city(name: str, country: str | None) -> Place:
    """A city named by knowledge (a venue's city, a capital), with the bundled gazetteer's entity id when it knows the
    city: the same city found in the text carries that id, and linking compares places by it, so a place
    without the id would read as another city ("Bishkek" from a residence against "Bishkek" in the text)."""
    from ..gazetteer_index import load_gazetteer

    gz = load_gazetteer()
    for eid in sorted(gz.name_keys.get(name_key(name), ())):
        e = gz.entities.get(eid)
        if e is not None and e.type in ("GPE", "LOC") and (country is None or e.country in (None, country)):
            return Place(name=name, country=country or e.country, entity=e.id)
    return Place(name=name, country=country)


def _capital_place(index: DocIndex, name: str, country: str) -> Place:
    """The capital as a place, with the document's entity for it when the text also names the city."""
    for ent in index.entities.values():
        if ent.name == name and ent.country == country and index.is_place(ent):
            return index.place(ent)
    return known_city(name, country)
