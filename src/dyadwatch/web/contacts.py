"""Pages for the brief's questions: the timeline of contacts, the actor-pair matrix, the period report.

``register(app, templates)`` adds ``/timeline``, ``/matrix`` and ``/report`` with their JSON
twins (``/api/timeline``, ``/api/matrix``; ``?format=csv`` as on the lists). The content
comes from ``dyadwatch.contacts`` and ``dyadwatch.report``; this module only reads the
parameters and picks the template. A refused parameter answers 422 with the page's form,
the user's input in it and the reasons above it (``FORM_PAGES``, read by the app's handler).
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any, Callable

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from .. import contacts as contacts_lib
from . import listing

FORM_PAGES = ("timeline", "matrix", "report")
MAX_TOP = 50
REPORT_DEFAULT_DAYS = 90  # the report form's default period ends on the latest day of the corpus


def period(date_from: str | None = Query(None, alias="from", max_length=40, description="First day, YYYY-MM-DD."),
           date_to: str | None = Query(None, alias="to", max_length=40, description="Last day, YYYY-MM-DD.")
           ) -> tuple[str | None, str | None]:
    """A period whose days exist and which does not end before it starts (either end may be open)."""
    start, end = listing.checked_date("from", date_from), listing.checked_date("to", date_to)
    if start and end and end < start:
        raise listing.invalid("query", "to", f"the period ends ({end}) before it starts ({start})", date_to)
    return start, end


def month_days(month: str) -> tuple[str, str]:
    """The first and last day of a YYYY-MM month."""
    y, m = int(month[:4]), int(month[5:7])
    return f"{month}-01", f"{month}-{calendar.monthrange(y, m)[1]:02d}"


def register(app: FastAPI, templates: Jinja2Templates) -> None:
    store, settings = app.state.store, app.state.settings
    paths = tuple(str(p) for p in settings.knowledge_paths or ())
    dyad = tuple(settings.dyad)
    strict = [Depends(listing.only_known_params)]

    def choice(name: str, allowed: Callable[[], list[str]]) -> Callable[..., str | None]:
        def parse(value: str | None = Query(None, alias=name, max_length=40,
                                            description=f"One {name} of knowledge/contacts/contacts.yaml.")
                  ) -> str | None:
            value = (value or "").strip() or None
            if value and value not in allowed():
                raise listing.invalid("query", name, f"{name} must be one of {', '.join(allowed())}", value)
            return value
        return parse

    levels = choice("level", lambda: [lv.level for lv in contacts_lib.load_rules(paths).levels])
    kinds = choice("kind", lambda: [k.kind for k in contacts_lib.load_rules(paths).kinds])

    def the_timeline(p: tuple[str | None, str | None] = Depends(period), level: str | None = Depends(levels),
                     kind: str | None = Depends(kinds)) -> contacts_lib.Timeline:
        return contacts_lib.timeline(store, dyad, *p, level=level, kind=kind, paths=paths)

    def the_matrix(p: tuple[str | None, str | None] = Depends(period), level: str | None = Depends(levels),
                   top: int = Query(12, ge=1, le=MAX_TOP, description="Actors per side, the most active first.")
                   ) -> contacts_lib.Matrix:
        return contacts_lib.matrix(store, dyad, *p, top=top, level=level, paths=paths)

    def render(request: Request, name: str, data: Any, status: int = 200, **extra: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, f"{name}.html", {"data": data, "page": name, **extra},
                                          status_code=status)

    # ----------------------------------------------------------------- timeline
    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False, dependencies=strict)
    def timeline_page(request: Request, t: contacts_lib.Timeline = Depends(the_timeline)) -> HTMLResponse:
        return render(request, "timeline", t.to_dict())

    @app.get("/api/timeline", tags=["contacts"], responses=listing.CSV_RESPONSE, dependencies=strict)
    def timeline_api(t: contacts_lib.Timeline = Depends(the_timeline),
                     fmt: str = Depends(listing.format_param)) -> Any:
        """Contacts between the two sides of the dyad (meetings, visits, phone calls, agreements signed), oldest
        first, one per contact with its reports, participants and level (from the participants' offices on the
        day); ``level`` / ``kind`` narrow it; ``format=csv`` for one row per contact."""
        if fmt == "csv":
            return listing.csv_download("timeline", [timeline_row(c, dyad) for c in t.contacts],
                                        header=timeline_row(None, dyad))
        return t.to_dict()

    # ----------------------------------------------------------------- matrix
    @app.get("/matrix", response_class=HTMLResponse, include_in_schema=False, dependencies=strict)
    def matrix_page(request: Request, m: contacts_lib.Matrix = Depends(the_matrix)) -> HTMLResponse:
        return render(request, "matrix", m.to_dict(), links=matrix_links(m),
                      levels=[(lv.level, lv.label) for lv in contacts_lib.load_rules(paths).levels])

    @app.get("/api/matrix", tags=["contacts"], responses=listing.CSV_RESPONSE, dependencies=strict)
    def matrix_api(m: contacts_lib.Matrix = Depends(the_matrix), fmt: str = Depends(listing.format_param)) -> Any:
        """Contacts per pair of actors over the period: rows the first country's actors, columns the second's
        (the ``top`` most active of each side); ``format=csv`` for the table with one column per actor."""
        if fmt == "csv":
            rows = [{"actor": r.name, "entity": r.to_dict()["entity"], "country": r.country,
                     **{c.name: m.count(r.key, c.key) for c in m.columns}} for r in m.rows]
            return listing.csv_download("matrix", rows, header={"actor": None, "entity": None, "country": None})
        return m.to_dict()

    # ----------------------------------------------------------------- report
    @app.get("/report", response_class=HTMLResponse, include_in_schema=False, dependencies=strict)
    def report_page(request: Request, p: tuple[str | None, str | None] = Depends(period),
                    format: str = Query("page", pattern="^(page|html|md)$",
                                        description="page (the dashboard), or html / md to download")) -> Response:
        from ..report import ReportError, render_html, render_html_body, render_markdown, report_data

        start, end = p
        form = report_form(request)
        if not (start and end):
            if start or end:
                raise listing.invalid("query", "from" if not start else "to", "give both ends of the period", None)
            return render(request, "report", None, form=form)
        try:
            data = report_data(store, start, end, settings=settings)
        except ReportError as exc:  # a year the report cannot read (0000)
            raise listing.invalid("query", "from", str(exc), start) from None
        if format == "html":
            return download(render_html(data), "html", start, end)
        if format == "md":
            return download(render_markdown(data), "md", start, end)
        return render(request, "report", data, form=form, report=Markup(render_html_body(data, links=True)))

    def report_form(request: Request) -> dict[str, str]:
        """The form's dates: as given, else the last ``REPORT_DEFAULT_DAYS`` days of the corpus."""
        last = (store.stats().get("last_published") or "")[:10]
        try:
            end = date.fromisoformat(last)
        except ValueError:
            end = date.today()
        start = end - timedelta(days=REPORT_DEFAULT_DAYS - 1)
        return {"from": request.query_params.get("from") or start.isoformat(),
                "to": request.query_params.get("to") or end.isoformat()}

    rules = contacts_lib.load_rules(paths)
    no_levels = tuple((lv.level, lv.label, 0) for lv in rules.levels)
    no_kinds = tuple((k.kind, k.label, 0) for k in rules.kinds)
    # what each page's form shows when its parameters are refused (the app's 422 handler reads these)
    app.state.form_pages = {
        "timeline": lambda r: {"data": contacts_lib.Timeline(None, None, dyad, (), no_levels, no_kinds).to_dict()},
        "matrix": lambda r: {"data": contacts_lib.Matrix(None, None, dyad, (), (), {}, 0).to_dict(), "links": {},
                             "levels": [(k, label) for k, label, _ in no_levels]},
        "report": lambda r: {"data": None, "form": {"from": r.query_params.get("from", ""),
                                                    "to": r.query_params.get("to", "")}}}


def download(text: str, ext: str, start: str, end: str) -> Response:
    media = "text/html" if ext == "html" else "text/markdown"
    return Response(text, media_type=f"{media}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="dyadwatch-report-{start}-{end}.{ext}"'})


def matrix_links(m: contacts_lib.Matrix) -> dict[str, str]:
    """Each non-empty cell's events list: the two actors' events of the period."""
    from urllib.parse import urlencode

    out = {}
    for r in m.rows:
        for c in m.columns:
            if m.count(r.key, c.key):
                params = {k: v for k, v in (("from", m.start), ("to", m.end)) if v}
                params.update(actor=r.filter_value, actor2=c.filter_value)
                out[f"{r.key}|{c.key}"] = "/events?" + urlencode(params)
    return out


def timeline_row(c: contacts_lib.Contact | None, dyad: tuple[str, ...]) -> dict[str, Any]:
    """One CSV row of a contact: each side's participants in their own columns (names, entities, offices)."""
    def side(code: str) -> dict[str, Any]:
        people = [p for p in (c.participants if c else ()) if p.side == code]
        return {f"{code}_names": "; ".join(p.name for p in people),
                f"{code}_entities": "; ".join(p.entity or "" for p in people),
                f"{code}_offices": "; ".join(",".join(p.offices) for p in people)}

    row = {"event": c.event if c else None, "day": c.day if c else None, "kind": c.kind if c else None,
           "level": c.level if c else None}
    for code in dict.fromkeys(dyad):
        row.update(side(code))
    row.update({"others": "; ".join(p.name for p in c.participants if not p.side) if c else None,
                "place": c.place if c else None, "reports": len(c.reports) if c else None,
                "sources": "; ".join(sorted({r.source for r in c.reports if r.source})) if c else None,
                "articles": "; ".join(r.article for r in c.reports) if c else None})
    return row


def form_error_page(request: Request, templates: Jinja2Templates, lines: list[str]) -> HTMLResponse | None:
    """The 422 page of a form page here: its form as filled, the reasons above it (None: not one of ours)."""
    kind = request.url.path.strip("/")
    builders = getattr(request.app.state, "form_pages", {})
    if kind not in builders:
        return None
    ctx = {"page": kind, "errors": lines, **builders[kind](request)}
    return templates.TemplateResponse(request, f"{kind}.html", ctx, status_code=422)
