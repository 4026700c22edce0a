"""End-to-end: `dyadwatch serve` in a subprocess, driven by a real headless Chromium.

Uses the Debian chromium (/usr/bin/chromium, installed by scripts/setup-system.sh)
through Playwright for Python — never Playwright's own browser download.
Each test saves a screenshot of its page: into a temporary folder, so a test run never rewrites
tracked files, or into docs/screenshots/ for the README when DYADWATCH_SCREENSHOTS=docs is set
(refreshing them is done on purpose, then committed).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from web_corpus import write_db

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("DYADWATCH_SCREENSHOTS") == "docs"
         else Path(os.environ.get("TMPDIR", "/tmp")) / f"dyadwatch-screenshots-{os.getpid()}")
CHROMIUM = os.environ.get("DYADWATCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dyadwatch serve exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"dyadwatch serve did not answer on {url} within {seconds:.0f}s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = write_db(tmp_path_factory.mktemp("browser") / "dash.db")
    port = _free_port()
    cmd = [sys.executable, "-c", "from dyadwatch.cli import main; main()", "serve", "--db", str(db),
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    # this dyadwatch's source first, as an absolute folder: the server runs in another folder, where a
    # relative PYTHONPATH would find an installed copy (another checkout's code) instead
    path = os.environ.get("PYTHONPATH", "")
    env = {**os.environ, "DYADWATCH_TOKEN": "",
           "PYTHONPATH": str(ROOT / "src") + (os.pathsep + path if path else "")}
    proc = subprocess.Popen(cmd, cwd=tmp_path_factory.getbasetemp(), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/api/overview", proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed "
                                   "(pip install playwright==1.56.0; the browser is the Debian chromium)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install the Debian package chromium (scripts/setup-system.sh) "
                    f"or set DYADWATCH_CHROMIUM")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    pg = context.new_page()
    pg.requests_elsewhere = []  # every request must stay on the dashboard's origin (works offline)
    pg.on("request", lambda r: None if r.url.startswith(server) else pg.requests_elsewhere.append(r.url))
    yield pg
    assert pg.requests_elsewhere == []
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_browser_overview_renders_its_charts(page):
    page.goto("/")
    assert "Kyrgyzstan" in page.locator("h1").inner_text()
    assert page.locator("#chart-events svg.chart[data-chart=stacked-bars] rect.bar").count() >= 3
    assert page.locator("#chart-tone svg.chart[data-chart=lines] circle.point").count() == 4
    assert page.locator("#chart-topics svg.chart polyline.line").count() >= 1
    assert page.locator("[data-stat=articles] b").inner_text() == "5"
    shot(page, "overview")


def test_browser_event_filter_narrows_the_list(page):
    page.goto("/events")
    assert page.locator("tr.event-row").count() == 4
    page.select_option("form.filters select[name=language]", "ru")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*language=ru*")
    assert page.locator("tr.event-row").count() == 2
    page.select_option("form.filters select[name=actor]", "person:sergey-lavrov")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**actor=person*")
    rows = page.locator("tr.event-row")
    assert rows.count() == 1 and "Sergey Lavrov" in rows.inner_text()
    shot(page, "events")


def test_browser_entity_page_opens_from_an_event(page):
    page.goto("/events")
    page.locator("tr.event-row a", has_text="Vladimir Putin").first.click()
    page.wait_for_url("**/entities/person%3Avladimir-putin")
    assert page.locator("h1").inner_text().startswith("Vladimir Putin")
    net = page.locator("#network svg.chart[data-chart=network]")
    assert net.locator("circle.node").count() == 2  # Putin and his counterpart Japarov
    assert "Sadyr Japarov" in net.text_content()
    assert page.locator("ul.quotes li.quote").count() == 2  # one English, one Russian
    shot(page, "entity")


def test_browser_article_shows_highlights_linked_to_records(page):
    page.goto("/articles/en_meeting")
    text = page.locator("#article-text")
    assert text.locator("a.hl-entity").count() >= 5
    assert text.locator("a.hl-quote").count() >= 1
    assert text.locator("a.hl-trigger").count() == 1
    assert text.locator("a.hl-date").count() >= 2
    shot(page, "article")
    text.locator("a.hl-entity", has_text="Vladimir Putin").first.click()
    page.wait_for_url("**/entities/person%3Avladimir-putin")


def test_browser_hostile_article_markup_stays_text(page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("/articles/xss_probe")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert "<script>window.pwned=1</script>" in page.locator("#article-text").inner_text()
    assert page.locator("#article-text img, #article-text script, #article-text b").count() == 0
    assert dialogs == []


def test_browser_russian_search_finds_the_inflected_form(page):
    page.goto("/")
    page.fill("header input[name=q]", "мигрант")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit")
    assert hits.count() == 1
    assert "Жапаров и Путин провели переговоры" in hits.inner_text()
    shot(page, "search")


def test_browser_english_search_finds_the_article(page):
    page.goto("/search?q=students")
    hits = page.locator("li.hit")
    assert hits.count() == 1
    assert "Kosachev visits Bishkek" in hits.inner_text()


def test_browser_quotes_browser_filters_by_speaker(page):
    page.goto("/quotes")
    quotes = page.locator("ul.quotes li.quote")
    total = quotes.count()
    assert total >= 2
    page.select_option("form.filters select[name=speaker]", "person:vladimir-putin")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**speaker=person*")
    texts = quotes.all_inner_texts()
    assert 1 <= len(texts) <= total and all("Vladimir Putin" in t for t in texts)
    shot(page, "quotes")


def test_browser_commitments_ledger_lists_entries_with_their_mentions(page):
    page.goto("/commitments")
    rows = page.locator("table.ledger tr.ledger-entry")
    assert rows.count() >= 1
    assert rows.first.locator("ol.mentions li a").count() >= 1  # each entry links the articles that report it
    shot(page, "commitments")


def test_browser_events_sort_by_clicking_a_header(page):
    page.goto("/events")
    page.click("table.events th a[data-sort=date]")  # the default is newest first: one click sorts ascending
    page.wait_for_url("**/events?sort=date")
    dates = [t.split("\n")[0] for t in page.locator("tr.event-row td:first-child").all_inner_texts()]
    assert dates == sorted(dates) and len(dates) == 4
    assert page.locator("th[aria-sort=ascending]").count() == 1
    page.click("table.events th a[data-sort=date]")
    page.wait_for_url("**/events?sort=-date")
    again = [t.split("\n")[0] for t in page.locator("tr.event-row td:first-child").all_inner_texts()]
    assert again == sorted(dates, reverse=True)
    shot(page, "events-sorted")


def test_browser_paging_past_the_end_links_to_the_last_page(page):
    page.goto("/articles?limit=2&offset=999999")
    assert "past the end" in page.locator(".pager").first.inner_text()
    assert page.locator("ul.articles li a.article-link").count() == 0
    page.locator(".pager a[rel=last]").first.click()
    page.wait_for_url("**offset=4*")
    assert page.locator("ul.articles li a.article-link").count() == 1  # 5 articles, 2 a page: the last has 1
    assert "5–5 of 5" in page.locator(".pager").first.inner_text()


def test_browser_a_bad_date_shows_the_form_with_the_reason(page):
    response = page.goto("/events?from=2025-13-45")
    assert response.status == 422
    assert "text/html" in response.headers["content-type"]
    assert "2025-13-45" in page.locator(".form-errors").inner_text()
    assert page.locator("form.filters button[type=submit]").count() == 1  # the form is there to fix it
    shot(page, "events-bad-date")


def test_browser_csv_download_is_the_list_shown(page):
    page.goto("/events?language=ru")
    with page.expect_download() as info:
        page.click("a.csv-download")
    download = info.value
    text = Path(download.path()).read_text(encoding="utf-8")
    header, *rows = text.strip().splitlines()
    assert "actor1_name" in header and "actor1_country" in header and "actor2_name" in header
    assert len(rows) == page.locator("tr.event-row").count() == 2
    assert download.suggested_filename.endswith(".csv")


def test_browser_search_in_russian_finds_english_articles(page):
    page.goto("/")
    page.fill("header input[name=q]", "Путин")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit")
    assert hits.count() == 2
    langs = sorted(t.strip() for t in hits.locator(".tag.lang").all_inner_texts())
    assert langs == ["en", "ru"]
    marks = page.locator("li.hit mark").all_inner_texts()
    assert "Vladimir Putin" in marks and "Владимир Путин" in marks
    shot(page, "search-across-languages")


def test_browser_timeline_filters_by_level_and_opens_the_event(page):
    page.goto("/timeline")
    contacts = page.locator("li.contact")
    assert contacts.count() == 3
    assert page.locator("section.tl-month h2").all_inner_texts() == ["March 2024", "May 2024", "June 2024"]
    assert contacts.first.locator(".tag.level").inner_text() == "Heads of state and government"
    assert "2 reports" in contacts.first.locator(".reports").inner_text()
    shot(page, "timeline")
    page.click("nav.level-filter a[data-level=ministers]")
    page.wait_for_url("**/timeline?level=ministers")
    assert contacts.count() == 1 and "Sergey Lavrov" in contacts.inner_text()
    page.select_option("form.filters select[name=level]", "heads")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**level=heads*")
    assert contacts.count() == 1 and "Vladimir Putin" in contacts.inner_text()
    contacts.first.locator("a.contact-link").click()
    page.wait_for_url("**/events/**")
    assert "Reports of this event" in page.content()
    assert page.locator("text=Sadyr Japarov").count() >= 1


def test_browser_a_chart_bar_opens_the_month_in_the_events_list(page):
    page.goto("/")
    page.locator("#chart-events a.chart-link").first.click()
    page.wait_for_url("**/events?from=2024-03-01&to=2024-03-31&type=CONSULT")
    assert page.locator("tr.event-row").count() == 2


def test_browser_report_from_the_navigation_with_a_period(page):
    page.goto("/")
    page.click("header nav a:has-text('Report')")
    page.wait_for_url("**/report")
    page.fill("form.report-form input[name=from]", "2024-01-01")
    page.fill("form.report-form input[name=to]", "2024-12-31")
    page.click("form.report-form button[type=submit]")
    page.wait_for_url("**/report?from=2024-01-01&to=2024-12-31")
    report = page.locator("article.report")
    assert report.locator("nav.toc a").count() == 6
    assert report.locator("svg.chart").count() == 3
    assert report.locator("tr.key-event").count() == 3
    shot(page, "report")


def test_browser_merged_events_open_to_their_reports(page):
    page.goto("/merged-events?sort=-reports")
    rows = page.locator("tr.merged-event")
    assert rows.count() >= 1
    first = rows.first
    summary = first.locator("details summary")
    assert "2 articles" in summary.inner_text()  # the English and the Russian report of the 2024 talks
    summary.click()
    reports = first.locator("li.report")
    assert reports.count() == 2 and reports.first.is_visible()
    shot(page, "merged-events")
    reports.first.locator("a").first.click()
    page.wait_for_url("**/events/**")
    assert "Reports of this event" in page.content()
