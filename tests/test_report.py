"""The period brief: its content, its three formats, and the `dyadwatch report` command."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.report import ReportError, build_report, find_chromium, report_data
from dyadwatch.settings import Settings
from dyadwatch.store import open_store
from web_corpus import write_db

SETTINGS = Settings(dyad=("KGZ", "RUS"))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return write_db(tmp_path_factory.mktemp("report") / "report.db")


@pytest.fixture(scope="module")
def store(db):
    s = open_store(db)
    yield s
    s.close()


def test_report_data_counts_only_the_period(store):
    march = report_data(store, "2024-03-01", "2024-03-31", SETTINGS)
    assert march["counts"]["articles"] == 2 and march["counts"]["events"] == 2
    assert march["events_per_month"]["months"] == ["2024-03"]
    year = report_data(store, "2024-01-01", "2024-12-31", SETTINGS)
    assert year["counts"]["articles"] == 5 and year["counts"]["events"] == 4
    assert year["mean_tone"] == pytest.approx((4.5 + 4.0 + 3.0 + 1.5 + 0.5) / 5, abs=0.01)


def test_report_key_events_merge_reports_of_one_meeting(store):
    data = report_data(store, "2024-01-01", "2024-12-31", SETTINGS)
    top = data["key_events"][0]
    assert top["reports"] == 2 and top["sources"] == ["24.kg", "kabar.kg"]
    assert {a["name"] for a in top["actors"]} == {"Sadyr Japarov", "Vladimir Putin"}
    assert len(data["key_events"]) == 3  # the meeting (twice reported), the visit, the call


def test_report_top_quotes_and_topics(store):
    data = report_data(store, "2024-03-01", "2024-03-31", SETTINGS)
    assert {q["speaker"] for q in data["top_quotes"]} == {"Vladimir Putin"}
    assert len(data["top_quotes"]) == 2  # at most two per speaker
    assert data["topic_totals"][0] == {"label": "migration", "articles": 2}


def test_report_commitments_due_in_or_soon_after_the_period(store):
    summer = report_data(store, "2025-06-01", "2025-08-31", SETTINGS)
    assert [(d["deadline"], d["status"]) for d in summer["commitments_due"]] == [("2025-09-01", "due_soon")]
    late_2024 = report_data(store, "2024-12-01", "2024-12-31", SETTINGS)
    assert [d["what"] for d in late_2024["commitments_due"]] == ["построит солнечную электростанцию"]
    before = report_data(store, "2023-01-01", "2023-01-31", SETTINGS)
    assert before["commitments_due"] == []  # nothing had been promised yet


def test_report_html_is_self_contained_with_three_charts(store):
    html = build_report(store, "2024-01-01", "2024-12-31", "html", settings=SETTINGS)
    assert html.count("<svg") == 3
    assert all(f"id='{c}'" in html for c in ("timeline", "topics", "tone"))
    assert "Kyrgyzstan – Russian Federation: 2024-01-01 to 2024-12-31" in html
    assert "Мы лично следим за ситуацией с мигрантами" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "<link" not in html  # no external stylesheet: it prints and mails as one file


def test_report_tone_chart_says_what_the_scale_means(store):
    html = build_report(store, "2024-01-01", "2024-12-31", "html", settings=SETTINGS)
    caption = html.split("<figure id='tone'>", 1)[1].split("</figure>", 1)[0]
    assert "<figcaption" in caption and all(m in caption for m in ("−10 armed force", "0 neutral", "+10 "))
    md = build_report(store, "2024-01-01", "2024-12-31", "md", settings=SETTINGS)
    assert "−5 coercion and demands" in md.split("## Tone", 1)[1].split("| Month |", 1)[0]


def test_report_markdown_tables_and_chart_files(store, tmp_path):
    md = build_report(store, "2024-01-01", "2024-12-31", "md", settings=SETTINGS, charts_dir=tmp_path / "c",
                      charts_link="c/")
    assert md.startswith("# Kyrgyzstan – Russian Federation")
    assert "| 2024-03 | 2 |" in md and "| migration | 2 |" in md
    assert "![timeline](c/timeline.svg)" in md
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["timeline.svg", "tone.svg", "topics.svg"]
    assert "| 2024 | due soon | Russia | построит солнечную электростанцию |" in md  # the ledger's words


def test_report_rejects_bad_periods_and_formats(store):
    with pytest.raises(ReportError, match="before it starts"):
        report_data(store, "2024-12-31", "2024-01-01", SETTINGS)
    with pytest.raises(ReportError, match="YYYY-MM-DD"):
        report_data(store, "31.12.2024", "2025-01-01", SETTINGS)
    with pytest.raises(ReportError, match="format"):
        build_report(store, "2024-01-01", "2024-12-31", "docx", settings=SETTINGS)


def test_report_pdf_printed_by_headless_chromium(store):
    if find_chromium() is None:
        pytest.skip("no Chromium on PATH (Debian package chromium, installed by scripts/setup-system.sh)")
    pdf = build_report(store, "2024-01-01", "2024-12-31", "pdf", settings=SETTINGS)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000


def test_report_pdf_without_chromium_says_what_to_install(store, monkeypatch, tmp_path):
    monkeypatch.setenv("DYADWATCH_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(ReportError, match="chromium"):
        build_report(store, "2024-01-01", "2024-12-31", "pdf", settings=SETTINGS)


def test_report_cli_writes_markdown_with_charts(db, tmp_path):
    from dyadwatch.cli import app

    out = tmp_path / "brief.md"
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--from", "2024-03-01", "--to", "2024-03-31",
                                      "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Japarov" in out.read_text(encoding="utf-8")
    assert (tmp_path / "brief_charts" / "timeline.svg").is_file()


def test_report_cli_html_to_stdout_and_bad_dates(db):
    from dyadwatch.cli import app

    ok = CliRunner().invoke(app, ["report", "--db", str(db), "--from", "2024-01-01", "--to", "2024-12-31"])
    assert ok.exit_code == 0 and ok.output.lstrip().startswith("<!doctype html>")
    bad = CliRunner().invoke(app, ["report", "--db", str(db), "--from", "2024-13-01", "--to", "2024-12-31"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output


def test_report_cli_missing_database(tmp_path):
    from dyadwatch.cli import app

    result = CliRunner().invoke(app, ["report", "--db", str(Path(tmp_path) / "none.db"), "--from", "2024-01-01",
                                      "--to", "2024-01-31"])
    assert result.exit_code == 2 and "no database" in result.output


def test_report_reads_like_a_brief_contents_dates_in_order_and_outlets(store):
    from dyadwatch.report import render_html, render_markdown

    data = report_data(store, "2024-01-01", "2024-12-31", SETTINGS)
    # the same events given newest first: the brief still lists them oldest first
    data["key_events"] = sorted(data["key_events"], key=lambda e: e["date"] or "", reverse=True)
    data["key_events"].append({**data["key_events"][0], "id": "ev:no-outlet", "date": None, "sources": []})
    html = render_html(data)
    assert "<nav class='toc'>" in html and all(f"href='#sec-{k}'" in html for k in ("timeline", "key-events"))
    rows = html.split("<table class='key-events'>", 1)[1].split("</table>", 1)[0].split("<tr class='key-event'>")[1:]
    dates = [r.split("<td>", 1)[1].split("</td>", 1)[0] for r in rows]
    assert dates == sorted(d for d in dates if d != "—") + ["—"]  # undated last
    assert "<td>2</td><td>24.kg, kabar.kg</td></tr>" in rows[0]  # the meeting's two reports and their outlets
    assert "()" not in html.split("<table class='key-events'>", 1)[1].split("</table>", 1)[0]
    assert "<td>—</td></tr>" in rows[-1]  # no outlet: a dash, not "1 ()"
    # every chart sits in one block with its heading: a printed page never breaks between them
    for fig in ("timeline", "topics", "tone"):
        block = html.split(f"<section class='block' id='sec-{fig}'>", 1)[1].split("</section>", 1)[0]
        assert block.startswith("<h2>") and f"<figure id='{fig}'>" in block
    assert "break-inside:avoid" in html and "break-after:avoid" in html
    md = render_markdown(data)
    assert "Contents: [Timeline](#timeline)" in md and "| Reports | Outlets |" in md
    md_dates = [line.split(" | ", 1)[0][2:] for line in md.split("## Key events", 1)[1].split("## Top quotes")[0]
                .splitlines() if line.startswith("| ") and not line.startswith("| Date")]
    assert md_dates == sorted(d for d in md_dates if d != "—") + ["—"]


def test_report_top_quotes_are_of_the_dyads_speakers(tmp_path):
    """A Kyrgyzstan–Russia brief does not quote Kazakhstan's president on Kazakhstan's own affairs."""
    from dyadwatch.records import Actor, Quote
    from web_corpus import _article, corpus, entity, find

    tokayev = ("person:kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "PERSON", "KAZ")
    text = ("Astana will host the regional transport forum in the autumn, Kassym-Jomart Tokayev said.\n\n"
            "«We will open the new railway line to the Caspian ports before the forum begins», Tokayev said.")
    q_text = "We will open the new railway line to the Caspian ports before the forum begins"
    q = find(text, q_text)
    third = _article("kz_forum", text, language="en", source="example.kz", published="2024-05-02T09:00:00",
                     entities=(entity(text, tokayev, "Kassym-Jomart Tokayev", "Tokayev"),),
                     quotes=(Quote(q_text, q.start, q.end, Actor(tokayev[1], tokayev[0], None, "speaker"), True,
                                   stage="test"),))
    with open_store(tmp_path / "q.db") as store:
        store.write([*corpus(), third])
        data = report_data(store, "2024-01-01", "2024-12-31", SETTINGS)
    speakers = {q["speaker"] for q in data["top_quotes"]}
    assert "Vladimir Putin" in speakers and "Kassym-Jomart Tokayev" not in speakers
    assert data["counts"]["quotes"] == 3  # the count is of every quote in the period, as the quotes page counts
