"""What each dashboard page shows, as plain JSON-ready dicts.

Every page has a JSON twin under ``/api``: both are built from the same
function here, so the page and the API can never disagree. Functions take the
store, the settings and already-validated parameters; they never see the
request.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, Sequence

from ..records import Article
from ..settings import Settings
from ..store import Filters, MonthlyPoint, Page, Store, lists
from ..store.lists import SORT_KEYS, Sort
from ..store import linked_lists
from . import queries

MAX_MONTHS = 240  # a chart axis longer than 20 years is cut to its last 20


_LEAD_CHARS = 120
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«“A-ZА-ЯЁ0-9])")


def headline(item: Any) -> str:
    """What a page shows for an article: its title, else its lead sentence (a page with no
    headline has ``title`` null), the file name only when there is no text at all."""
    def get(key: str) -> Any:
        return item.get(key) if isinstance(item, dict) else getattr(item, key, None)

    if get("title"):
        return str(get("title"))
    text = str(get("lead") or get("text") or "").strip()
    lead = _SENTENCE_END.split(text.split("\n", 1)[0], maxsplit=1)[0].strip() if text else ""
    if len(lead) > _LEAD_CHARS:
        lead = lead[:_LEAD_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return lead or str(get("id") or get("article_id") or "")


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


def page_dict(page: Page, extra: dict[str, Any] | None = None, sort: Sort | None = None,
              kind: str | None = None) -> dict[str, Any]:
    total, limit = page.total, max(1, page.limit)
    out = {"items": [_short(i.to_dict()) for i in page.items], "total": total, "limit": page.limit,
           "offset": page.offset, "last_offset": ((total - 1) // limit) * limit if total else 0}
    if sort is not None and kind:
        out.update(sort=str(sort), sort_keys=list(SORT_KEYS[kind]))
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
    # the counts the pages show for the same filters: events of the dyad, real-world events, ledger entries
    stats["events"] = latest.total
    stats["merged_events"] = linked_lists.merged_events_page(store, f, Sort.parse(None, "merged-events"), 1).total
    stats["ledger"] = linked_lists.ledger_page(store, f, None, date.today(), Sort.parse(None, "commitments"),
                                               1)[1]
    return {
        "dyad": [{"code": c, "name": country_name(c)} for c in settings.dyad],
        "stats": stats,
        "filters": f.to_dict(),
        "events_per_month": series_table(store.monthly("events", f), value="count", within=f),
        "tone_per_month": series_table(store.monthly("tone", f), fill=None),
        "topics_per_month": series_table(store.monthly("topics", f), value="count", top=8),
        "latest_events": [_short(e.to_dict()) for e in latest.items],
    }


def events(store: Store, f: Filters, limit: int, offset: int, sort: Sort | None = None) -> dict[str, Any]:
    sort = sort or Sort.parse(None, "events")
    return page_dict(lists.events(store, f, sort, limit, offset), {"filters": f.to_dict()}, sort, "events")


def event(store: Store, event_id: str, settings: Settings | None = None) -> dict[str, Any] | None:
    """One event and every stored report of it: the merged event linking stored it is a report of
    (``store.linked``), with the other reports' own event rows."""
    ev = store.event(event_id)
    if ev is None:
        return None
    merged = linked_lists.merged_event_of(store, ev.article.id, ev.event_id)
    reports = [ev]
    for r in merged.reports if merged is not None else ():
        if r.event_row and r.event_row != ev.id and (row := store.event(r.event_row)) is not None:
            reports.append(row)
    reports.sort(key=lambda r: (r.article.published or "9999", r.article.id))
    langs = sorted({r.article.language for r in reports if r.article.language})
    sources = sorted({r.article.source for r in reports if r.article.source})
    return {"event": _short(ev.to_dict()), "reports": [_short(r.to_dict()) for r in reports],
            "merged": merged.to_dict() if merged is not None else None,
            "n_articles": len({r.article.key for r in reports}), "languages": langs, "sources": sources}


def merged_events(store: Store, f: Filters, limit: int, offset: int, sort: Sort | None = None) -> dict[str, Any]:
    """Real-world events, one row each however many articles in whichever languages report them."""
    sort = sort or Sort.parse(None, "merged-events")
    page = linked_lists.merged_events_page(store, f, sort, limit, offset)
    return page_dict(page, {"filters": f.to_dict()}, sort, "merged-events")


def entities(store: Store, name: str | None, type_: str | None, country: str | None, limit: int,
             offset: int, sort: Sort | None = None) -> dict[str, Any]:
    sort = sort or Sort.parse(None, "entities")
    page = lists.entities(store, sort, name=name, type=type_, country=country, limit=limit, offset=offset)
    return page_dict(page, {"filters": {k: v for k, v in {"name": name, "type": type_, "country": country}.items()
                                        if v}}, sort, "entities")


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
           offset: int, sort: Sort | None = None) -> dict[str, Any]:
    sort = sort or Sort.parse(None, "quotes")
    page = lists.quotes(store, f, sort, speaker=speaker, text_=text, limit=limit, offset=offset)
    flt = f.to_dict() | {k: v for k, v in {"speaker": speaker, "q": text}.items() if v}
    return page_dict(page, {"filters": flt}, sort, "quotes")


def commitments(store: Store, settings: Settings | None, f: Filters, status: str | None, today: date, limit: int,
                offset: int, sort: Sort | None = None) -> dict[str, Any]:
    """The ledger: one entry per commitment however many articles report it, with
    its deadline, status relative to ``today`` and every mention (first, follow-ups),
    as linking stored it (``store.linked``). Filters keep an entry when one of its
    mentions matches them."""
    sort = sort or Sort.parse(None, "commitments")
    entries, total = linked_lists.ledger_page(store, f, status, today, sort, limit, offset)
    meta = _articles_meta(store, {m["article_id"] for e in entries for m in e["mentions"]})
    for e in entries:
        e["due_soon"] = e["status"] == "open" and linked_lists.due_soon(e.get("deadline"), today)
        for m in e["mentions"]:
            m.update(meta.get(m["article_id"], {}))
    size = max(1, limit)
    return {"items": entries, "total": total, "limit": limit, "offset": offset,
            "last_offset": ((total - 1) // size) * size if total else 0,
            "sort": str(sort), "sort_keys": list(SORT_KEYS["commitments"]), "today": today.isoformat(),
            "filters": f.to_dict() | ({"status": status} if status else {}),
            "statuses": list(queries.LEDGER_STATUSES)}


def _articles_meta(store: Store, article_ids: set[str]) -> dict[str, dict[str, Any]]:
    """What a ledger mention shows of its article: title, lead, outlet, language."""
    out = {}
    for ref in linked_lists.article_refs(store, article_ids).values():
        out[ref.id] = {"title": ref.title, "lead": ref.lead, "source": ref.source, "language": ref.language}
    return out


def articles(store: Store, f: Filters, limit: int, offset: int, sort: Sort | None = None) -> dict[str, Any]:
    sort = sort or Sort.parse(None, "articles")
    return page_dict(lists.articles_page(store, f, sort, limit, offset), {"filters": f.to_dict()}, sort, "articles")


def article(store: Store, id_or_key: str) -> Article | None:
    return store.article(id_or_key)


def search(store: Store, q: str, f: Filters, limit: int, offset: int, sort: Sort | None = None,
           settings: Settings | None = None) -> dict[str, Any]:
    """Articles matching the words, or mentioning an entity the query names, in either language."""
    from .. import search as finder

    sort = sort or Sort.parse(None, "search")
    paths = tuple(str(p) for p in (settings.knowledge_paths if settings else ()) or ())
    found = finder.search(store, q, f, sort, limit, offset, paths)
    named = [{"id": i, "name": n} for i, n in found.entities]
    return page_dict(found.page, {"q": q, "filters": f.to_dict(), "entities": named}, sort, "search")

