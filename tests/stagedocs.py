"""Hand-built Docs for the quote, event, commitment, topic and tone tests.

The upstream layers (sentences, entities, mentions, dates, amounts, tokens)
are added by hand with the types layers.py documents, so these tests pin the
behaviour of the downstream stages without loading any model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from dyadwatch.document import CleanDocument, Doc
from dyadwatch.records import Amount, Entity, Mention, PartialDate, Span

SENTENCE_END = re.compile(r"(?<=[.!?»”\"])[\s\u00a0]+(?=[«“\"A-ZА-ЯЁ])|\n+")


@dataclass
class Ent:
    """An entity and the exact surface strings by which the text mentions it."""

    name: str
    type: str
    country: str | None
    surfaces: tuple[str, ...]
    roles: tuple[str, ...] = ()
    kinds: dict[str, str] = field(default_factory=dict)  # surface -> mention kind (role, pronoun)


def sentences_of(text: str) -> tuple[Span, ...]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append(Span.of(text, start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append(Span.of(text, start, len(text)))
    return tuple(s for s in spans if s.text.strip())


def make_doc(text: str, language: str, ents: list[Ent] = (), published: str | None = None,
             dates: list[tuple[str, PartialDate]] = (), amounts: list[tuple[str, Amount]] = (),
             tokens: tuple = (), doc_id: str = "t", date_layer: tuple[PartialDate, ...] | None = None) -> Doc:
    clean = CleanDocument(id=doc_id, text=text, published=published)
    doc = Doc(clean)
    doc.add("language", language)
    doc.add("sentences", sentences_of(text))
    doc.add("tokens", tokens)
    taken: list[tuple[int, int]] = []
    found: dict[int, list[Mention]] = {i: [] for i in range(len(ents))}
    pairs = sorted(((surface, i) for i, e in enumerate(ents) for surface in e.surfaces), key=lambda p: -len(p[0]))
    for surface, i in pairs:  # longest surface first, so "Kyrgyz Republic" is not also "Kyrgyz"
        for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found[i].append(Mention(m.start(), m.end(), surface, ents[i].type, stage="test", entity=f"e{i}",
                                    kind=ents[i].kinds.get(surface, "name")))
    entities, mentions = [], []
    for i, e in enumerate(ents):
        ms = sorted(found[i], key=lambda m: m.start)
        entities.append(Entity(f"e{i}", e.name, e.type, e.country, mentions=tuple(ms), roles=e.roles, known=True))
        mentions.extend(ms)
    doc.add("entities", tuple(entities))
    doc.add("mentions", tuple(sorted(mentions, key=lambda m: m.start)))
    dlayer = []
    for surface, pd in dates:
        pos = text.index(surface)
        dlayer.append(PartialDate(pd.year, pd.month, pd.day, text=surface, anchor=published, source=pd.source,
                                  span=Span.of(text, pos, pos + len(surface)), future=pd.future, stage="test"))
    doc.add("dates", tuple(dlayer) if date_layer is None else tuple(date_layer))
    alayer = []
    for surface, am in amounts:
        pos = text.index(surface)
        alayer.append(Amount(am.value, surface, am.currency, am.unit, Span.of(text, pos, pos + len(surface)), "test"))
    doc.add("amounts", tuple(alayer))
    return doc


KOSACHEV = Ent("Konstantin Kosachev", "PERSON", "RUS", ("Константин Косачев", "Константина Косачева",
                                                        "Konstantin Kosachev", "Kosachev"))
MATVIENKO = Ent("Valentina Matvienko", "PERSON", "RUS", ("Valentina Matvienko", "Matvienko", "Валентина Матвиенко"))
JAPAROV = Ent("Sadyr Japarov", "PERSON", "KGZ", ("Sadyr Japarov", "Japarov", "Садыр Жапаров", "Жапаров"))
PUTIN = Ent("Vladimir Putin", "PERSON", "RUS", ("Vladimir Putin", "Putin", "Владимир Путин", "Путин"))
KAZAKBAEV = Ent("Ruslan Kazakbaev", "PERSON", "KGZ", ("Ruslan Kazakbaev", "Kazakbaev", "Русланом Казакбаевым",
                                                      "Руслан Казакбаев"))
LAVROV = Ent("Sergey Lavrov", "PERSON", "RUS", ("Sergei Lavrov", "Lavrov", "Сергеем Лавровым"))
KYRGYZSTAN = Ent("Kyrgyzstan", "GPE", "KGZ", ("Kyrgyzstan", "Kyrgyz Republic", "Kyrgyz", "Кыргызстан", "КР",
                                              "кыргызской", "Киргизии"), roles=("country",))
RUSSIA = Ent("Russia", "GPE", "RUS", ("Russia", "Russian Federation", "Russian", "России", "Россия", "РФ",
                                      "российской"), roles=("country",))
MOSCOW = Ent("Moscow", "GPE", "RUS", ("Moscow", "Москве", "Москва"))
BISHKEK = Ent("Bishkek", "GPE", "KGZ", ("Bishkek", "Бишкеке"))
ALMATY = Ent("Almaty", "GPE", "KAZ", ("Alma-Ata", "Almaty", "Алма-Ате"))
KG_MFA = Ent("Ministry of Foreign Affairs of Kyrgyzstan", "ORG", "KGZ",
             ("Foreign Affairs Ministry of Kyrgyzstan", "МИД КР", "Foreign Ministry of Kyrgyzstan"))


def tokenised(text: str, lang: str) -> Doc:
    """A Doc with the language given and the real tokens stage run (sentences, tokens with lemmas)."""
    from dyadwatch.stages.tokens import TokenStage

    doc = Doc(CleanDocument(id="t", text=text))
    doc.add("language", lang)
    for layer, value in TokenStage().process(doc).items():
        doc.add(layer, value)
    return doc
