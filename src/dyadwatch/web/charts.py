"""Small server-side SVG charts for the dashboard and the period report.

Why our own renderer rather than matplotlib or a JS library: the same markup
serves the live pages, the self-contained HTML report and the PDF printed by
headless Chromium; it needs no network, no extra dependency and no font
files; its output is deterministic (testable, diffable); and every label goes
through ``html.escape`` so entity names from articles cannot inject markup.

Each function returns one ``<svg>`` string with ``class="chart"``, a
``data-chart`` kind and an accessible ``<title>``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Callable, Mapping, Sequence

# Where a bar or point leads: (label, series name) -> a URL, or None for no link.
Href = Callable[[str, str], "str | None"]

# Colour-blind-safe qualitative palette (Okabe–Ito), then a few extras.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
           "#999999", "#8C564B", "#7F3C8D", "#11A579")
FONT = "font-family:system-ui,sans-serif;font-size:11px"


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _fmt(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.1f}"


def _open(kind: str, title: str, width: int, height: int) -> list[str]:
    t = escape(title)
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{kind}" role="img" '
            f'aria-label="{t}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'style="{FONT}">', f"<title>{t}</title>"]


def _linked(mark: str, href: Href | None, label: str, name: str) -> str:
    """The mark inside an SVG link to its filtered list, when the chart has one."""
    url = href(label, name) if href else None
    return f'<a href="{escape(url)}" class="chart-link">{mark}</a>' if url else mark


def _empty(kind: str, title: str, width: int, height: int) -> str:
    parts = _open(kind, title, width, height)
    parts.append(f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" fill="#777" '
                 f'class="chart-empty">No data for this period</text></svg>')
    return "".join(parts)


def _nice_max(v: float) -> float:
    """A round axis maximum at or above v (1, 2, 5 x 10^n)."""
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 5, 10):
        if v <= m * exp:
            return float(m * exp)
    return float(10 * exp)


@dataclass(frozen=True)
class Frame:
    """Plot area inside the SVG, with the margins axes and legends need."""

    width: int
    height: int
    left: int = 44
    right: int = 24
    top: int = 14
    bottom: int = 42

    @property
    def plot_w(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> float:
        return self.height - self.top - self.bottom


def _x_labels(f: Frame, labels: Sequence[str], step: float, centred: bool) -> list[str]:
    out = []
    every = max(1, math.ceil(len(labels) / max(1, f.plot_w // 48)))
    for i, lab in enumerate(labels):
        if i % every:
            continue
        x = f.left + step * (i + (0.5 if centred else 0))
        out.append(f'<text x="{x:.1f}" y="{f.height - f.bottom + 14}" text-anchor="middle" '
                   f'fill="#444">{escape(lab)}</text>')
    return out


def _legend(f: Frame, names: Sequence[str], y: float) -> list[str]:
    out, x = [], float(f.left)
    for i, name in enumerate(names):
        label = escape(name)
        out.append(f'<rect x="{x:.1f}" y="{y - 8:.1f}" width="9" height="9" fill="{colour(i)}"/>'
                   f'<text x="{x + 12:.1f}" y="{y:.1f}" fill="#333" class="legend">{label}</text>')
        x += 18 + 6.5 * len(name)
        if x > f.width - 60:
            x, y = float(f.left), y + 13
    return out


def _tick_count(lo: float, hi: float) -> int:
    """4 steps for a span led by 2 (0, 0.5, 1 ...), else 5 (0, 0.2 ... or 0, 1 ... 5), so ticks stay round."""
    span = hi - lo
    lead = int(f"{span:e}"[0]) if span > 0 else 1
    return 4 if lead == 2 else 5


def _y_axis(f: Frame, lo: float, hi: float, ticks: int | None = None) -> list[str]:
    ticks = ticks or _tick_count(lo, hi)
    out = []
    for i in range(ticks + 1):
        v = lo + (hi - lo) * i / ticks
        y = f.top + f.plot_h - (v - lo) / (hi - lo) * f.plot_h
        out.append(f'<line x1="{f.left}" x2="{f.width - f.right}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#e5e5e5"/><text x="{f.left - 5}" y="{y + 4:.1f}" text-anchor="end" '
                   f'fill="#666">{_fmt(v)}</text>')
    return out


def stacked_bars(labels: Sequence[str], series: Mapping[str, Sequence[float]], title: str,
                 width: int = 640, height: int = 240, href: Href | None = None) -> str:
    """Bars per label (e.g. month), stacked by series (e.g. event type); ``href`` links each segment."""
    names = [n for n in series if any(series[n])]
    totals = [sum(series[n][i] for n in names) for i in range(len(labels))]
    if not labels or not names or max(totals, default=0) <= 0:
        return _empty("stacked-bars", title, width, height)
    rows = math.ceil(len(names) / 6)
    f = Frame(width, height, bottom=30 + 13 * rows)
    hi = _nice_max(max(totals))
    step = f.plot_w / len(labels)
    bar_w = max(2.0, step * 0.7)
    parts = _open("stacked-bars", title, width, height) + _y_axis(f, 0, hi)
    for i, lab in enumerate(labels):
        y = f.top + f.plot_h
        for si, name in enumerate(names):
            v = series[name][i]
            if v <= 0:
                continue
            h = v / hi * f.plot_h
            y -= h
            x = f.left + step * i + (step - bar_w) / 2
            parts.append(_linked(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                                 f'fill="{colour(si)}"><title>{escape(lab)} · {escape(name)}: {_fmt(v)}</title></rect>',
                                 href, lab, name))
    parts += _x_labels(f, labels, step, centred=True)
    parts += _legend(f, names, f.height - 13 * rows + 4)
    parts.append("</svg>")
    return "".join(parts)


def lines(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], title: str,
          width: int = 640, height: int = 220, lo: float | None = None, hi: float | None = None,
          zero_line: bool = False, href: Href | None = None) -> str:
    """One polyline per series over the labels; ``None`` values break the line; ``href`` links each point."""
    values = [v for s in series.values() for v in s if v is not None]
    if not labels or not values:
        return _empty("lines", title, width, height)
    lo = min(0.0, min(values)) if lo is None else lo
    hi = _nice_max(max(values)) if hi is None else hi
    if hi <= lo:
        hi = lo + 1
    rows = math.ceil(len(series) / 6)
    f = Frame(width, height, bottom=30 + 13 * rows)
    step = f.plot_w / max(1, len(labels) - 1) if len(labels) > 1 else f.plot_w
    parts = _open("lines", title, width, height) + _y_axis(f, lo, hi)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = f.left + (step * i if len(labels) > 1 else f.plot_w / 2)
        return x, f.top + f.plot_h - (v - lo) / (hi - lo) * f.plot_h

    if zero_line and lo < 0 < hi:
        _, y0 = xy(0, 0.0)
        parts.append(f'<line x1="{f.left}" x2="{f.width - f.right}" y1="{y0:.1f}" y2="{y0:.1f}" '
                     f'stroke="#888" stroke-dasharray="3 3"/>')
    points: list[str] = []  # drawn over every line, so a click on a point is the point's
    for si, (name, vals) in enumerate(series.items()):
        segment: list[str] = []
        runs: list[list[str]] = [segment]
        for i, v in enumerate(vals):
            if v is None:
                segment = []
                runs.append(segment)
                continue
            x, y = xy(i, v)
            segment.append(f"{x:.1f},{y:.1f}")
            points.append(_linked(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="{3.5 if href else 2.5}" '
                                  f'fill="{colour(si)}"><title>{escape(labels[i])} · {escape(name)}: {_fmt(v)}</title>'
                                  f'</circle>', href, labels[i], name))
        for run in runs:
            if len(run) > 1:
                parts.append(f'<polyline class="line" fill="none" stroke="{colour(si)}" stroke-width="2" '
                             f'points="{" ".join(run)}"/>')
    parts += points
    if len(labels) > 1:
        parts += _x_labels(f, labels, step, centred=False)
    else:
        parts.append(f'<text x="{f.left + f.plot_w / 2:.1f}" y="{f.height - f.bottom + 14}" '
                     f'text-anchor="middle" fill="#444">{escape(labels[0])}</text>')
    parts += _legend(f, list(series), f.height - 13 * rows + 4)
    parts.append("</svg>")
    return "".join(parts)


def hbars(items: Sequence[tuple[str, float]], title: str, width: int = 420, bar_h: int = 16) -> str:
    """Horizontal bars, one per (label, value), largest first as given."""
    items = [(k, v) for k, v in items if v > 0]
    height = 20 + bar_h * len(items) + 6 * len(items)
    if not items:
        return _empty("hbars", title, width, 60)
    label_w = min(160, 8 + 6.5 * max(len(k) for k, _ in items))
    hi = max(v for _, v in items)
    parts = _open("hbars", title, width, height)
    for i, (k, v) in enumerate(items):
        y = 10 + i * (bar_h + 6)
        w = (width - label_w - 50) * v / hi
        parts.append(f'<text x="{label_w - 6:.0f}" y="{y + bar_h - 4}" text-anchor="end" fill="#333">'
                     f'{escape(k)}</text><rect class="bar" x="{label_w:.0f}" y="{y}" width="{w:.1f}" '
                     f'height="{bar_h}" fill="{colour(i)}"><title>{escape(k)}: {_fmt(v)}</title></rect>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 4}" fill="#555">{_fmt(v)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    weight: float = 1.0
    group: str = ""
    href: str | None = None


def network(centre: Node, others: Sequence[Node], edges: Sequence[tuple[str, str, float]], title: str,
            width: int = 520, height: int = 420) -> str:
    """A star-and-ring layout: the entity in the middle, its counterparts on a circle.

    Edge width grows with the number of shared events; counterpart nodes are
    coloured by group (country) and link to their own page when ``href`` is set.
    """
    if not others:
        return _empty("network", title, width, height)
    cx, cy = width / 2, height / 2
    r = min(width, height) / 2 - 60
    groups = sorted({n.group for n in (centre, *others)})
    pos: dict[str, tuple[float, float]] = {centre.id: (cx, cy)}
    for i, n in enumerate(others):
        a = 2 * math.pi * i / len(others) - math.pi / 2
        pos[n.id] = (cx + r * math.cos(a), cy + r * math.sin(a))
    top = max((w for _, _, w in edges), default=1) or 1
    parts = _open("network", title, width, height)
    for a, b, w in edges:
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            parts.append(f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'stroke="#9aa" stroke-width="{1 + 4 * w / top:.1f}"><title>{_fmt(w)} shared events'
                         f'</title></line>')
    for n in (centre, *others):
        x, y = pos[n.id]
        rad = 16 if n is centre else 6 + min(10, 2 * math.sqrt(n.weight))
        fill = colour(groups.index(n.group))
        anchor = "middle"
        ty = y + rad + 12
        node = (f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="{rad:.1f}" fill="{fill}" stroke="#fff">'
                f'<title>{escape(n.label)}{" (" + escape(n.group) + ")" if n.group else ""}</title></circle>'
                f'<text x="{x:.1f}" y="{ty:.1f}" text-anchor="{anchor}" fill="#222">{escape(n.label)}</text>')
        if n.href:
            node = f'<a href="{escape(n.href)}">{node}</a>'
        parts.append(node)
    parts.append("</svg>")
    return "".join(parts)
