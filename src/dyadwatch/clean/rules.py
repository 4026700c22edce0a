"""The cleaning rules of knowledge/cleaning, loaded once per set of knowledge paths."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping

from ..knowledge import load_yaml
from .text import normalize_text

@dataclass(frozen=True)
class LineRule:
    name: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class ChromeRules:
    exact: frozenset[str]
    regex: tuple[re.Pattern[str], ...]
    footer_markers: frozenset[str]

    def is_chrome(self, line: str) -> bool:
        return line.casefold() in self.exact or any(r.match(line) for r in self.regex)


@dataclass(frozen=True)
class CleaningRules:
    header: tuple[LineRule, ...]
    footer: tuple[LineRule, ...]
    banners: Mapping[str, Mapping[str, str]]  # casefolded banner line -> {source, name}
    common: ChromeRules
    sites: Mapping[str, ChromeRules]

    def chrome_for(self, source: str | None) -> tuple[ChromeRules, ...]:
        site = self.sites.get((source or "").lower())
        return (self.common, site) if site else (self.common,)


def _chrome(groups: Iterable[Mapping[str, Any]]) -> ChromeRules:
    exact: set[str] = set()
    regex: list[re.Pattern[str]] = []
    markers: set[str] = set()
    for g in groups:
        exact.update(normalize_text(s).casefold() for s in g.get("exact") or ())
        regex.extend(re.compile(r, re.IGNORECASE) for r in g.get("regex") or ())
        markers.update(normalize_text(s).casefold() for s in g.get("footer_markers") or ())
    return ChromeRules(frozenset(exact), tuple(regex), frozenset(markers))


@lru_cache(maxsize=16)
def load_rules(knowledge_paths: tuple[str, ...] = ()) -> CleaningRules:
    """The cleaning rules: bundled data files merged with the user's (Settings.knowledge_paths)."""
    meta = load_yaml("cleaning/metadata.yaml", knowledge_paths)
    chrome = load_yaml("cleaning/chrome.yaml", knowledge_paths)
    banners = load_yaml("cleaning/banners.yaml", knowledge_paths) or {}

    def line_rules(key: str) -> tuple[LineRule, ...]:
        return tuple(LineRule(r["name"], re.compile(r["regex"], re.IGNORECASE)) for r in meta.get(key) or ())

    return CleaningRules(
        header=line_rules("header"), footer=line_rules("footer"),
        banners={normalize_text(k).casefold(): dict(v or {}) for k, v in banners.items()},
        common=_chrome((chrome.get("languages") or {}).values()),
        sites={host.lower(): _chrome([rules or {}]) for host, rules in (chrome.get("sites") or {}).items()},
    )
