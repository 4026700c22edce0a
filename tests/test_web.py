"""The dashboard and its JSON API through FastAPI's TestClient, over a real SQLite store."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyadwatch.records import Article
from dyadwatch.settings import Settings
from dyadwatch.store import open_store
from dyadwatch.web import charts, highlight
from dyadwatch.web.app import create_app
from dyadwatch.document import content_hash
from pg_fixture import pg_server, pg_url  # noqa: F401  (fixtures)
from dyadwatch.link.storage import link_stored
from web_corpus import KYRGYZSTAN, RUSSIA, corpus, entity, meeting_en, write_db

PUTIN = "person:vladimir-putin"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return write_db(tmp_path_factory.mktemp("web") / "dash.db")


@pytest.fixture(scope="module")
def store(db):
    s = open_store(db)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store, Settings(page_size=3, max_page_size=4)))


def ids(items):
    return sorted(i["article"]["id"] if "article" in i else i["id"] for i in items)


# ----------------------------------------------------------------------------- every page and its twin
PAGES = [
    ("/", "/api/overview", "Kyrgyzstan", "events_per_month"),
    ("/events", "/api/events", "Sadyr Japarov", "items"),
    ("/events/ev:meeting-2024-03-12", "/api/events/ev:meeting-2024-03-12", "Reports of this event", "reports"),
    ("/entities?type=PERSON&name=kosachev", "/api/entities?type=PERSON&name=kosachev", "Konstantin Kosachev", "items"),
    (f"/entities/{PUTIN}", f"/api/entities/{PUTIN}", "Counterparts", "counterparts"),
    ("/quotes", "/api/quotes", "Мы лично следим", "items"),
    ("/commitments?today=2025-01-01", "/api/commitments?today=2025-01-01", "provide a loan", "items"),
    ("/articles", "/api/articles", "Kosachev visits Bishkek", "items"),
    ("/articles/en_meeting", "/api/articles/en_meeting", "Japarov and Putin meet in Moscow", "entities"),
    ("/search?q=Bishkek", "/api/search?q=Bishkek", "Kosachev visits Bishkek", "items"),
    ("/report?from=2024-01-01&to=2024-12-31", "/api/report?from=2024-01-01&to=2024-12-31", "Key events",
     "key_events"),
]


@pytest.mark.parametrize("html_path,api_path,shown,key", PAGES, ids=[p[0].split("?")[0] for p in PAGES])
def test_web_page_and_json_twin_render(client, html_path, api_path, shown, key):
    page = client.get(html_path)
    assert page.status_code == 200, page.text[:300]
    assert page.headers["content-type"].startswith("text/html")
    assert shown in page.text
    api = client.get(api_path)
    assert api.status_code == 200
    assert api.headers["content-type"] == "application/json"
    assert api.json()[key]


def test_web_page_links_to_its_json_twin(client):
    page = client.get("/events?language=ru")
    assert 'href="/api/events?language=ru"' in page.text


def test_web_unknown_records_are_404_in_both_forms(client):
    assert client.get("/events/no-such-event").status_code == 404
    assert "no such event" in client.get("/events/no-such-event").text
    r = client.get("/api/entities/nobody")
    assert r.status_code == 404 and r.json() == {"detail": "no such entity"}


def test_web_openapi_schema_lists_the_api_and_no_cdn_docs(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/search", "/api/articles/{article_id}", "/api/report"} <= set(schema["paths"])
    assert client.get("/docs").status_code == 404  # Swagger UI would pull assets from a CDN
    assert "/api/commitments" in client.get("/api").text


# ----------------------------------------------------------------------------- contract
def test_web_article_api_returns_the_export_contract_object(client):
    got = client.get("/api/articles/en_meeting").json()
    # as stored: linking gave it the story of its first article (the fixture's own story id is replaced)
    assert got["story"].startswith("story_")
    assert got == json.loads(json.dumps({**meeting_en().to_dict(), "story": got["story"]}))
    assert Article.from_dict(got) == replace(meeting_en(), story=got["story"])
    for field in ("id", "source", "url", "title", "published", "language", "text", "entities", "events", "quotes",
                  "commitments", "topics", "tone", "duplicate_of", "story"):
        assert field in got
    ev = got["events"][0]
    assert got["text"][ev["evidence"]["start"]:ev["evidence"]["end"]] == ev["evidence"]["text"]


def test_web_article_found_by_content_hash_too(client, store):
    key = meeting_en().content_hash
    assert client.get(f"/api/articles/{key}").json()["id"] == "en_meeting"


# ----------------------------------------------------------------------------- filters and pages
@pytest.mark.parametrize("query,expected", [
    ("", ["en_meeting", "en_visit", "ru_call", "ru_meeting"]),
    ("language=ru", ["ru_call", "ru_meeting"]),
    ("type=CONSULT&source=akipress.com", ["en_visit"]),
    (f"actor={PUTIN}", ["en_meeting", "ru_meeting"]),
    ("from=2024-05-01&to=2024-05-31", ["en_visit"]),
    ("topic=security", ["ru_call"]),
    ("type=PROTEST", []),
])
def test_web_event_filters_narrow_the_list(client, query, expected):
    data = client.get(f"/api/events?limit=4&{query}").json()
    assert ids(data["items"]) == expected
    assert data["total"] == len(expected)


def test_web_filter_form_keeps_choices_and_empty_fields_are_ignored(client):
    page = client.get("/events?from=&to=&language=ru&type=&actor=")
    assert page.status_code == 200
    assert '<option value="ru" selected>' in page.text
    assert page.text.count('class="event-row"') == 2


def test_web_bad_filter_values_are_rejected(client):
    assert client.get("/api/events?from=12.03.2024").status_code == 422
    assert client.get("/api/events?limit=0").status_code == 422
    assert client.get("/api/commitments?status=whenever").status_code == 422


def test_web_pagination_pages_through_and_caps_the_page_size(client):
    first = client.get("/api/articles").json()
    assert (len(first["items"]), first["total"], first["limit"], first["offset"]) == (3, 5, 3, 0)
    rest = client.get("/api/articles?offset=3").json()
    assert len(rest["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in rest["items"]}
    capped = client.get("/api/articles?limit=100").json()  # within 1..500, then capped at max_page_size
    assert capped["limit"] == 4 and len(capped["items"]) == 4
    assert client.get("/api/articles?limit=1000").status_code == 422  # out of range: refused, not capped
    page = client.get("/articles?from=2024-01-01")
    assert 'rel="next" href="/articles?from=2024-01-01&amp;offset=3"' in page.text


def test_web_query_length_is_limited(client):
    assert client.get("/api/search", params={"q": "мигрант " * 40}).status_code == 422
    assert client.get("/search", params={"q": "x" * 201}).status_code == 422


# ----------------------------------------------------------------------------- search
def test_web_search_russian_stem_finds_inflected_form(client):
    data = client.get("/api/search", params={"q": "мигрант"}).json()
    assert ids(data["items"]) == ["ru_meeting"]  # the text has «мигрантов» and «мигрантами»
    assert "мигрант" in data["items"][0]["snippet"]["text"]


def test_web_search_english_word_forms(client):
    assert ids(client.get("/api/search", params={"q": "student"}).json()["items"]) == ["en_visit"]
    assert ids(client.get("/api/search", params={"q": "migrants"}).json()["items"]) == ["en_meeting"]


def test_web_search_takes_the_same_filters(client):
    assert ids(client.get("/api/search", params={"q": "Bishkek"}).json()["items"]) == ["en_visit", "xss_probe"]
    narrowed = client.get("/api/search", params={"q": "Bishkek", "topic": "education"}).json()
    assert ids(narrowed["items"]) == ["en_visit"]
    assert client.get("/api/search", params={"q": "мигрант", "language": "en"}).json()["total"] == 0


# ----------------------------------------------------------------------------- pages' content
def test_web_event_shows_every_report_across_languages(client):
    data = client.get("/api/events/ev:meeting-2024-03-12").json()
    assert data["n_articles"] == 2
    assert data["languages"] == ["en", "ru"] and data["sources"] == ["24.kg", "kabar.kg"]
    assert ids(data["reports"]) == ["en_meeting", "ru_meeting"]
    assert data["merged"]["n_articles"] == 2  # dyadwatch.link merged the English and the Russian report
    other = client.get("/api/events/ev:visit-2024-05-20").json()
    assert ids(other["reports"]) == ["en_visit"]


def test_web_entity_page_has_roles_counterparts_quotes(client):
    data = client.get(f"/api/entities/{PUTIN}").json()
    assert [c["name"] for c in data["counterparts"]] == ["Sadyr Japarov"]
    assert data["counterparts"][0]["events"] == 2
    roles = {r["role"]: r for r in data["roles"]}
    assert roles["President of Russia"]["first"] == "2024-03-13" and roles["President of Russia"]["articles"] == 2
    assert roles["event target"]["articles"] == 2
    assert data["quotes"]["total"] == 2
    page = client.get(f"/entities/{PUTIN}")
    assert 'data-chart="network"' in page.text and 'href="/entities/person%3Asadyr-japarov"' in page.text


def test_web_quotes_by_speaker_text_and_language(client):
    assert client.get("/api/quotes", params={"speaker": PUTIN}).json()["total"] == 2
    ru = client.get("/api/quotes", params={"q": "мигрантами"}).json()
    assert [i["article"]["id"] for i in ru["items"]] == ["ru_meeting"]
    assert client.get("/api/quotes", params={"q": "Мы лично"}).json()["total"] == 1
    assert client.get("/api/quotes", params={"language": "en"}).json()["items"][0]["text"].startswith("We personally")
    assert client.get("/api/quotes", params={"topic": "security"}).json()["total"] == 0


def test_web_commitment_ledger_status_relative_to_today(client):
    early = client.get("/api/commitments?today=2025-01-01").json()
    # the solar plant was due by the end of 2024; the loan by 2025-09-01
    assert [(i["deadline"], i["status"]) for i in early["items"]] == [("2024", "past_deadline"), ("2025-09-01", "open")]
    late = client.get("/api/commitments?today=2025-07-01&status=due_soon").json()
    assert [i["what"] for i in late["items"]] == ["provide a loan to Kyrgyzstan"]
    assert late["total"] == 1
    assert client.get("/api/commitments?today=2025-01-01&language=ru").json()["total"] == 1


def test_web_commitment_ledger_follows_up_a_later_article(tmp_path):
    text = (f"Russia has disbursed the loan of $ 100 million to Kyrgyzstan, the Ministry of Finance in Bishkek "
            f"said on Friday.")
    later = Article(id="en_loan_paid", text=text, language="en", source="24.kg", title="Loan disbursed",
                    published="2025-08-15T11:00:00", content_hash=content_hash(text),
                    entities=(entity(text, RUSSIA, "Russia"), entity(text, KYRGYZSTAN, "Kyrgyzstan")))
    store = open_store(tmp_path / "ledger.db")
    store.write(corpus())
    link_stored(store)
    client = TestClient(create_app(store, Settings()))
    before = client.get("/api/commitments?today=2025-10-01").json()["items"]
    assert [len(i["mentions"]) for i in before] == [1, 1]
    store.write([later])
    link_stored(store)  # the pages read what linking stored: the next request shows the follow-up
    items = client.get("/api/commitments?today=2025-10-01").json()["items"]
    loan = next(i for i in items if i["what"] == "provide a loan to Kyrgyzstan")
    assert [m["article_id"] for m in loan["mentions"]] == ["en_meeting", "en_loan_paid"]
    assert loan["status"] == "fulfilled" and loan["latest"]["fulfilment"]["text"].startswith("disbursed")
    page = client.get("/commitments?today=2025-10-01").text
    assert "Loan disbursed" in page and "fulfilment: disbursed" in page
    store.close()


def test_web_overview_series_cover_every_month(client):
    data = client.get("/api/overview").json()
    assert data["events_per_month"]["months"] == ["2024-03", "2024-04", "2024-05", "2024-06"]
    assert data["events_per_month"]["series"]["CONSULT"] == [2, 0, 1, 1]
    assert data["tone_per_month"]["series"]["tone"][0] == pytest.approx(4.25)
    page = client.get("/").text  # the tone chart says what its scale means
    legend = page.split('id="chart-tone"', 1)[1].split("</section>", 1)[0]
    assert 'id="tone-legend"' in legend and "−10 armed force" in legend and "+5 material cooperation" in legend
    narrowed = client.get("/api/overview?from=2024-05-01&to=2024-06-30").json()
    assert narrowed["events_per_month"]["months"] == ["2024-05", "2024-06"]


# ----------------------------------------------------------------------------- safety
def test_web_article_markup_is_shown_as_text_never_executed(client):
    page = client.get("/articles/xss_probe").text
    assert "<script>window.pwned" not in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page
    assert "<b>bold</b>" not in page
    assert "Forum &lt;script&gt;window.pwned=3&lt;/script&gt;" in page  # the title, too
    for path in ("/articles", "/search?q=forum", "/", "/report?from=2024-01-01&to=2024-12-31"):
        assert "<script>window.pwned" not in client.get(path).text, path


def test_web_responses_carry_a_strict_content_security_policy(client):
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp


def test_web_token_required_when_configured(store):
    guarded = TestClient(create_app(store, Settings(token="s3cret")))
    assert guarded.get("/api/overview").status_code == 401
    assert guarded.get("/", params={"token": "wrong"}).status_code == 401
    assert guarded.get("/api/overview", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert guarded.get("/api/overview", headers={"X-Dyadwatch-Token": "s3cret"}).status_code == 200
    first = guarded.get("/", params={"token": "s3cret"})
    assert first.status_code == 200 and "dyadwatch_token" in first.headers["set-cookie"]
    assert guarded.get("/events").status_code == 200  # the cookie carries it on


def test_web_serve_refuses_open_address_without_token(db):
    from dyadwatch.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0"], env={"DYADWATCH_TOKEN": ""})
    assert result.exit_code == 2
    assert "without a token" in result.output


# ----------------------------------------------------------------------------- building blocks
def test_highlight_escapes_every_segment_and_nests_safely():
    text = "«Мы <b>за</b>», – отметил Путин."
    notes = [highlight.Annotation(0, 14, "quote", "QUOTE", "#quote-0", "quote"),
             highlight.Annotation(4, 13, "entity", "ORG", "/entities/x", 'x" onmouseover="y'),
             highlight.Annotation(26, 31, "entity", "PERSON", "/entities/person%3Aputin", "Putin")]
    html = highlight.render(text, notes)
    assert "<b>" not in html and "&lt;b&gt;за&lt;/b&gt;" in html
    assert 'onmouseover="y' not in html
    assert html.count("<a ") == html.count("</a>") == 4  # quote | quote+entity | quote | entity
    assert 'class="hl hl-entity hl-quote" href="/entities/x"' in html  # the inner, more specific record wins


def test_highlight_annotations_of_an_article_point_into_its_text():
    art = meeting_en()
    notes = highlight.annotations(art)
    kinds = {n.kind for n in notes}
    assert {"entity", "date", "amount", "quote", "trigger", "commitment"} <= kinds
    putin = next(n for n in notes if n.kind == "entity" and n.href.endswith("vladimir-putin"))
    assert art.text[putin.start:putin.end] == "Vladimir Putin"


def test_charts_escape_labels_and_handle_empty_data():
    svg = charts.stacked_bars(["2024-01"], {"<script>x</script>": [3]}, "Events <&>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Events &lt;&amp;&gt;" in svg
    assert 'class="chart-empty"' in charts.lines([], {}, "Tone")
    line = charts.lines(["a", "b", "c"], {"tone": [1.0, None, 2.0]}, "Tone", lo=-10, hi=10)
    assert line.count("<circle") == 2 and "<polyline" not in line  # a gap breaks the line


def test_web_app_opens_store_from_settings(db):
    app = create_app(Settings(db=str(db)))
    assert TestClient(app).get("/api/articles?limit=1").json()["total"] == len(corpus())


def test_web_empty_store_renders_every_page(tmp_path):
    empty = TestClient(create_app(open_store(tmp_path / "empty.db"), Settings()))
    for path in ("/", "/events", "/entities", "/quotes", "/commitments", "/articles", "/search?q=мигрант", "/api",
                 "/report?from=2024-01-01&to=2024-12-31"):
        r = empty.get(path)
        assert r.status_code == 200, path
    assert "No data for this period" in empty.get("/").text
    assert empty.get("/api/commitments").json()["total"] == 0


@pytest.mark.postgres
def test_web_api_answers_the_same_on_postgresql(pg_url, client):
    """The dashboard's own queries (web/queries.py) run on PostgreSQL as on SQLite."""
    pg_store = open_store(pg_url)
    try:
        pg_store.write(corpus())
        link_stored(pg_store)
        pg = TestClient(create_app(pg_store, Settings(page_size=3, max_page_size=4)))
        for path in ("/api/events?limit=4", f"/api/events?actor={PUTIN}", "/api/events/ev:meeting-2024-03-12",
                     f"/api/entities/{PUTIN}", "/api/quotes?q=мигрантами", "/api/quotes?speaker=" + PUTIN,
                     "/api/commitments?today=2025-07-01", "/api/overview", "/api/articles/ru_meeting",
                     "/api/report?from=2024-01-01&to=2024-12-31", "/api/merged-events?all_events=true&sort=date",
                     "/api/merged-events?language=ru&from=2024-03-01&to=2024-03-31", "/api/timeline",
                     "/api/commitments?today=2025-07-01&status=due_soon&sort=-deadline"):
            assert pg.get(path).json() == client.get(path).json(), path
        assert pg.get("/api/merged-events?language=ru&from=2024-03-01&to=2024-03-31").json()["total"] == 1
        for q in ("мигрант", "student"):
            assert ids(pg.get("/api/search", params={"q": q}).json()["items"]) == \
                ids(client.get("/api/search", params={"q": q}).json()["items"])
        assert pg.get("/commitments").status_code == 200 and pg.get(f"/entities/{PUTIN}").status_code == 200
    finally:
        pg_store.close()


def test_web_merged_events_filters_apply_to_their_reports(client):
    everything = client.get("/api/merged-events?all_events=true&limit=4").json()
    assert everything["total"] >= 1
    ru = client.get("/api/merged-events?all_events=true&language=ru&limit=4").json()["items"]
    assert ru and all("ru" in m["languages"] for m in ru)
    putin = client.get(f"/api/merged-events?all_events=true&actor={PUTIN}&limit=4").json()["items"]
    assert putin and all(any(a["entity"] == PUTIN for a in m["actors"]) for m in putin)
    assert client.get("/api/merged-events?all_events=true&topic=no-such-topic").json()["total"] == 0
    assert client.get("/api/merged-events?sort=nonsense").status_code == 422
    page = client.get("/merged-events?from=2025-13-45")
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")


def test_web_merged_events_by_topic(client):
    education = client.get("/api/merged-events?all_events=true&topic=education").json()["items"]
    assert education
    for m in education:  # one of its reports is an article on the topic
        labels = [{t["label"] for t in client.get(f"/api/articles/{r['article_id']}").json()["topics"]}
                  for r in m["reports"]]
        assert any("education" in ls for ls in labels)
