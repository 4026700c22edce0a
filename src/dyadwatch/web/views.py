"""What each dashboard page shows, as plain JSON-ready dicts.

Every page has a JSON twin under ``/api``: both are built from the same
function here, so the page and the API can never disagree. Functions take the
store, the settings and already-validated parameters; they never see the
request.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Sequence

from ..records import Article
from ..settings import Settings
from ..store import Filters, MonthlyPoint, Page, Store
from . import queries

MAX_MONTHS = 240  # a chart axis longer than 20 years is cut to its last 20


@lru_cache(maxsize=64)
def country_name(code: str | None) -> str:
    if not code:
        return ""
    try:
        import pycountry

        c = pycountry.countries.get(alpha_3=code.upper())
        return getattr(c, "common_name", None) or c.name if c else code
    except (ImportError, LookupError, KeyError):
        return code


def _short(d: dict[str, Any]) -> dict[str, Any]:
    """Cut article leads inside a listed item (some reads carry the whole text)."""
    art = d.get("article")
    if isinstance(art, dict) and art.get("lead"):
        art["lead"] = art["lead"][:280]
    return d


def page_dict(page: Page, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    out = {"items": [_short(i.to_dict()) for i in page.items], "total": page.total, "limit": page.limit,
           "offset": page.offset}
    out.update(extra or {})
    return out


# --------------------------------------------------------------------------- month series
def months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out[-MAX_MONTHS:]


def series_table(points: Sequence[MonthlyPoint], value: str = "value", fill: float | None = 0.0,
                 top: int | None = None, within: Filters | None = None) -> dict[str, Any]:
    """Month points as {"months": [...], "series": {name: [v per month]}} over every month in range.

    ``within`` clips to the months of its date range (the store's event series
    is not narrowed by dates, since an event's own date may differ from its
    article's)."""
    lo = within.date_from[:7] if within and within.date_from else "0000-00"
    hi = within.date_to[:7] if within and within.date_to else "9999-99"
    good = [p for p in points if p.month and len(p.month) == 7 and p.month[:4].isdigit() and lo <= p.month <= hi]
    if not good:
        return {"months": [], "series": {}}
    months = months_between(min(p.month for p in good), max(p.month for p in good))
    index = {m: i for i, m in enumerate(months)}
    weight: dict[str, float] = {}
    for p in good:
        weight[p.series] = weight.get(p.series, 0) + p.count
    names = sorted(weight, key=lambda s: (-weight[s], s))[:top] if top else sorted(weight)
    series: dict[str, list[float | None]] = {n: [fill] * len(months) for n in names}
    for p in good:
        if p.series in series and p.month in index:
            series[p.series][index[p.month]] = round(float(p.count if value == "count" else p.value), 3)
    return {"months": months, "series": series}


# --------------------------------------------------------------------------- pages
def overview(store: Store, settings: Settings, f: Filters) -> dict[str, Any]:
    stats = store.stats()
    latest = store.events(f, limit=10)
    return {
        "dyad": [{"code": c, "name": country_name(c)} for c in settings.dyad],
        "stats": stats,
        "filters": f.to_dict(),
        "events_per_month": series_table(store.monthly("events", f), value="count", within=f),
        "tone_per_month": series_table(store.monthly("tone", f), fill=None),
        "topics_per_month": series_table(store.monthly("topics", f), value="count", top=8),
        "latest_events": [_short(e.to_dict()) for e in latest.items],
    }


def events(store: Store, f: Filters, limit: int, offset: int) -> dict[str, Any]:
    return page_dict(store.events(f, limit=limit, offset=offset), {"filters": f.to_dict()})


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    ev = store.event(event_id)
    if ev is None:
        return None
    reports = queries.event_reports(store, ev)
    langs = sorted({r.article.language for r in reports if r.article.language})
    sources = sorted({r.article.source for r in reports if r.article.source})
    return {"event": _short(ev.to_dict()), "reports": [_short(r.to_dict()) for r in reports],
            "n_articles": len({r.article.key for r in reports}), "languages": langs, "sources": sources}


def entities(store: Store, name: str | None, type_: str | None, country: str | None, limit: int,
             offset: int) -> dict[str, Any]:
    page = store.entities(name=name, type=type_, country=country, limit=limit, offset=offset)
    return page_dict(page, {"filters": {k: v for k, v in {"name": name, "type": type_, "country": country}.items()
                                        if v}})


def entity(store: Store, entity_id: str, limit: int = 50) -> dict[str, Any] | None:
    ent = store.entity(entity_id)
    if ent is None:
        return None
    f = Filters(entity=entity_id)
    return {
        "entity": ent.to_dict(),
        "roles": [r.to_dict() for r in queries.roles_over_time(store, entity_id)],
        "counterparts": [c.to_dict() for c in queries.counterparts(store, entity_id)],
        "events": page_dict(store.events(f, limit=limit)),
        "quotes": page_dict(store.quotes(speaker=entity_id, limit=limit)),
        "articles": page_dict(store.articles(f, limit=limit)),
    }


def quotes(store: Store, f: Filters, speaker: str | None, text: str | None, limit: int,
           offset: int) -> dict[str, Any]:
    page = queries.quotes(store, f, speaker=speaker, text=text, limit=limit, offset=offset)
    flt = f.to_dict() | {k: v for k, v in {"speaker": speaker, "q": text}.items() if v}
    return page_dict(page, {"filters": flt})


def commitments(store: Store, f: Filters, status: str | None, today: date, limit: int,
                offset: int) -> dict[str, Any]:
    """The ledger: each commitment with its deadline status and later mentions.

    A status filter is applied after reading (status depends on ``today``),
    so it scans up to ``limit + offset`` matches of a bounded window.
    """
    if status:
        page = store.commitments(f, limit=5000)
        rows = [c for c in page.items if queries.deadline_status(c.deadline, today) == status]
        total, rows = len(rows), rows[offset:offset + limit]
    else:
        page = store.commitments(f, limit=limit, offset=offset)
        total, rows = page.total, list(page.items)
    items = []
    for c in rows:
        d = _short(c.to_dict())
        d["status"] = queries.deadline_status(c.deadline, today)
        d["followups"] = queries.followups(store, c.id)
        items.append(d)
    return {"items": items, "total": total, "limit": limit, "offset": offset, "today": today.isoformat(),
            "filters": f.to_dict() | ({"status": status} if status else {}),
            "statuses": list(queries.LEDGER_STATUSES)}


def articles(store: Store, f: Filters, limit: int, offset: int) -> dict[str, Any]:
    return page_dict(store.articles(f, limit=limit, offset=offset), {"filters": f.to_dict()})


def article(store: Store, id_or_key: str) -> Article | None:
    return store.article(id_or_key)


def search(store: Store, q: str, f: Filters, limit: int, offset: int) -> dict[str, Any]:
    page = store.search(q, f, limit=limit, offset=offset) if q.strip() else Page((), 0, limit, offset)
    return page_dict(page, {"q": q, "filters": f.to_dict()})

