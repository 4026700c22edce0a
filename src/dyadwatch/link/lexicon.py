"""Loading the linker's knowledge files and matching their stems in text."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from ..knowledge import load_yaml


def stem_pattern(stems: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for word-prefix stems; a multi-word stem matches word by word."""
    alts = []
    for stem in sorted({s.strip().casefold() for s in stems if s and s.strip()}, key=len, reverse=True):
        words = stem.split()
        alts.append(r"\W+".join(re.escape(w) + r"\w*" for w in words))
    if not alts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")", re.IGNORECASE | re.UNICODE)


@lru_cache(maxsize=16)
def name_folding(paths: tuple[str, ...] = ()) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    data = load_yaml("link/name_folding.yaml", paths)
    return dict(data.get("cyrillic") or {}), tuple((a, b) for a, b in data.get("folds") or ())


@lru_cache(maxsize=16)
def mode_groups(paths: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """PLOVER type -> mode -> group name."""
    data = load_yaml("link/event_modes.yaml", paths)
    out: dict[str, dict[str, str]] = {}
    for etype, groups in (data.get("groups") or {}).items():
        for group, modes in (groups or {}).items():
            for m in modes or ():
                out.setdefault(str(etype).upper(), {})[str(m).casefold()] = group
    return out


@lru_cache(maxsize=16)
def object_concepts(paths: tuple[str, ...] = ()) -> dict[str, re.Pattern[str]]:
    data = load_yaml("link/commitment_objects.yaml", paths)
    out = {}
    for concept, langs in (data.get("concepts") or {}).items():
        stems = [s for ss in (langs or {}).values() for s in ss or ()]
        pat = stem_pattern(stems)
        if pat is not None:
            out[str(concept)] = pat
    return out


@lru_cache(maxsize=16)
def fulfilment_cues(paths: tuple[str, ...] = ()) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    data = load_yaml("link/fulfilment_cues.yaml", paths)
    cues = [s for ss in (data.get("cues") or {}).values() for s in ss or ()]
    negs = [s for ss in (data.get("negations") or {}).values() for s in ss or ()]
    neg = None
    if negs:
        alts = "|".join(re.escape(n.casefold()) for n in sorted(set(negs), key=len, reverse=True))
        neg = re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)", re.IGNORECASE)
    return stem_pattern(cues), neg


@lru_cache(maxsize=16)
def reference_cues(paths: tuple[str, ...] = ()) -> re.Pattern[str] | None:
    data = load_yaml("link/fulfilment_cues.yaml", paths)
    return stem_pattern([s for ss in (data.get("references") or {}).values() for s in ss or ()])
