"""Gazetteer stage: word-bounded matching of countries, places, organisations, people and roles."""
from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.settings import Settings
from dyadwatch.stages.gazetteer import GazetteerStage, gazetteer_mentions
from dyadwatch.stages.gazetteer_index import load_gazetteer, parse_bound
from stagedocs import tokenised as analysed

NBSP = "\u00a0"


def found(text: str, lang: str) -> list[tuple[str, str, str]]:
    doc = analysed(text, lang)
    return [(m.text, m.normal, m.kind) for m in GazetteerStage().process(doc)["gazetteer_mentions"]]


def test_gazetteer_russian_case_forms_hit_via_lemmas() -> None:
    hits = found(f"Депутаты Жогорку Кенеша встретились с{NBSP}сенаторами Совета Федерации "
                 f"в{NBSP}Киргизии, а затем вылетели во{NBSP}Фрунзе.", "ru")
    names = {(t, n) for t, n, _ in hits}
    assert ("Жогорку Кенеша", "Jogorku Kenesh") in names
    assert ("Совета Федерации", "Federation Council") in names
    assert ("Киргизии", "Kyrgyzstan") in names
    assert ("Фрунзе", "Bishkek") in names  # old name of the capital


def test_gazetteer_abbreviation_only_on_word_boundaries() -> None:
    hits = found("Грузовики КРАЗ и МАЗ прибыли в КР, сообщило посольство КР в РФ; кран сломался.", "ru")
    texts = [t for t, _, _ in hits]
    assert texts.count("КР") == 1
    assert "посольство КР в РФ" in texts
    assert not any("КРАЗ" in t or "кран" in t for t in texts)


def test_gazetteer_abbreviation_is_case_sensitive() -> None:
    hits = found("Tell us more, said the US envoy, about the EAEU and the sco rules.", "en")
    normals = [n for _, n, _ in hits]
    assert normals.count("United States") == 1
    assert "Eurasian Economic Union" in normals
    assert "Shanghai Cooperation Organisation" not in normals


def test_gazetteer_old_names_and_adjectives_point_at_countries() -> None:
    hits = found("Kirghizia and the Kyrgyz side met in Alma-Ata; a Russian envoy came from Frunze.", "en")
    assert ("Kirghizia", "Kyrgyzstan", "name") in hits
    assert ("Kyrgyz", "Kyrgyzstan", "adjective") in hits
    assert ("Alma-Ata", "Almaty", "name") in hits
    assert ("Russian", "Russia", "adjective") in hits


def test_gazetteer_longest_organisation_wins_and_carries_canonical_name() -> None:
    text = ("The Chairman of the Federation Council of the Federal Assembly of the Russian Federation "
            "spoke at the CIS Inter-Parliamentary Assembly.")
    hits = found(text, "en")
    assert ("Federation Council of the Federal Assembly of the Russian Federation", "Federation Council",
            "name") in hits
    assert ("CIS Inter-Parliamentary Assembly", "CIS Inter-Parliamentary Assembly", "name") in hits
    roles = [n for _, n, k in hits if k == "role"]
    assert roles == ["role=upper_house_speaker;country=RUS;host="]


def test_gazetteer_templated_institutions_in_both_languages() -> None:
    ru = found("Глава МИД КР прибыл в Москву, сообщили в посольстве Кыргызстана в России.", "ru")
    assert ("МИД КР", "Ministry of Foreign Affairs of Kyrgyzstan", "abbreviation") in ru
    assert any(n == "Embassy of Kyrgyzstan in Russia" for _, n, _ in ru)
    en = found("Press service of the Foreign Affairs Ministry of Kyrgyzstan reported.", "en")
    assert any(n == "Ministry of Foreign Affairs of Kyrgyzstan" for _, n, _ in en)


def test_gazetteer_lowercase_common_word_is_not_a_country() -> None:
    hits = found("Того, что случилось, никто не ожидал; кыргызстанцы ждали в перу.", "ru")
    assert not any(n in ("Togo", "Peru") for _, n, _ in hits)


def test_gazetteer_offsets_index_doc_text() -> None:
    text = f"Президент{NBSP}КР Садыр Жапаров и{NBSP}Владимир Путин подписали документы."
    doc = analysed(text, "ru")
    mentions = GazetteerStage().process(doc)["gazetteer_mentions"]
    assert mentions and all(text[m.start:m.end] == m.text and m.stage == "gazetteer" for m in mentions)
    people = {m.normal: m.entity for m in mentions if m.type == "PERSON" and m.kind == "name"}
    assert people.get("Vladimir Putin") == "Q7747"
    assert "Sadyr Japarov" in people


def test_gazetteer_office_holders_by_date() -> None:
    gz = load_gazetteer()
    from datetime import date

    assert [e.name for e in gz.holders("speaker", "KGZ", date(2022, 3, 30))] == ["Talant Mamytov"]
    assert [e.name for e in gz.holders("speaker", "KGZ", date(2023, 6, 1))] == ["Nurlanbek Shakiev"]
    assert [e.name for e in gz.holders("foreign_minister", "RUS", date(2020, 10, 24))] == ["Sergey Lavrov"]
    assert parse_bound("2020-02", end=True).isoformat() == "2020-02-29"
    assert parse_bound("2016", end=False).isoformat() == "2016-01-01"


def test_gazetteer_user_knowledge_folder_extends_bundled(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    folder.mkdir()
    (folder / "organizations.yaml").write_text(
        "organizations:\n  - name: Kyrgyzaltyn\n    country: KGZ\n"
        "    en: [Kyrgyzaltyn]\n    ru: [Кыргызалтын]\n", encoding="utf-8")
    settings = Settings(knowledge_paths=(str(tmp_path),))
    doc = analysed("Доля «Кыргызалтына» выросла, а ЕАЭС промолчал.", "ru")
    hits = {m.normal for m in GazetteerStage(settings).process(doc)["gazetteer_mentions"]}
    assert {"Kyrgyzaltyn", "Eurasian Economic Union"} <= hits
    assert "Kyrgyzaltyn" not in {m.normal for m in gazetteer_mentions(doc.text, "ru", doc["tokens"])}


@pytest.mark.parametrize("lang", ["de", ""])
def test_gazetteer_unsupported_language_matches_nothing(lang: str) -> None:
    assert gazetteer_mentions("Kyrgyzstan und Russland", lang) == []


def test_gazetteer_name_inside_hyphenated_compound_is_not_matched() -> None:
    hits = found("Холдинг «Газпром-медиа» и агентство ИТАР-ТАСС сообщили, что Газпром согласен; "
                 "начались кыргызско-российские переговоры.", "ru")
    assert [t for t, n, k in hits if n == "Gazprom"] == ["Газпром"]
    assert not any(n == "TASS" for _, n, _ in hits)
