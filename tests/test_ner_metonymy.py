"""A place name standing for its state acting («Россия объявила», "Russia's position") is marked acts_as ORG."""
from __future__ import annotations

import pytest

from dyadwatch.document import Doc
from dyadwatch.records import Mention
from dyadwatch.stages.gazetteer import GazetteerStage
from dyadwatch.stages.ner import NerStage
from dyadwatch.stages.ner_metonymy import mark_acting_places
from dyadwatch.stages.resolve import ResolveStage
from stagedocs import tokenised

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def stages() -> tuple:
    return NerStage(), GazetteerStage(), ResolveStage()


def resolved(stages: tuple, text: str, lang: str) -> Doc:
    doc = tokenised(text, lang)
    for stage in stages:
        for layer, value in stage.process(doc).items():
            doc.add(layer, value)
    return doc


def acting(doc: Doc) -> dict[tuple[str, int], str | None]:
    """(surface, start) of every place mention -> its acts_as."""
    return {(m.text, m.start): m.acts_as for m in doc["mentions"] if m.type in ("GPE", "LOC")}


def marked(doc: Doc, surface: str, nth: int = 0) -> str | None:
    found = sorted((start, acts) for (text, start), acts in acting(doc).items() if text == surface)
    assert len(found) > nth, f"no place mention {surface!r} in {acting(doc)}"
    return found[nth][1]


def test_ner_metonymy_russian_subject_of_an_action_acts_as_organisation(stages: tuple) -> None:
    doc = resolved(stages, f"Россия объявила о{NBSP}приостановке соглашения. Делегация прибыла в{NBSP}России "
                           "на прошлой неделе.", "ru")
    assert marked(doc, "Россия") == "ORG"
    assert marked(doc, "России") is None  # «в России»: the place


def test_ner_metonymy_russian_genitive_after_state_nouns(stages: tuple) -> None:
    doc = resolved(stages, "Позиция Киргизии по этому вопросу не изменилась, – отметил посол России "
                           "в Бишкеке. Кредит составил 20 миллионов долларов США.", "ru")
    assert marked(doc, "Киргизии") == "ORG"
    assert marked(doc, "России") == "ORG"  # the ambassador of the state
    assert marked(doc, "США") == "ORG"  # the state's currency
    assert marked(doc, "Бишкеке") is None


def test_ner_metonymy_russian_place_verbs_and_appositions_stay_places(stages: tuple) -> None:
    doc = resolved(stages, f"Бишкек находится у{NBSP}подножия гор. Полиция города Ош начала проверку.", "ru")
    assert marked(doc, "Бишкек") is None  # «находится»: a place's verb
    assert marked(doc, "Ош") is None  # apposition of «города», not the subject of «начала»


def test_ner_metonymy_english_subject_possessive_and_of(stages: tuple) -> None:
    doc = resolved(stages, "Kyrgyzstan signed the agreement on Tuesday. The forum was held in Kyrgyzstan, "
                           "and Russia's position has not changed, said the government of Kazakhstan.", "en")
    assert marked(doc, "Kyrgyzstan", 0) == "ORG"
    assert marked(doc, "Kyrgyzstan", 1) is None  # "in Kyrgyzstan"
    assert marked(doc, "Russia") == "ORG"
    assert marked(doc, "Kazakhstan") == "ORG"


def test_ner_metonymy_english_place_verbs_stay_places(stages: tuple) -> None:
    doc = resolved(stages, "Kazakhstan borders Kyrgyzstan to the north, and Bishkek lies in the Chui valley.", "en")
    assert marked(doc, "Kazakhstan") is None
    assert marked(doc, "Bishkek") is None


def test_ner_metonymy_entity_stays_the_country(stages: tuple) -> None:
    doc = resolved(stages, "Россия объявила о приостановке соглашения, а в России начались выборы.", "ru")
    actor = next(m for m in doc["mentions"] if m.text == "Россия")
    place = next(m for m in doc["mentions"] if m.text == "России")
    assert actor.acts_as == "ORG" and actor.type == "GPE"
    assert actor.entity and actor.entity == place.entity  # one entity, the country
    (entity,) = [e for e in doc["entities"] if e.id == actor.entity]
    assert entity.type == "GPE"
    assert any(m.acts_as == "ORG" for m in entity.mentions)


def test_ner_metonymy_place_inside_an_organisation_name_is_left_alone() -> None:
    text = "МЧС России объявило о проверке."
    org = Mention(0, 11, "МЧС России", "ORG", kind="name")
    place = Mention(4, 11, "России", "GPE", kind="name")
    out = mark_acting_places(text, "ru", [org, place])
    assert [m.acts_as for m in out] == [None, None]


def test_ner_metonymy_acts_as_round_trips_and_old_records_load() -> None:
    m = Mention(0, 6, "Россия", "GPE", "Россия", "resolve", 0.9, "Q159", "name", "ORG")
    d = m.to_full_dict()
    assert d["acts_as"] == "ORG" and Mention.from_dict(d) == m
    old = {k: v for k, v in d.items() if k != "acts_as"}
    assert Mention.from_dict(old).acts_as is None
    assert "acts_as" not in Mention(0, 6, "Россия", "GPE").to_full_dict()
    assert m.to_dict() == {"start": 0, "end": 6, "text": "Россия"}  # the contract keys do not change


def test_ner_metonymy_russian_joined_subjects_will_and_ownership(stages: tuple) -> None:
    doc = resolved(stages, f"Россия и{NBSP}Кыргызстан сохраняют отношения стратегического партнерства. "
                           "Казахстан намерен расширить поставки. У Узбекистана нет таких планов.", "ru")
    assert marked(doc, "Россия") == "ORG"
    assert marked(doc, "Кыргызстан") == "ORG"
    assert marked(doc, "Казахстан") == "ORG"  # «намерен»: a short adjective of will
    assert marked(doc, "Узбекистана") == "ORG"  # «у ... нет»: the state owns


def test_ner_metonymy_english_passive_agent_and_state_court(stages: tuple) -> None:
    doc = resolved(stages, "The deal was blocked by Kazakhstan last year. The case reached Kyrgyzstan's "
                           "Supreme Court in March, while the delegation stayed in Bishkek.", "en")
    assert marked(doc, "Kazakhstan") == "ORG"  # the agent of a passive
    assert marked(doc, "Kyrgyzstan") == "ORG"
    assert marked(doc, "Bishkek") is None
