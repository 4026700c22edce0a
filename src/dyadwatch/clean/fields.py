"""Field values: publication dates in any common shape, url hosts, view counts."""
from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def normalize_published(value: Any) -> str | None:
    """A publication date in any common shape -> ISO 8601, or None when it is not a real date.

    ``2024-12-03 13:41`` -> ``2024-12-03T13:41:00``; ``2020-10-24`` -> ``2020-10-24``;
    ``30.03.2022`` -> ``2022-03-30``; RFC 822 feed dates and ISO with an offset
    keep the outlet's wall-clock time (the offset is dropped).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    s = " ".join(str(value).split())
    if not s:
        return None
    has_time = bool(re.search(r"\d:\d\d", s))
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
    except ValueError:
        m = _DMY.match(s)
        if m:
            d, mo, y, hh, mm, ss = m.groups()
            try:
                parsed = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
            except ValueError:
                return None
        else:
            parsed = _parse_loose_date(s)
    if parsed is None:
        return None
    parsed = parsed.replace(tzinfo=None)
    return parsed.isoformat(timespec="seconds") if has_time else parsed.date().isoformat()


def _parse_loose_date(s: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import; only reached for unusual formats

    # absolute dates only: "yesterday" in metadata would resolve against today, which is a guess
    return dateparser.parse(s, languages=["en", "ru"], settings={
        "PARSERS": ["custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False})


@lru_cache(maxsize=1)
def _view_prefixes() -> tuple[str, ...]:
    """Sub-domains that are another view of the same outlet (metadata.yaml ``host_view_prefixes``)."""
    from ..knowledge import load_yaml

    meta = load_yaml("cleaning/metadata.yaml") or {}
    return tuple(f"{p.strip('.').lower()}." for p in meta.get("host_view_prefixes") or ("www",))


def host_of(url: str | None) -> str | None:
    """The outlet's host of a page address: "https://amp.example.com/x" -> "example.com"."""
    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    while host.startswith(_view_prefixes()) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    return host or None


def views_of(value: Any) -> int | None:
    digits = re.sub(r"\D", "", str(value)) if value is not None else ""
    return int(digits) if digits else None
