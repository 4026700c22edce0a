"""NER stage: natasha / spaCy mentions mapped to the contract, tidied, with repeated names recovered."""
from __future__ import annotations

from functools import partial

import pytest

from dyadwatch.document import Doc
from dyadwatch.records import Mention
from dyadwatch.stages.ner import NerStage, tidy
from stagedocs import tokenised as analysed


def model_mention(text: str, word: str, type_: str, nth: int = 0) -> Mention:
    """The model's mention of the ``nth`` occurrence of ``word`` in ``text``, as the ner rules receive it."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Mention(start, start + len(word), word, type_, word, "ner", 0.85)


NBSP = "\u00a0"


@pytest.fixture(scope="module")
def ner() -> NerStage:
    return NerStage()


def persons(ner: NerStage, doc: Doc) -> list[tuple[str, str]]:
    return [(m.text, m.normal) for m in ner.process(doc)["ner_mentions"] if m.type == "PERSON"]


def test_ner_russian_normal_form_is_nominative(ner: NerStage) -> None:
    doc = analysed(f"Об этом заявил председатель комитета Константин Косачев в{NBSP}беседе "
                   f"с{NBSP}Русланом Казакбаевым. Позже Косачева поддержали коллеги.", "ru")
    found = persons(ner, doc)
    assert ("Константин Косачев", "Константин Косачев") in found
    assert ("Русланом Казакбаевым", "Руслан Казакбаев") in found
    # a lone surname in another case form is the same person, found on lemmas
    assert ("Косачева", "Косачев") in found


def test_ner_offsets_and_stage_name(ner: NerStage) -> None:
    text = f"Встреча прошла в{NBSP}Бишкеке, сообщила пресс-служба Жогорку Кенеша."
    doc = analysed(text, "ru")
    mentions = ner.process(doc)["ner_mentions"]
    assert mentions and all(text[m.start:m.end] == m.text and m.stage == "ner" for m in mentions)
    assert any(m.text == "Бишкеке" and m.type == "LOC" and m.normal == "Бишкек" for m in mentions)


def test_ner_english_titles_split_off_person_names(ner: NerStage) -> None:
    doc = analysed("On Wednesday, President Sadyr Japarov received the delegation. "
                   "Later Prime Minister Mikhail Mishustin arrived in Bishkek.", "en")
    texts = [m.text for m in ner.process(doc)["ner_mentions"] if m.type == "PERSON"]
    assert "Sadyr Japarov" in texts
    assert "Mikhail Mishustin" in texts
    assert not any(t.startswith(("President", "Prime")) for t in texts)


def test_ner_english_leading_article_dropped(ner: NerStage) -> None:
    text = "Deputies of the State Duma approved the bill, and the Federation Council backed it."
    doc = analysed(text, "en")
    orgs = [m.text for m in ner.process(doc)["ner_mentions"] if m.type == "ORG"]
    assert orgs and not any(o.lower().startswith("the ") for o in orgs)


def test_ner_lone_surname_in_headline_is_a_person(ner: NerStage) -> None:
    text = ("Japarov to Putin: our ties are strong\n\n"
            "Kyrgyz President Sadyr Japarov held talks with Vladimir Putin in Bishkek.")
    doc = analysed(text, "en")
    mentions = ner.process(doc)["ner_mentions"]
    heads = {m.text: m.type for m in mentions if m.end <= text.index("\n")}
    assert heads.get("Japarov") == "PERSON"
    assert heads.get("Putin") == "PERSON"


def test_ner_repeated_full_name_reclaimed_from_a_bad_org_span(ner: NerStage) -> None:
    text = ("Deputy Chairman of the Federation Council Konstantin Kosachev met the delegation. "
            "«We are friends,» Konstantin Kosachev said.")
    doc = analysed(text, "en")
    people = [m for m in ner.process(doc)["ner_mentions"] if m.type == "PERSON"]
    assert [m.text for m in people].count("Konstantin Kosachev") == 2


def test_ner_tidy_strips_possessive_and_titles() -> None:
    text = "President Sadyr Japarov’s visit"
    start, end = tidy(text, 0, len("President Sadyr Japarov’s"), "PERSON", "en")
    assert text[start:end] == "Sadyr Japarov"


def test_ner_unsupported_language_gives_nothing(ner: NerStage) -> None:
    doc = analysed("Садыр Жапаров Бишкекте жолугушуу өткөрдү.", "ky")
    assert ner.process(doc)["ner_mentions"] == ()


def test_ner_tidy_keeps_brand_punctuation_and_russian_apostrophes() -> None:
    for text, lang, expected in [("Yahoo!", "en", "Yahoo!"), ("Sotheby's", "ru", "Sotheby's"),
                                 ("«Газпром»,", "ru", "Газпром"), ("Ким\"", "ru", "Ким")]:
        start, end = tidy(text, 0, len(text), "ORG", lang)
        assert text[start:end] == expected


def test_ner_russian_instrumental_names_normalised_at_sentence_start(ner: NerStage) -> None:
    doc = analysed(f"Данияром Амангельдиевым была подписана программа. Депутаты встретились с{NBSP}Талантом "
                   f"Мамытовым и{NBSP}Айгуль Сыдыковой, – сообщила пресс-служба.", "ru")
    normals = {normal for _, normal in persons(ner, doc)}
    assert {"Данияр Амангельдиев", "Талант Мамытов", "Айгуль Сыдыкова"} <= normals


def test_ner_nominative_name_keeps_nominatives_and_gender() -> None:
    from dyadwatch.stages.ner_names import nominative_name

    assert nominative_name("Мария Захарова") == "Мария Захарова"
    assert nominative_name("Касым-Жомарт Токаев") == "Касым-Жомарт Токаев"
    assert nominative_name("Нурлан Ниязалиевым") == "Нурлан Ниязалиев"


def test_ner_english_name_cut_at_a_hyphen_is_whole(ner: NerStage) -> None:
    doc = analysed("Veteran politician Wong Kwok-hing of the FTU lost his seat to James To.", "en")
    assert "Wong Kwok-hing" in [t for t, _ in persons(ner, doc)]


def test_ner_sentence_full_stop_dropped_but_abbreviations_kept() -> None:
    from dyadwatch.stages.ner_names import drop_full_stop

    text = "He lost to James To. Acme Inc. grew in the U.S. under L."
    for name, kept in (("James To.", "James To"), ("Acme Inc.", "Acme Inc."), ("U.S.", "U.S."), ("L.", "L.")):
        start = text.index(name)
        assert text[start:drop_full_stop(text, start, start + len(name), "en", None)] == kept


def test_ner_english_caption_labels_eras_and_pro_prefixes_are_not_names(ner: NerStage) -> None:
    text = ("Image: Nick Moreau.\nThe fortress was built around 1900 BC. The Macedonian king Amyntas I accepted. "
            "A pro-Beijing councillor, Regina Ip, spoke at 15:11 GMT.")
    mentions = ner.process(analysed(text, "en"))["ner_mentions"]
    found = {m.text for m in mentions}
    assert not found & {"Image", "BC", "GMT", "pro-Beijing", "Beijing"}
    from dyadwatch.stages.ner_names import not_a_name

    era = "Bronze Age tools and the First Opium War reached the Treaty of Nanking; Age UK helped."
    for name, verdict in (("Bronze Age", True), ("First Opium War", True), ("Treaty of Nanking", True),
                          ("Age UK", False), ("Opium", False)):
        start = era.index(name)
        assert not_a_name(era, start, start + len(name), "en", None) is verdict, name
    assert not any("\n" in m.text for m in mentions)
    assert any(m.text == "Amyntas I" and m.type == "PERSON" for m in mentions)  # a ruler's ordinal


def test_ner_one_type_per_name_in_a_document() -> None:
    from dyadwatch.stages.ner_names import consistent_types

    ms = [Mention(0, 7, "Kipling", "PERSON", "Kipling", "ner", 0.85),
          Mention(20, 27, "Kipling", "ORG", "Kipling", "ner", 0.85),
          Mention(40, 47, "Kipling", "PERSON", "Kipling", "ner", 0.85),
          Mention(60, 65, "Osh", "LOC", "Osh", "ner", 0.85), Mention(70, 73, "Osh", "ORG", "Osh", "ner", 0.85)]
    assert [m.type for m in consistent_types(ms)] == ["PERSON", "PERSON", "PERSON", "LOC", "ORG"]


def test_ner_known_place_and_person_names_fix_model_types() -> None:
    from dyadwatch.stages.ner_names import retype_by_names

    def m(text: str, type_: str, normal: str = "") -> Mention:
        return Mention(0, len(text), text, type_, normal or text, "ner", 0.85)

    en = retype_by_names([m("Brisbane", "PERSON"), m("Lillesand", "ORG"), m("Kesha", "ORG"),
                          m("Norma Talmadge", "ORG"), m("Paris", "PERSON"), m("Gazprom", "ORG"),
                          m("Johnson Space Center", "ORG")], "en", None)
    # a place typed PERSON stays a person when it is also a common name ("Paris", "Valeska Paris");
    # a given name opening an organisation's name does not make it a person
    assert [x.type for x in en] == ["GPE", "ORG", "PERSON", "PERSON", "PERSON", "ORG", "ORG"]
    ru = retype_by_names([m("Пекина", "ORG", "Пекин"), m("Пушкин", "PERSON"), m("Газпрома", "ORG", "Газпром")],
                         "ru", None)
    assert [x.type for x in ru] == ["GPE", "PERSON", "ORG"]


def test_ner_sentence_initial_common_word_is_not_a_name() -> None:
    from dyadwatch.stages.ner_names import drop_common_words

    text = "Iodine deficiency is common. Doctors add iodine to salt. Iodine Ltd disagreed, said Osh officials."
    ms = [Mention(0, 6, "Iodine", "PERSON", "Iodine", "ner", 0.85),
          Mention(56, 66, "Iodine Ltd", "ORG", "Iodine Ltd", "ner", 0.85),
          Mention(83, 86, "Osh", "GPE", "Osh", "ner", 0.85)]
    assert [m.text for m in drop_common_words(text, ms)] == ["Iodine Ltd", "Osh"]
    ru = "Подана жалоба в суд Бишкека."
    ru_ms = [Mention(0, 6, "Подана", "LOC", "Подана", "ner", 0.85), Mention(20, 27, "Бишкека", "LOC", "Бишкек", "ner", 0.85)]
    assert [m.text for m in drop_common_words(ru, ru_ms, "ru")] == ["Бишкека"]  # a verb opening the sentence


def test_ner_place_and_its_region_are_one_name() -> None:
    from dyadwatch.stages.ner_names import join_place_and_region

    text = "It was found in Kanata, Texas and in Plano, Texas. Talks in France, Germany and Italy followed."

    at = partial(model_mention, text, type_="GPE")

    ms = [at("Kanata"), at("Texas"), at("Plano"), at("Texas", nth=1), at("France"), at("Germany"), at("Italy")]
    assert [m.text for m in join_place_and_region(text, ms, None)] == [
        "Kanata, Texas", "Plano, Texas", "France", "Germany", "Italy"]


def test_ner_person_span_cut_short_takes_the_neighbouring_proper_noun() -> None:
    from dyadwatch.stages.ner_names import complete_person_names

    text = ("She launched the novel with illustrator Johnnie Christmas, and it sold well. "
            "On Monday pro-establishment nonpartisan Junius Ho won the seat.")

    at = partial(model_mention, text, type_="PERSON")

    texts = [m.text for m in complete_person_names(text, [at("Johnnie"), at("Ho")], None)]
    assert texts == ["Johnnie Christmas", "Junius Ho"]
    # a date before the name ("Monday") is no part of it
    assert [m.text for m in complete_person_names(text, [at("Junius Ho")], None)] == ["Junius Ho"]


def test_ner_abbreviation_in_parentheses_and_untagged_acronyms_are_organisations() -> None:
    from dyadwatch.stages.ner_names import abbreviations_in_parentheses, acronyms

    text = ("The Real Estate Council of Ontario (RECO) fined the firm. RECO said the CEO erred, "
            "and the CRTC agreed on Louis XVII day.\nFINE UPHELD BY RECO")
    council = Mention(4, 34, "Real Estate Council of Ontario", "ORG", "Real Estate Council of Ontario", "ner", 0.85)
    found = abbreviations_in_parentheses(text, [council])
    assert [(m.text, m.type) for m in found] == [("Real Estate Council of Ontario", "ORG"), ("RECO", "ORG"),
                                                 ("RECO", "ORG"), ("RECO", "ORG")]
    added = [m.text for m in acronyms(text, [council], "en", None)]
    # "CEO" is a common word, "XVII" a numeral; the shouted last line is a headline
    assert added == ["Real Estate Council of Ontario", "RECO", "RECO", "CRTC"]


def test_ner_russian_legal_form_is_not_part_of_the_name() -> None:
    text = f"Акции ОАО «Кыргызтелеком» выросли, сообщило ООО{NBSP}«Алтын-Тоо»."
    for full, name in (("ОАО «Кыргызтелеком»", "Кыргызтелеком"), (f"ООО{NBSP}«Алтын-Тоо»", "Алтын-Тоо")):
        start = text.index(full)
        a, b = tidy(text, start, start + len(full), "ORG", "ru")
        assert text[a:b] == name


def test_ner_unknown_word_after_place_preposition_is_a_place() -> None:
    from dyadwatch.stages.ner_context import retype_by_context

    text = ("The convoy pushed into Talasgrad and camped in northern Kyzylbel. Later Talasgrad fell. Trade "
            "through Talasgrad stopped. "
            "The town of Husum flooded. Critics saw interest in Warhol grow; Warhol said so. "
            "Someone in Sony Australia spoke.")

    at = partial(model_mention, text)

    found = retype_by_context(text, [at("Talasgrad", "ORG"), at("Kyzylbel", "PERSON"), at("Talasgrad", "ORG", 1),
                                     at("Talasgrad", "ORG", 2), at("Husum", "ORG"), at("Warhol", "PERSON"), at("Warhol", "PERSON", 1),
                                     at("Sony", "ORG")], "en", None)
    # two place uses of three carry the name's other mention; a town typed ORG is a place wherever it stands;
    # a person also named as one elsewhere keeps the type, and so does a word followed by another name
    assert [m.type for m in found] == ["GPE", "GPE", "GPE", "GPE", "GPE", "PERSON", "PERSON", "ORG"]
    assert retype_by_context(text, [at("Husum", "ORG")], "ru", None)[0].type == "ORG"


def test_ner_agreement_places_and_lone_institution_nouns_are_not_names() -> None:
    from dyadwatch.stages.ner_names import not_a_name

    text = "Under the Paris Agreement the Government pledged cuts, officials in Paris said; Brexit loomed."
    paris = text.index("Paris")
    assert not_a_name(text, paris, paris + 5, "en", None)  # an agreement's name, not the city
    later = text.index("Paris", paris + 1)
    assert not not_a_name(text, later, later + 5, "en", None)
    for word in ("Government", "Brexit"):
        at = text.index(word)
        assert not_a_name(text, at, at + len(word), "en", None)


def test_ner_ruling_house_before_dynasty_is_an_organisation_wherever_named() -> None:
    from dyadwatch.stages.ner_context import dynasties

    text = "After the fall of the Qing dynasty, envoys of the Qing fled; Qingdao stayed calm."
    found = [(m.text, m.type, m.start) for m in dynasties(text, [], "en", None)]
    assert found == [("Qing", "ORG", text.index("Qing")), ("Qing", "ORG", text.index("Qing fled"))]
    assert dynasties(text, [], "ru", None) == []


def test_ner_unknown_word_a_person_where_the_text_treats_it_as_one() -> None:
    from dyadwatch.stages.ner_context import retype_persons_by_context

    text = ("Toktobaev, who chaired the panel, left early. Later Toktobaev resigned. The mine is near Kumtor, "
            "says Osmonalieva. Members of Ak-Jol, who met the envoy, were silent. Kazkommerts said profits rose. "
            "The film traces the ruin of Sadykova's early career.")

    at = partial(model_mention, text)

    found = retype_persons_by_context(text, [at("Toktobaev", "ORG"), at("Toktobaev", "ORG", 1), at("Kumtor", "GPE"),
                                             at("Osmonalieva", "GPE"), at("Ak-Jol", "ORG"), at("Kazkommerts", "ORG"),
                                             at("Sadykova", "GPE")],
                                      "en", None)
    # "who" after a name, a person's verb, a place that speaks, the owner of a career; "who" after "of" points
    # to the members, and an organisation typed ORG may say things
    assert [m.type for m in found] == ["PERSON", "PERSON", "GPE", "PERSON", "ORG", "ORG", "PERSON"]


def test_ner_untagged_word_treated_as_a_person_is_one() -> None:
    from dyadwatch.stages.ner_context import persons_by_context

    text = ("“We will appeal,” Osmonalieva said on Monday. Later Osmonalieva left. Kadyrbek Sooronbaev, who "
            "chairs the board, agreed. The Issyk Cup said nothing, and Governor said so.")
    found = [(m.text, m.type) for m in persons_by_context(text, [], "en", None)]
    assert ("Osmonalieva", "PERSON") in found and found.count(("Osmonalieva", "PERSON")) == 2
    assert ("Kadyrbek Sooronbaev", "PERSON") in found
    assert not any(word in found_text for found_text, _ in found for word in ("Cup", "Governor", "Monday"))
    assert persons_by_context(text, [], "ru", None) == []


def test_ner_word_after_a_rulers_of_or_a_town_in_several_words_is_a_place() -> None:
    from dyadwatch.stages.ner_context import retype_by_context

    text = "Envoys of the kings of Kokand met Ivan of Tver near Beverly Hills; the Chairman of Gazprom agreed."

    at = partial(model_mention, text)

    found = retype_by_context(text, [at("Kokand", "ORG"), at("Tver", "PERSON"), at("Beverly Hills", "PERSON"),
                                     at("Gazprom", "ORG")], "en", None)
    # a chairman's "of" names the company he chairs, not a place
    assert [m.type for m in found] == ["GPE", "GPE", "GPE", "ORG"]


def test_ner_rulers_epithet_joins_the_name_and_pronoun_i_is_no_numeral() -> None:
    from dyadwatch.stages.ner_names import epithet_end, regnal_number

    text = "Ivan the Terrible met envoys. In Bishkek I did see Amyntas I (ruled 498 BC)."
    span_end = text.index("the ") + 3
    assert text[:epithet_end(text, 0, span_end, "en")] == "Ivan the Terrible"
    assert epithet_end(text, 0, span_end, "ru") == span_end
    bishkek_end = text.index("Bishkek") + len("Bishkek")
    assert regnal_number(text, bishkek_end) == bishkek_end
    amyntas_end = text.index("Amyntas") + len("Amyntas")
    assert text[text.index("Amyntas"):regnal_number(text, amyntas_end)] == "Amyntas I"


def test_ner_whole_quoted_title_and_the_west_are_not_names() -> None:
    from dyadwatch.stages.ner_names import not_a_name

    text = "Her hit song “Tengri” topped charts across the West, Tengri Ltd said."
    first = text.index("Tengri")
    assert not_a_name(text, first, first + 6, "en", None)  # the song's title
    second = text.index("Tengri Ltd")
    assert not not_a_name(text, second, second + 10, "en", None)
    west = text.index("West")
    assert not_a_name(text, west, west + 4, "en", None)
    assert not not_a_name(text, first, first + 6, "ru", None)  # «...» around Russian organisation names


def test_ner_untagged_name_with_regnal_number_is_a_person() -> None:
    from dyadwatch.stages.ner_context import numbered_rulers

    text = ("Their first khan was Tokhtamysh II (ruled 1380). Later Tokhtamysh fled, and Edigu replaced "
            "Tokhtamysh II with his son. World War II and Phase III came much later.")
    found = [m.text for m in numbered_rulers(text, [], "en", None)]
    assert found == ["Tokhtamysh II", "Tokhtamysh", "Tokhtamysh II"]
    assert numbered_rulers(text, [], "ru", None) == []


def test_ner_russian_untagged_lone_surname_before_speech_verb_is_a_person() -> None:
    from dyadwatch.stages.ner_context import persons_by_context_ru

    text = f"Дюшенкулов заявил, что дело закрыто. Блогер подчеркнул, что ждёт ответа от{NBSP}властей."
    found = [(m.text, m.type) for m in persons_by_context_ru(text, [], None)]
    # a word pymorphy knows as a common noun («Блогер») is no name
    assert ("Дюшенкулов", "PERSON") in found
    assert not any(t == "Блогер" for t, _ in found)
