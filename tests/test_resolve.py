"""Resolve stage: one canonical entity per thing, across scripts, spellings, typos, roles and dates."""
from __future__ import annotations

from pathlib import Path

from dyadwatch.document import CleanDocument, Doc
from dyadwatch.records import Entity
from dyadwatch.settings import Settings
from dyadwatch.stages.gazetteer import GazetteerStage
from dyadwatch.stages.ner import NerStage
from dyadwatch.stages.resolve import ResolveStage
from dyadwatch.stages.tokens import TokenStage

NBSP = "\u00a0"
STAGES = (TokenStage(), NerStage(), GazetteerStage(), ResolveStage())


def resolved(text: str, lang: str, published: str | None = None) -> Doc:
    doc = Doc(CleanDocument(id="t", text=text, published=published))
    doc.add("language", lang)
    for stage in STAGES:
        for layer, value in stage.process(doc).items():
            doc.add(layer, value)
    return doc


def people(doc: Doc) -> dict[str, Entity]:
    return {e.name: e for e in doc["entities"] if e.type == "PERSON"}


def test_resolve_typo_in_english_name_joins_the_known_person() -> None:
    text = ("The speaker of the parliament, Talant Mamytov, met senators in Alma-Ata. "
            "“Kyrgyzstan is aimed at closer ties,” said Talent Mamytov.")
    doc = resolved(text, "en", "2022-03-30")
    found = people(doc)
    assert list(found) == ["Talant Mamytov"]
    texts = [m.text for m in found["Talant Mamytov"].mentions]
    assert "Talent Mamytov" in texts and texts.count("Talant Mamytov") == 1
    assert {e.name for e in doc["entities"] if e.type == "GPE"} >= {"Almaty", "Kyrgyzstan"}


def test_resolve_russian_case_forms_and_typo_give_english_canonical_names() -> None:
    text = (f"В Москве прошла встреча Константина Косачева с{NBSP}министром иностранных дел КР "
            f"Русланом Казакбаевым. «Мы партнёры», – отметил Константин Косачев. "
            f"В свою очередь, Руслана Казакбаев поблагодарил российскую сторону.")
    found = people(resolved(text, "ru"))
    assert set(found) == {"Konstantin Kosachev", "Ruslan Kazakbaev"}
    assert {m.text for m in found["Ruslan Kazakbaev"].mentions} >= {"Русланом Казакбаевым", "Руслана Казакбаев"}
    assert found["Konstantin Kosachev"].country == "RUS" and found["Konstantin Kosachev"].known


def test_resolve_transliteration_variants_of_known_people() -> None:
    text = ("Ministers Sergei Lavrov and Ruslan Kazakbayev met in Moscow, while Sadyr Zhaparov "
            "spoke with Valentina Matvienko by phone.")
    found = people(resolved(text, "en", "2021-03-02"))
    assert set(found) == {"Sergey Lavrov", "Ruslan Kazakbaev", "Sadyr Japarov", "Valentina Matviyenko"}


def test_resolve_same_unknown_person_same_id_in_english_and_russian() -> None:
    en = resolved("Deputy Minister Alexei Pereverzin visited Bishkek on Monday. Pereverzin said "
                  "the talks went well.", "en", "2023-05-15")
    ru = resolved(f"Замминистра Алексей Переверзин посетил Бишкек. «Переговоры прошли хорошо», – "
                  f"сказал Алексей Переверзин.", "ru", "2023-05-15")
    en_person = [e for e in en["entities"] if e.type == "PERSON"]
    ru_person = [e for e in ru["entities"] if e.type == "PERSON"]
    assert len(en_person) == 1 and len(ru_person) == 1
    assert en_person[0].id == ru_person[0].id and en_person[0].id.startswith("dw:")
    assert not en_person[0].known
    assert ru_person[0].name == "Aleksey Pereverzin"  # the documented transliteration
    assert len(en_person[0].mentions) == 2  # the lone surname joined the full name


def test_resolve_role_goes_to_the_holder_on_the_article_date() -> None:
    text = "The Speaker of the Jogorku Kenesh received the delegation of Kazakhstan in Bishkek."
    in_2022 = people(resolved(text, "en", "2022-03-30"))
    in_2023 = people(resolved(text, "en", "2023-06-01"))
    assert list(in_2022) == ["Talant Mamytov"]
    assert list(in_2023) == ["Nurlanbek Shakiev"]
    assert in_2022["Talant Mamytov"].mentions[0].kind == "role"


def test_resolve_president_role_changes_with_the_date() -> None:
    text = "The President of Kyrgyzstan signed the law on the state language."
    assert list(people(resolved(text, "en", "2019-05-10"))) == ["Sooronbay Jeenbekov"]
    assert list(people(resolved(text, "en", "2024-05-10"))) == ["Sadyr Japarov"]


def test_resolve_countryless_role_goes_to_a_person_named_in_the_article() -> None:
    text = (f"Глава МИД КР Руслан Казакбаев прибыл в Москву.\n"
            f"Министр иностранных дел также обсудил вопросы миграции, – сообщили в{NBSP}посольстве КР в РФ.")
    doc = resolved(text, "ru")
    found = people(doc)
    assert list(found) == ["Ruslan Kazakbaev"]
    kinds = [m.kind for m in found["Ruslan Kazakbaev"].mentions]
    assert kinds.count("role") == 2
    orgs = {e.name for e in doc["entities"] if e.type == "ORG"}
    assert {"Ministry of Foreign Affairs of Kyrgyzstan", "Embassy of Kyrgyzstan in Russia"} <= orgs


def test_resolve_role_sentence_excludes_the_other_person_named_in_it() -> None:
    text = ("President of Kyrgyzstan Sadyr Japarov held talks with Vladimir Putin. "
            "The president emphasized that Vladimir Putin's visit confirms the alliance.")
    found = people(resolved(text, "en", "2025-11-26"))
    role = [m for m in found["Sadyr Japarov"].mentions if m.kind == "role"]
    assert [m.text for m in role] == ["President of Kyrgyzstan", "The president"]
    assert all(m.kind == "name" for m in found["Vladimir Putin"].mentions)


def test_resolve_place_mistaken_for_person_is_not_a_person() -> None:
    text = "Bishkek said the proposals were studied. Bishkek expects an answer from Moscow."
    doc = resolved(text, "en", "2022-03-30")
    assert not people(doc)
    assert "Bishkek" in {e.name for e in doc["entities"] if e.type == "GPE"}


def test_resolve_generic_ministry_follows_the_last_named_one() -> None:
    text = ("Press service of the Foreign Affairs Ministry of Kyrgyzstan reported the talks. "
            "«The sides agreed to continue consultations,» the Foreign Ministry stressed.")
    doc = resolved(text, "en", "2020-10-24")
    mfa = [e for e in doc["entities"] if e.name == "Ministry of Foreign Affairs of Kyrgyzstan"]
    assert len(mfa) == 1 and len(mfa[0].mentions) == 2
    assert "Foreign Ministry" not in {e.name for e in doc["entities"]}


def test_resolve_mentions_layer_is_complete_and_ordered() -> None:
    doc = resolved("Kyrgyzstan and Russia signed a deal. Russian senators welcomed it in Moscow.", "en",
                   "2024-01-10")
    mentions = doc["mentions"]
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(m.entity for m in mentions)
    in_entities = sorted((m.start, m.end) for e in doc["entities"] for m in e.mentions)
    assert in_entities == sorted((m.start, m.end) for m in mentions)
    russia = next(e for e in doc["entities"] if e.name == "Russia")
    assert russia.id == "Q159" and russia.country == "RUS" and russia.wikidata == "Q159"
    assert [m.kind for m in russia.mentions] == ["name", "adjective"]


def test_resolve_ids_are_deterministic() -> None:
    text = "Ulan Primov met Konstantin Kosachev and an adviser, Aibek Tashiev, in Moscow."
    first = [(e.id, e.name) for e in resolved(text, "en", "2024-12-03")["entities"]]
    second = [(e.id, e.name) for e in resolved(text, "en", "2024-12-03")["entities"]]
    assert first == second


def test_resolve_deputy_title_is_not_the_office_it_contains() -> None:
    text = ("Prime Minister Mikhail Mishustin opened the forum in Moscow. "
            "Later, Deputy Prime Minister Alexei Overchuk met the Kyrgyz delegation.")
    found = people(resolved(text, "en", "2023-05-15"))
    # the title right before his name is his; "Prime Minister" inside "Deputy Prime Minister" is not
    assert [m.text for m in found["Mikhail Mishustin"].mentions] == ["Prime Minister", "Mikhail Mishustin"]
    # a deputy the knowledge lists keeps the deputy's title beside his name
    assert [m.text for m in found["Alexei Overchuk"].mentions] == ["Deputy Prime Minister", "Alexei Overchuk"]
    assert found["Alexei Overchuk"].wikidata == "Q83382151"


def test_resolve_organisation_of_a_country_keeps_the_country_nested() -> None:
    text = f"Сотрудники МЧС России и Конгресса США обсудили помощь Кыргызстану. В{NBSP}Южной Америке тихо."
    doc = resolved(text, "ru", "2024-02-01")
    spans = {(m.text, m.type) for m in doc["mentions"] if m.kind == "name"}
    assert {("МЧС России", "ORG"), ("России", "GPE"), ("Конгресса США", "ORG")} <= spans
    assert ("Южной Америке", "LOC") in spans
    assert not any(m.text == "Америке" for m in doc["mentions"])  # not the United States


def _in_office(doc: Doc) -> dict[str, list[str]]:
    return {e.name: [m.text for m in e.mentions] for e in doc["entities"] if e.type == "PERSON"}


def test_resolve_deputy_qualifier_before_an_office_is_not_the_office_holder() -> None:
    en = resolved("Deputy Prime Minister of Russia said on Monday that the plant in Kara-Balta would be "
                  "finished by spring. The First Deputy Prime Minister of Russia did not comment.", "en", "2024-03-05")
    found = _in_office(en)
    assert "Mikhail Mishustin" not in found
    # no deputy prime minister in the office-holder table: one unknown person, named by the office
    assert found["Deputy Prime Minister of Russia"] == ["Deputy Prime Minister of Russia"]
    ru = resolved(f"В{NBSP}Бишкек прибыл заместитель Председателя Правительства Российской Федерации. "
                  f"Вице-премьер России заявил, что соглашение будет подписано весной. Позже "
                  f"Председатель Правительства России Михаил Мишустин провёл переговоры в{NBSP}Москве.", "ru",
                  "2024-03-05")
    found = _in_office(ru)
    # the office holder himself, named with his title, is still found
    assert found["Mikhail Mishustin"] == ["Председатель Правительства России", "Михаил Мишустин"]
    assert found["Deputy Prime Minister of Russia"] == ["заместитель Председателя Правительства Российской Федерации"]
    deputy = {e.name: e for e in ru["entities"]}["Deputy Prime Minister of Russia"]
    assert not deputy.known and deputy.id == {e.name: e for e in en["entities"]}["Deputy Prime Minister of Russia"].id


def test_resolve_deputy_title_goes_to_the_deputy_in_office(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    folder.mkdir()
    (folder / "office_holders.yaml").write_text(
        "persons:\n"
        "  - name: Alexei Overchuk\n"
        "    country: RUS\n"
        "    en: [Alexey Overchuk]\n"
        "    ru: [Алексей Оверчук]\n"
        "    roles:\n"
        "      - {role: deputy_head_of_government, country: RUS, from: 2020-01-21}\n", encoding="utf-8")
    settings = Settings(knowledge_paths=(str(tmp_path),))
    stages = (TokenStage(settings), NerStage(settings), GazetteerStage(settings), ResolveStage(settings))
    text = ("Deputy Prime Minister of Russia arrived in Bishkek on Tuesday. Prime Minister of Russia "
            "Mikhail Mishustin sent greetings.")
    doc = Doc(CleanDocument(id="t", text=text, published="2024-03-05"), settings=settings)
    doc.add("language", "en")
    for stage in stages:
        for layer, value in stage.process(doc).items():
            doc.add(layer, value)
    found = _in_office(doc)
    assert found["Alexei Overchuk"] == ["Deputy Prime Minister of Russia"]
    assert found["Mikhail Mishustin"] == ["Prime Minister of Russia", "Mikhail Mishustin"]
    # before he took office, the same phrase names nobody
    doc = Doc(CleanDocument(id="t", text=text, published="2019-03-05"), settings=settings)
    doc.add("language", "en")
    for stage in stages:
        for layer, value in stage.process(doc).items():
            doc.add(layer, value)
    assert "Alexei Overchuk" not in _in_office(doc)
