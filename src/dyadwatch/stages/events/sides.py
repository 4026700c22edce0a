"""Sides a contact's sentence does not name: "the two leaders discussed ..." (the leaders named just before, or
of the countries the sentence names), and talks after a visit that name one side ("On Friday, he met Y",
"Talks with Y are planned for April 12": the visitor is the other)."""
from __future__ import annotations

from dataclasses import replace

from ...patterns import any_match
from ...records import Entity, Span
from ...textindex import DocIndex
from .actors import _nationalities
from .draft import Draft
from .triggers import event_cues


def borrow_visitor(index: DocIndex, drafts: list[Draft]) -> list[Draft]:
    """Talks or a call naming one person, in the sentence after a visit of the same tense (or the one after that),
    whose visitor is a person of another country: the visitor is the other side ("X arrived in Moscow on Thursday.
    On Friday, he met Y"; «Жапаров посетит Москву. Переговоры с Путиным запланированы на 12 апреля»)."""
    for d in drafts:
        t = d.trigger
        if not t.contact or t.family == "visit" or d.multilateral or t.participation or len(d.person_ids) != 1:
            continue
        (named,) = d.person_ids
        ent = index.entities.get(named)
        here = index.sentence_at(d.evidence.start).index
        # a visit under way may have talks to come ("X arrived yesterday. Today his talks with Y will take place")
        visits = [v for v in drafts if v.trigger.family == "visit" and not v.multilateral and v.evidence.start <
                  d.evidence.start and (v.trigger.future == t.future or t.future)
                  and here - index.sentence_at(v.evidence.start).index <= 2]
        if not visits:
            continue
        v = visits[-1]
        sources = [a for a in v.actors if a.role == "source" and a.entity in v.person_ids and a.entity != named]
        if len(sources) != 1 or ent is None or not ent.country or not sources[0].country \
                or sources[0].country == ent.country:  # two countries known and different: two sides
            continue
        d.actors = [replace(sources[0], role="source")] + [replace(a, role="target") if a.entity == named else a
                                                          for a in d.actors]
        d.person_ids = d.person_ids | {sources[0].entity}
    return drafts


def borrow_leaders(index: DocIndex, drafts: list[Draft], cues: dict, lang: str) -> list[Draft]:
    """"The two leaders discussed ...", «Лидеры обсудили ...»: talks whose sides the sentence names only
    as a pair take the last two persons of different countries named in the sentences before (up to
    three back) - unless those sentences report talks or a call, which the mention then joins."""
    pairs = tuple(cues.get("leaders", {}).get(lang, ()))
    if not pairs:
        return drafts
    for d in drafts:
        t = d.trigger
        if not t.contact or t.family != "meet" or len(d.person_ids) >= 2 or t.participation:
            continue
        sent = index.sentence_at(t.span.start).span
        near = index.text[max(sent.start, t.span.start - 80):min(sent.end, t.span.end + 60)]
        if any_match(near, pairs) and _leaders_of_countries(index, d, sent):
            continue  # "the Presidents of Tajikistan and Russia", «встречи турецкого и азербайджанского лидеров»
        if not any_match(index.text[d.evidence.start:t.span.start], pairs):
            continue
        here = index.sentence_at(d.evidence.start).index
        earlier = [x for x in drafts if x.evidence.start < d.evidence.start and x.trigger.contact
                   and x.trigger.family in ("meet", "phone")]
        for k in range(here - 1, max(-1, here - 4), -1):
            sent = index.sentences[k]
            if any(sent.start <= x.evidence.start < sent.end for x in earlier):
                break  # "X met Y. The leaders discussed ...": the talks already named
            people: dict[str, Entity] = {}
            for m in index.mentions_in(sent.start, sent.end, ("PERSON",)):
                ent = index.entity_of(m)
                if ent is not None and ent.country:
                    people.setdefault(ent.id, ent)
            if len({e.country for e in people.values()}) >= 2:
                chosen = list(people.values())[:2]
                if chosen[0].country == chosen[1].country:
                    continue
                d.actors = [index.actor(e, "source" if i == 0 else "target") for i, e in enumerate(chosen)]
                d.person_ids = {e.id for e in chosen}
                break
    return drafts


def _leaders_of_countries(index: DocIndex, d: Draft, sent: Span) -> bool:
    """Talks of "the leaders of X and Y": the two countries the sentence names first, each by the person of
    that country the article names most. False (nothing set) unless both are found."""
    countries: list[str] = []
    for m in index.mentions_in(sent.start, sent.end, ("GPE", "LOC")):
        ent = index.entity_of(m)
        if ent is not None and ent.country and index.is_country(ent) and ent.country not in countries:
            countries.append(ent.country)
    if len(countries) < 2:
        return False
    people = []
    nationality = _article_nationalities(index)
    for code in countries[:2]:
        named = [e for e in index.entities.values()
                 if e.type == "PERSON" and (e.country or nationality.get(e.id)) == code and e.mentions]
        if not named:
            return False
        people.append(max(named, key=lambda e: (len(e.mentions), -e.mentions[0].start)))
    d.actors = [replace(index.actor(e, "source" if i == 0 else "target"), country=e.country or nationality.get(e.id))
                for i, e in enumerate(people)]
    d.person_ids = {e.id for e in people}
    return True


def _article_nationalities(index: DocIndex) -> dict[str, str]:
    """Countries of persons the gazetteer does not know, from "President of Azerbaijan X" anywhere in the article."""
    window = int(event_cues(index.extra).get("nationality_window_chars", 45))
    out: dict[str, str] = {}
    seen: set[int] = set()
    for ent in index.entities.values():
        if ent.type != "PERSON" or ent.country:
            continue
        for m in ent.mentions[:3]:
            sent = index.sentence_at(m.start)
            if sent.index not in seen:
                seen.add(sent.index)
                for k, v in _nationalities(index, sent.span, window).items():
                    out.setdefault(k, v)
    return out
