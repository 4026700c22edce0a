"""Name rules the ``ner`` stage applies to the models' mentions, and the knowledge they read.

Shapes of names (split at line breaks, hyphen tails, full stops, rulers'
ordinals, abbreviations in parentheses, acronyms, places with their region),
what is never a name (``titles.yaml``: ``not_names``, ``not_name_prefixes``;
dates, times, time zones, currency codes and headline fragments: ``ner_forms``),
model types checked against known place and person names
(``world_places.tsv``, ``person_names.tsv``), one type per name in a
document, and Russian person names put in the nominative.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from typing import Any, Iterable

from ..knowledge import load_tsv, load_yaml
from ..records import Mention
from . import models
from .ner_forms import is_not_a_name_form, not_name_forms

STAGE = "ner"
SURNAME_CONFIDENCE = 0.75


@lru_cache(maxsize=8)
def title_lists(extra: tuple[str, ...]) -> tuple[dict[str, tuple[str, ...]], ...]:
    data = load_yaml("gazetteer/titles.yaml", extra)

    def by_lang(section: str) -> dict[str, tuple[str, ...]]:
        return {lang: tuple(sorted({w.lower() for w in words}, key=lambda w: -len(w)))
                for lang, words in (data.get(section) or {}).items()}

    return by_lang("strip_leading"), by_lang("titles"), by_lang("honorifics")


@lru_cache(maxsize=8)
def name_shapes(extra: tuple[str, ...]) -> tuple[dict[str, frozenset[str]], ...]:
    """Per language: ``not_names`` (case kept); ``not_name_prefixes``, ``abbreviation_words``,
    ``org_place_words``, ``event_words``, ``not_name_before`` (lower case)."""
    data = load_yaml("gazetteer/titles.yaml", extra)

    def by_lang(section: str, lower: bool) -> dict[str, frozenset[str]]:
        return {lang: frozenset(w.lower() if lower else w for w in words)
                for lang, words in (data.get(section) or {}).items()}

    return (by_lang("not_names", False), by_lang("not_name_prefixes", True), by_lang("abbreviation_words", True),
            by_lang("org_place_words", True), by_lang("event_words", True), by_lang("not_name_before", True))


def knowledge_paths(settings: Any) -> tuple[str, ...]:
    return tuple(str(p) for p in (getattr(settings, "knowledge_paths", ()) or ()))


def load_lists(settings: Any) -> None:
    """Read titles.yaml and the world-place and person-name lists now (the stage's warm-up), not on the first article."""
    extra = knowledge_paths(settings)
    title_lists(extra)
    name_shapes(extra)
    known_words(extra)
    not_name_forms(extra)


_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
# surname endings of the instrumental (masc.) and genitive/dative/instrumental (fem.) -> nominative
_SURNAME_ENDINGS = (("овым", "ов"), ("евым", "ев"), ("ёвым", "ёв"), ("иным", "ин"), ("ыным", "ын"),
                    ("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына"))


def nominative_name(normal: str, surface: str | None = None) -> str:
    """A Russian person name in the nominative where natasha left a case form.

    natasha's normal form fails on names its morphology does not know, or
    where the tagger missed the case («Данияром Амангельдиевым» at the start
    of a sentence, «Талантом Мамытовым»). Each word with a singular
    pymorphy parse tagged as a first name, surname or patronymic, none of
    them nominative, is put in the nominative of that parse (its gender
    kept); a surname pymorphy does not know loses an oblique -овым/-овой
    ending (-ов/-ова).
    """
    words = normal.split()
    words = [_nominative_word(w, surname=len(words) > 1 and i == len(words) - 1) for i, w in enumerate(words)]
    return " ".join(_agree_gender(words, (surface or "").split()))


_MASC_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)$")
_FEM_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына)$")
_FEM_OBLIQUE = re.compile(r"(?:ова|ева|ёва|ина|ына|овой|евой|ёвой|иной|ыной|ову|еву|ёву|ину|ыну)$")
_FEM_GIVEN_OBLIQUE = (("ией", "ия"), ("ие", "ия"), ("ии", "ия"), ("ию", "ия"), ("ой", "а"), ("ы", "а"), ("у", "а"),
                      ("е", "а"))


def _agree_gender(words: list[str], surface: list[str]) -> list[str]:
    """A given name and surname of one gender, as the text wrote them: «Сания Халилова» keeps the feminine
    surname natasha's normal form may masculinise, «Сание Халиловой» is Сания Халилова, and «Нурбека
    Алымбекова» (a declined man's name) is Нурбек Алымбеков. The given name's gender is pymorphy's when
    it knows the name only in one gender; else a name ending in -а/-я is a woman's, and one that the text
    declined but that ends otherwise is a man's; else nothing is changed."""
    if len(words) < 2 or len(words) != len(surface) or not all(_CYRILLIC_WORD.fullmatch(w) for w in words):
        return words
    given, surname, given_s, surname_s = words[0], words[-1], surface[0], surface[-1].lower()
    if re.search(r"(?:ой|ей)$", surname_s) and _FEM_SURNAME.search(surname):  # a woman named in an oblique case
        low = given.lower()
        if not any("nomn" in p.tag and "Name" in p.tag and "Fixd" not in p.tag for p in _name_parses(given)):
            for ending, nominative in _FEM_GIVEN_OBLIQUE:
                if low.endswith(ending) and len(low) > len(ending) + 1:
                    given = given[:len(given) - len(ending)] + nominative
                    break
        return [given, *words[1:]]
    genders = {g for p in _name_parses(given) if "Name" in p.tag for g in ("masc", "femn") if g in p.tag}
    female = genders == {"femn"} or (not genders and given.lower().endswith(("а", "я")))
    male = genders == {"masc"} or (not genders and given_s != given and not given.lower().endswith(("а", "я")))
    if female and _MASC_SURNAME.search(surname) and _FEM_OBLIQUE.search(surname_s):
        surname += "а"
    elif male and _FEM_SURNAME.search(surname) and surname_s.lower() == surname.lower():
        surname = surname[:-1]
    return [given, *words[1:-1], surname]


_CYRILLIC_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?")


def _name_parses(word: str) -> list:
    return [p for p in models.natasha().morph_vocab.parse(word) if "sing" in p.tag]


def _nominative_word(word: str, surname: bool) -> str:
    if not word[:1].isupper() or not re.fullmatch(r"[А-ЯЁа-яё-]+", word):
        return word
    from pymorphy2.analyzer import Parse

    parses = [p for p in models.natasha().morph_vocab.parse(word)
              if _NAME_GRAMMEMES & set(p.tag.grammemes) and "sing" in p.tag]
    if any("nomn" in p.tag for p in parses):
        return word
    for p in parses:
        form = Parse.inflect(p, {"nomn"})
        if form is not None:
            return form.word[:1].upper() + form.word[1:]
    low = word.lower()
    for ending, nominative in _SURNAME_ENDINGS if surname else ():
        if low.endswith(ending) and len(low) > len(ending) + 2:
            return word[:len(word) - len(ending)] + nominative
    return word


def split_lines(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """A name never crosses a line break: "Election Results\nEddie Chu" is two spans, each its own."""
    out = []
    for m in mentions:
        if "\n" not in m.text:
            out.append(m)
            continue
        for piece in re.finditer(r"[^\n]+", m.text):
            a, b = strip_space(text, m.start + piece.start(), m.start + piece.end())
            if b > a:
                out.append(Mention(a, b, text[a:b], m.type, text[a:b], STAGE, m.confidence))
    return out


_GLUED_TAIL = re.compile(r"(?:-[^\W\d_A-ZА-ЯЁ][\w]*)+")


def extend_glued(text: str, start: int, end: int) -> int:
    """End of a name the model cut at a hyphen: "Wong Kwok[-hing]", "Leung Kwok[-hung]".

    Only a lower-case continuation is glued on; "Russia-Ukraine" stays two names.
    """
    m = _GLUED_TAIL.match(text, end)
    return m.end() if m else end


def drop_full_stop(text: str, start: int, end: int, lang: str, settings: Any) -> int:
    """Drop a sentence's full stop the model took into a name ("by James To.") but keep "Inc.", "U.S.", "L."."""
    if end - start < 2 or text[end - 1] != ".":
        return end
    word = re.search(r"[\w.]*$", text[start:end - 1]).group()
    abbreviations = name_shapes(knowledge_paths(settings))[2].get(lang, frozenset())
    if len(word) <= 1 or "." in word or word.lower() in abbreviations:
        return end
    return end - 1


def not_a_name(text: str, start: int, end: int, lang: str, settings: Any) -> bool:
    """Spans that are never names: "BC", "Image" (a caption label), "pro-Beijing" (an adjective),
    "Paris" in "the Paris Agreement" (an agreement's name), in English a whole quoted title."""
    not_names, prefixes, _, _, events, before = name_shapes(knowledge_paths(settings))
    surface = text[start:end]
    if surface in not_names.get(lang, ()) or is_not_a_name_form(surface, lang, knowledge_paths(settings)):
        return True
    following = re.match(r" (\w+)", text[end:end + 30])
    if following and following.group(1).lower() in before.get(lang, ()):
        return True
    if lang == "en" and text[start - 1:start] in ('"', "“") and text[end:end + 1] in ('"', "”"):
        return True  # a whole quoted title: a song, film or book ("Geronimo", "Shaky Ground")
    words = surface.split()
    if len(words) > 1 and (words[-1].lower() in events.get(lang, ())
                           or words[0].lower() in events.get(lang, ()) and words[1] == "of"):
        return True  # "Bronze Age", "First Opium War", "Treaty of Nanking": events, periods, treaties
    for p in prefixes.get(lang, ()):
        if surface.lower().startswith(p) or text[max(0, start - len(p)):start].lower() == p:
            return True
    return False


_ROMAN = re.compile(r" (?:X{0,2}(?:IX|IV|V?I{1,3})|X{1,2}|X{0,2}V)(?=[\s,.;:()]|$)")
# "In Pyongyang I did see": the pronoun before an auxiliary or a verb of thinking is no numeral
_PRONOUN_I = re.compile(r" I (?:did|do|don't|am|'m|was|have|had|will|would|can|could|think|thought|know|knew|"
                        r"want|wanted|saw|see|felt|feel|found|met|went)\b")


def regnal_number(text: str, end: int) -> int:
    """"Amyntas I", "Ramesses II": the ordinal after a ruler's name is part of it."""
    if _PRONOUN_I.match(text, end):
        return end
    m = _ROMAN.match(text, end)  # right after a name, "I" is a numeral: the pronoun would need a comma
    return m.end() if m else end


_EPITHET = re.compile(r" ([A-Z][a-z]+)")


def epithet_end(text: str, start: int, end: int, lang: str) -> int:
    """End of a ruler's name with its epithet where the model stopped at "the": "Louis the [German]".

    English only; a span ending in "the" followed by a capitalised word
    ("Lucas Cranach the Elder"). Otherwise ``end`` as it is.
    """
    if lang != "en" or not text[start:end].endswith(" the"):
        return end
    m = _EPITHET.match(text, end)
    return m.end() if m else end


def strip_space(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and not text[a].isalnum():
        a += 1
    while b > a and not text[b - 1].isalnum():
        b -= 1
    return a, b


_PAREN_ABBREVIATION = re.compile(r" ?\(([A-ZА-ЯЁ][A-ZА-ЯЁ0-9&]{1,7})\)")


def abbreviations_in_parentheses(text: str, mentions: list[Mention]) -> list[Mention]:
    """"Real Estate Council of Ontario (RECO)": the abbreviation names the same thing, here and later.

    An all-capitals word in parentheses right after an organisation or place
    whose words' initials it starts with becomes a mention of the same type,
    and so does every later whole-word occurrence of it the model missed.
    """
    out = list(mentions)
    taken = [(m.start, m.end) for m in mentions]
    for m in mentions:
        hit = _PAREN_ABBREVIATION.match(text, m.end)
        if m.type == "PERSON" or not hit:
            continue
        abbr = hit.group(1)
        initials = {w[:1].upper() for w in re.findall(r"\w+", m.text)}
        if abbr[0] not in initials or sum(c in initials for c in abbr) < min(2, len(abbr)):
            continue
        for occ in re.finditer(rf"(?<!\w){re.escape(abbr)}(?!\w)", text):
            a, b = occ.start(), occ.end()
            if a >= hit.start(1) and not any(x < b and a < y for x, y in taken):
                out.append(Mention(a, b, abbr, m.type, abbr, STAGE, m.confidence * 0.9))
                taken.append((a, b))
    return sorted(out, key=lambda m: (m.start, -m.end))


_ACRONYM = re.compile(r"(?<![\w.-])[A-ZА-ЯЁ]{3,6}(?![\w.-])")


def acronyms(text: str, mentions: list[Mention], lang: str, settings: Any) -> list[Mention]:
    """An all-capitals word of three to six letters the model left untagged is an organisation ("CRTC", "RSPB").

    Not in a shouted headline (a line mostly in capitals), not a Roman
    numeral ("XVII"), and not one of ``not_names`` ("GDP", "CEO").
    """
    not_names = name_shapes(knowledge_paths(settings))[0].get(lang, frozenset())
    taken = [(m.start, m.end) for m in mentions]
    out = list(mentions)
    for hit in _ACRONYM.finditer(text):
        a, b = hit.start(), hit.end()
        line = text[text.rfind("\n", 0, a) + 1:(text.find("\n", b) + 1 or len(text) + 1) - 1]
        letters = [c for c in line if c.isalpha()]
        if hit.group() in not_names or re.fullmatch(r"[IVXLCDM]+", hit.group()) \
                or any(x < b and a < y for x, y in taken) \
                or sum(c.isupper() for c in letters) > 0.5 * len(letters):
            continue
        out.append(Mention(a, b, hit.group(), "ORG", hit.group(), STAGE, SURNAME_CONFIDENCE))
    return sorted(out, key=lambda m: (m.start, -m.end))


def complete_person_names(text: str, mentions: list[Mention], settings: Any) -> list[Mention]:
    """A person span the model cut short takes the proper noun right beside it ("Johnnie [Christmas]").

    English only: a neighbouring word spaCy tags NNP, outside every entity it
    found (so not "Monday"), no title ("President") and no known place, one
    space away, joins a person span of one or two words.
    """
    sd = models.parse_en(text)
    in_entity = {t.i for e in sd.ents if e.label_ != "PERSON" for t in e}
    titles = set(title_lists(knowledge_paths(settings))[1].get("en", ()))
    places = known_words(knowledge_paths(settings))[0]
    starts, ends = models.token_offsets_en(text)
    taken = {(m.start, m.end) for m in mentions}

    def joins(t: Any) -> bool:
        return t is not None and t.tag_ == "NNP" and t.i not in in_entity and t.text[:1].isupper() \
            and t.text.lower() not in titles and t.text not in places and t.text.isalpha() \
            and not any(a <= t.idx < b for a, b in taken)

    out = []
    for m in mentions:
        if m.type == "PERSON" and len(m.text.split()) <= 2:
            start, end = m.start, m.end
            after = sd[starts[end + 1]] if text[end:end + 1] == " " and end + 1 in starts else None
            before = sd[ends[start - 1]] if text[start - 1:start] == " " and start - 1 in ends else None
            if joins(after):
                end = after.idx + len(after)
            if joins(before) and before.i > 0 and not sd[before.i - 1].is_sent_end and before.i - 1 >= 0 \
                    and not before.is_sent_start:
                start = before.idx
            if (start, end) != (m.start, m.end):
                m = Mention(start, end, text[start:end], "PERSON", text[start:end], STAGE, m.confidence)
        out.append(m)
    return out


def drop_common_words(text: str, mentions: list[Mention], lang: str = "") -> list[Mention]:
    """A lone word the document also writes in lower case is a common word capitalised by position.

    "Iodine deficiency is ..." opening a sentence, while the article speaks of
    "iodine" elsewhere: not a name. In English, so is a lone word spaCy's
    tagger reads as a common noun or adjective ("the Government", "Alcoholic
    drinks"), and in Russian one natasha's tagger reads as a verb, adjective
    or adverb («Подана», «Воскресное»), whatever the entity recogniser said.
    """
    # a word in running text: after a space, before a space or punctuation ("scientology.org" is not one)
    lower_words = set(re.findall(r"(?<= )[^\W\d_A-ZА-ЯЁ]\w*(?=[\s,;:!?)]|\.(?:\s|$))", text))
    common: set[int] = set()
    if lang == "en":
        common = {start for _, start in models.tagged_tokens_en(text, ("NN", "NNS", "JJ"))}
    elif lang == "ru":  # «Подана», «Воскресное»: a verb or adjective opening a sentence
        common = {t.start for t in models.parse_ru(text).tokens if t.pos in ("VERB", "ADJ", "ADV", "AUX")}
    return [m for m in mentions if " " in m.text or m.start not in common and (
        not m.text[1:].islower() or m.text.lower() not in lower_words)]


def consistent_types(mentions: list[Mention]) -> list[Mention]:
    """One type per name within a document: the type the model gave it most often.

    spaCy types the same string differently from sentence to sentence
    ("Kipling" ORG here, PERSON there); the majority wins, a tie keeps each.
    """
    votes: dict[str, Counter] = {}
    for m in mentions:
        votes.setdefault(m.text, Counter())[m.type] += 1
    out = []
    for m in mentions:
        ranked = votes[m.text].most_common()
        if len(ranked) > 1 and ranked[0][1] > ranked[1][1] and ranked[0][0] != m.type:
            m = Mention(m.start, m.end, m.text, ranked[0][0], m.normal, m.stage, m.confidence * 0.9)
        out.append(m)
    return out


@lru_cache(maxsize=8)
def known_words(extra: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """English and Russian world place names, English given names and surnames (knowledge/gazetteer)."""
    places = load_tsv("gazetteer/world_places.tsv", extra)
    people = load_tsv("gazetteer/person_names.tsv", extra)
    return (frozenset(r["name_en"] for r in places if r.get("name_en")),
            frozenset(_ru_key(r["name_ru"]) for r in places if r.get("name_ru")),
            frozenset(r["name"] for r in people if r.get("kind") == "given"),
            frozenset(r["name"] for r in people if r.get("kind") == "surname"),
            frozenset(r["name_en"] for r in places if r.get("kind") in ("country", "state")))


def join_place_and_region(text: str, mentions: list[Mention], settings: Any) -> list[Mention]:
    """"Plano, Texas", "Aceh, Indonesia": a place and the state or country it lies in are one name.

    Only a place that is not itself a country or state, followed by ", " and
    a country or US state; "France, Germany and Italy" stays three.
    """
    regions = known_words(knowledge_paths(settings))[4]
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    places = [m for m in ordered if m.type in ("GPE", "LOC")]
    place_starts = [p.start for p in places]  # sorted: the next place is found by bisection, not a scan
    out: list[Mention] = []
    for m in ordered:
        prev = out[-1] if out else None
        i = bisect_left(place_starts, m.end)
        later = places[i] if i < len(places) else None
        listed = later is not None and re.fullmatch(r",? (?:and|or) (?:the )?|, ", text[m.end:later.start])
        if prev is not None and prev.type in ("GPE", "LOC") and m.type in ("GPE", "LOC") \
                and text[prev.end:m.start] == ", " and m.text in regions and prev.text not in regions \
                and not (listed and later.text in regions):
            out[-1] = Mention(prev.start, m.end, text[prev.start:m.end], "GPE", text[prev.start:m.end], STAGE,
                              min(prev.confidence, m.confidence))
            continue
        out.append(m)
    return out


def _ru_key(name: str) -> str:
    return name.lower().replace("ё", "е")


def retype_by_names(mentions: list[Mention], lang: str, settings: Any) -> list[Mention]:
    """Model types checked against what a name is known to be.

    spaCy's small model types unknown capitalised words almost at random
    ("Kesha" ORG, "Brisbane" PERSON, "Yannis Smaragdis" ORG). A world place
    name (world_places.tsv) typed ORG, or a lone word typed PERSON that is no
    common person name, is a place; in English a lone common given name or
    surname typed ORG/LOC, or a span of two or three capitalised words opening
    with a given name, is a person (person_names.tsv), unless a word of it
    makes it an organisation or place ("Johnson Space Center":
    ``org_place_words`` of titles.yaml). In Russian only
    organisations that are place names are retyped: many surnames are towns
    («Королёв», «Пушкин») and natasha is right about them.
    """
    places_en, places_ru, given, surnames, _ = known_words(knowledge_paths(settings))
    org_words = name_shapes(knowledge_paths(settings))[3].get(lang, frozenset())
    out = []
    for m in mentions:
        type_ = m.type
        if lang == "en":
            words = m.text.split()
            person_word = len(words) == 1 and (words[0] in given or words[0] in surnames)
            if m.text in places_en:
                if m.type == "ORG" or (m.type == "PERSON" and not person_word):
                    type_ = "GPE"
            elif m.type != "PERSON" and not org_words & {w.lower() for w in words} and (
                    person_word or (2 <= len(words) <= 3 and words[0] in given and all(w[:1].isupper() for w in words))):
                type_ = "PERSON"
        elif lang == "ru" and m.type == "ORG" and _ru_key(m.normal or m.text) in places_ru:
            type_ = "GPE"
        out.append(m if type_ == m.type else Mention(m.start, m.end, m.text, type_, m.normal, m.stage,
                                                     m.confidence * 0.9))
    return out
