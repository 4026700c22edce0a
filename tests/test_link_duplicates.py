"""Near-duplicate detection: re-published copies, light edits, and what is not a copy."""
from __future__ import annotations

from dyadwatch.link import LinkConfig, Linker, MemoryIndex
from dyadwatch.link.duplicates import band_keys, estimated_jaccard, signature
from test_link_fixtures import NBSP, article

BODY = (
    "The Kyrgyz-Russian intergovernmental commission met in Bishkek on Thursday to review the progress of "
    "joint projects in energy, agriculture and education. The co-chairs noted that the construction of "
    "nine Russian-language schools is on schedule and that the first of them will receive pupils next autumn. "
    "«We have agreed on a road map for the next three years,» the Kyrgyz co-chair said after the meeting. "
    "The next session of the commission will be held in Kazan in the spring.")
EDITED = BODY.replace("on Thursday", "on 14 September").replace(
    "The next session of the commission will be held in Kazan in the spring.",
    "The next session will be held in Kazan in the spring of next year.")
OWN_REPORT = (
    "In Bishkek on Thursday the co-chairs of the intergovernmental commission of Kyrgyzstan and Russia went "
    "through the joint projects. According to them, work on nine schools teaching in Russian is going to plan, "
    "and the first school opens its doors to children next year. A three-year road map was approved, and the "
    "commission is to gather next in Kazan.")
RU_REPORT = (
    f"В{NBSP}Бишкеке в{NBSP}четверг прошло заседание межправительственной комиссии Кыргызстана и{NBSP}России. "
    f"Сопредседатели отметили, что строительство девяти русскоязычных школ идёт по{NBSP}графику.")


def _cfg() -> LinkConfig:
    return LinkConfig()


def test_duplicates_republished_copy_points_to_earlier_original():
    linker = Linker()
    linker.add(article("copy", BODY, "en", source="vesti.kg", published="2023-09-15T10:00:00",
                       title="Road map agreed for three years"))
    upd = linker.add(article("orig", BODY, "en", source="24.kg", published="2023-09-14T18:00:00",
                             title="Intergovernmental commission reviews joint projects"))
    assert upd.duplicate_of is None and upd.affected_articles == ("copy",)
    assert +linker.rewrites == {"views": 1}  # the copy's view changed: it has an original now
    assert linker.duplicate_of("copy") == "orig"
    assert linker.article("copy").source == "vesti.kg"  # the copy keeps its own source


def test_duplicates_light_edit_is_a_copy_own_report_is_not():
    a = signature(BODY, _cfg())
    assert estimated_jaccard(a, signature(EDITED, _cfg())) >= _cfg().duplicate_threshold
    assert estimated_jaccard(a, signature(OWN_REPORT, _cfg())) < 0.3
    linker = Linker()
    for i, (text, lang) in enumerate([(BODY, "en"), (EDITED, "en"), (OWN_REPORT, "en"), (RU_REPORT, "ru")]):
        linker.add(article(f"d{i}", text, lang, published=f"2023-09-1{4 + i}T10:00:00"))
    assert [linker.duplicate_of(f"d{i}") for i in range(4)] == [None, "d0", None, None]


def test_duplicates_same_published_time_breaks_tie_by_id_in_any_order():
    arts = [article(x, BODY, "en", published="2023-09-14T18:00:00") for x in ("b", "a", "c")]
    for order in (arts, arts[::-1], arts[1:] + arts[:1]):
        linker = Linker()
        for art in order:
            linker.add(art)
        assert [linker.duplicate_of(x) for x in "abc"] == [None, "a", "a"]


def test_duplicates_short_bodies_only_by_content_hash():
    short = "Sadyr Japarov arrived in Moscow."
    assert signature(short, _cfg()) is None
    linker = Linker()
    linker.add(article("s1", short, "en", published="2023-01-01"))
    linker.add(article("s2", short + "\n", "en", published="2023-01-02"))
    linker.add(article("s3", "Sadyr Japarov arrived in Minsk.", "en", published="2023-01-03"))
    assert [linker.duplicate_of(x) for x in ("s1", "s2", "s3")] == [None, "s1", None]


def test_duplicates_candidates_come_from_lsh_bands_only():
    index = MemoryIndex()
    linker = Linker(index=index)
    linker.add(article("x", BODY, "en", published="2023-09-14"))
    keys = band_keys(index.get("minhash", "x"), _cfg())
    assert all("x" in index.members(k) for k in keys)
    assert not any("x" in index.members(k) for k in band_keys(signature(OWN_REPORT, _cfg()), _cfg()))


def test_duplicates_near_copy_years_apart_is_a_template_not_a_copy():
    # the commission's notice, reused a year later with a date changed: not one piece reported twice
    later = EDITED.replace("14 September", "12 September")
    for order in ((0, 1, 2), (2, 1, 0)):
        arts = [article("notice-2023", BODY, "en", published="2023-09-14T10:00:00"),
                article("repost-2023", EDITED, "en", source="vesti.kg", published="2023-10-10T08:00:00"),
                article("notice-2024", later, "en", published="2024-09-12T10:00:00")]
        linker = Linker()
        for i in order:
            linker.add(arts[i])
        assert [linker.duplicate_of(a.id) for a in arts] == [None, "notice-2023", None]
        assert linker.story_of("notice-2024").articles == ("notice-2024",)


def test_duplicates_identical_body_is_a_copy_at_any_distance():
    linker = Linker()
    linker.add(article("first", BODY, "en", published="2021-03-01T09:00:00"))
    linker.add(article("reprint", BODY, "en", source="kaktus.media", published="2024-06-30T09:00:00"))
    linker.add(article("undated", EDITED, "en"))  # no date: matched as before, whatever the distance
    assert [linker.duplicate_of(x) for x in ("reprint", "undated")] == ["first", "first"]


def test_duplicates_window_is_a_setting_and_null_lifts_it():
    arts = [article("a", BODY, "en", published="2023-09-14"), article("b", EDITED, "en", published="2023-12-01")]
    for window, expected in ((31, None), (90, "a"), (None, "a")):
        linker = Linker(config=LinkConfig(duplicate_window_days=window))
        for art in arts:
            linker.add(art)
        assert linker.duplicate_of("b") == expected


def test_duplicates_a_day_without_time_is_not_earlier_than_a_timed_report_that_day():
    # "2023-09-14" sorts before "2023-09-14T08:00" as text; the untimed copy must not become the original
    for order in (("a_untimed", "z_timed"), ("z_timed", "a_untimed")):
        linker = Linker()
        for aid in order:
            linker.add(article(aid, BODY, "en", source=f"{aid}.kg",
                               published="2023-09-14" if aid == "a_untimed" else "2023-09-14T08:00:00"))
        assert linker.duplicate_of("a_untimed") == "z_timed" and linker.duplicate_of("z_timed") is None
