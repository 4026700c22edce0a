"""Role phrases to people: who held an office on the article's date.

Step 4 of the resolve stage (see ``resolve.py``), kept apart so that other stages
(quote speakers: «пресс-секретарь Кремля заявил») can ask the same question:

- ``role_holder(gz, role, country, day, host)``: the one person the knowledge
  (``knowledge/gazetteer/office_holders*.yaml``) lists in an office on a day, or
  None when nobody or several are listed, or when the listing is not certain then
  (an open office whose table was checked before that day);
- ``RoleResolution.resolve_roles``: role mentions of one article to the person
  named beside them, else the holder named in the nearest earlier sentence, else
  ``role_holder`` on the article's date; after a deputy qualifier ("Deputy Prime
  Minister", «вице-»), the deputy's role (``knowledge/resolve/deputies.yaml``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any, Iterable, Mapping

from ..knowledge import load_yaml
from ..patterns import compile_alternation
from ..records import Mention
from .gazetteer_index import Gazetteer, Holding, KnownEntity

STAGE = "resolve"
_FIELDS = re.compile(r"(\w+)=([^;]*)")


def _fields(normal: str) -> dict[str, str | None]:
    return {k: (v or None) for k, v in _FIELDS.findall(normal)}


def held(h: Holding, period: tuple[date, date] | None) -> bool:
    if period is None:
        return True
    start, end = period
    return (h.start is None or h.start <= end) and (h.end is None or start <= h.end)


def role_holder(gz: Gazetteer, role: str, country: str, day: date | tuple[date, date],
                host: str | None = None) -> KnownEntity | None:
    """The one person listed in ``role`` of ``country`` (ambassadors: to ``host``) on ``day`` (a date or a
    (first, last) period), when the knowledge is certain of it then; else None."""
    period = day if isinstance(day, tuple) else (day, day)
    cands = [e for e in gz.holders(role, country, None, host)
             if any(h.role == role and h.country == country and (host is None or h.host in (None, host))
                    and held(h, period) and h.certain(period[0]) for h in e.holdings)]
    return cands[0] if len(cands) == 1 else None


# --------------------------------------------------------------------------- deputies
@dataclass(frozen=True)
class DeputyRules:
    """knowledge/resolve/deputies.yaml: qualifier regex per language, deputy role per office."""

    qualifiers: Mapping[str, re.Pattern[str] | None]
    roles: Mapping[str, str]
    names: Mapping[str, str]  # deputy role -> display name of a deputy no office-holder entry names


@lru_cache(maxsize=8)
def deputy_rules(extra: tuple[str, ...] = ()) -> DeputyRules:
    data = load_yaml("resolve/deputies.yaml", extra) or {}
    quals = data.get("qualifiers") or {}
    return DeputyRules({lang: compile_alternation(tuple(str(q) for q in pats or ())) for lang, pats in quals.items()},
                       {str(k): str(v) for k, v in (data.get("deputy_roles") or {}).items()},
                       {str(k): str(v) for k, v in (data.get("deputy_names") or {}).items()})


_QUALIFIER_GAP = " \u00a0-‐‑"  # what may stand between a qualifier and its role phrase ("вице-спикер")


class RoleResolution:
    """Role phrases of one article (mixed into the resolver, which provides gz, text, lang, period,
    deputies, unknown_id and _sentence)."""

    gz: Gazetteer
    text: str
    lang: str
    period: tuple[date, date] | None
    deputies: DeputyRules

    def unknown_id(self, type_: str, name: str) -> str:  # pragma: no cover - provided by the resolver
        raise NotImplementedError

    def _sentence(self, pos: int) -> Any:  # pragma: no cover - provided by the resolver
        raise NotImplementedError

    def resolve_roles(self, roles: Iterable[Mention], named: list[Mention]) -> list[Mention]:
        """Step 4: role phrases to the person holding the role on the article's date."""
        out = []
        for r in roles:
            r = self._deputy(r)
            if r is None or self._plural(r):
                continue
            f = _fields(r.normal)
            role, country, host = f.get("role"), f.get("country"), f.get("host")
            holds = [m for m in named if m.type == "PERSON" and m.entity in self.gz.entities and any(
                h.role == role and (country is None or h.country == country) and held(h, self.period)
                for h in self.gz.entities[m.entity].holdings)]
            target = self._holder_in_text(r, holds) if holds else None
            if target is None:  # a person named right beside the phrase is its holder, whatever the tables say
                target = self._apposition(r, [m for m in named if m.type == "PERSON" and m.entity])
            if target is None and country and self.period:
                known = role_holder(self.gz, role or "", country, self.period, host)
                target = known.id if known else None
            if target is None and country and role in self.deputies.names:
                # a deputy the office-holder table does not name: an unknown person, the same in every
                # article and language ("Deputy Prime Minister of Russia"), never the office holder
                country_name = self.gz.country_name(country)
                if country_name:
                    target = self.unknown_id("PERSON", f"{self.deputies.names[role]} of {country_name}")
            if target:
                out.append(replace(r, entity=target, stage=STAGE))
        return out

    def _deputy(self, r: Mention) -> Mention | None:
        """The role phrase as it stands, or, right after a deputy qualifier ("Deputy Prime Minister of
        Russia", «заместитель Председателя Правительства»), the deputy's role phrase covering the
        qualifier too; None when the office has no deputy role to resolve to."""
        rx = self.deputies.qualifiers.get(self.lang)
        if rx is None:
            return r
        lo = max(0, r.start - 60)
        window = self.text[lo:r.start]
        start = next((m.start() for m in rx.finditer(window) if not window[m.end():].strip(_QUALIFIER_GAP)), None)
        if start is None:
            return r
        role = _fields(r.normal).get("role") or ""
        deputy = self.deputies.roles.get(role)
        if deputy is None:
            return None
        return replace(r, start=lo + start, text=self.text[lo + start:r.end],
                       normal=re.sub(r"(?<![\w])role=[^;]*", f"role={deputy}", r.normal, count=1))

    def _plural(self, r: Mention) -> bool:
        """«Министры иностранных дел России и Китая»: a phrase in the plural stands for no one person."""
        if self.lang != "ru":
            return False
        from .models import morph_vocab

        first = r.text.split()[0] if r.text.split() else ""
        parses = [p for p in morph_vocab().parse(first) if p.tag.POS == "NOUN"]
        return bool(parses) and all(p.tag.number == "plur" for p in parses)

    def _apposition(self, r: Mention, persons: list[Mention]) -> str | None:
        """The person named right beside a role phrase ("Defence Minister Bakyt X", "X, the Speaker")."""
        for m in persons:
            gap = self.text[r.end:m.start] if m.start >= r.end else self.text[m.end:r.start]
            if len(gap) <= 3 and not gap.strip(" ,\u00a0–—-"):
                return m.entity
        return None

    def _holder_in_text(self, r: Mention, holds: list[Mention]) -> str | None:
        """Which named holder a role phrase stands for.

        A name right beside the phrase is its apposition ("President of Kyrgyzstan
        Sadyr Japarov", "Talant Mamytov, the speaker"). Otherwise a person named in
        the phrase's own sentence is someone else ("The president emphasized that
        Vladimir Putin's visit ..."), so the first holder named in the nearest
        earlier sentence is taken (the subject usually comes first), else the next
        one named after it.
        """
        for m in holds:
            gap = self.text[r.end:m.start] if m.start >= r.end else self.text[m.end:r.start]
            if len(gap) <= 3 and not gap.strip(" ,\u00a0–—-"):
                return m.entity
        own = self._sentence(r.start)
        others = [m for m in holds if not (own and own.start <= m.start < own.end)]
        before = [m for m in others if m.end <= r.start]
        if before:
            last = self._sentence(before[-1].start)
            same = [m for m in before if last and last.start <= m.start < last.end] or before[-1:]
            return same[0].entity
        after = [m for m in others if m.start >= r.end]
        return after[0].entity if after else None
