"""The period brief: what happened between two dates, as HTML, Markdown or PDF.

``report_data`` gathers the content from the store (counts, month series, key
events, top quotes, commitments due); ``build_report`` lays it out. Charts are
the dashboard's own SVG renderer (``web.charts``): one renderer for pages,
HTML reports and PDFs, no plotting dependency, deterministic output. PDF is
the HTML report printed by headless Chromium (the Debian ``chromium`` package,
or the binary named by ``DYADWATCH_CHROMIUM``), so it looks like the HTML.
Markdown carries the same numbers as tables (charts as text bars) and, when
``charts_dir`` is given, links SVG files written there.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections import Counter
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any

from .settings import Settings
from .store import Filters, Store, linked_lists
from .store import lists
from .store.lists import Sort
from .tonescale import scale_legend

FORMATS = ("html", "md", "pdf")
DUE_AHEAD_DAYS = 180  # commitments falling due this long after the period are listed too
MAX_SCAN = 5000  # rows read per list when ranking; the brief stays bounded on big stores
KEY_EVENTS = 12  # the most reported real-world events of the period


class ReportError(RuntimeError):
    pass


def _check_period(start: str, end: str) -> tuple[date, date]:
    try:
        a, b = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError as exc:
        raise ReportError(f"dates must be YYYY-MM-DD: {exc}") from None
    if b < a:
        raise ReportError(f"the period ends ({end}) before it starts ({start})")
    return a, b


def report_data(store: Store, start: str, end: str, settings: Settings | None = None) -> dict[str, Any]:
    """Everything the brief shows, as a JSON-ready dict."""
    from .web.views import country_name, series_table

    settings = settings or Settings.load()
    first, last = _check_period(start, end)
    f = Filters(date_from=start, date_to=end)
    in_dyad = Filters(date_from=start, date_to=end, dyad=tuple(settings.dyad))  # events of third countries: out
    events = store.events(in_dyad, limit=MAX_SCAN).items
    quotes = store.quotes(f, limit=MAX_SCAN).items
    articles_total = store.count(f)

    # Key events: real-world events (merged across reports and languages), the most reported first,
    # then shown by date
    merged_page = linked_lists.merged_events_page(store, in_dyad, Sort.parse("-reports", "merged-events"),
                                                  KEY_EVENTS)
    merged = merged_page.items
    key_events = []
    for m in sorted(merged, key=lambda m: (m.date or m.first_published or "9999", m.id)):
        first = m.reports[0] if m.reports else None
        key_events.append({"id": m.id, "type": m.type, "mode": m.mode, "date": m.date or m.first_published,
                           "actors": [a.to_dict() for a in m.actors], "place": m.place,
                           "evidence": (first.evidence.get("text") or "") if first else "",
                           "event": first.event_row if first else None,
                           "reports": m.n_articles, "sources": list(m.sources)})

    # Top quotes: the most quoted speakers of the dyad's two countries (a brief on two countries does
    # not quote a third country's leader on its own affairs), their direct quotes first, one or two each
    dyad_codes = {c.upper() for c in settings.dyad}
    speaker_country = lists.entity_countries(store, (q.speaker.entity for q in quotes if q.speaker))
    quoted = [q for q in quotes if q.speaker and (q.speaker.country or speaker_country.get(q.speaker.entity or "")
                                                  or "").upper() in dyad_codes]
    by_speaker = Counter((q.speaker.entity or q.speaker.name) for q in quoted if q.speaker)
    chosen, per_speaker = [], Counter()
    for q in sorted(quoted, key=lambda q: (-by_speaker.get((q.speaker.entity or q.speaker.name)
                                                           if q.speaker else "", 0), not q.direct, q.id)):
        who = (q.speaker.entity or q.speaker.name) if q.speaker else ""
        if per_speaker[who] >= 2 or len(chosen) >= 10:
            continue
        per_speaker[who] += 1
        chosen.append({"speaker": q.speaker.name if q.speaker else None, "entity": q.speaker.entity if q.speaker
                       else None, "text": q.text, "direct": q.direct, "article": q.article.id,
                       "title": q.article.title, "source": q.article.source,
                       "published": (q.article.published or "")[:10] or None})

    # Commitments due: the ledger's entries (one per commitment, however often reported) made by the
    # period's end whose deadline falls in the period or soon after it; their status as the ledger says
    # it on the period's last day (the dashboard's ledger with ?today= that day)
    horizon = (last + timedelta(days=DUE_AHEAD_DAYS)).isoformat()
    due = []
    for entry in linked_lists.iter_ledger(store, last, Filters(date_to=end)):
        deadline = entry.get("deadline")
        if deadline and not deadline.startswith("--") and start[:len(deadline)] <= deadline <= horizon:
            actor, amount = entry.get("actor") or {}, entry.get("amount") or {}
            due.append({"actor": actor.get("name"), "country": actor.get("country"), "what": entry["what"],
                        "amount": amount.get("text"), "deadline": deadline,
                        "status": "due_soon" if entry["status"] == "open" and linked_lists.due_soon(
                            deadline, last) else entry["status"],
                        "article": entry["first"]["article_id"], "published": entry["first"]["date"],
                        "mentions": entry["n_mentions"]})
        if len(due) >= MAX_SCAN:
            break
    due.sort(key=lambda d: (d["deadline"], d["article"]))

    topics_series = series_table(store.monthly("topics", f), value="count", top=8, within=f)
    topic_totals = sorted(((k, sum(v)) for k, v in topics_series["series"].items()), key=lambda kv: (-kv[1], kv[0]))
    tone = [a.tone for a in store.articles(f, limit=MAX_SCAN).items if a.tone is not None]
    return {
        "period": {"from": start, "to": end},
        "dyad": [{"code": c, "name": country_name(c)} for c in settings.dyad],
        "counts": {"articles": articles_total, "events": len(events), "merged_events": merged_page.total,
                   "quotes": len(quotes),
                   "commitments_due": len(due)},
        "mean_tone": round(sum(tone) / len(tone), 2) if tone else None,
        "events_per_month": series_table(store.monthly("events", in_dyad), value="count", within=f),
        "tone_per_month": series_table(store.monthly("tone", f), fill=None, within=f),
        "topics_per_month": topics_series,
        "topic_totals": [{"label": k, "articles": v} for k, v in topic_totals],
        "event_types": dict(Counter(e.type for e in events).most_common()),
        "key_events": key_events,
        "top_quotes": chosen,
        "commitments_due": due,
    }


# --------------------------------------------------------------------------- charts
def _charts(data: dict[str, Any]) -> dict[str, str]:
    from .web import charts

    ev, tone = data["events_per_month"], data["tone_per_month"]
    return {
        "timeline": charts.stacked_bars(ev["months"], ev["series"], "Events per month by type"),
        "topics": charts.hbars([(t["label"], t["articles"]) for t in data["topic_totals"]], "Articles per topic"),
        "tone": charts.lines(tone["months"], {"tone": tone["series"].get("tone", [])},
                             "Mean article tone per month", lo=-10, hi=10, zero_line=True),
    }


def _actors(actors: list[dict[str, Any]]) -> str:
    return ", ".join(a["name"] + (f" ({a['country']})" if a.get("country") else "") for a in actors) or "—"


def _title(data: dict[str, Any]) -> str:
    pair = " – ".join(d["name"] for d in data["dyad"])
    return f"{pair}: {data['period']['from']} to {data['period']['to']}"


# --------------------------------------------------------------------------- layout shared by HTML and Markdown
SECTIONS = (("timeline", "Timeline"), ("topics", "Topics"), ("tone", "Tone"), ("key-events", "Key events"),
            ("quotes", "Top quotes"), ("commitments", "Commitments due"))
# The commitment ledger's words for a deadline status (web/templates/commitments.html says the same).
STATUS_WORDS = {"overdue": "past deadline", "past_deadline": "past deadline", "due_soon": "due soon", "open": "open",
                "fulfilled": "fulfilled", "no_deadline": "no deadline"}


def status_word(status: str | None) -> str:
    return STATUS_WORDS.get(status or "", (status or "").replace("_", " "))


def _by_date(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Oldest first; undated rows last, in their given order."""
    return sorted(rows, key=lambda r: (not r.get(key), r.get(key) or ""))


def _outlets(ev: dict[str, Any]) -> str:
    return ", ".join(ev.get("sources") or ()) or "—"


# --------------------------------------------------------------------------- HTML
_CSS = """.report{font:13px/1.45 system-ui,sans-serif;color:#1d2330;max-width:900px;margin:1.5rem auto;padding:0 1rem}
.report h1{font-size:1.5rem;margin-bottom:.2rem}
.report h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #dde1e7;break-after:avoid;page-break-after:avoid}
.report table{border-collapse:collapse;width:100%}
.report th,.report td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
.report th{font-size:.75rem;text-transform:uppercase;color:#667}.report .muted{color:#667}
.report .counts span{display:inline-block;margin-right:1.4rem}.report .counts b{font-size:1.3rem}
.report blockquote{margin:.4rem 0;padding:.1rem .7rem;border-left:3px solid #b8c4d6}
.report svg{max-width:100%;height:auto}.report figure{margin:.6rem 0;break-inside:avoid}
.report section.block{break-inside:avoid;page-break-inside:avoid}
.report nav.toc ol{margin:.3rem 0;padding-left:1.3rem}.report nav.toc li{display:inline-block;margin-right:1.2rem}
.report tr,.report li{break-inside:avoid}.report thead{display:table-header-group}
.report td:first-child{white-space:nowrap}"""


def _link(href: str | None, text: str, links: bool) -> str:
    from urllib.parse import quote

    if not (links and href):
        return escape(text)
    path, _, ident = href.rpartition("/")
    return f"<a href='{escape(path)}/{escape(quote(ident, safe=''))}'>{escape(text)}</a>"


def render_html_body(data: dict[str, Any], links: bool = False) -> str:
    """The brief as one ``<article class="report">`` with its own scoped style: the body of the
    standalone report, and what the dashboard's report page embeds (``links``: rows link to the
    dashboard's event and article pages)."""
    e = escape
    c = _charts(data)
    n = data["counts"]
    out = [f"<style>{_CSS}</style><article class='report'>",
           f"<h1>{e(_title(data))}</h1><p class='muted'>Period brief generated by dyadwatch.</p>",
           f"<p class='counts'><span><b>{n['articles']}</b> articles</span>"
           f"<span><b>{n['events']}</b> event reports</span>"
           f"<span><b>{n['merged_events']}</b> real-world events</span>"
           f"<span><b>{n['quotes']}</b> quotes</span><span><b>{n['commitments_due']}</b> commitments due</span>"
           + (f"<span><b>{data['mean_tone']:+.1f}</b> mean tone</span>" if data["mean_tone"] is not None else "")
           + "</p>",
           "<nav class='toc'><b>Contents</b><ol>"
           + "".join(f"<li><a href='#sec-{k}'>{e(t)}</a></li>" for k, t in SECTIONS) + "</ol></nav>",
           # a heading and its chart are one block: a page break never falls between them
           f"<section class='block' id='sec-timeline'><h2>Timeline</h2><figure id='timeline'>{c['timeline']}</figure>"
           "</section>",
           f"<section class='block' id='sec-topics'><h2>Topics</h2><figure id='topics'>{c['topics']}</figure>"
           "</section>",
           f"<section class='block' id='sec-tone'><h2>Tone</h2><figure id='tone'>{c['tone']}"
           f"<figcaption class='muted'>{e(scale_legend())}</figcaption></figure></section>",
           "<section id='sec-key-events'><h2>Key events</h2><table class='key-events'><thead><tr><th>Date</th>"
           "<th>Type</th><th>Actors</th><th>Evidence</th><th>Reports</th><th>Outlets</th></tr></thead><tbody>"]
    for ev in _by_date(data["key_events"], "date"):
        place = f" in {e(ev['place']['name'])}" if ev.get("place") else ""
        event_page = "/events/" + (ev.get("event") or ev["id"])  # the first report's event page
        out.append(f"<tr class='key-event'><td>{_link(event_page, ev['date'] or '—', links)}</td>"
                   f"<td>{e(ev['type'])} {e(ev['mode'] or '')}</td><td>{e(_actors(ev['actors']))}{place}</td>"
                   f"<td>{e(ev['evidence'])}</td><td>{ev['reports']}</td><td>{e(_outlets(ev))}</td></tr>")
    if not data["key_events"]:
        out.append("<tr><td colspan='6' class='muted'>No events in this period.</td></tr>")
    out.append("</tbody></table></section><section id='sec-quotes'><h2>Top quotes</h2>")
    for q in _by_date(data["top_quotes"], "published"):
        source = ", ".join(x for x in (q["source"], q["published"]) if x)
        out.append(f"<blockquote class='quote'>{e(q['text'])}</blockquote><p class='muted'>— "
                   f"{e(q['speaker'] or 'unknown')}"
                   + (f", {_link('/articles/' + q['article'], source, links)}" if source else "") + "</p>")
    if not data["top_quotes"]:
        out.append("<p class='muted'>No quotes in this period.</p>")
    out.append("</section><section id='sec-commitments'><h2>Commitments due</h2><table><thead><tr><th>Deadline</th>"
               "<th>Status</th><th>Actor</th><th>What</th><th>Amount</th></tr></thead><tbody>")
    for d in data["commitments_due"]:
        out.append(f"<tr><td>{e(d['deadline'])}</td><td>{e(status_word(d['status']))}</td>"
                   f"<td>{e(d['actor'] or d['country'] or '—')}</td><td>{e(d['what'])}</td><td>{e(d['amount'] or '')}"
                   "</td></tr>")
    if not data["commitments_due"]:
        out.append("<tr><td colspan='5' class='muted'>No commitments fall due in or soon after this period.</td></tr>")
    out.append("</tbody></table></section></article>")
    return "".join(out)


def render_html(data: dict[str, Any]) -> str:
    """The brief as one self-contained HTML document (no scripts, no external files)."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(_title(data))}</title>'
            f'<style>body{{margin:0}}</style></head><body>{render_html_body(data)}</body></html>')


# --------------------------------------------------------------------------- Markdown
def _md(text: Any) -> str:
    """Table-cell safe: no pipes or newlines; HTML-significant characters escaped for renderers that allow HTML."""
    return escape(" ".join(str(text or "").split())).replace("|", "\\|")


def _bar(v: float, top: float, width: int = 24) -> str:
    return "█" * max(1 if v else 0, round(width * v / top)) if top else ""


def render_markdown(data: dict[str, Any], charts_dir: Path | None = None, charts_link: str = "") -> str:
    n = data["counts"]
    out = [f"# {_md(_title(data))}", "",
           f"**{n['articles']}** articles · **{n['events']}** event reports · "
           f"**{n['merged_events']}** real-world events · **{n['quotes']}** quotes · "
           f"**{n['commitments_due']}** commitments due"
           + (f" · mean tone **{data['mean_tone']:+.1f}**" if data["mean_tone"] is not None else ""), "",
           "Contents: " + " · ".join(f"[{t}](#{t.lower().replace(' ', '-')})" for _, t in SECTIONS), ""]
    charts = {}
    if charts_dir is not None:
        charts_dir.mkdir(parents=True, exist_ok=True)
        for name, svg in _charts(data).items():
            (charts_dir / f"{name}.svg").write_text(svg, encoding="utf-8")
            charts[name] = [f"![{name}]({charts_link}{name}.svg)", ""]
    ev = data["events_per_month"]
    totals = [sum(s[i] for s in ev["series"].values()) for i in range(len(ev["months"]))]
    out += ["## Timeline", "", *charts.get("timeline", ()), "| Month | Events | |", "|---|---:|---|"]
    out += [f"| {m} | {t:g} | {_bar(t, max(totals))} |" for m, t in zip(ev["months"], totals)] or ["| — | 0 | |"]
    out += ["", "## Topics", "", *charts.get("topics", ()), "| Topic | Articles | |", "|---|---:|---|"]
    top = max((t["articles"] for t in data["topic_totals"]), default=0)
    out += [f"| {_md(t['label'])} | {t['articles']:g} | {_bar(t['articles'], top)} |" for t in data["topic_totals"]]
    tone = data["tone_per_month"]
    out += ["", "## Tone", "", *charts.get("tone", ()), f"_{_md(scale_legend())}_", "", "| Month | Mean tone |",
            "|---|---:|"]
    out += [f"| {m} | {v:+.1f} |" for m, v in zip(tone["months"], tone["series"].get("tone", [])) if v is not None]
    out += ["", "## Key events", "", "| Date | Type | Actors | Evidence | Reports | Outlets |",
            "|---|---|---|---|---:|---|"]
    out += [f"| {_md(e['date'] or '—')} | {_md(e['type'])} {_md(e['mode'] or '')} | {_md(_actors(e['actors']))} | "
            f"{_md(e['evidence'])} | {e['reports']} | {_md(_outlets(e))} |"
            for e in _by_date(data["key_events"], "date")]
    out += ["", "## Top quotes", ""]
    for q in _by_date(data["top_quotes"], "published"):
        source = ", ".join(_md(x) for x in (q["source"], q["published"]) if x)
        out += [f"> {_md(q['text'])}", ">", f"> — {_md(q['speaker'] or 'unknown')}" + (f", {source}" if source else ""),
                ""]
    out += ["## Commitments due", "", "| Deadline | Status | Actor | What | Amount |", "|---|---|---|---|---|"]
    out += [f"| {_md(d['deadline'])} | {_md(status_word(d['status']))} | {_md(d['actor'] or d['country'] or '—')} | "
            f"{_md(d['what'])} | {_md(d['amount'] or '')} |" for d in data["commitments_due"]]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- PDF
def find_chromium() -> str | None:
    """The Chromium binary: DYADWATCH_CHROMIUM, else chromium / chromium-browser / google-chrome on PATH."""
    named = os.environ.get("DYADWATCH_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, timeout: float = 120.0) -> bytes:
    """Print HTML to PDF with headless Chromium, offline (no network is touched)."""
    binary = find_chromium()
    if binary is None:
        raise ReportError("PDF needs Chromium: install the Debian package 'chromium' (scripts/setup-system.sh) "
                          "or set DYADWATCH_CHROMIUM to a Chrome/Chromium binary; html and md work without it")
    with tempfile.TemporaryDirectory(prefix="dyadwatch-pdf-") as tmp:
        src, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ReportError(f"Chromium did not finish printing within {timeout:.0f}s") from None
        if not out.is_file() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace")[-500:]
            raise ReportError(f"Chromium did not write the PDF (exit {proc.returncode}): {tail}")
        return out.read_bytes()


def build_report(store: Store, start: str, end: str, format: str = "html", *, settings: Settings | None = None,
                 charts_dir: Path | None = None, charts_link: str = "") -> str | bytes:
    """The period brief from ``start`` to ``end`` (ISO dates, inclusive): str for html/md, bytes for pdf."""
    if format not in FORMATS:
        raise ReportError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    data = report_data(store, start, end, settings)
    if format == "md":
        return render_markdown(data, charts_dir, charts_link)
    html = render_html(data)
    return html_to_pdf(html) if format == "pdf" else html
