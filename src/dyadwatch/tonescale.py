"""The Goldstein-like cooperation scale: event weights from CAMEO codes, and the adjustments.

Data: knowledge/tone/goldstein.tsv (weights per CAMEO code, cited there) and
knowledge/tone/scale.yaml (negation/future factors, PLOVER defaults, fallback).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .knowledge import load_tsv, load_yaml

SCALE_MIN, SCALE_MAX = -10.0, 10.0
LABELS = ("cooperative", "neutral", "conflictual")


@dataclass(frozen=True)
class ToneBand:
    """A stretch of the scale, from <= tone < to (the top band includes 10), and its reading."""

    name: str
    label: str  # one of LABELS
    low: float
    high: float
    means: str


@dataclass(frozen=True)
class ScaleAnchor:
    """A point of the scale with what it stands for, for legends and documentation."""

    value: float
    means: str
    example: str


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


@lru_cache(maxsize=8)
def tone_bands(extra: tuple[str, ...] = ()) -> tuple[ToneBand, ...]:
    """The bands of scale.yaml, lowest first."""
    rows = scale_settings(extra).get("bands") or ()
    bands = tuple(sorted((ToneBand(str(b["name"]), str(b["label"]), float(b["from"]), float(b["to"]),
                                   str(b.get("means", ""))) for b in rows), key=lambda b: b.low))
    if not bands or any(b.label not in LABELS for b in bands):
        raise ValueError(f"tone/scale.yaml: bands must be given, each labelled one of {LABELS}")
    return bands


def tone_band(value: float, extra: tuple[str, ...] = ()) -> ToneBand:
    """The band a tone falls in (values outside -10..10 are clipped first)."""
    value = clip(value)
    bands = tone_bands(extra)
    for band in bands:
        if band.low <= value < band.high:
            return band
    return bands[-1] if value >= bands[-1].low else bands[0]


def tone_label(value: float | None, extra: tuple[str, ...] = ()) -> str:
    """cooperative / neutral / conflictual; no tone at all reads as neutral."""
    return "neutral" if value is None else tone_band(value, extra).label


@lru_cache(maxsize=8)
def scale_anchors(extra: tuple[str, ...] = ()) -> tuple[ScaleAnchor, ...]:
    rows = scale_settings(extra).get("anchors") or ()
    return tuple(sorted((ScaleAnchor(float(a["value"]), str(a["means"]), str(a.get("example", ""))) for a in rows),
                        key=lambda a: a.value))


def scale_legend(extra: tuple[str, ...] = (), examples: bool = False) -> str:
    """One line that says what the scale's anchor points mean, for a chart's caption."""
    def number(value: float) -> str:
        return "0" if value == 0 else f"{value:+g}".replace("-", "\u2212")

    parts = [f"{number(a.value)} {a.means}" + (f": {a.example}" if examples and a.example else "")
             for a in scale_anchors(extra)]
    return "Cooperation scale, Goldstein-like: " + (" · " if not examples else "; ").join(parts)
