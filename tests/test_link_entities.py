"""The same unknown person across articles and languages becomes one corpus-wide entity."""
from __future__ import annotations

import itertools

from dyadwatch.link import link_all
from dyadwatch.link.entities import folded_name, names_match
from test_link_fixtures import NBSP, Ent, actor, article, day, entities, event

KRIVTSOV = Ent("dw:krivtsov", "Alexei Krivtsov", "PERSON", "RUS", ())
BISHKEK = Ent("dw:bishkek", "Bishkek", "GPE", "KGZ", ())
# the resolve stage gave the two spellings different ids: no gazetteer entry, different transliterations
TURS_EN = Ent("x:bakytbek-tursunbaev", "Bakytbek Tursunbaev", "PERSON", "KGZ", (), known=False)
TURS_RU = Ent("x:bakytbek-tursunbayev", "Bakytbek Tursunbayev", "PERSON", "KGZ", (), known=False)
NAMESAKE = Ent("x:bakytbek-tursunbaiev", "Bakytbek Tursunbaiev", "PERSON", "KGZ", (), known=False)
KZ_NAMESAKE = Ent("x:bakytbek-tursunbayev-kz", "Bakytbek Tursunbayev", "PERSON", "KAZ", (), known=False)


def _with(e: Ent, *s: str) -> Ent:
    return Ent(e.id, e.name, e.type, e.country, s, e.known)


EN = ("Member of the Jogorku Kenesh Bakytbek Tursunbaev met Russian Ambassador Alexei Krivtsov in Bishkek on "
      "Monday. They discussed the opening of a Russian university branch in Naryn.")
RU = (f"Депутат Жогорку Кенеша Бакытбек Турсунбаев в{NBSP}понедельник встретился с{NBSP}послом России "
      f"Алексеем Кривцовым в{NBSP}Бишкеке. Стороны обсудили открытие филиала российского вуза в{NBSP}Нарыне.")
OTHER = ("Bakytbek Tursunbaiev, a farmer from Talas, told reporters that the apricot harvest this year was the best "
         "in a decade.")


def corpus():
    en = article("t_en", EN, "en", source="24.kg", published="2024-02-06T10:00:00",
                 ents=entities(EN, [_with(TURS_EN, "Bakytbek Tursunbaev"), _with(KRIVTSOV, "Alexei Krivtsov"),
                                    _with(BISHKEK, "Bishkek")]),
                 events=(event(EN, "met Russian Ambassador Alexei Krivtsov in Bishkek on Monday",
                               [actor(TURS_EN, "source"), actor(KRIVTSOV, "target")],
                               date=day("2024-02-05", "on Monday", "relative"), place=BISHKEK, id="e1"),))
    ru = article("t_ru", RU, "ru", source="kabar.kg", published="2024-02-05T18:00:00",
                 ents=entities(RU, [_with(TURS_RU, "Бакытбек Турсунбаев"), _with(KRIVTSOV, "Алексеем Кривцовым"),
                                    _with(BISHKEK, "Бишкеке")]),
                 events=(event(RU, f"в{NBSP}понедельник встретился с{NBSP}послом России",
                               [actor(TURS_RU, "source"), actor(KRIVTSOV, "target")],
                               date=day("2024-02-05", "в понедельник", "relative"), place=BISHKEK, id="e1"),))
    other = article("t_other", OTHER, "en", source="kaktus.media", published="2024-02-06T12:00:00",
                    ents=entities(OTHER, [_with(NAMESAKE, "Bakytbek Tursunbaiev")]))
    return [en, ru, other]


def _ids(result):
    return {a.id: {e.name: e.id for e in a.entities if e.type == "PERSON"} for a in result.articles}


def test_entities_unknown_person_across_languages_is_one_under_the_earliest_spelling():
    # the Russian report was published first (5 February): its spelling names the person corpus-wide
    result = link_all(corpus())
    ids = _ids(result)
    assert ids["t_en"]["Bakytbek Tursunbaev"] == ids["t_ru"]["Bakytbek Tursunbayev"] == "x:bakytbek-tursunbayev"
    en = next(a for a in result.articles if a.id == "t_en")
    assert en.events[0].actors[0].entity == "x:bakytbek-tursunbayev"
    assert en.meta["linked_entity_ids"] == {"x:bakytbek-tursunbaev": "x:bakytbek-tursunbayev"}
    assert "linked_entity_ids" not in next(a for a in result.articles if a.id == "t_ru").meta


def test_entities_earlier_report_arriving_late_renames_the_group():
    from dataclasses import replace

    from dyadwatch.link import Linker

    en, ru, _ = corpus()
    late_ru = replace(ru, id="t_ru_late", published="2024-02-07T09:00:00")
    early_text = (f"Бакытбек Турсунбаев 1{NBSP}февраля встретился с{NBSP}Алексеем Кривцовым в{NBSP}Бишкеке "
                  f"и{NBSP}обсудил подготовку визита.")
    early = article("t_ru_early", early_text, "ru", source="akipress.org", published="2024-02-01T08:00:00",
                    ents=entities(early_text, [_with(TURS_RU, "Бакытбек Турсунбаев"),
                                               _with(KRIVTSOV, "Алексеем Кривцовым"), _with(BISHKEK, "Бишкеке")]))
    linker = Linker()
    linker.add(en)
    linker.add(late_ru)
    assert linker.entities.canonical("x:bakytbek-tursunbayev") == "x:bakytbek-tursunbaev"  # en came first
    assert linker.rewrites["renamed"] == 0
    upd = linker.add(early)
    assert ("x:bakytbek-tursunbaev", "x:bakytbek-tursunbayev") in upd.entity_ids
    assert "t_en" in upd.affected_articles
    assert linker.rewrites["renamed"] == 2  # t_en and t_ru_late named the ids the earlier spelling renamed
    reference = link_all([early, late_ru, en])
    assert _ids(linker.result(["t_en", "t_ru_late", "t_ru_early"])) == _ids(reference)


def test_entities_namesake_without_shared_context_stays_apart():
    ids = _ids(link_all(corpus()))
    assert ids["t_other"]["Bakytbek Tursunbaiev"] == "x:bakytbek-tursunbaiev"


NARYN = Ent("dw:naryn", "Naryn", "GPE", "KGZ", ())


def _crowd(n: int) -> list:
    """``n`` short reports naming the ambassador in Bishkek: both become common in the archive."""
    out = []
    for i in range(n):
        text = f"Ambassador Alexei Krivtsov said in Bishkek that trade grew again (briefing {i})."
        out.append(article(f"crowd_{i:03d}", text, "en", source="kabar.kg",
                           published=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00",
                           ents=entities(text, [_with(KRIVTSOV, "Alexei Krivtsov"), _with(BISHKEK, "Bishkek")])))
    return out


def test_entities_spellings_sharing_only_common_entities_are_not_joined():
    """In an archive where the ambassador and Bishkek are in most articles, two spellings whose
    articles share only them are not taken for one person (namesakes stand beside the same
    ambassador); a shared rare place still joins them, and without the common test they join."""
    from dataclasses import replace

    from dyadwatch.link import LinkConfig

    en, ru, _ = corpus()
    archive = _crowd(120) + [en, ru]
    ids = _ids(link_all(archive))
    assert ids["t_en"]["Bakytbek Tursunbaev"] == "x:bakytbek-tursunbaev"
    assert ids["t_ru"]["Bakytbek Tursunbayev"] == "x:bakytbek-tursunbayev"

    lifted = _ids(link_all(archive, LinkConfig(namesake_common_articles=None)))
    assert lifted["t_en"]["Bakytbek Tursunbaev"] == lifted["t_ru"]["Bakytbek Tursunbayev"]

    naryn_en = replace(en, entities=en.entities + entities(EN, [_with(NARYN, "Naryn")]))
    naryn_ru = replace(ru, entities=ru.entities + entities(RU, [_with(NARYN, "Нарыне")]))
    rare = _ids(link_all(_crowd(120) + [naryn_en, naryn_ru]))
    assert rare["t_en"]["Bakytbek Tursunbaev"] == rare["t_ru"]["Bakytbek Tursunbayev"] == "x:bakytbek-tursunbayev"


def test_entities_small_archive_joins_on_any_shared_entity():
    """Under ``namesake_common_articles`` articles nothing is common: a few reports sharing the
    ambassador and Bishkek still join the spellings, whatever share of the archive they are."""
    en, ru, _ = corpus()
    ids = _ids(link_all(_crowd(20) + [en, ru]))
    assert ids["t_en"]["Bakytbek Tursunbaev"] == ids["t_ru"]["Bakytbek Tursunbayev"] == "x:bakytbek-tursunbayev"


def test_entities_other_country_is_not_merged():
    text = EN.replace("Bakytbek Tursunbaev", "Bakytbek Tursunbayev")
    kz = article("t_kz", text, "en", published="2024-02-06T10:00:00",
                 ents=entities(text, [_with(KZ_NAMESAKE, "Bakytbek Tursunbayev"),
                                      _with(KRIVTSOV, "Alexei Krivtsov")]))
    ids = _ids(link_all([corpus()[0], kz]))
    assert ids["t_kz"]["Bakytbek Tursunbayev"] == "x:bakytbek-tursunbayev-kz"


def test_entities_merge_lets_reports_merge_as_one_event_in_any_order():
    results = []
    for perm in itertools.permutations(corpus()):
        r = link_all(list(perm))
        groups = {frozenset(m.article_id for m in ev.mentions) for ev in r.events}
        results.append((groups, {a.id: a.story for a in r.articles}))
    assert results[0][0] == {frozenset({"t_en", "t_ru"})}
    assert all(r == results[0] for r in results)


def test_entities_spellings_a_decade_apart_are_not_joined():
    """Unknown persons are looked for among the spellings of a few years around the article
    (LinkConfig.name_era_days): two a decade apart are not compared, in either ingest order."""
    from dataclasses import replace

    en, ru, _ = corpus()
    old_ru = replace(ru, id="t_ru_2013", published="2013-02-05T18:00:00")
    for order in ([old_ru, en], [en, old_ru]):
        ids = _ids(link_all(order))
        assert ids["t_en"]["Bakytbek Tursunbaev"] == "x:bakytbek-tursunbaev"
        assert ids["t_ru_2013"]["Bakytbek Tursunbayev"] == "x:bakytbek-tursunbayev"


def test_entities_person_in_the_news_through_the_years_is_joined_across_them():
    """A spelling named every few years is filed in each era it is named in, so a new spelling a
    decade after the first still meets it through the latest."""
    from dataclasses import replace

    en, ru, _ = corpus()
    years = [replace(ru, id=f"t_ru_{y}", published=f"{y}-02-05T18:00:00") for y in (2013, 2016, 2019, 2022)]
    ids = _ids(link_all([*years, en]))
    assert {ids[a.id]["Bakytbek Tursunbayev"] for a in years} == {"x:bakytbek-tursunbayev"}
    assert ids["t_en"]["Bakytbek Tursunbaev"] == "x:bakytbek-tursunbayev"


def test_name_keys_unknown_are_filed_by_era_and_probed_around_it():
    from datetime import date

    from dyadwatch.link.entities import era_of, name_keys, name_probe_keys

    era = era_of(date(2024, 2, 6), 1096)
    assert era_of(None, 1096) == "*"
    filed = name_keys("bakytbek tursunbaev", False, era)
    assert filed and all(k.endswith(f"|{era}") for k in filed)
    assert not any("|*" in k or k.count("|") > 3 for k in name_keys("sadyr japarov", True, era))  # known: no era
    probed = name_probe_keys("bakytbek tursunbayev", False, era_of(date(2021, 2, 5), 1096))
    assert set(filed) & set(probed)  # three years earlier: the era next to it
    assert not set(filed) & set(name_probe_keys("bakytbek tursunbayev", False, era_of(date(2013, 2, 5), 1096)))


def test_folded_name_joins_transliterations_and_scripts():
    assert folded_name("Sadyr Zhaparov") == folded_name("Sadyr Japarov")
    assert folded_name("Сергей Лавров") == folded_name("Sergei Lavrov")
    assert names_match(folded_name("Бакытбек Турсунбаев"), folded_name("Bakytbek Tursunbayev"), 88)
    assert not names_match(folded_name("Bakytbek Tursunbaev"), folded_name("Nurlan Tursunbaev"), 88)


def test_entities_merge_reports_renamed_articles_as_affected():
    from dyadwatch.link import Linker

    en, ru, other = corpus()
    linker = Linker()
    linker.add(other)
    linker.add(en)
    upd = linker.add(ru)
    assert upd.entity_ids == (("x:bakytbek-tursunbaev", "x:bakytbek-tursunbayev"),)  # t_ru was published first
    assert "t_en" in upd.affected_articles and "t_other" not in upd.affected_articles
