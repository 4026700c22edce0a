"""Name rules that read the words around a mention: types from context, ruling houses.

English only for now. spaCy's small model types a word it has never seen
almost at random; the text around it often says what it is: "past Kadesh"
(a place: ``place_prepositions``/``place_modifiers`` of titles.yaml, towns
of world_towns.tsv), "Gomery, who led", "Winstone enrolled", "says Tarlo" (a
person: ``person_followers``, ``person_verbs``, ``speech_verbs``), "the Qing
dynasty" (an organisation: ``dynasty_words``).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ..intervals import SpanSet
from ..knowledge import load_tsv, load_yaml
from ..records import Mention
from . import models
from .ner_names import STAGE, SURNAME_CONFIDENCE, known_words, name_shapes, knowledge_paths, regnal_number


def load_context_lists(settings: Any) -> None:
    """Read the towns and the context word lists now (the stage's warm-up), not on the first article."""
    extra = knowledge_paths(settings)
    _towns(extra)
    _place_context(extra)
    _title_words(extra, "dynasty_words")
    _person_context(extra)
    _title_words(extra, "numbered_words")


@lru_cache(maxsize=8)
def _towns(extra: tuple[str, ...]) -> frozenset[str]:
    """English names of towns of 15,000 to 100,000 people (world_towns.tsv): weaker evidence than a city."""
    return frozenset(r["name_en"] for r in load_tsv("gazetteer/world_towns.tsv", extra) if r.get("name_en"))


@lru_cache(maxsize=64)
def _title_words(extra: tuple[str, ...], section: str) -> dict[str, frozenset[str]]:
    """One word-list section of titles.yaml, per language, lower case."""
    data = load_yaml("gazetteer/titles.yaml", extra)
    return {lang: frozenset(w.lower() for w in words) for lang, words in (data.get(section) or {}).items()}


def _place_context(extra: tuple[str, ...]) -> tuple[dict[str, frozenset[str]], ...]:
    """``place_prepositions``, ``place_modifiers`` and ``place_of_titles`` of titles.yaml."""
    return tuple(_title_words(extra, s) for s in ("place_prepositions", "place_modifiers", "place_of_titles"))


def _other_mentions(text: str, name: str, taken: SpanSet) -> list[tuple[int, int]]:
    """The whole-word occurrences of ``name`` that overlap no span in ``taken`` (which they join)."""
    spans = []
    for hit in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
        a, b = hit.span()
        if not taken.overlaps(a, b):
            spans.append((a, b))
            taken.append((a, b))
    return spans


def retype_by_context(text: str, mentions: list[Mention], lang: str, settings: Any) -> list[Mention]:
    """A lone unknown word the model typed ORG or PERSON is a place where the text puts it as one.

    spaCy's small model guesses the type of a word it has never seen ("Kadesh"
    ORG, "Flensburg" PERSON). English only: a single capitalised word, no
    acronym, no common given name or surname, right after a place preposition
    ("past Kadesh", "into Thrace", "in northern Amurru": ``place_prepositions``
    and ``place_modifiers`` of titles.yaml) or after a ruler's title or a given
    name and "of" ("the kings of Gezer", "John of Gaunt": ``place_of_titles``)
    is a place; so is a town (world_towns.tsv) typed ORG ("the town of
    Hillsborough") or, in several words, PERSON ("Beverly Hills"). The new type
    carries to the name's other mentions in the document ("capture Kadesh")
    where such place uses are the majority: "interest in Warhol" beside
    "Warhol said" stays a person.
    """
    if lang != "en":
        return mentions
    extra = knowledge_paths(settings)
    _, _, given, surnames, _ = known_words(extra)
    towns = _towns(extra)
    prepositions, modifiers, of_titles = (d.get(lang, frozenset()) for d in _place_context(extra))
    org_words = name_shapes(extra)[3].get(lang, frozenset())
    votes: dict[str, Counter] = {}
    for m in mentions:
        if m.type not in ("ORG", "PERSON") or org_words & {w.lower() for w in m.text.split()}:
            continue
        vote = votes.setdefault(m.text, Counter())
        if m.text in towns and (m.type == "ORG" or " " in m.text):
            vote["place"] += 1  # "Hillsborough" ORG; "Beverly Hills" PERSON for its first word, a given name
            continue
        if " " in m.text or not m.text[:1].isupper() or m.text.isupper() or m.text in given or m.text in surnames:
            vote["other"] += 1
            continue
        before = re.findall(r"[\w-]+", text[max(0, m.start - 40):m.start])[-2:]
        if before and before[-1].lower() in modifiers:
            before = before[:-1]
        # "in Sony Australia", "at Thutmose's temple", "in Marat/Sade": the word is not the place named
        at_place = bool(before) and before[-1].lower() in prepositions and text[m.start - 1:m.start] == " " \
            and not re.match(r"['’/]|\s+[A-Z]", text[m.end:m.end + 2])
        # "the kings of Gezer", "Duke of Strathearn", "John of Gaunt": a ruler's or a given name's "of"
        at_place = at_place or len(before) == 2 and before[1] == "of" and (
            before[0].lower() in of_titles or before[0] in given) and not re.match(r"['’]", text[m.end:m.end + 1])
        vote["place" if at_place else "other"] += 1
    # a name the article also uses as a person or organisation ("interest in Warhol", "Warhol said") keeps its type
    places = {name for name, vote in votes.items() if vote["place"] > vote["other"]}
    if not places:
        return mentions
    return [Mention(m.start, m.end, m.text, "GPE", m.normal, m.stage, m.confidence * 0.9)
            if m.text in places and m.type in ("ORG", "PERSON") else m for m in mentions]


def retype_persons_by_context(text: str, mentions: list[Mention], lang: str, settings: Any) -> list[Mention]:
    """A lone unknown word the model typed ORG or as a place is a person where the text treats it as one.

    English only ("Saqib" ORG, "Tarlo" LOC): followed by "who", "whose",
    "himself" or "herself" ("Gomery, who led ..."), or the subject of a verb
    only people do ("Winstone enrolled", "Pilate decided": ``person_verbs`` of
    titles.yaml), or, for a span typed as a place, of a verb of saying ("says
    Tarlo": ``speech_verbs``; organisations say things too), or the owner of
    what only people have ("Tolle's teachings", "Carangi's life":
    ``person_possessions``). Known places and
    towns, acronyms, spans with an organisation word, and words after "the"
    are left alone; so is "who" after "of" ("members of Scientology, who ..."). One such use makes
    every mention of the name in the article a person.
    """
    if lang != "en":
        return mentions
    extra = knowledge_paths(settings)
    places, towns = known_words(extra)[0], _towns(extra)
    org_words = name_shapes(extra)[3].get(lang, frozenset())
    person_verbs, speech_verbs, followers, possessions = (d.get(lang, frozenset()) for d in _person_context(extra))
    after = re.compile(r",? (?:%s)\b" % "|".join(map(re.escape, sorted(followers)))) if followers else None
    owned = re.compile(r"['’]s (?:[a-z-]+ )?(%s)\b" % "|".join(map(re.escape, sorted(possessions)))) \
        if possessions else None
    sd = models.parse_en(text)
    starts = models.token_offsets_en(text)[0]
    persons: set[str] = set()
    for m in mentions:
        word = m.text
        if m.type == "PERSON" or " " in word or word.isupper() or word in places or word in towns \
                or word.lower() in org_words or re.search(r"\bthe\s$", text[max(0, m.start - 4):m.start], re.I):
            continue
        token = sd[starts[m.start]] if m.start in starts else None
        verb = token.head.lemma_ if token is not None and token.dep_ == "nsubj" else ""
        after_of = re.search(r"\bof\s$", text[max(0, m.start - 3):m.start]) is not None
        if (after is not None and after.match(text, m.end) and not after_of) or verb in person_verbs \
                or (verb in speech_verbs and m.type in ("GPE", "LOC")) or (owned is not None and owned.match(text, m.end)):
            persons.add(word)
    if not persons:
        return mentions
    return [Mention(m.start, m.end, m.text, "PERSON", m.normal, m.stage, m.confidence * 0.9)
            if m.text in persons and m.type != "PERSON" and " " not in m.text else m for m in mentions]


def _person_context(extra: tuple[str, ...]) -> tuple[dict[str, frozenset[str]], ...]:
    """``person_verbs``, ``speech_verbs``, ``person_followers`` and ``person_possessions`` of titles.yaml."""
    return tuple(_title_words(extra, s)
                 for s in ("person_verbs", "speech_verbs", "person_followers", "person_possessions"))


def dynasties(text: str, mentions: list[Mention], lang: str, settings: Any) -> list[Mention]:
    """"the Qing dynasty": the word before a ``dynasty_words`` noun (titles.yaml) names a ruling house,
    an organisation, there and wherever else the article names it alone ("the fall of the Qing")."""
    words = _title_words(knowledge_paths(settings), "dynasty_words").get(lang, frozenset())
    if not words:
        return mentions
    names = {hit.group(1) for hit in re.finditer(r"\b([A-Z][\w-]+) (\w+)", text) if hit.group(2).lower() in words}
    taken = SpanSet((m.start, m.end) for m in mentions)
    out = list(mentions)
    for name in names:
        out += [Mention(a, b, name, "ORG", name, STAGE, SURNAME_CONFIDENCE)
                for a, b in _other_mentions(text, name, taken)]
    return sorted(out, key=lambda m: (m.start, -m.end))



def persons_by_context(text: str, mentions: list[Mention], lang: str, settings: Any) -> list[Mention]:
    """A capitalised word the model left untagged is a person where the text treats it as one.

    English only: a proper noun (spaCy NNP) outside every mention, ending its
    run of proper nouns, followed by "who"/"himself"/... or the subject of a
    person's verb or a verb of saying ('"...," Leive said', "Blunt starred"),
    with the proper nouns right before it ("Sara Errani"). Not a known place
    or town, a title ("Governor said"), a word after "the"/"of", or an acronym.
    Its other untagged mentions in the article follow.
    """
    if lang != "en":
        return mentions
    from .ner_names import title_lists

    extra = knowledge_paths(settings)
    places, towns = known_words(extra)[0], _towns(extra)
    titles = set(title_lists(extra)[1].get(lang, ()))
    org_words = name_shapes(extra)[3].get(lang, frozenset())
    person_verbs, speech_verbs, followers, _ = (d.get(lang, frozenset()) for d in _person_context(extra))
    after = re.compile(r",? (?:%s)\b" % "|".join(map(re.escape, sorted(followers)))) if followers else None
    sd = models.parse_en(text)
    taken = SpanSet((m.start, m.end) for m in mentions)

    def free(a: int, b: int) -> bool:
        return not taken.overlaps(a, b)

    def name_word(t: Any) -> bool:
        w = t.text
        return t.tag_ == "NNP" and w[:1].isupper() and w.isalpha() and not w.isupper() and w not in places \
            and w not in towns and w.lower() not in titles and w.lower() not in org_words

    out = list(mentions)
    found: set[str] = set()
    proper = [i for i, _ in models.tagged_tokens_en(text, ("NNP",))]  # only these can be names
    proper_set = set(proper)
    for t in (sd[i] for i in proper):
        a, b = t.idx, t.idx + len(t)
        if not name_word(t) or not free(a, b) or t.i + 1 in proper_set:
            continue
        verb = t.head.lemma_ if t.dep_ == "nsubj" else ""
        if not ((after is not None and after.match(text, b)) or verb in person_verbs or verb in speech_verbs):
            continue
        first = t
        while first.i > 0 and name_word(sd[first.i - 1]) and free(sd[first.i - 1].idx, a):
            first = sd[first.i - 1]
        previous = sd[first.i - 1] if first.i > 0 else None
        if re.search(r"\b(?:the|of)\s$", text[max(0, first.idx - 4):first.idx], re.I) or (
                previous is not None and previous.tag_ == "NNP" and previous.text[:1].isupper()):
            continue  # "the Davis Cup played": the tail of a longer name, not a person
        out.append(Mention(first.idx, b, text[first.idx:b], "PERSON", text[first.idx:b], STAGE, SURNAME_CONFIDENCE))
        taken.append((first.idx, b))
        found.add(t.text)
    for word in found:
        out += [Mention(a, b, word, "PERSON", word, STAGE, SURNAME_CONFIDENCE)
                for a, b in _other_mentions(text, word, taken)]
    return sorted(out, key=lambda m: (m.start, -m.end))



_NUMBERED = re.compile(r"((?:[A-Z][\w'’-]*[a-zà-ÿ] ){1,2})(X{0,2}(?:IX|IV|V?I{1,3})|X{1,2}|X{0,2}V)\b(?![\w'’-])")


def numbered_rulers(text: str, mentions: list[Mention], lang: str, settings: Any) -> list[Mention]:
    """Untagged "Ramesses II", "Thutmose III", "Felipe V": a name with a regnal number is a person.

    English only: one or two capitalised words the model left untagged,
    followed by a Roman numeral ("I" only before punctuation: "Mojmír I
    (ruled ...)"), none of them an event word, title or ``numbered_words``
    noun ("World War II", "Phase III"). The bare name elsewhere in the
    article follows ("Ramesses, unable to ...").
    """
    if lang != "en":
        return mentions
    from .ner_names import title_lists

    extra = knowledge_paths(settings)
    stop = _title_words(extra, "numbered_words").get(lang, frozenset()) | name_shapes(extra)[4].get(lang, frozenset()) \
        | set(title_lists(extra)[1].get(lang, ())) | name_shapes(extra)[3].get(lang, frozenset())
    taken = SpanSet((m.start, m.end) for m in mentions)
    out = list(mentions)
    names: set[str] = set()
    for hit in _NUMBERED.finditer(text):
        a, b = hit.start(1), hit.end()
        words = hit.group(1).split()
        if hit.group(2) == "I" and not re.match(r"\s*[,.;:()]", text[b:b + 2]):
            continue  # the pronoun: "In Pyongyang I did see"
        if any(w.lower() in stop for w in words) or taken.overlaps(a, b):
            continue
        out.append(Mention(a, b, text[a:b], "PERSON", text[a:b], STAGE, SURNAME_CONFIDENCE))
        taken.append((a, b))
        names.add(words[-1])
    for name in names:
        for hit in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            a, b = hit.start(), regnal_number(text, hit.end())  # "replaced Mojmír I with ..."
            if not taken.overlaps(a, b):
                out.append(Mention(a, b, text[a:b], "PERSON", text[a:b], STAGE, SURNAME_CONFIDENCE))
                taken.append((a, b))
    return sorted(out, key=lambda m: (m.start, -m.end))



_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})


def persons_by_context_ru(text: str, mentions: list[Mention], settings: Any) -> list[Mention]:
    """A lone Russian proper noun natasha left untagged is a person where the text treats it as one.

    «Дюндар заявил, ...», «Гомери, который возглавлял ...»: a capitalised
    word natasha tags PROPN in the nominative, outside every mention and
    without a proper-noun neighbour, followed by a verb of saying or a
    person's verb (``speech_verbs``, ``person_verbs`` of titles.yaml, as
    lemmas) or by ", который" (``person_followers``). Not a word pymorphy
    knows as a common noun («Блогер подчеркнул», «Генпрокурор пояснил»).
    """
    extra = knowledge_paths(settings)
    person_verbs, speech_verbs, followers, _ = (d.get("ru", frozenset()) for d in _person_context(extra))
    verbs = person_verbs | speech_verbs
    if not verbs and not followers:
        return mentions
    tokens = models.parse_ru(text).tokens
    taken = SpanSet((m.start, m.end) for m in mentions)
    out = list(mentions)
    for i, t in enumerate(tokens):
        a, b = t.start, t.stop
        if t.pos != "PROPN" or not re.fullmatch(r"[А-ЯЁ][а-яё-]+", t.text) or (t.feats or {}).get("Case") != "Nom" \
                or taken.overlaps(a, b) \
                or (i > 0 and tokens[i - 1].pos == "PROPN") or (i + 1 < len(tokens) and tokens[i + 1].pos == "PROPN"):
            continue
        after = tokens[i + 1:i + 3]
        if not after or not (after[0].lemma in verbs or (
                after[0].text == "," and len(after) > 1 and after[1].lemma in followers)):
            continue
        if any(p.is_known and not _NAME_TAGS & set(p.tag.grammemes) for p in models.natasha().morph_vocab.parse(t.text)):
            continue
        out.append(Mention(a, b, text[a:b], "PERSON", text[a:b], STAGE, SURNAME_CONFIDENCE))
        taken.append((a, b))
    return sorted(out, key=lambda m: (m.start, -m.end))
