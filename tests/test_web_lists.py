"""Lists an analyst can work with: sort, page size, paging past the end, strict parameters, CSV twins,
and search across languages and spellings (issue 26, items 1 and 2)."""
from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from dyadwatch.search import resolve_actor, resolve_names, search
from dyadwatch.settings import Settings
from dyadwatch.store import Filters, open_store
from dyadwatch.store.lists import SORT_KEYS, Sort, SortError
from dyadwatch.web.app import create_app
from pg_fixture import pg_server, pg_url  # noqa: F401  (fixtures)
from dyadwatch.link.storage import link_stored
from web_corpus import write_db

PUTIN = "person:vladimir-putin"
LISTS = {"events": "/api/events", "entities": "/api/entities", "quotes": "/api/quotes",
         "commitments": "/api/commitments?today=2025-01-01", "articles": "/api/articles",
         "search": "/api/search?q=Putin"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(write_db(tmp_path_factory.mktemp("lists") / "dash.db"))
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store, Settings(page_size=3, max_page_size=50)))


def _join(path: str, query: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{query}"


def _rows(res) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(res.text)))


# ----------------------------------------------------------------------------- sorting
def test_sort_parses_whitelisted_keys_only():
    assert Sort.parse("-date", "events") == Sort("date", True)
    assert Sort.parse(None, "entities") == Sort("mentions", True)  # each list's default
    for bad in ("nope", "date; DROP TABLE events", "--date", "rank"):
        with pytest.raises(SortError):
            Sort.parse(bad, "events")


@pytest.mark.parametrize("kind", list(LISTS))
def test_every_list_sorts_by_every_key_both_ways(client, kind):
    for key in SORT_KEYS[kind]:
        up = client.get(_join(LISTS[kind], f"sort={key}&limit=50"))
        down = client.get(_join(LISTS[kind], f"sort=-{key}&limit=50"))
        assert up.status_code == down.status_code == 200, (key, up.text[:200])
        assert up.json()["sort"] == key and down.json()["sort"] == f"-{key}"
        assert up.json()["total"] == down.json()["total"]


def test_events_sort_by_date_and_actor(client):
    asc = [e["date"] for e in client.get("/api/events?sort=date&limit=50").json()["items"]]
    assert asc == sorted(asc)
    desc = [e["date"] for e in client.get("/api/events?sort=-date&limit=50").json()["items"]]
    assert desc == sorted(desc, reverse=True)
    by_actor = client.get("/api/events?sort=actor&limit=50").json()["items"]
    firsts = [min(a["name"] for a in e["actors"]) for e in by_actor]
    assert firsts == sorted(firsts)


def test_entities_articles_quotes_commitments_sort_by_their_columns(client):
    names = [e["name"] for e in client.get("/api/entities?sort=-name&limit=50").json()["items"]]
    assert names == sorted(names, reverse=True)
    titles = [a["title"] for a in client.get("/api/articles?sort=title&limit=50").json()["items"]]
    assert titles == sorted(titles)
    langs = [q["article"]["language"] for q in client.get("/api/quotes?sort=language").json()["items"]]
    assert langs == sorted(langs)
    deadlines = [c["deadline"] for c in client.get("/api/commitments?sort=deadline&today=2025-01-01").json()["items"]]
    assert deadlines == sorted(deadlines)


def test_sorted_pages_neither_overlap_nor_skip(client):
    seen = []
    for offset in range(0, 12, 3):
        seen += [e["id"] for e in client.get(f"/api/entities?sort=type&offset={offset}").json()["items"]]
    everything = [e["id"] for e in client.get("/api/entities?sort=type&limit=50").json()["items"]]
    assert seen == everything and len(set(seen)) == len(seen)


def test_list_pages_have_clickable_sort_headers(client):
    page = client.get("/events?sort=date")
    assert 'aria-sort="ascending"' in page.text
    assert 'href="/events?sort=-date"' in page.text  # clicking the sorted header reverses it
    assert 'href="/events?sort=actor"' in page.text
    assert 'href="/entities?sort=mentions"' in client.get("/entities").text  # default -mentions -> mentions
    assert 'data-sort="speaker"' in client.get("/quotes").text
    assert 'data-sort="deadline"' in client.get("/commitments").text


def test_filter_form_keeps_the_sort_and_page_size(client):
    page = client.get("/events?sort=-type&limit=20")
    assert '<input type="hidden" name="sort" value="-type">' in page.text
    assert '<input type="hidden" name="limit" value="20">' in page.text


# ----------------------------------------------------------------------------- page size and paging
def test_page_size_is_validated_then_capped(client):
    assert client.get("/api/articles?limit=2").json()["limit"] == 2
    assert client.get("/api/articles?limit=500").json()["limit"] == 50  # Settings.max_page_size
    for bad in ("0", "501", "-1", "ten"):
        res = client.get(f"/api/articles?limit={bad}")
        assert res.status_code == 422 and res.json()["detail"][0]["loc"] == ["query", "limit"]
    assert client.get("/events?limit=100000").status_code == 422


def test_offset_past_the_end_is_an_empty_page_pointing_to_the_last_one(client):
    data = client.get("/api/events?offset=999999").json()
    assert (data["items"], data["total"], data["offset"], data["last_offset"]) == ([], 4, 999999, 3)
    page = client.get("/events?offset=999999")
    assert page.status_code == 200
    assert "1000000–" not in page.text and "past the end" in page.text
    assert 'rel="last" href="/events?offset=3"' in page.text


@pytest.mark.parametrize("offset,shown", [(0, "1–3 of 4"), (3, "4–4 of 4"), (2, "3–4 of 4")])
def test_pager_counts_are_right_at_every_offset(client, offset, shown):
    page = client.get(f"/events?offset={offset}")
    assert shown in page.text


def test_last_offset_of_an_empty_list_is_zero(client):
    data = client.get("/api/events?type=PROTEST").json()
    assert (data["total"], data["last_offset"]) == (0, 0)


# ----------------------------------------------------------------------------- strict parameters
@pytest.mark.parametrize("query,field", [
    ("from=2025-13-45", "from"), ("to=2025-02-30", "to"), ("from=12.03.2024", "from"), ("sort=nope", "sort"),
    ("offset=-3", "offset"), ("lanugage=ru", "lanugage"), ("format=xml", "format")])
def test_bad_parameters_answer_422_with_fastapi_list_detail(client, query, field):
    res = client.get(f"/api/events?{query}")
    assert res.status_code == 422 and res.headers["content-type"] == "application/json"
    detail = res.json()["detail"]
    assert isinstance(detail, list) and detail[0]["loc"] == ["query", field] and detail[0]["msg"]


@pytest.mark.parametrize("path", ["/events", "/entities", "/quotes", "/commitments", "/articles", "/search"])
def test_bad_parameters_on_a_page_answer_an_html_form_with_the_reason(client, path):
    for query in ("from=2025-13-45", "sort=nope", "bogus=1", "limit=9999",
                  *(["status=whenever", "today=2025-02-30"] if path == "/commitments" else [])):
        if path == "/entities" and query.startswith("from"):
            query = "sort=-nope"
        res = client.get(f"{path}?q=Putin&{query}" if path == "/search" else f"{path}?{query}")
        assert res.status_code == 422, (path, query)
        assert res.headers["content-type"].startswith("text/html")
        assert not res.text.lstrip().startswith("{")  # never raw JSON as HTML
        assert 'class="form-errors"' in res.text and '<form class="filters"' in res.text
        assert "Download CSV" not in res.text  # nothing to download for a refused list


def test_a_bad_date_is_named_in_the_page_and_escaped(client):
    res = client.get("/events", params={"from": "2025-13-45", "to": "<b>x</b>"})
    assert res.status_code == 422
    assert "2025-13-45" in res.text and "<b>x</b>" not in res.text


def test_other_pages_refuse_with_an_html_error_page(client):
    res = client.get("/report?from=2024-05-01")  # half a period (no period at all is the report's form)
    assert res.status_code == 422 and res.headers["content-type"].startswith("text/html")
    assert not res.text.lstrip().startswith("{")


def test_the_token_parameter_is_not_unknown(store):
    app = create_app(store, Settings(token="s3cret-token"))
    assert TestClient(app).get("/api/events?token=s3cret-token").status_code == 200


# ----------------------------------------------------------------------------- CSV
def test_events_csv_has_a_header_and_actor_columns(client):
    res = client.get("/api/events?format=csv&sort=date&limit=50")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    assert "attachment" in res.headers["content-disposition"]
    rows = _rows(res)
    for col in ("actor1_name", "actor1_entity", "actor1_country", "actor2_name", "actor2_country", "article_id"):
        assert col in rows[0]
    assert not any(v.startswith(("[", "{")) for r in rows for v in r.values() if v)  # no JSON cells
    json_rows = client.get("/api/events?sort=date&limit=50").json()["items"]
    assert [r["id"] for r in rows] == [e["id"] for e in json_rows]  # same rows, same order
    meeting = next(r for r in rows if r["event_id"] == "ev:call-2024-06-03")
    assert (meeting["actor1_name"], meeting["actor1_country"]) == ("Sergey Lavrov", "RUS")
    assert (meeting["actor2_name"], meeting["actor2_country"]) == ("Ruslan Kazakbaev", "KGZ")


@pytest.mark.parametrize("kind,column", [("entities", "name"), ("quotes", "speaker_name"),
                                         ("commitments", "actor_country"), ("articles", "title"),
                                         ("search", "title")])
def test_every_list_twin_answers_csv_with_the_same_filters_and_page(client, kind, column):
    path = _join(LISTS[kind], "limit=2&offset=1")
    json_items = client.get(path).json()["items"]
    rows = _rows(client.get(_join(path, "format=csv")))
    assert len(rows) == len(json_items) and column in (rows[0] if rows else {column: 1})


def test_csv_of_an_empty_list_is_its_header(client):
    res = client.get("/api/events?format=csv&type=PROTEST")
    assert res.status_code == 200 and res.text.startswith("id,") and len(res.text.strip().splitlines()) == 1


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    from dyadwatch.web.listing import csv_text

    text = csv_text("articles", [{"id": "a", "title": "=HYPERLINK(\"x\")", "source": "-1", "tone": -2.5}])
    row = _rows(type("R", (), {"text": text})())[0]
    assert row["title"].startswith("'=") and row["source"] == "-1" and row["tone"] == "-2.5"


def test_list_pages_link_their_csv_download(client):
    page = client.get("/events?language=ru&sort=date")
    assert 'href="/api/events?language=ru&amp;sort=date&amp;format=csv"' in page.text


# ----------------------------------------------------------------------------- search across languages
def test_names_resolve_in_any_script_spelling_and_case(store):
    for spelling in ("Putin", "Путин", "Путина", "Путиным", "Vladimir Putin",
                     "Владимира Путина"):
        assert resolve_names(store, spelling) == (PUTIN,), spelling
    assert resolve_names(store, "Zhaparov") == ("person:sadyr-japarov",)
    assert resolve_names(store, "Лаврова") == ("person:sergey-lavrov",)
    assert resolve_names(store, "migrants") == ()


def test_search_for_a_name_finds_both_languages(client):
    ru = client.get("/api/search", params={"q": "Путин"}).json()
    en = client.get("/api/search", params={"q": "Putin"}).json()
    found = sorted(h["article"]["id"] for h in ru["items"])
    assert found == sorted(h["article"]["id"] for h in en["items"]) == ["en_meeting", "ru_meeting"]
    assert ru["entities"] == [{"id": PUTIN, "name": "Vladimir Putin"}]


def test_an_english_name_finds_the_russian_case_form(client):
    data = client.get("/api/search", params={"q": "Kazakbaev"}).json()
    # the text says «Русланом Казакбаевым»
    assert [h["article"]["id"] for h in data["items"]] == ["ru_call"]
    snip = data["items"][0]["snippet"]
    marked = [snip["text"][m["start"]:m["end"]] for m in snip["marks"]]
    assert "Русланом Казакбаевым" in marked


def test_snippets_mark_matches_and_the_page_escapes_them(client, store):
    data = client.get("/api/search", params={"q": "мигрант"}).json()
    snip = data["items"][0]["snippet"]
    assert all(snip["text"][m["start"]:m["end"]].lower().startswith("мигрант") for m in snip["marks"])
    page = client.get("/search", params={"q": "script"})
    assert "<mark>script</mark>" in page.text and "<script>window" not in page.text


def test_words_still_match_by_stem_and_filters_apply(store):
    assert [h.article.id for h in search(store, "мигрант").page.items] == ["ru_meeting"]
    assert [h.article.id for h in search(store, "Путин", Filters(language="en")).page.items] == ["en_meeting"]


def test_actor_and_speaker_filters_take_any_language(client, store):
    assert resolve_actor(store, PUTIN) == PUTIN
    assert resolve_actor(store, "Путин") == PUTIN
    assert resolve_actor(store, "nobody at all") == "nobody at all"
    events = client.get("/api/events", params={"actor": "Путин"}).json()
    assert events["total"] == 2 and events["filters"]["entity"] == PUTIN
    quotes = client.get("/api/quotes", params={"speaker": "Путина"}).json()
    assert quotes["total"] == 2
    assert client.get("/api/articles", params={"actor": "Лавров"}).json()["total"] == 1


@pytest.mark.postgres
def test_sorted_lists_search_and_csv_answer_the_same_on_postgresql(pg_url, client):
    from web_corpus import corpus

    pg_store = open_store(pg_url)
    try:
        pg_store.write(corpus())
        link_stored(pg_store)
        pg = TestClient(create_app(pg_store, Settings(page_size=3, max_page_size=50)))
        for path in ("/api/events?sort=actor&limit=50", "/api/events?sort=-type&offset=1",
                     "/api/entities?sort=-events&limit=50", "/api/articles?sort=source&limit=50",
                     "/api/quotes?sort=-language", "/api/events?format=csv&sort=date",
                     "/api/events?actor=Путин", "/api/events?offset=999999"):
            a, b = pg.get(path), client.get(path)
            assert a.status_code == b.status_code == 200, path
            assert (a.text if "csv" in path else a.json()) == (b.text if "csv" in path else b.json()), path
        for q in ("Путин", "Putin", "Kazakbaev", "мигрант"):
            got = sorted(h["article"]["id"] for h in pg.get("/api/search", params={"q": q}).json()["items"])
            assert got == sorted(h["article"]["id"] for h in client.get("/api/search", params={"q": q}).json()["items"])
    finally:
        pg_store.close()
