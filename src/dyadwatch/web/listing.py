"""What every list page and its JSON twin share: sort, page size, strict parameters, CSV.

- ``sort``: a whitelisted key of the list (``dyadwatch.store.lists.SORT_KEYS``), ``-key`` descending.
- ``limit``: 1..``MAX_LIMIT`` (else 422), then capped at ``Settings.max_page_size``.
- An offset past the end answers an empty page (200) whose ``last_offset`` says where the last
  page starts; the pager says "no rows here" and links there. Clamping would show rows the URL
  did not ask for, and a bookmarked page would silently change meaning as the store grows.
- Dates must exist (2025-13-45 is refused, not read as no filter); unknown parameters are refused
  (a misspelt ``lanugage=ru`` would otherwise silently show everything).
- Refusals are FastAPI's: 422 with ``detail`` a list of {loc, msg, type, input}; the HTML page
  answers the same status with the list's form, the user's input in it and the reasons above it.
- ``?format=csv`` on a JSON twin: the same rows, filters, sort and page, as plain columns.
"""
from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any, Callable, Iterable

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from markupsafe import Markup, escape

from ..flatrows import article_cols, event_row, merged_event_row
from ..store.lists import DEFAULT_SORT, SORT_KEYS, Sort, SortError

MAX_LIMIT = 500
LIST_KINDS = tuple(SORT_KEYS)
CSV_RESPONSE = {200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with ?format=csv"}}


def invalid(where: str, name: str, msg: str, value: Any) -> RequestValidationError:
    """A validation error in FastAPI's own shape (the 422 ``detail`` list)."""
    return RequestValidationError([{"type": "value_error", "loc": (where, name), "msg": msg, "input": value}])


def checked_date(name: str, value: str | None) -> str | None:
    """A YYYY-MM-DD that exists, or None for an empty field."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise invalid("query", name, f"{value!r} is not a date (YYYY-MM-DD, a day that exists)", value) from None


def sort_param(kind: str) -> Callable[..., Sort]:
    keys = ", ".join(SORT_KEYS[kind])

    def parse(sort: str | None = Query(None, max_length=40, description=f"Sort by one of: {keys}; prefix - for "
                                                                        f"descending (default {DEFAULT_SORT[kind]}).")
              ) -> Sort:
        try:
            return Sort.parse(sort, kind)
        except SortError as exc:
            raise invalid("query", "sort", str(exc), sort) from None

    return parse


def format_param(format: str = Query("json", pattern="^(json|csv)$",
                                     description="json, or csv: the same rows as plain columns.")) -> str:
    return format


_ALLOWED: dict[int, frozenset[str]] = {}


def only_known_params(request: Request) -> None:
    """Refuse query parameters the route does not take (``token`` is the guard's)."""
    route = request.scope.get("route")
    if route is None:
        return
    allowed = _ALLOWED.get(id(route))
    if allowed is None:
        allowed = _ALLOWED[id(route)] = frozenset(_query_names(route.dependant)) | {"token"}
    unknown = [k for k in dict.fromkeys(request.query_params.keys()) if k not in allowed]
    if unknown:
        raise RequestValidationError([
            {"type": "extra_forbidden", "loc": ("query", k), "msg": f"unknown parameter {k!r}; this list takes "
             f"{', '.join(sorted(allowed - {'token'}))}", "input": request.query_params.get(k)} for k in unknown])


def _query_names(dependant: Any) -> Iterable[str]:
    """The query parameter names of a route and of all its dependencies."""
    for p in dependant.query_params:
        yield p.alias
    for sub in dependant.dependencies:
        yield from _query_names(sub)


def error_items(exc: RequestValidationError) -> list[dict[str, Any]]:
    """The errors as JSON-ready dicts, as FastAPI answers them."""
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(exc.errors())


def error_lines(errors: Iterable[dict[str, Any]]) -> list[str]:
    """One readable line per error: "from: '2025-13-45' is not a date ..."."""
    out = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body")]
        out.append(f"{'.'.join(loc) or 'request'}: {e.get('msg', '')}")
    return out


def empty_page(kind: str, request: Request, limit: int) -> dict[str, Any]:
    """What a list page shows when its parameters are refused: no rows, the form as the user filled it."""
    return {"items": [], "total": 0, "limit": limit, "offset": 0, "last_offset": 0, "refused": True,
            "q": request.query_params.get("q", ""),
            "sort": request.query_params.get("sort") or DEFAULT_SORT[kind], "sort_keys": list(SORT_KEYS[kind]),
            "statuses": [], "today": "", "source": "store", "entities": []}


# --------------------------------------------------------------------------- snippets
def marked(snippet: dict[str, Any] | None) -> Markup:
    """A search snippet with its matches in <mark>, every piece escaped."""
    if not snippet:
        return Markup("")
    text, out, at = snippet.get("text") or "", [], 0
    for m in snippet.get("marks") or ():
        s, e = int(m["start"]), int(m["end"])
        if s < at or e > len(text):
            continue
        out.append(escape(text[at:s]))
        out.append(Markup("<mark>") + escape(text[s:e]) + Markup("</mark>"))
        at = e
    out.append(escape(text[at:]))
    return Markup("").join(out)


# --------------------------------------------------------------------------- CSV
def _quote_row(q: dict[str, Any]) -> dict[str, Any]:
    spk = q.get("speaker") or {}
    return {"id": q["id"], "speaker_name": spk.get("name"), "speaker_entity": spk.get("entity"), "text": q.get("text"),
            "direct": q.get("direct"), **article_cols(q.get("article"))}


def _commitment_row(c: dict[str, Any]) -> dict[str, Any]:
    actor, amount = c.get("actor") or {}, c.get("amount") or {}
    first, latest = c.get("first") or {}, c.get("latest") or {}
    return {"id": c["id"], "status": c.get("status"), "due_soon": c.get("due_soon"), "deadline": c.get("deadline"),
            "actor_name": actor.get("name"), "actor_entity": actor.get("entity"), "actor_country": actor.get("country"),
            "what": c.get("what"), "amount_value": amount.get("value"), "amount_currency": amount.get("currency"),
            "amount_text": amount.get("text"), "first_article": first.get("article_id"),
            "first_date": first.get("date"),
            "latest_article": latest.get("article_id"), "latest_date": latest.get("date"),
            "mentions": c.get("n_mentions")}


def _search_row(h: dict[str, Any]) -> dict[str, Any]:
    return {**article_cols(h.get("article"), ""), "rank": h.get("rank"),
            "snippet": (h.get("snippet") or {}).get("text")}


def _article_row(a: dict[str, Any]) -> dict[str, Any]:
    return {**article_cols(a, ""), "tone": a.get("tone"), "story": a.get("story"),
            "duplicate_of": a.get("duplicate_of")}


ROWS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "events": event_row, "quotes": _quote_row, "commitments": _commitment_row, "search": _search_row,
    "articles": _article_row, "entities": lambda e: dict(e), "merged-events": merged_event_row}


def csv_text(kind: str, items: list[dict[str, Any]]) -> str:
    """The page's rows as CSV with a header (the header alone when there are no rows)."""
    return rows_csv([ROWS[kind](i) for i in items], ROWS[kind](_EMPTY[kind]))


def rows_csv(rows: list[dict[str, Any]], header: dict[str, Any] | None = None) -> str:
    """Flat rows as CSV, cells a spreadsheet would run as formulas defused; ``header``'s keys when no rows."""
    cells = [{k: _cell(v) for k, v in r.items()} for r in rows]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(cells[0] if cells else header or {}), extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(cells)
    return buf.getvalue()


def csv_download(name: str, rows: list[dict[str, Any]], header: dict[str, Any] | None = None) -> Response:
    """Flat rows as a CSV attachment named after the view."""
    return Response(rows_csv(rows, header), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="dyadwatch-{name}.csv"'})


_FORMULA = ("=", "+", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (=, +, @, -) gets a leading apostrophe."""
    if isinstance(value, str) and value and (value.startswith(_FORMULA) or (value[0] == "-" and not _number(value))):
        return "'" + value
    return value


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


_EMPTY: dict[str, dict[str, Any]] = {
    "events": {"id": None}, "quotes": {"id": None}, "commitments": {"id": None}, "search": {}, "articles": {},
    "merged-events": {"id": None},
    "entities": {k: None for k in ("id", "name", "type", "country", "wikidata", "known", "articles", "mentions",
                                   "events")}}


def answer(kind: str, data: dict[str, Any], fmt: str) -> Any:
    """The JSON twin's answer: the dict, or its rows as a CSV download."""
    if fmt != "csv":
        return data
    return csv_download(kind, [ROWS[kind](i) for i in data["items"]], ROWS[kind](_EMPTY[kind]))
