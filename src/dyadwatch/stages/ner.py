"""Named-entity mentions from the statistical models, tidied for the contract.

Russian: natasha's news NER (PER/ORG/LOC) with its lemmatised normal form
(«Константина Косачева» -> «Константин Косачев»). English: spaCy
``en_core_web_sm`` with PERSON/ORG/GPE/LOC/FAC mapped to the contract types
(nationality adjectives, NORP, are left to the gazetteer, which knows which
country they point to).

Post-processing, all driven by ``knowledge/gazetteer/titles.yaml``:
- a Russian organisation followed by the place it belongs to, in the
  genitive, is one organisation («МЧС России», «Конгресса США»);
- a leading article is dropped ("the State Duma" -> "State Duma") and a
  trailing possessive ("Putin's" -> "Putin");
- titles are split off person names ("President Sadyr Japarov" -> "Sadyr Japarov");
- persons already named in full in the article are found again where the
  model missed or mistyped them, in full or by lone surname ("Japarov to
  Putin: ..."), in any Russian case form (matched on lemmas).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any, Iterable, Mapping

from ..document import Doc
from ..knowledge import load_tsv, load_yaml
from ..pipeline import Stage
from ..records import Mention
from . import models
from .tokens import Token, doc_language

STAGE = "ner"
SPACY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC"}
NATASHA_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
MODEL_CONFIDENCE = 0.85
SURNAME_CONFIDENCE = 0.75
# "." stays ("U.S.", "B.C."); quotes are handled by balance below
_TRAIL = re.compile(r"[\s,;:?()\[\]-]+$")  # "!" stays too: "Yahoo!"
_POSSESSIVE = re.compile(r"['’]s?$")  # English only: "Putin's" -> "Putin" (not «Sotheby's» in Russian)
_LEAD_PUNCT = re.compile(r"^[\s\"«»“”'(\[-]+")


@lru_cache(maxsize=8)
def _titles(extra: tuple[str, ...]) -> tuple[dict[str, tuple[str, ...]], ...]:
    data = load_yaml("gazetteer/titles.yaml", extra)

    def by_lang(section: str) -> dict[str, tuple[str, ...]]:
        return {lang: tuple(sorted({w.lower() for w in words}, key=lambda w: -len(w)))
                for lang, words in (data.get(section) or {}).items()}

    return by_lang("strip_leading"), by_lang("titles"), by_lang("honorifics")


@lru_cache(maxsize=8)
def _shapes(extra: tuple[str, ...]) -> tuple[dict[str, frozenset[str]], ...]:
    """``not_names`` (case kept), ``not_name_prefixes`` and ``abbreviation_words`` (lower case) per language."""
    data = load_yaml("gazetteer/titles.yaml", extra)

    def by_lang(section: str, lower: bool) -> dict[str, frozenset[str]]:
        return {lang: frozenset(w.lower() if lower else w for w in words)
                for lang, words in (data.get(section) or {}).items()}

    return by_lang("not_names", False), by_lang("not_name_prefixes", True), by_lang("abbreviation_words", True)


def knowledge_paths(settings: Any) -> tuple[str, ...]:
    return tuple(str(p) for p in (getattr(settings, "knowledge_paths", ()) or ()))


def _strip_leading(text: str, start: int, end: int, words: Iterable[str]) -> int:
    """Advance ``start`` past any of ``words`` (whole words, case-insensitive), repeatedly."""
    changed = True
    while changed:
        changed = False
        m = _LEAD_PUNCT.match(text[start:end])
        if m and m.end() < end - start:
            start += m.end()
        low = text[start:end].lower()
        for w in words:
            if low.startswith(w) and len(low) > len(w) and not low[len(w)].isalnum():
                nxt = start + len(w)
                while nxt < end and not text[nxt].isalnum():
                    nxt += 1
                if nxt < end:
                    start, changed = nxt, True
                    break
    return start


def _strip_trailing(text: str, start: int, end: int, lang: str = "en") -> int:
    m = _TRAIL.search(text[start:end])
    if m and m.start() > 0:
        end = start + m.start()
    m = _POSSESSIVE.search(text[start:end]) if lang == "en" else None
    if m and m.start() > 0:
        end = _strip_space_end(text, start, start + m.start())
    span = text[start:end]
    if "(" in span and ")" not in span[span.index("("):]:
        # "Council of Ontario (RECO": the abbreviation is cut off; the name ends before it
        end = start + len(span[:span.index("(")].rstrip())
    span = text[start:end]
    for close, open_ in (("»", "«"), ("”", "“")):
        if span.endswith(close) and open_ not in span:
            end -= 1  # a closing quote whose opening one is outside the span
    if span.endswith('"') and span.count('"') % 2:
        end -= 1
    return _strip_space_end(text, start, end)


def _strip_space_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,;:\u00a0":
        end -= 1
    return end


def tidy(text: str, start: int, end: int, type_: str, lang: str, settings: Any = None) -> tuple[int, int]:
    """Span without leading articles/titles (titles only for persons) or trailing possessives."""
    leading, titles, _ = _titles(knowledge_paths(settings))
    words = list(leading.get(lang, ()))
    if type_ == "PERSON":
        words += titles.get(lang, ())
    start = _strip_leading(text, start, end, sorted(words, key=lambda w: -len(w)))
    end = _strip_trailing(text, start, end, lang)
    return start, end


def raw_mentions_ru(text: str) -> list[Mention]:
    nd = models.parse_ru(text)
    out = []
    for s in nd.spans:
        type_ = NATASHA_TYPES.get(s.type)
        if type_:
            normal = s.normal or s.text
            if type_ == "PERSON":
                normal = nominative_name(normal)
            out.append(Mention(s.start, s.stop, text[s.start:s.stop], type_, normal=normal,
                               stage=STAGE, confidence=MODEL_CONFIDENCE))
    return out


_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
# surname endings of the instrumental (masc.) and genitive/dative/instrumental (fem.) -> nominative
_SURNAME_ENDINGS = (("овым", "ов"), ("евым", "ев"), ("ёвым", "ёв"), ("иным", "ин"), ("ыным", "ын"),
                    ("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына"))


def nominative_name(normal: str) -> str:
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
    return " ".join(_nominative_word(w, surname=len(words) > 1 and i == len(words) - 1)
                    for i, w in enumerate(words))


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


def raw_mentions_en(text: str) -> list[Mention]:
    sd = models.parse_en(text)
    out = []
    for e in sd.ents:
        type_ = SPACY_TYPES.get(e.label_)
        if type_:
            out.append(Mention(e.start_char, e.end_char, e.text, type_, normal=e.text,
                               stage=STAGE, confidence=MODEL_CONFIDENCE))
    return out


def _honorific_person(text: str, m: Mention, lang: str, settings: Any) -> Mention:
    """A span opening with an honorific ("Ms Pugh", "Mr. Duffy") is a person, whatever the model said."""
    _, _, honorifics = _titles(knowledge_paths(settings))
    low = m.text.lower()
    for h in honorifics.get(lang, ()):
        if low.startswith(h) and len(low) > len(h) + 1 and low[len(h)] in " .\u00a0" and m.type != "PERSON":
            return Mention(m.start, m.end, m.text, "PERSON", m.normal, m.stage, m.confidence)
    return m


def join_org_of_place(text: str, mentions: list[Mention]) -> list[Mention]:
    """«Конгресса» + «США», «МЧС» + «России» -> one organisation «Конгресса США», «МЧС России».

    natasha splits an organisation from the country or city in the genitive
    that names whose it is; that place is part of the organisation's name.
    Only a place right after the organisation (one space) and wholly in the
    genitive joins, so «в ООН Россия выступила» stays two mentions.
    """
    nd = models.parse_ru(text)
    case = {t.start: (t.feats or {}).get("Case") for t in nd.tokens}
    out: list[Mention] = []
    nested: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        prev = out[-1] if out else None
        if prev is not None and prev.type == "ORG" and m.type == "LOC" and text[prev.end:m.start] == " " \
                and all(case.get(t.start) in ("Gen", None) for t in nd.tokens if m.start <= t.start < m.end) \
                and any(case.get(t.start) == "Gen" for t in nd.tokens if m.start <= t.start < m.end):
            out[-1] = Mention(prev.start, m.end, text[prev.start:m.end], "ORG", f"{prev.normal} {m.text}",
                              STAGE, prev.confidence)
            nested.append(m)  # the place is still named: kept as a mention inside the organisation
            continue
        out.append(m)
    return sorted(out + nested, key=lambda m: (m.start, -m.end))


def split_lines(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """A name never crosses a line break: "Election Results\nEddie Chu" is two spans, each its own."""
    out = []
    for m in mentions:
        if "\n" not in m.text:
            out.append(m)
            continue
        for piece in re.finditer(r"[^\n]+", m.text):
            a, b = _strip_space(text, m.start + piece.start(), m.start + piece.end())
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
    abbreviations = _shapes(knowledge_paths(settings))[2].get(lang, frozenset())
    if len(word) <= 1 or "." in word or word.lower() in abbreviations:
        return end
    return end - 1


def not_a_name(text: str, start: int, end: int, lang: str, settings: Any) -> bool:
    """Spans that are never names: "BC", "Image" (a caption label), "pro-Beijing" (an adjective)."""
    not_names, prefixes, _ = _shapes(knowledge_paths(settings))
    surface = text[start:end]
    if surface in not_names.get(lang, ()):
        return True
    for p in prefixes.get(lang, ()):
        if surface.lower().startswith(p) or text[max(0, start - len(p)):start].lower() == p:
            return True
    return False


_ROMAN = re.compile(r" (?:X{0,2}(?:IX|IV|V?I{1,3})|X{1,2}|X{0,2}V)(?=[\s,.;:()]|$)")


def regnal_number(text: str, end: int) -> int:
    """"Amyntas I", "Ramesses II": the ordinal after a ruler's name is part of it."""
    m = _ROMAN.match(text, end)  # right after a name, "I" is a numeral: the pronoun would need a comma
    return m.end() if m else end


def _tidied(text: str, mentions: Iterable[Mention], lang: str, settings: Any) -> list[Mention]:
    out = []
    for m in split_lines(text, mentions):
        m = _honorific_person(text, m, lang, settings)
        start, end = tidy(text, m.start, m.end, m.type, lang, settings)
        end = drop_full_stop(text, start, extend_glued(text, start, end), lang, settings)
        if m.type != "LOC" and regnal_number(text, end) > end:
            # "Amyntas I" typed ORG: an ordinal after a name marks a ruler
            end, m = regnal_number(text, end), Mention(m.start, m.end, m.text, "PERSON", m.normal, m.stage,
                                                         m.confidence)
        surface = text[start:end]
        if not surface or not any(c.isupper() for c in surface) or not_a_name(text, start, end, lang, settings):
            continue  # "the" alone, or a lower-case common noun: not a name
        normal = m.normal
        if (start, end) != (m.start, m.end):
            normal = surface if lang != "ru" or end > m.end else _trim_normal(m.normal, m.text, surface)
        out.append(Mention(start, end, surface, m.type, normal=normal, stage=STAGE, confidence=m.confidence))
    return out


def _trim_normal(normal: str, old: str, new: str) -> str:
    """Drop from a natasha normal form the words the tidy step cut from the surface."""
    cut_front = len(old[: old.find(new)].split()) if new in old else 0
    words = normal.split()
    kept = len(new.split())
    return " ".join(words[cut_front:cut_front + kept]) or new


def _key(token: Token, lang: str) -> str:
    return token.lemma if lang == "ru" else token.text.lower()


def _claim(mentions: list[Mention], person: Mention, text: str) -> list[Mention]:
    """Insert a person mention; others overlapping it keep only a capitalised remainder."""
    out = []
    for m in mentions:
        if not (m.start < person.end and person.start < m.end):
            out.append(m)
            continue
        if m.type == "PERSON" and m.start <= person.start and person.end <= m.end:
            return mentions  # already covered by a person span at least as long
        a, b = _strip_space(text, m.start, person.start)
        if b > a and " " not in text[a:b] and text[a:b].istitle() and not text[b:person.start].strip() \
                and len(person.text.split()) == 1:
            # "Talent Mamytov" typed ORG, surname claimed: the word before is the first name
            person = Mention(a, person.end, text[a:person.end], "PERSON", text[a:person.end], STAGE, person.confidence)
        for a, b in ((m.start, person.start), (person.end, m.end)):
            a, b = _strip_space(text, a, b)
            if b > a and any(c.isupper() for c in text[a:b]) and m.type != "PERSON":
                out.append(Mention(a, b, text[a:b], m.type, text[a:b], STAGE, m.confidence))
    out.append(person)
    return out


def _strip_space(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and not text[a].isalnum():
        a += 1
    while b > a and not text[b - 1].isalnum():
        b -= 1
    return a, b


def add_known_names(mentions: list[Mention], tokens: tuple[Token, ...], text: str, lang: str) -> list[Mention]:
    """Person mentions wherever a person named in full appears again, whole or by surname.

    Repeats of a full name the model missed or mistyped ("the Federation Council
    Konstantin Kosachev" as one ORG) are claimed first, then lone surnames
    ("Japarov to Putin"), matched on lemmas in Russian so every case form hits.
    """
    names: dict[tuple[str, ...], str] = {}
    for m in mentions:
        if m.type != "PERSON":
            continue
        inner = [t for t in tokens if m.start <= t.start and t.end <= m.end and t.text[:1].isalpha()]
        if 2 <= len(inner) <= 4 and all(t.text[:1].isupper() for t in inner):
            names[tuple(_key(t, lang) for t in inner)] = m.normal
    if not names:
        return mentions
    out = list(mentions)
    keys = [_key(t, lang) for t in tokens]
    for seq, normal in sorted(names.items(), key=lambda kv: -len(kv[0])):
        n = len(seq)
        for i in range(len(tokens) - n + 1):
            if tuple(keys[i:i + n]) == seq and tokens[i].text[:1].isupper():
                a, b = tokens[i].start, tokens[i + n - 1].end
                out = _claim(out, Mention(a, b, text[a:b], "PERSON", normal, STAGE, MODEL_CONFIDENCE), text)
    surnames = {seq[-1]: normal.split()[-1] for seq, normal in names.items()}
    for i, t in enumerate(tokens):
        if t.text[:1].isupper() and keys[i] in surnames:
            normal = t.text if lang != "ru" else surnames[keys[i]]
            out = _claim(out, Mention(t.start, t.end, t.text, "PERSON", normal, STAGE, SURNAME_CONFIDENCE), text)
    return sorted(out, key=lambda m: (m.start, -m.end))


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
    not_names = _shapes(knowledge_paths(settings))[0].get(lang, frozenset())
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
    titles = set(_titles(knowledge_paths(settings))[1].get("en", ()))
    places = _known_words(knowledge_paths(settings))[0]
    starts = {t.idx: t for t in sd}
    ends = {t.idx + len(t): t for t in sd}
    taken = {(m.start, m.end) for m in mentions}

    def joins(t: Any) -> bool:
        return t is not None and t.tag_ == "NNP" and t.i not in in_entity and t.text[:1].isupper() \
            and t.text.lower() not in titles and t.text not in places and t.text.isalpha() \
            and not any(a <= t.idx < b for a, b in taken)

    out = []
    for m in mentions:
        if m.type == "PERSON" and len(m.text.split()) <= 2:
            start, end = m.start, m.end
            after = starts.get(end + 1) if text[end:end + 1] == " " else None
            before = ends.get(start - 1) if text[start - 1:start] == " " else None
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
    drinks"), whatever its entity recogniser said.
    """
    # a word in running text: after a space, before a space or punctuation ("scientology.org" is not one)
    lower_words = set(re.findall(r"(?<= )[^\W\d_A-ZА-ЯЁ]\w*(?=[\s,;:!?)]|\.(?:\s|$))", text))
    common: set[int] = set()
    if lang == "en":
        common = {t.idx for t in models.parse_en(text) if t.tag_ in ("NN", "NNS", "JJ")}
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
def _known_words(extra: tuple[str, ...]) -> tuple[frozenset[str], ...]:
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
    regions = _known_words(knowledge_paths(settings))[4]
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    places = [m for m in ordered if m.type in ("GPE", "LOC")]
    out: list[Mention] = []
    for m in ordered:
        prev = out[-1] if out else None
        later = next((p for p in places if p.start >= m.end), None)
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
    with a given name, is a person (person_names.tsv). In Russian only
    organisations that are place names are retyped: many surnames are towns
    («Королёв», «Пушкин») and natasha is right about them.
    """
    places_en, places_ru, given, surnames, _ = _known_words(knowledge_paths(settings))
    out = []
    for m in mentions:
        type_ = m.type
        if lang == "en":
            words = m.text.split()
            person_word = len(words) == 1 and (words[0] in given or words[0] in surnames)
            if m.text in places_en:
                if m.type == "ORG" or (m.type == "PERSON" and not person_word):
                    type_ = "GPE"
            elif m.type != "PERSON" and (person_word or (2 <= len(words) <= 3 and words[0] in given
                                                         and all(w[:1].isupper() for w in words))):
                type_ = "PERSON"
        elif lang == "ru" and m.type == "ORG" and _ru_key(m.normal or m.text) in places_ru:
            type_ = "GPE"
        out.append(m if type_ == m.type else Mention(m.start, m.end, m.text, type_, m.normal, m.stage,
                                                     m.confidence * 0.9))
    return out


class NerStage(Stage):
    name = "ner"
    requires = ("language", "tokens")
    adds = ("ner_mentions",)

    def warm_up(self) -> None:
        models.natasha()
        models.spacy_en()

    def process(self, doc: Doc) -> Mapping[str, Any]:
        return {"ner_mentions": tuple(self.mentions(doc.text, doc_language(doc), doc.get("tokens") or ()))}

    def mentions(self, text: str, lang: str, tokens: tuple[Token, ...]) -> list[Mention]:
        if not text.strip():
            return []
        if lang == "ru":
            raw = join_org_of_place(text, raw_mentions_ru(text))
        elif lang == "en":
            raw = raw_mentions_en(text)
        else:
            return []
        tidied = consistent_types(drop_common_words(text, _tidied(text, raw, lang, self.settings), lang))
        mentions = retype_by_names(add_known_names(abbreviations_in_parentheses(text, tidied), tokens, text, lang),
                                   lang, self.settings)
        if lang == "en":
            mentions = acronyms(text, mentions, lang, self.settings)
        if lang == "en":
            mentions = join_place_and_region(text, complete_person_names(text, mentions, self.settings),
                                             self.settings)
        return mentions
