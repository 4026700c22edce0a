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
  Putin: ..."), in any Russian case form (matched on lemmas);
- the name rules of ner_names.py: shapes of names, what is never a name,
  model types checked against known place and person names and against
  the words around them ("past Kadesh" is a place), ruling houses ("the
  Qing dynasty"), one type per name in a document, Russian person names in
  the nominative.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Iterable, Mapping

from ..document import Doc
from ..pipeline import Stage
from ..records import Mention
from . import models
from .ner_context import (dynasties, load_context_lists, numbered_rulers, persons_by_context,
                          persons_by_context_ru, retype_by_context, retype_persons_by_context)
from .ner_metonymy import load_acting_cues
from .ner_names import (STAGE, SURNAME_CONFIDENCE, abbreviations_in_parentheses, acronyms,
                        complete_person_names, consistent_types, drop_common_words, drop_full_stop, epithet_end,
                        extend_glued,
                        join_place_and_region, knowledge_paths, load_lists, nominative_name, not_a_name,
                        regnal_number, retype_by_names, split_lines, strip_space, title_lists)
from .tokens import Token, doc_language

SPACY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC"}
NATASHA_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
MODEL_CONFIDENCE = 0.85
# "." stays ("U.S.", "B.C."); quotes are handled by balance below
_TRAIL = re.compile(r"[\s,;:?()\[\]-]+$")  # "!" stays too: "Yahoo!"
_POSSESSIVE = re.compile(r"['’]s?$")  # English only: "Putin's" -> "Putin" (not «Sotheby's» in Russian)
_LEAD_PUNCT = re.compile(r"^[\s\"«»“”'(\[-]+")


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
    leading, titles, _ = title_lists(knowledge_paths(settings))
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
                normal = nominative_name(normal, text[s.start:s.stop])
            out.append(Mention(s.start, s.stop, text[s.start:s.stop], type_, normal=normal,
                               stage=STAGE, confidence=MODEL_CONFIDENCE))
    return out


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
    _, _, honorifics = title_lists(knowledge_paths(settings))
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


def _tidied(text: str, mentions: Iterable[Mention], lang: str, settings: Any) -> list[Mention]:
    out = []
    for m in split_lines(text, mentions):
        m = _honorific_person(text, m, lang, settings)
        start, end = tidy(text, m.start, m.end, m.type, lang, settings)
        end = drop_full_stop(text, start, extend_glued(text, start, end), lang, settings)
        if m.type != "LOC" and (regnal_number(text, end) > end or epithet_end(text, start, end, lang) > end):
            # "Amyntas I" typed ORG, "Louis the [German]": an ordinal or an epithet after a name marks a ruler
            end = max(regnal_number(text, end), epithet_end(text, start, end, lang))
            m = Mention(m.start, m.end, m.text, "PERSON", m.normal, m.stage, m.confidence)
        elif lang == "en" and text[start:end].endswith(" the"):
            end -= 4  # a dangling article the model took in
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
        a, b = strip_space(text, m.start, person.start)
        if b > a and " " not in text[a:b] and text[a:b].istitle() and not text[b:person.start].strip() \
                and len(person.text.split()) == 1:
            # "Talent Mamytov" typed ORG, surname claimed: the word before is the first name
            person = Mention(a, person.end, text[a:person.end], "PERSON", text[a:person.end], STAGE, person.confidence)
        for a, b in ((m.start, person.start), (person.end, m.end)):
            a, b = strip_space(text, a, b)
            if b > a and any(c.isupper() for c in text[a:b]) and m.type != "PERSON":
                out.append(Mention(a, b, text[a:b], m.type, text[a:b], STAGE, m.confidence))
    out.append(person)
    return out


def add_known_names(mentions: list[Mention], tokens: tuple[Token, ...], text: str, lang: str) -> list[Mention]:
    """Person mentions wherever a person named in full appears again, whole or by surname.

    Repeats of a full name the model missed or mistyped ("the Federation Council
    Konstantin Kosachev" as one ORG) are claimed first, then lone surnames
    ("Japarov to Putin"), matched on lemmas in Russian so every case form hits.
    """
    names: dict[tuple[str, ...], str] = {}
    starts = [t.start for t in tokens]  # tokens are in text order: the mention's are found by bisection
    for m in mentions:
        if m.type != "PERSON":
            continue
        inner = [t for t in tokens[bisect_left(starts, m.start):bisect_left(starts, m.end)]
                 if t.end <= m.end and t.text[:1].isalpha()]
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


class NerStage(Stage):
    name = "ner"
    requires = ("language", "tokens")
    adds = ("ner_mentions",)

    def warm_up(self) -> None:
        models.natasha()
        models.spacy_en()
        load_lists(self.settings)
        load_context_lists(self.settings)
        load_acting_cues(self.settings)

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
        mentions = retype_persons_by_context(text, retype_by_context(text, mentions, lang, self.settings), lang,
                                             self.settings)
        if lang == "ru":
            mentions = persons_by_context_ru(text, mentions, self.settings)
        if lang == "en":
            mentions = dynasties(text, acronyms(text, mentions, lang, self.settings), lang, self.settings)
            mentions = numbered_rulers(text, persons_by_context(text, mentions, lang, self.settings), lang,
                                       self.settings)
        if lang == "en":
            mentions = join_place_and_region(text, complete_person_names(text, mentions, self.settings),
                                             self.settings)
        return mentions
