"""The analyst's dashboard: server-rendered pages, each with a JSON twin under ``/api``.

``create_app(settings_or_store)`` builds the FastAPI app over a ``Store``.
Pages are Jinja2 templates with autoescaping; the only markup not escaped by
the template engine is what ``charts`` and ``highlight`` build, and both
escape every piece of text they place. Nothing is fetched from the network:
CSS and the small script are served from ``static/``, charts are inline SVG,
and FastAPI's CDN-based Swagger page is replaced by a local endpoint list
(the OpenAPI schema itself is at ``/api/openapi.json``).

Security: when ``Settings.token`` is set every request must carry it
(``Authorization: Bearer``, ``X-Dyadwatch-Token``, ``?token=`` which then sets
a same-site cookie, or that cookie); page sizes are capped at
``Settings.max_page_size`` and search text at ``MAX_QUERY`` characters;
the store builds only parameterised SQL.

Lists (``listing``): every list page and its twin sort by a whitelisted key,
take a page size of 1 to 500, refuse days that do not exist and parameters
they do not take (422: the page shows its form with the reasons, the twin
FastAPI's ``detail`` list), and the twin answers ``?format=csv`` too. The
actor and speaker filters take a name in any language (``dyadwatch.search``).
"""
from __future__ import annotations

from dataclasses import replace

import hmac
from datetime import date
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..settings import Settings
from ..tonescale import scale_legend
from ..store import Filters, Store, open_store
from ..store.lists import Sort
from . import charts, contacts, highlight, listing, views

HERE = Path(__file__).resolve().parent
MAX_QUERY = 200
MAX_BODY_BYTES = 64 * 1024  # the API is read-only (GET); a large body is refused before any route sees it
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2})?$"
TOKEN_COOKIE = "dyadwatch_token"
SECURITY_HEADERS = {
    # Inline styles only (SVG attributes); no inline or foreign scripts, nothing from other origins.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the token may sit in a URL
    "X-Frame-Options": "DENY",
}


# What the spec says a 404 of a one-item route looks like (FastAPI documents 200 and 422 only).
NOT_FOUND = {404: {"description": "No such item", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}}}}}


def invalid(param: str, msg: str) -> HTTPException:
    """A 422 in the shape the spec gives every 422 (FastAPI's HTTPValidationError: a list of errors)."""
    return HTTPException(422, [{"loc": ["query", param], "msg": msg, "type": "value_error"}])


def _validation_detail(detail: Any) -> Any:
    return detail if isinstance(detail, list) else [{"loc": ["request"], "msg": str(detail), "type": "value_error"}]


def _blank(v: str | None) -> str | None:
    return v.strip() or None if v else None


def filter_params(
    date_from: str | None = Query(None, alias="from", pattern=DATE_PATTERN, description="First day, YYYY-MM-DD."),
    date_to: str | None = Query(None, alias="to", pattern=DATE_PATTERN, description="Last day, YYYY-MM-DD."),
    actor: str | None = Query(None, max_length=300, description="Entity id of an actor / mentioned entity, or "
                                                                 "its name in any language («Путин», Putin)."),
    type: str | None = Query(None, max_length=40, description="PLOVER event type, e.g. CONSULT."),
    topic: str | None = Query(None, max_length=64, description="Topic label, e.g. migration."),
    language: str | None = Query(None, max_length=8, description="ISO 639-1 article language."),
    source: str | None = Query(None, max_length=300, description="Outlet, e.g. 24.kg."),
    story: str | None = Query(None, max_length=300, description="Story id (articles about one matter)."),
) -> Filters:
    return Filters(date_from=listing.checked_date("from", date_from), date_to=listing.checked_date("to", date_to),
                   entity=_blank(actor),
                   event_type=_blank(type), topic=_blank(topic), language=_blank(language), source=_blank(source),
                   story=_blank(story))


def create_app(settings_or_store: Settings | Store | str | Path | None = None,
               settings: Settings | None = None) -> FastAPI:
    """The dashboard app over a store (given, or opened from ``Settings.db`` / a path)."""
    if isinstance(settings_or_store, Store):
        store = settings_or_store
        settings = settings or Settings.load()
    elif isinstance(settings_or_store, Settings):
        settings = settings_or_store
        store = open_store(settings.db)
    else:
        settings = settings or Settings.load()
        store = open_store(settings_or_store or settings.db)

    app = FastAPI(title="dyadwatch", version=_version(), docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Structured, evidence-linked record of the relations of two countries.")
    app.state.store, app.state.settings = store, settings
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    _template_helpers(templates, settings)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def paging(limit: int | None = Query(None, ge=1, le=listing.MAX_LIMIT,
                                         description="Page size, 1 to 500 (default Settings.page_size; "
                                                     "capped at Settings.max_page_size)."),
               offset: int = Query(0, ge=0, le=10_000_000)) -> tuple[int, int]:
        return min(limit or settings.page_size, settings.max_page_size), offset

    paths = tuple(str(p) for p in settings.knowledge_paths or ())
    strict = [Depends(listing.only_known_params)]  # list routes refuse parameters they do not take

    def named_filters(f: Filters = Depends(filter_params)) -> Filters:
        # the actor filter takes a name in any language: resolved here through the search library
        from ..search import resolve_actor

        return replace(f, entity=resolve_actor(store, f.entity, paths)) if f.entity else f

    def dyad_filters(f: Filters = Depends(named_filters),
                     all_events: bool = Query(False, description="Also events none of whose actors is of the "
                                                                 "dyad (left out of the dyad views by default).")
                     ) -> Filters:
        return f if all_events else replace(f, dyad=tuple(settings.dyad))

    def pair_filters(f: Filters = Depends(dyad_filters),
                     actor2: str | None = Query(None, max_length=300, description="A second actor of the same "
                                                                                   "events (id or name), as the "
                                                                                   "actor-pair matrix links.")
                     ) -> Filters:
        from ..search import resolve_actor

        return replace(f, counterpart=resolve_actor(store, actor2.strip(), paths)) if _blank(actor2) else f

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable) -> Response:
        set_cookie = False
        length = request.headers.get("content-length") or "0"
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return JSONResponse({"detail": f"request body larger than {MAX_BODY_BYTES} bytes"}, status_code=413,
                                headers=SECURITY_HEADERS)
        if settings.token:
            offered = (request.headers.get("x-dyadwatch-token") or _bearer(request.headers.get("authorization"))
                       or request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE) or "")
            if not hmac.compare_digest(offered.encode(), settings.token.encode()):
                return JSONResponse({"detail": "a valid token is required (Authorization: Bearer, "
                                               "X-Dyadwatch-Token or ?token=)"}, status_code=401,
                                    headers=SECURITY_HEADERS)
            set_cookie = request.query_params.get("token") == settings.token
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        if set_cookie:
            response.set_cookie(TOKEN_COOKIE, settings.token, httponly=True, samesite="strict")
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_input(request: Request, exc: RequestValidationError) -> Response:
        errors = listing.error_items(exc)
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": errors}, status_code=422)
        kind = request.url.path.strip("/")
        lines = listing.error_lines(errors)
        if kind in listing.LIST_KINDS:  # the list's form, as the user filled it, with the reasons above it
            from . import queries

            ctx = {"data": listing.empty_page(kind, request, settings.page_size), "page": kind, "errors": lines,
                   "facets": queries.facets(store), "actors": queries.top_speakers(store) if kind == "quotes"
                   else queries.top_actors(store)}
            return templates.TemplateResponse(request, f"{kind}.html", ctx, status_code=422)
        form_page = contacts.form_error_page(request, templates, lines)
        if form_page is not None:  # the timeline, matrix and report forms, as filled, with the reasons
            return form_page
        return templates.TemplateResponse(request, "error.html", {"status": 422, "detail": "; ".join(lines),
                                                                  "page": "error"}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)  # 405's Allow among them
        if request.url.path.startswith("/api"):
            detail = _validation_detail(exc.detail) if exc.status_code == 422 else exc.detail
            return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=headers)
        detail = "; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in exc.detail) \
            if isinstance(exc.detail, list) else exc.detail
        return templates.TemplateResponse(request, "error.html", {"status": exc.status_code, "detail": detail,
                                                                  "page": "error"}, status_code=exc.status_code,
                                          headers=headers)

    def page(request: Request, name: str, data: dict[str, Any], **extra: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, f"{name}.html", {"data": data, "page": name, **extra})

    def found(value: Any, what: str) -> Any:
        if value is None:
            raise HTTPException(404, f"no such {what}")
        return value

    # ----------------------------------------------------------------- overview
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request, f: Filters = Depends(dyad_filters)) -> HTMLResponse:
        return page(request, "overview", views.overview(store, settings, f))

    @app.get("/api/overview", tags=["overview"])
    def overview_api(f: Filters = Depends(dyad_filters)) -> dict[str, Any]:
        """Counts, events per month by type, tone and topics per month, latest events."""
        return views.overview(store, settings, f)

    # ----------------------------------------------------------------- events
    @app.get("/events", response_class=HTMLResponse, include_in_schema=False, dependencies=strict)
    def events_page(request: Request, f: Filters = Depends(pair_filters), p: tuple[int, int] = Depends(paging),
                    sort: Sort = Depends(listing.sort_param("events"))) -> HTMLResponse:
        from . import queries

        return page(request, "events", views.events(store, f, *p, sort), facets=queries.facets(store),
                    actors=queries.top_actors(store))

    @app.get("/api/events", tags=["events"], responses=listing.CSV_RESPONSE, dependencies=strict)
    def events_api(f: Filters = Depends(pair_filters), p: tuple[int, int] = Depends(paging),
                   sort: Sort = Depends(listing.sort_param("events")),
                   fmt: str = Depends(listing.format_param)) -> dict[str, Any]:
        """Events, newest first (or by ``sort``), narrowed by the filters; ``format=csv`` for a CSV of the page
        with each actor's name, entity, country and role in their own columns."""
        return listing.answer("events", views.events(store, f, *p, sort), fmt)

    # ----------------------------------------------------------------- merged events
    @app.get("/merged-events", response_class=HTMLResponse, include_in_schema=False, dependencies=strict)
    def merged_events_page(request: Request, f: Filters = Depends(dyad_filters),
                           p: tuple[int, int] = Depends(paging),
                           sort: Sort = Depends(listing.sort_param("merged-events"))) -> HTMLResponse:
        from . import queries

        return page(request, "merged-events", views.merged_events(store, f, *p, sort), facets=queries.facets(store),
                    actors=queries.top_actors(store))

    @app.get("/api/merged-events", tags=["events"], responses=listing.CSV_RESPONSE, dependencies=strict)
    def merged_events_api(f: Filters = Depends(dyad_filters), p: tuple[int, int] = Depends(paging),
                          sort: Sort = Depends(listing.sort_param("merged-events")),
                          fmt: str = Depends(listing.format_param)) -> dict[str, Any]:
        """Real-world events, one row each with its number of reports, languages and outlets and the
        reports themselves (earliest first), as linking merged them across articles and languages."""
        return listing.answer("merged-events", views.merged_events(store, f, *p, sort), fmt)

    @app.get("/events/{event_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        return page(request, "event", found(views.event(store, event_id, settings), "event"))

    @app.get("/api/events/{event_id:path}", responses=NOT_FOUND, tags=["events"])
    def event_api(event_id: str) -> dict[str, Any]:
        """One event with every stored report of it (articles, outlets, languages)."""
        return found(views.event(store, event_id, settings), "event")

    # ----------------------------------------------------------------- entities
    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False, dependencies=strict)
    def entities_page(request: Request, name: str | None = Query(None, max_length=MAX_QUERY),
                      type: str | None = Query(None, max_length=16), country: str | None = Query(None, max_length=8),
                      p: tuple[int, int] = Depends(paging),
                      sort: Sort = Depends(listing.sort_param("entities"))) -> HTMLResponse:
        return page(request, "entities", views.entities(store, _blank(name), _blank(type), _blank(country), *p, sort))

    @app.get("/api/entities", tags=["entities"], responses=listing.CSV_RESPONSE, dependencies=strict)
    def entities_api(name: str | None = Query(None, max_length=MAX_QUERY),
                     type: str | None = Query(None, max_length=16),
                     country: str | None = Query(None, max_length=8), p: tuple[int, int] = Depends(paging),
                     sort: Sort = Depends(listing.sort_param("entities")),
                     fmt: str = Depends(listing.format_param)) -> dict[str, Any]:
        """Entities of the corpus, most mentioned first (or by ``sort``); ``format=csv`` for a CSV."""
        return listing.answer("entities", views.entities(store, _blank(name), _blank(type), _blank(country), *p, sort),
                              fmt)

    @app.get("/entities/{entity_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        return page(request, "entity", found(views.entity(store, entity_id), "entity"))

    @app.get("/api/entities/{entity_id:path}", responses=NOT_FOUND, tags=["entities"])
    def entity_api(entity_id: str) -> dict[str, Any]:
        """An entity: roles over time, counterparts, events, quotes, articles."""
        return found(views.entity(store, entity_id), "entity")

    # ----------------------------------------------------------------- quotes and commitments
    def speaker_param(speaker: str | None = Query(None, max_length=300, description="Speaker entity id, or "
                                                                                     "a name in any language.")
                      ) -> str | None:
        from ..search import resolve_actor

        return resolve_actor(store, speaker.strip(), paths) if _blank(speaker) else None

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False, dependencies=strict)
    def quotes_page(request: Request, f: Filters = Depends(named_filters), speaker: str | None = Depends(speaker_param),
                    q: str | None = Query(None, max_length=MAX_QUERY), p: tuple[int, int] = Depends(paging),
                    sort: Sort = Depends(listing.sort_param("quotes"))) -> HTMLResponse:
        from . import queries

        return page(request, "quotes", views.quotes(store, f, speaker, _blank(q), *p, sort),
                    facets=queries.facets(store), actors=queries.top_speakers(store))

    @app.get("/api/quotes", tags=["quotes"], responses=listing.CSV_RESPONSE, dependencies=strict)
    def quotes_api(f: Filters = Depends(named_filters), speaker: str | None = Depends(speaker_param),
                   q: str | None = Query(None, max_length=MAX_QUERY), p: tuple[int, int] = Depends(paging),
                   sort: Sort = Depends(listing.sort_param("quotes")),
                   fmt: str = Depends(listing.format_param)) -> dict[str, Any]:
        """Quotes by speaker entity, topic, text (substring of the quote or the speaker's name);
        ``format=csv`` for a CSV with the speaker's name and entity in their own columns."""
        return listing.answer("quotes", views.quotes(store, f, speaker, _blank(q), *p, sort), fmt)

    def ledger(f: Filters, status: str | None, today: str | None, p: tuple[int, int],
               sort: Sort | None = None) -> dict[str, Any]:
        if status and status not in views.queries.LEDGER_STATUSES:
            raise listing.invalid("query", "status", f"status must be one of "
                                  f"{', '.join(views.queries.LEDGER_STATUSES)}", status)
        try:
            day = date.fromisoformat(today) if today else date.today()
        except ValueError as exc:  # the pattern passes 2025-02-30
            raise listing.invalid("query", "today", f"today: {exc}", today) from None
        return views.commitments(store, settings, f, _blank(status), day, *p, sort)

    @app.get("/commitments", response_class=HTMLResponse, include_in_schema=False, dependencies=strict)
    def commitments_page(request: Request, f: Filters = Depends(named_filters),
                         status: str | None = Query(None, max_length=16),
                         today: str | None = Query(None, pattern=DATE_PATTERN),
                         p: tuple[int, int] = Depends(paging),
                         sort: Sort = Depends(listing.sort_param("commitments"))) -> HTMLResponse:
        from . import queries

        return page(request, "commitments", ledger(f, _blank(status), _blank(today), p, sort),
                    facets=queries.facets(store))

    @app.get("/api/commitments", tags=["commitments"], responses=listing.CSV_RESPONSE, dependencies=strict)
    def commitments_api(f: Filters = Depends(named_filters), status: str | None = Query(None, max_length=16),
                        today: str | None = Query(None, pattern=DATE_PATTERN,
                                                  description="Status is relative to this day (default: today)."),
                        p: tuple[int, int] = Depends(paging), sort: Sort = Depends(listing.sort_param("commitments")),
                        fmt: str = Depends(listing.format_param)) -> dict[str, Any]:
        """The commitment ledger: one entry per commitment with status (open, due_soon, past_deadline,
        fulfilled), deadline, first and latest mention and every follow-up; ``format=csv`` for a CSV."""
        return listing.answer("commitments", ledger(f, _blank(status), _blank(today), p, sort), fmt)

    # ----------------------------------------------------------------- articles
    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False, dependencies=strict)
    def articles_page(request: Request, f: Filters = Depends(named_filters), p: tuple[int, int] = Depends(paging),
                      sort: Sort = Depends(listing.sort_param("articles"))) -> HTMLResponse:
        from . import queries

        return page(request, "articles", views.articles(store, f, *p, sort), facets=queries.facets(store))

    @app.get("/api/articles", tags=["articles"], responses=listing.CSV_RESPONSE, dependencies=strict)
    def articles_api(f: Filters = Depends(named_filters), p: tuple[int, int] = Depends(paging),
                     sort: Sort = Depends(listing.sort_param("articles")),
                     fmt: str = Depends(listing.format_param)) -> dict[str, Any]:
        """Articles (metadata and lead), newest first (or by ``sort``); ``format=csv`` for a CSV."""
        return listing.answer("articles", views.articles(store, f, *p, sort), fmt)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        art = found(views.article(store, article_id), "article")
        return page(request, "article", art.to_dict(), article=art,
                    highlighted=Markup(highlight.render_article(art)), legend=highlight.legend())

    @app.get("/api/articles/{article_id:path}", responses=NOT_FOUND, tags=["articles"])
    def article_api(article_id: str) -> dict[str, Any]:
        """The article as the export contract object (the same object `dyadwatch extract` writes)."""
        return found(views.article(store, article_id), "article").to_dict()

    # ----------------------------------------------------------------- search
    @app.get("/search", response_class=HTMLResponse, include_in_schema=False, dependencies=strict)
    def search_page(request: Request, q: str = Query("", max_length=MAX_QUERY), f: Filters = Depends(named_filters),
                    p: tuple[int, int] = Depends(paging),
                    sort: Sort = Depends(listing.sort_param("search"))) -> HTMLResponse:
        from . import queries

        return page(request, "search", views.search(store, q, f, *p, sort, settings), facets=queries.facets(store))

    @app.get("/api/search", tags=["search"], responses=listing.CSV_RESPONSE, dependencies=strict)
    def search_api(q: str = Query(..., max_length=MAX_QUERY, description="Words in Russian or English; any "
                                                                          "inflected form matches; a name finds the "
                                                                          "entity's articles in both languages."),
                   f: Filters = Depends(named_filters), p: tuple[int, int] = Depends(paging),
                   sort: Sort = Depends(listing.sort_param("search")),
                   fmt: str = Depends(listing.format_param)) -> dict[str, Any]:
        """Full-text search across both languages, with the same filters: words match in any inflected form,
        and a query that names an entity («Путин», Putin) finds every article mentioning it; snippets carry
        the matches' offsets (``marks``); ``format=csv`` for a CSV."""
        return listing.answer("search", views.search(store, q, f, *p, sort, settings), fmt)

    # ----------------------------------------------------------------- report and API index
    contacts.register(app, templates)  # /timeline, /matrix, /report and their twins

    @app.get("/api/report", tags=["report"])
    def report_api(start: str = Query(..., alias="from", pattern=DATE_PATTERN),
                   end: str = Query(..., alias="to", pattern=DATE_PATTERN)) -> dict[str, Any]:
        """The period brief's content: counts, series, key events, top quotes, commitments due."""
        from ..report import ReportError, report_data

        try:
            return report_data(store, start, end, settings=settings)
        except ReportError as exc:
            raise invalid("from", str(exc)) from None

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_index(request: Request) -> HTMLResponse:
        routes = [(path, m.upper(), op.get("summary", ""), (op.get("description") or "").split("\n")[0])
                  for path, ops in app.openapi()["paths"].items() for m, op in ops.items()]
        return page(request, "api", {"routes": routes})

    return app


def quote_path(value: str) -> str:
    """An id as one URL path segment (ids may hold '/', ':' or spaces)."""
    return quote(value, safe="")


def _bearer(value: str | None) -> str | None:
    if value and value.lower().startswith("bearer "):
        return value[7:].strip()
    return None


def _version() -> str:
    from .. import __version__

    return __version__


def _template_helpers(templates: Jinja2Templates, settings: Settings) -> None:
    env = templates.env

    def with_query(request: Request, **changes: Any) -> str:
        params = {k: v for k, v in request.query_params.items() if k != "token"}
        for k, v in changes.items():
            if v is None:
                params.pop(k, None)
            else:
                params[k] = str(v)
        return f"{request.url.path}?{urlencode(params)}" if params else request.url.path

    def api_twin(request: Request, **changes: Any) -> str:
        path = request.url.path
        target = "/api/overview" if path == "/" else f"/api{path}"
        params = {k: v for k, v in request.query_params.items() if k != "token"}
        params.update({k: str(v) for k, v in changes.items() if v is not None})
        return f"{target}?{urlencode(params)}" if params else target

    def month_list(path: str, **extra: str) -> str:
        """A chart mark's filtered list: ``path`` over the mark's month (and its series)."""
        first, last = contacts.month_days(extra.pop("month"))
        return f"{path}?{urlencode({'from': first, 'to': last, **extra})}"

    def events_chart(series: dict[str, Any]) -> Markup:
        return Markup(charts.stacked_bars(series["months"], series["series"], "Events per month by type",
                                          href=lambda m, t: month_list("/events", month=m, type=t)))

    def tone_chart(series: dict[str, Any]) -> Markup:
        return Markup(charts.lines(series["months"], {"tone": series["series"].get("tone", [])},
                                   "Mean article tone per month (−10 hostile … +10 cooperative)",
                                   lo=-10, hi=10, zero_line=True, href=lambda m, _: month_list("/articles", month=m)))

    def topics_chart(series: dict[str, Any]) -> Markup:
        return Markup(charts.lines(series["months"], series["series"], "Articles per topic per month",
                                   href=lambda m, t: month_list("/articles", month=m, topic=t)))

    def network_chart(entity: dict[str, Any], counterparts: list[dict[str, Any]]) -> Markup:
        centre = charts.Node(entity["id"], entity["name"], group=entity.get("country") or "")
        others = [charts.Node(c["entity"], c["name"], c["events"], c.get("country") or "",
                              href=f"/entities/{quote_path(c['entity'])}") for c in counterparts]
        edges = [(entity["id"], c["entity"], float(c["events"])) for c in counterparts]
        return Markup(charts.network(centre, others, edges, f"Counterparts of {entity['name']}"))

    env.filters["idpath"] = lambda v: quote_path(str(v))
    env.filters["headline"] = views.headline
    env.globals.update(with_query=with_query, api_twin=api_twin, marked=listing.marked, events_chart=events_chart,
                       tone_chart=tone_chart,
                       topics_chart=topics_chart, network_chart=network_chart, country_name=views.country_name,
                       dyad=settings.dyad,
                       tone_legend=scale_legend(tuple(str(p) for p in settings.knowledge_paths or ())))
