"""Reports of one main event by different outlets and languages (link/reports.py), stories bounded in
time, and what neither may join: two meetings of the same presidents years apart, a phone call and a
meeting on one day, an undated report that shares nothing but its actors."""
from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

import pytest

from dyadwatch.link import Linker, LinkConfig, link_all
from dyadwatch.link.reports import amount_key, report_card, same_report
from dyadwatch.link.features import extract_features
from dyadwatch.link.timing import DayRange, url_when
from dyadwatch.records import Actor, Amount, PartialDate, Quote
from test_link_fixtures import NBSP, Ent, actor, amount, article, day, entities, event, span

JAPAROV = Ent("dw:japarov", "Sadyr Japarov", "PERSON", "KGZ", ())
PUTIN = Ent("dw:putin", "Vladimir Putin", "PERSON", "RUS", ())
MOSCOW = Ent("dw:moscow", "Moscow", "GPE", "RUS", ())
OSH = Ent("dw:osh", "Osh", "GPE", "KGZ", ())
KGZ = Ent("dw:kyrgyzstan", "Kyrgyzstan", "GPE", "KGZ", ())
RUS = Ent("dw:russia", "Russia", "GPE", "RUS", ())


def _with(e: Ent, *surfaces: str) -> Ent:
    return Ent(e.id, e.name, e.type, e.country, surfaces, e.known)


def _quote(text: str, inner: str, who: Ent) -> Quote:
    s = span(text, inner)
    return Quote(inner, s.start, s.end, Actor(who.name, who.id, who.country, "speaker"))


EN_TEXT = (
    "Kyrgyz President Sadyr Japarov and Russian President Vladimir Putin held talks in Moscow on Tuesday. "
    "Russia will allocate $200 million to modernise the airports of Kyrgyzstan, Putin said after the talks.\n\n"
    "«We agreed that Russia will give Kyrgyzstan $200 million for the airport of Osh,» Vladimir Putin told "
    "reporters. The presidents also discussed labour migration.")
RU_TEXT = (
    f"Президент России Владимир Путин и президент Кыргызстана Садыр Жапаров провели переговоры в{NBSP}Москве "
    f"16 апреля. По итогам встречи Путин сообщил, что Россия выделит $200 млн на модернизацию аэропортов.\n\n"
    f"«Мы договорились, что Россия предоставит Кыргызстану 200 миллионов долларов на аэропорт Оша», – "
    f"сказал Владимир Путин.")


def en_report(id: str = "en", published: str | None = "2024-04-17T09:00:00") -> object:
    t = EN_TEXT
    ents = entities(t, [_with(JAPAROV, "Sadyr Japarov"), _with(PUTIN, "Vladimir Putin"), _with(MOSCOW, "Moscow"),
                        _with(OSH, "Osh"), _with(KGZ, "Kyrgyzstan"), _with(RUS, "Russia")])
    date_ = day("2024-04-16", "on Tuesday", "relative") if published else None
    talks = event(t, "held talks in Moscow on Tuesday", [actor(JAPAROV, "source"), actor(PUTIN, "target")],
                  mode="talks", date=date_, place=MOSCOW, id="e1")
    inner = "We agreed that Russia will give Kyrgyzstan $200 million for the airport of Osh,"
    money = tuple(Amount(200e6, "$200 million", "USD", None, span(t, "$200 million", n), "fixture") for n in (0, 1))
    art = article(id, t, "en", source="akipress.com", published=published, ents=ents, events=(talks,), amounts=money)
    return replace(art, quotes=(_quote(t, inner, PUTIN),))


def ru_report(id: str = "ru", published: str | None = "2024-04-16T18:00:00", with_amounts: bool = True) -> object:
    t = RU_TEXT
    ents = entities(t, [_with(PUTIN, "Владимир Путин"), _with(JAPAROV, "Садыр Жапаров"), _with(MOSCOW, "Москве"),
                        _with(OSH, "Оша"), _with(KGZ, "Кыргызстана"), _with(RUS, "России")])
    talks = event(t, f"провели переговоры в{NBSP}Москве", [actor(PUTIN, "source"), actor(JAPAROV, "target")],
                  mode="talks", date=day("2024-04-16", "16 апреля") if published else None, place=MOSCOW, id="e1")
    art = article(id, t, "ru", source="kabar.kg", published=published, ents=ents, events=(talks,))
    if not with_amounts:
        return art
    inner = "Мы договорились, что Россия предоставит Кыргызстану 200 миллионов долларов на аэропорт Оша"
    return replace(art, quotes=(_quote(t, inner, PUTIN),),
                   amounts=(amount(t, "$200 млн", 200e6, "USD"), amount(t, "200 миллионов долларов", 200e6, "USD")))


_TEXTS = {
    "m2020": "Presidents Sadyr Japarov and Vladimir Putin met in Moscow to discuss energy and the construction of "
             "schools. The sides signed a memorandum on education and agreed to open two Russian-language schools.",
    "m2024": "Sadyr Japarov and Vladimir Putin met in Moscow. The leaders talked about gas prices, migrants' work "
             "permits and a new railway line, according to the Kremlin's statement after the meeting.",
    "meet": "Vladimir Putin received Sadyr Japarov in Moscow. Trade, the Eurasian Economic Union and the "
            "supply of fuel for the coming winter were on the agenda of the meeting.",
}


def other_meeting(id: str, published: str, event_day: str, mode: str = "talks", text: str | None = None) -> object:
    """The same two presidents in Moscow on another occasion (a meeting of its own, in its own words)."""
    t = text or _TEXTS[id]
    ents = entities(t, [_with(JAPAROV, "Sadyr Japarov"), _with(PUTIN, "Vladimir Putin"), _with(MOSCOW, "Moscow")])
    ev = event(t, t[:t.index(".")], [actor(JAPAROV, "source"), actor(PUTIN, "target")], mode=mode,
               date=day(event_day), place=MOSCOW if "Moscow" in t[:t.index(".")] else None, id="e1")
    return article(id, t, "en", source="24.kg", published=published, ents=ents, events=(ev,))


def _pairs(result) -> set[frozenset[str]]:
    return {frozenset((a.id, a.duplicate_of)) for a in result.articles if a.duplicate_of}


def test_an_english_and_a_russian_report_of_one_meeting_are_one_event():
    result = link_all([en_report(), ru_report()])
    by_id = {a.id: a for a in result.articles}
    assert by_id["en"].duplicate_of == "ru"  # the earlier report is the original
    assert by_id["ru"].duplicate_of is None
    assert by_id["en"].story == by_id["ru"].story
    (merged,) = [ev for ev in result.events if ev.n_articles > 1]
    assert {m.article_id for m in merged.mentions} == {"en", "ru"} and merged.languages == ("en", "ru")
    assert merged.date.iso() == "2024-04-16" and merged.place.name == "Moscow"


def test_the_verdict_says_why():
    cfg = LinkConfig()
    cards = {}
    for art in (en_report(), ru_report()):
        cards[art.id] = report_card(art, extract_features(art, cfg), cfg.report_lead_chars)
    v = same_report(cards["en"], cards["ru"], lambda x: x, cfg)
    assert v.same and v.events == ("en#e1", "ru#e1")
    assert {"lead event", "quote", "place"} <= set(v.reasons) and any("amount" in r for r in v.reasons)
    assert amount_key(200e6, "usd") == amount_key(200_000_000.0, "USD") == amount_key(2.0004e8, "USD")


def test_an_undated_report_is_one_event_with_its_dated_twin_through_its_amounts_and_quote():
    result = link_all([en_report(), ru_report(published=None)])
    assert _pairs(result) == {frozenset({"en", "ru"})}


def test_an_undated_report_sharing_only_its_actors_is_not_a_duplicate():
    # no date, no amount, no quote: any meeting of the two presidents could be this one
    result = link_all([en_report(), ru_report(published=None, with_amounts=False)])
    assert _pairs(result) == set()


def test_two_meetings_of_the_same_presidents_four_years_apart_are_two_stories():
    later = other_meeting("m2024", "2024-05-15", "2024-05-14")
    earlier = other_meeting("m2020", "2020-05-13", "2020-05-12")
    result = link_all([later, earlier])
    assert _pairs(result) == set()
    by_id = {a.id: a for a in result.articles}
    assert by_id["m2020"].story != by_id["m2024"].story
    assert len({e.id for e in result.events}) == 2


def test_a_report_recalling_an_old_meeting_does_not_join_its_story():
    old = other_meeting("m2020", "2020-05-13", "2020-05-12")
    t = ("Sadyr Japarov and Vladimir Putin met in Moscow on Tuesday. They first met in Moscow "
         "in May 2020, when the sides signed a memorandum on education.")
    ents = entities(t, [_with(JAPAROV, "Sadyr Japarov"), _with(PUTIN, "Vladimir Putin"), _with(MOSCOW, "Moscow")])
    evs = (event(t, "met in Moscow on Tuesday", [actor(JAPAROV), actor(PUTIN)], date=day("2024-05-14"),
                 place=MOSCOW, id="e1"),
           event(t, "They first met in Moscow", [actor(JAPAROV), actor(PUTIN)], place=MOSCOW, id="e2",
                 date=PartialDate(2020, 5, text="May 2020")))
    new = article("m2024", t, "en", published="2024-05-15", ents=ents, events=evs)
    result = link_all([old, new])
    by_id = {a.id: a for a in result.articles}
    assert by_id["m2024"].story != by_id["m2020"].story and by_id["m2024"].duplicate_of is None


def test_a_phone_call_and_a_meeting_of_one_day_are_not_one_event():
    call_text = ("Sadyr Japarov and Vladimir Putin held a phone call on Tuesday. Russia will allocate $200 million "
                 "to the airports of Kyrgyzstan, the Kremlin said.")
    ents = entities(call_text, [_with(JAPAROV, "Sadyr Japarov"), _with(PUTIN, "Vladimir Putin")])
    call = article("call", call_text, "en", published="2024-04-16", ents=ents,
                   events=(event(call_text, "held a phone call on Tuesday", [actor(JAPAROV), actor(PUTIN)],
                                 mode="phone", date=day("2024-04-16"), id="e1"),))
    result = link_all([call, other_meeting("meet", "2024-04-16", "2024-04-16")])
    assert _pairs(result) == set()


def test_stories_do_not_chain_past_their_span():
    # the two presidents in the news every six days for three months: a story spans at most a month
    arts = []
    for i in range(16):
        d = date(2024, 1, 1) + timedelta(days=6 * i)
        t = f"Sadyr Japarov and Vladimir Putin discussed energy in Moscow, report number {i}. Nothing else."
        ents = entities(t, [_with(JAPAROV, "Sadyr Japarov"), _with(PUTIN, "Vladimir Putin"), _with(MOSCOW, "Moscow")])
        arts.append(article(f"n{i:02d}", t, "en", published=d.isoformat(), ents=ents))
    result = link_all(arts)
    cfg = LinkConfig()
    assert len(result.stories) > 1
    for s in result.stories:
        days = sorted(a.published for a in result.articles if a.id in s.articles)
        assert (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days <= cfg.story_max_span_days


def _linked_view(result) -> tuple:
    stories = sorted(sorted(s.articles) for s in result.stories)
    story_ids = sorted((a.id, a.story) for a in result.articles)
    events = sorted(sorted({m.article_id for m in ev.mentions}) for ev in result.events)
    return _pairs(result), stories, story_ids, events


def _corpus() -> list:
    return [en_report(), ru_report(), other_meeting("m2020", "2020-05-13", "2020-05-12"),
            other_meeting("m2024", "2024-05-15", "2024-05-14"), ru_report("ru_undated", published=None)]


def test_any_ingest_order_gives_the_same_duplicates_stories_and_events():
    arts = _corpus()
    reference = _linked_view(link_all(arts))
    assert reference[0] == {frozenset({"en", "ru"}), frozenset({"ru_undated", "ru"})}
    for perm in itertools.permutations(arts):
        assert _linked_view(link_all(list(perm))) == reference


def test_the_store_backed_linker_agrees_in_any_order(tmp_path):
    from dyadwatch.store import open_store
    from dyadwatch.link.store_index import StoreLinkIndex

    arts = _corpus()
    reference = _linked_view(link_all(arts))
    for n, order in enumerate((arts, arts[::-1])):
        store = open_store(tmp_path / f"s{n}.db")
        index = StoreLinkIndex(store, cache_size=4)
        linker = Linker(index=index)
        for a in order:
            linker.add(a)
            store.write([], also=index.flush)  # each article in its own batch: reads go to the database
        assert _linked_view(linker.result([a.id for a in arts])) == reference
        store.close()


def _day(iso: str) -> DayRange:
    return DayRange(date.fromisoformat(iso), date.fromisoformat(iso))


@pytest.mark.parametrize("url, expected", [
    ("https://knews.kg/2018/01/19/some-title/", _day("2018-01-19")),
    ("https://example.com/world/putin-orders-talks-2022-07-08/", _day("2022-07-08")),
    ("https://ru.example.kg/amp/20191127/lavrov-1046354012.html", _day("2019-11-27")),
    ("https://example.ru/amp/politics/20/06/2017/d7a37", _day("2017-06-20")),
    ("https://example.news/2023/10/news/visit", DayRange(date(2023, 10, 1), date(2023, 10, 31))),
    ("https://tass.com/world/2021835", None), ("https://example.tv/news/16261508/x", None), (None, None),
])
def test_url_dates(url, expected):
    assert url_when(url) == expected


def test_a_url_date_stands_for_an_unknown_publication_day():
    a = replace(other_meeting("m2024", "2024-05-15", "2024-05-14"), published=None, url="https://x.kg/2024/05/15/a/")
    feats = extract_features(a, LinkConfig())
    assert str(feats.published) == "2024-05-15" and feats.order_key[0][:10] == "2024-05-15"


def test_a_quote_and_its_translation_match_through_their_numbers_and_entities():
    from dyadwatch.link.reports import _quote_match
    cfg = LinkConfig()
    a = report_card(en_report(), extract_features(en_report(), cfg), cfg.report_lead_chars)
    b = report_card(ru_report(), extract_features(ru_report(), cfg), cfg.report_lead_chars)
    assert _quote_match(a, b, lambda x: x)
    # the same entities with another number, or the number with countries alone, do not match
    other = replace(b, quotes=(frozenset({"amt:3e+08|USD", "dw:osh", "dw:russia"}),))
    assert not _quote_match(a, other, lambda x: x)
    bare = replace(b, quotes=(frozenset({"amt:2e+08|USD"}),))
    assert not _quote_match(a, bare, lambda x: x)
