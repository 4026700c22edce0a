"""The brief's questions as views: the timeline of contacts, the actor-pair matrix, charts that click
through, the period report's form (issue 26, items 3 and 4)."""
from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

from dyadwatch import contacts
from dyadwatch.records import Event
from dyadwatch.settings import Settings
from dyadwatch.store import open_store
from dyadwatch.web.app import create_app
from web_corpus import (KAZAKBAEV, KOSACHEV, NB, PUTIN, _article, actor, corpus, day, entity, find, sentence,
                        write_db)

DYAD = ("KGZ", "RUS")
MISHUSTIN = ("person:mikhail-mishustin", "Mikhail Mishustin", "PERSON", "RUS")
JAPAROV = ("person:sadyr-japarov", "Sadyr Japarov", "PERSON", "KGZ")
TOKAYEV = ("person:kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "PERSON", "KAZ")


def _contact(id_: str, text: str, who: tuple, trigger: str, iso: str, type_: str, cameo: str, mode: str | None,
             source: str, published: str, language: str = "ru"):
    ev = Event(type_, sentence(text, trigger), mode=mode, cameo=cameo, actors=tuple(actor(w, "actor") for w in who),
               date=day(iso), trigger=find(text, trigger), id=f"ev:{id_}", stage="test")
    return _article(id_, text, language=language, source=source, title=None, published=published,
                    entities=tuple(entity(text, w, w[1].split()[-1]) for w in who if w[1].split()[-1] in text),
                    events=(ev,), dates=(ev.date,))


def contacts_corpus():
    """The same pair of people at two dates (Kazakbaev was foreign minister only at the first), an agreement
    signed by a president and a prime minister, a meeting with a third country, and a statement."""
    return [
        _contact("ru_2021", f"Глава МИД КР Руслан Казакбаев встретился в{NB}Москве с Константином Косачевым.\n",
                 (KAZAKBAEV, KOSACHEV), "встретился", "2021-06-10", "CONSULT", "040", "meeting", "24.kg",
                 "2021-06-10T15:20:00"),
        _contact("en_2024", "Former minister Ruslan Kazakbaev met Konstantin Kosachev in Bishkek  on Tuesday .",
                 (KAZAKBAEV, KOSACHEV), "met", "2024-05-21", "CONSULT", "040", "meeting", "akipress.com",
                 "2024-05-22", "en"),
        _contact("ru_sign", "Садыр Жапаров и Михаил Мишустин подписали соглашение о\u00a0миграции — сообщает "
                 "пресс-служба.", (JAPAROV, MISHUSTIN), "подписали", "2023-10-12", "SUPPORT", "057", None,
                 "kabar.kg", "2023-10-12"),
        _contact("en_kaz", "Sadyr Japarov met Kassym-Jomart Tokayev in Astana.", (JAPAROV, TOKAYEV), "met",
                 "2023-11-02", "CONSULT", "040", "meeting", "24.kg", "2023-11-02", "en"),
        _contact("en_say", "Vladimir Putin criticised Sadyr Japarov, the agency said.", (PUTIN, JAPAROV),
                 "criticised", "2023-11-05", "DISAPPROVE", "111", None, "24.kg", "2023-11-05", "en"),
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = write_db(tmp_path_factory.mktemp("contacts") / "dash.db")
    s = open_store(path)
    s.write(contacts_corpus())
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store, Settings(dyad=DYAD, page_size=3)))


# ----------------------------------------------------------------------------- the library
def test_contacts_level_comes_from_the_offices_held_on_the_day(store):
    rows = {c.reports[0].article: c for c in contacts.timeline(store, DYAD).contacts}
    assert rows["ru_2021"].level == "ministers"  # Kazakbaev was foreign minister in 2021 ...
    assert rows["en_2024"].level == "parliament"  # ... not in 2024; Kosachev leads the Federation Council's work
    kaz = next(p for p in rows["en_2024"].participants if p.name == "Ruslan Kazakbaev")
    assert kaz.offices == () and kaz.level == "other"
    assert rows["ru_sign"].kind == "agreement_signed" and rows["ru_sign"].level == "heads"
    assert rows["en_meeting"].level == "heads"


def test_contacts_are_between_the_two_sides_and_only_of_contact_kinds(store):
    found = {r.article for c in contacts.timeline(store, DYAD).contacts for r in c.reports}
    assert "en_kaz" not in found  # Kyrgyzstan and Kazakhstan: not this dyad's contact
    assert "en_say" not in found  # a statement is no contact
    assert {"ru_2021", "en_2024", "ru_sign"} <= found


def test_reports_of_one_contact_are_one_row_listing_them(store):
    t = contacts.timeline(store, DYAD, "2024-03-01", "2024-03-31")
    assert len(t.contacts) == 1
    assert [r.article for r in t.contacts[0].reports] == ["en_meeting", "ru_meeting"]
    assert t.to_dict()["items"][0]["sources"] == ["24.kg", "kabar.kg"]


def test_a_users_knowledge_file_extends_the_levels(store, tmp_path):
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "contacts.yaml").write_text(
        "levels:\n  - level: parliament\n    roles: [foreign_minister]\n", encoding="utf-8")
    rules = contacts.load_rules((str(tmp_path),))
    assert rules.level_of(("foreign_minister",), None).level == "ministers"  # the bundled level ranks first
    assert "foreign_minister" in next(lv for lv in rules.levels if lv.level == "parliament").roles
    assert [lv.level for lv in rules.levels] == ["heads", "ministers", "parliament", "other"]


# ----------------------------------------------------------------------------- timeline
def test_timeline_page_groups_contacts_by_month_with_links(client):
    page = client.get("/timeline")
    assert page.status_code == 200
    months = re.findall(r'data-month="([^"]+)"', page.text)
    assert months == sorted(months) and "2021-06" in months
    first = client.get("/api/timeline").json()["items"][0]
    assert first["reports"][0]["article"] == "ru_2021"
    assert f'href="/events/{first["event"]}"' in page.text  # each row opens its event page
    assert client.get(f'/api/events/{first["event"]}').json()["event"]["article"]["id"] == "ru_2021"
    assert 'href="/entities/person%3Aruslan-kazakbaev"' in page.text
    assert "Heads of state and government" in page.text
    assert '<a href="/timeline" class="active">' in page.text  # in the navigation


def test_timeline_level_filter_and_counts(client):
    data = client.get("/api/timeline", params={"level": "ministers"}).json()
    assert {c["level"] for c in data["items"]} == {"ministers"}
    assert {c["reports"][0]["article"] for c in data["items"]} == {"ru_2021", "ru_call"}
    counts = {lv["level"]: lv["contacts"] for lv in data["levels"]}
    assert counts["ministers"] == 2 and counts["heads"] == 2  # counts are the period's, whatever is shown
    page = client.get("/timeline?level=parliament").text
    assert set(re.findall(r'<li class="contact [^"]*" data-level="([^"]+)"', page)) == {"parliament"}


def test_timeline_period_and_kind(client):
    data = client.get("/api/timeline", params={"from": "2023-01-01", "to": "2023-12-31"}).json()
    assert [c["reports"][0]["article"] for c in data["items"]] == ["ru_sign"]
    assert client.get("/api/timeline?kind=phone_call").json()["total"] == 1


@pytest.mark.parametrize("query,param", [("from=2024-13-01", "from"), ("from=2024-06-01&to=2024-01-01", "to"),
                                         ("level=kings", "level"), ("kind=dinner", "kind"),
                                         ("lanugage=ru", "lanugage")])
def test_timeline_refuses_bad_parameters_with_its_form(client, query, param):
    page = client.get(f"/timeline?{query}")
    assert page.status_code == 422 and 'class="form-errors"' in page.text and '<form class="filters"' in page.text
    assert f"<li>{param}:" in page.text
    api = client.get(f"/api/timeline?{query}")
    assert api.status_code == 422 and api.json()["detail"][0]["loc"][-1] == param


def test_timeline_csv_has_one_row_per_contact_with_each_side_in_columns(client):
    res = client.get("/api/timeline?format=csv&to=2024-03-31")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert [r["articles"] for r in rows] == ["ru_2021", "ru_sign", "en_meeting; ru_meeting"]
    sign = rows[1]
    assert sign["KGZ_names"] == "Sadyr Japarov" and sign["RUS_names"] == "Mikhail Mishustin"
    assert sign["RUS_offices"] == "head_of_government" and sign["kind"] == "agreement_signed"
    assert rows[2]["reports"] == "2" and rows[2]["sources"] == "24.kg; kabar.kg"
    empty = client.get("/api/timeline?format=csv&from=1990-01-01&to=1990-12-31").text
    assert empty.startswith("event,day,kind,level,KGZ_names")


# ----------------------------------------------------------------------------- matrix
def test_matrix_counts_contacts_per_pair_and_links_the_events_of_both(client):
    data = client.get("/api/matrix").json()
    rows, cols = [r["name"] for r in data["rows"]], [c["name"] for c in data["columns"]]
    assert rows[0] == "Ruslan Kazakbaev" and "Kassym-Jomart Tokayev" not in rows + cols
    assert data["cells"][0][cols.index("Konstantin Kosachev")] == 2  # two contacts, years apart
    page = client.get("/matrix").text
    href = re.search(r'<a href="(/events\?actor=person%3Aruslan-kazakbaev&amp;actor2=person%3Akonstantin-kosachev)"',
                     page)
    assert href, page[:2000]
    listed = client.get("/api/events", params={"actor": "person:ruslan-kazakbaev",
                                               "actor2": "person:konstantin-kosachev"}).json()
    assert sorted(e["article"]["id"] for e in listed["items"]) == ["en_2024", "ru_2021"]
    assert client.get("/api/events", params={"actor": "person:ruslan-kazakbaev",
                                             "actor2": "Владимир Путин"}).json()["total"] == 0
    form = client.get("/events", params={"actor": "person:ruslan-kazakbaev", "actor2": "Konstantin Kosachev"}).text
    assert re.search(r'<select name="actor2">.*<option value="Konstantin Kosachev" selected>', form, re.S)


def test_matrix_period_top_and_csv(client):
    data = client.get("/api/matrix", params={"from": "2024-01-01", "to": "2024-12-31", "top": 1}).json()
    assert len(data["rows"]) == 1 and len(data["columns"]) == 1 and data["total"] == 4
    res = client.get("/api/matrix?format=csv&level=heads")
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert {r["actor"] for r in rows} == {"Sadyr Japarov"}
    assert rows[0]["Vladimir Putin"] == "1" and rows[0]["Mikhail Mishustin"] == "1"
    assert client.get("/api/matrix?top=0").status_code == 422
    assert client.get("/matrix?top=999").status_code == 422


# ----------------------------------------------------------------------------- charts click through
def test_overview_charts_link_each_month_to_the_filtered_list(client):
    page = client.get("/").text
    bars = re.findall(r'<a href="([^"]+)" class="chart-link"><rect class="bar"', page)
    assert "/events?from=2024-03-01&amp;to=2024-03-31&amp;type=CONSULT" in bars
    assert "/events?from=2024-02-01&amp;to=2024-02-29&amp;type=CONSULT" not in bars  # no bar, no link
    points = re.findall(r'<a href="([^"]+)" class="chart-link"><circle class="point"', page)
    assert "/articles?from=2024-06-01&amp;to=2024-06-30" in points  # tone
    assert "/articles?from=2024-03-01&amp;to=2024-03-31&amp;topic=migration" in points
    listed = client.get("/api/events?from=2024-03-01&to=2024-03-31&type=CONSULT").json()
    assert listed["total"] == 2


# ----------------------------------------------------------------------------- report form
def test_report_is_in_the_navigation_with_a_period_form(client):
    form = client.get("/report")
    assert form.status_code == 200 and '<a href="/report" class="active">Report</a>' in form.text
    dates = re.findall(r'<input type="date" name="(from|to)" value="([^"]*)"', form.text)
    assert dict(dates)["to"] == "2024-06-03" and dict(dates)["from"] == "2024-03-06"  # the corpus' last 90 days
    assert 'href="/report"' in client.get("/timeline").text


def test_report_page_embeds_the_brief_with_links_and_downloads(client):
    page = client.get("/report?from=2024-01-01&to=2024-12-31")
    assert page.status_code == 200 and "<article class='report'>" in page.text
    link = re.search(r"<a href='(/events/[^']+)'>2024-03-12</a>", page.text)  # key events open their pages
    assert link and client.get(link.group(1)).status_code == 200
    assert "format=md" in page.text
    md = client.get("/report?from=2024-01-01&to=2024-12-31&format=md")
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("# Kyrgyzstan")
    html = client.get("/report?from=2024-01-01&to=2024-12-31&format=html")
    assert html.text.startswith("<!doctype html>") and "attachment" in html.headers["content-disposition"]


@pytest.mark.parametrize("query", ["from=2024-02-30&to=2024-12-31", "from=2024-12-31&to=2024-01-01",
                                   "from=2024-01-01", "from=2024-01-01&to=2024-12-31&format=docx"])
def test_report_bad_period_shows_the_form_with_the_reason(client, query):
    page = client.get(f"/report?{query}")
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert 'class="form-errors"' in page.text and 'class="filters report-form"' in page.text
    assert "<article class='report'>" not in page.text


def test_every_new_page_renders_on_an_empty_store(tmp_path):
    empty = TestClient(create_app(open_store(tmp_path / "empty.db"), Settings(dyad=DYAD)))
    for path in ("/timeline", "/matrix", "/report", "/api/timeline?format=csv", "/api/matrix?format=csv"):
        assert empty.get(path).status_code == 200, path
    assert "No contacts between the two sides" in empty.get("/timeline").text


def test_the_bundled_corpus_keeps_its_contacts(tmp_path):
    """The corpus every dashboard test shares: three contacts at three levels."""
    s = open_store(write_db(tmp_path / "x.db"))
    try:
        assert [c.level for c in contacts.timeline(s, DYAD).contacts] == ["heads", "parliament", "ministers"]
    finally:
        s.close()
    assert len(corpus()) == 5
