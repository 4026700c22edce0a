"""The Goldstein-like cooperation scale: event weights from CAMEO codes, and the adjustments.

Data: knowledge/tone/goldstein.tsv (weights per CAMEO code, cited there) and
knowledge/tone/scale.yaml (negation/future factors, PLOVER defaults, fallback).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from .knowledge import load_tsv, load_yaml

SCALE_MIN, SCALE_MAX = -10.0, 10.0


@lru_cache(maxsize=8)
def goldstein_table(extra: tuple[str, ...] = ()) -> dict[str, float]:
    return {row["cameo"]: float(row["weight"]) for row in load_tsv("tone/goldstein.tsv", extra)}


@lru_cache(maxsize=8)
def scale_settings(extra: tuple[str, ...] = ()) -> dict:
    return load_yaml("tone/scale.yaml", extra)


def clip(value: float) -> float:
    return max(SCALE_MIN, min(SCALE_MAX, value))


def cameo_weight(cameo: str | None, extra: tuple[str, ...] = ()) -> float | None:
    """Weight of a CAMEO code, falling back to its longest listed prefix."""
    if not cameo:
        return None
    table = goldstein_table(extra)
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
    return None


def event_tone(cameo: str | None, plover_type: str | None, negated: bool = False, future: bool = False,
               extra: tuple[str, ...] = ()) -> float | None:
    settings = scale_settings(extra)
    weight = cameo_weight(cameo, extra)
    if weight is None and plover_type:
        weight = settings.get("plover_default", {}).get(plover_type)
    if weight is None:
        return None
    if negated:
        weight *= float(settings.get("negation_factor", -0.5))
    if future:
        weight *= float(settings.get("future_factor", 0.5))
    return round(clip(weight), 2)


def mean_tone(tones: Iterable[float | None]) -> float | None:
    values = [t for t in tones if t is not None]
    return round(sum(values) / len(values), 2) if values else None
