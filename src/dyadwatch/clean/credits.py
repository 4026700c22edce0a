"""Credits on a page: the outlet a story is credited to, its author, its photographer.

Data: ``knowledge/cleaning/outlets.yaml`` (outlet names and hosts) and
``credits.yaml`` (wire credit, byline and photo credit patterns). A byline or a
photo credit is a role on the article (``meta["author"]``,
``meta["photographer"]``), never a person who acts in its events, so its line
leaves the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..knowledge import load_yaml


@dataclass(frozen=True)
class Outlet:
    name: str
    source: str


@dataclass(frozen=True)
class WireCredit:
    outlet: Outlet
    cited: Outlet | None = None


@dataclass(frozen=True)
class Byline:
    name: str | None
    outlet: Outlet | None = None


@dataclass(frozen=True)
class PhotoCredit:
    credit: str
    caption: str | None = None
    photographer: str | None = None


@dataclass(frozen=True)
class CreditRules:
    outlets: dict[str, Outlet]              # alias (case kept) -> outlet
    wire: tuple[re.Pattern[str], ...]
    bylines: tuple[re.Pattern[str], ...]
    photo: tuple[re.Pattern[str], ...]
    photographer: re.Pattern[str]

    def outlet(self, alias: str | None) -> Outlet | None:
        if not alias:
            return None
        alias = alias.strip(" «»\"")
        return self.outlets.get(alias) or self.outlets.get(alias.casefold())


@lru_cache(maxsize=16)
def credit_rules(knowledge_paths: tuple[str, ...] = ()) -> CreditRules:
    entries = load_yaml("cleaning/outlets.yaml", knowledge_paths) or []
    data: dict[str, Any] = load_yaml("cleaning/credits.yaml", knowledge_paths) or {}
    outlets: dict[str, Outlet] = {}
    aliases: set[str] = set()
    for entry in entries:
        outlet = Outlet(str(entry["name"]), str(entry.get("source") or entry["name"]))
        for alias in {str(entry["name"]), *(str(a) for a in entry.get("aliases") or ())}:
            aliases.add(alias)
            outlets[alias] = outlet
            outlets.setdefault(alias.casefold(), outlet)  # a banner or host line in any case
    names = sorted(aliases, key=len, reverse=True)  # in text, as the outlet writes itself
    alternation = "|".join(re.escape(a) for a in names) or "(?!)"

    def wire(pattern: str) -> re.Pattern[str]:
        # the outlet alias must stand whole: not "AA" inside "AAA", not "Trend" inside "Trendy"
        one = rf"(?<![\w.])(?:{alternation})(?![\w])"
        return re.compile(pattern.replace("{outlet}", f"(?P<outlet>{one})").replace("{cited}", f"(?P<cited>{one})"))

    return CreditRules(
        outlets=outlets,
        wire=tuple(wire(p) for p in data.get("wire_credits") or ()),
        bylines=tuple(re.compile(p) for p in data.get("bylines") or ()),
        photo=tuple(re.compile(p, re.IGNORECASE) for p in data.get("photo_credits") or ()),
        photographer=re.compile(str(data.get("photographer") or "(?!)")),
    )


def read_wire_credit(text: str, rules: CreditRules) -> WireCredit | None:
    """The agency a passage credits: "(Reuters)", "/TASS/", «— Sputnik.», "Trend reports citing TASS"."""
    for pattern in rules.wire:
        m = pattern.search(text)
        if m:
            outlet = rules.outlet(m.group("outlet"))
            cited = rules.outlet(m.groupdict().get("cited"))
            if outlet:
                return WireCredit(outlet, cited if cited != outlet else None)
    return None


def read_byline(line: str, rules: CreditRules) -> Byline | None:
    for pattern in rules.bylines:
        m = pattern.match(line)
        if m:
            groups = m.groupdict()
            return Byline(groups.get("name") or None, rules.outlet(groups.get("outlet")))
    return None


def read_photo_credit(line: str, rules: CreditRules) -> PhotoCredit | None:
    for pattern in rules.photo:
        m = pattern.match(line)
        if m:
            credit = m.group("credit").strip()
            person = rules.photographer.match(credit)
            caption = (m.groupdict().get("caption") or "").strip() or None
            return PhotoCredit(credit, caption, person.group("name") if person else None)
    return None
