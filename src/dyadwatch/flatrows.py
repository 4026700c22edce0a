"""Flat rows of listed items for CSV: nested actors, places and articles as their own columns.

One definition serves the dashboard's ``?format=csv`` twins (``web.listing``) and
``dyadwatch export events --format csv`` (``export``), so a spreadsheet gets the same
columns from both.
"""
from __future__ import annotations

from typing import Any

EVENT_ACTOR_COLUMNS = 2  # actors beyond these go, by name, into ``more_actors``


def article_cols(a: dict[str, Any] | None, prefix: str = "article_") -> dict[str, Any]:
    a = a or {}
    return {f"{prefix}id": a.get("id"), f"{prefix}title": a.get("title"), f"{prefix}source": a.get("source"),
            f"{prefix}language": a.get("language"), f"{prefix}published": a.get("published"),
            f"{prefix}url": a.get("url")}


def actor_cols(actors: list[dict[str, Any]], n: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i in range(n):
        a = actors[i] if i < len(actors) else {}
        out.update({f"actor{i + 1}_name": a.get("name"), f"actor{i + 1}_entity": a.get("entity"),
                    f"actor{i + 1}_country": a.get("country"), f"actor{i + 1}_role": a.get("role")})
    out["more_actors"] = "; ".join(a.get("name") or "" for a in actors[n:])
    return out


def event_row(e: dict[str, Any]) -> dict[str, Any]:
    """An event (``EventRow.to_dict()``) as one flat row."""
    place = e.get("place") or {}
    return {"id": e.get("id"), "event_id": e.get("event_id"), "date": e.get("date"),
            "date_source": e.get("date_source"), "type": e.get("type"), "mode": e.get("mode"), "cameo": e.get("cameo"),
            "future": e.get("future"), "tone": e.get("tone"), **actor_cols(e.get("actors") or [], EVENT_ACTOR_COLUMNS),
            "place": place.get("name"), "place_country": place.get("country"),
            "evidence": (e.get("evidence") or {}).get("text"), **article_cols(e.get("article"))}


def merged_event_row(m: dict[str, Any]) -> dict[str, Any]:
    """A merged (real-world) event (``MergedEventRow.to_dict()``) as one flat row: its reports' articles
    as one cell."""
    place = m.get("place") or {}
    return {"id": m.get("id"), "date": m.get("date"), "date_source": m.get("date_source"), "type": m.get("type"),
            "mode": m.get("mode"), "cameo": m.get("cameo"), "future": m.get("future"), "in_dyad": m.get("in_dyad"),
            **actor_cols(m.get("actors") or [], EVENT_ACTOR_COLUMNS),
            "place": place.get("name"), "place_country": place.get("country"),
            "n_articles": m.get("n_articles"), "n_reports": m.get("n_reports"),
            "languages": ",".join(m.get("languages") or []), "sources": "; ".join(m.get("sources") or []),
            "first_published": m.get("first_published"), "first_article": m.get("first_article"),
            "articles": "; ".join(dict.fromkeys(r.get("article_id") or "" for r in m.get("reports") or []))}
