"""Charts drawn on the server as SVG markup, for the dashboard, the public page and the PDF.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(the largest value and where it is), so a screen reader announces one image with a summary; the
numbers themselves are in the data table that the templates always put beside the chart. Colours
keep a contrast of at least 3:1 with the white background (WCAG 1.4.11). Pure Python, no Django.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

__all__ = ["bar_chart", "column_chart", "line_chart", "nice_max"]

BAR = "#1f5fa8"  # 6.4:1 on white
ALT = "#b4490f"  # 5.2:1 on white
GRID = "#8a8a8a"
TEXT = "#222222"
FONT = "Sarabun, Laksaman, 'TH Sarabun New', sans-serif"


def nice_max(value: float) -> float:
    """A round axis maximum at or above ``value``: 4 at least (counts are whole numbers), else
    1, 2, 2.5 or 5 times a power of ten."""
    if value <= 4:
        return 4.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    cid = escape(chart_id, quote=True)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-family="{escape(FONT, quote=True)}" '
        f'font-size="12" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]


def _describe(points: Sequence[tuple[str, float]], unit: str) -> str:
    if not points:
        return "ไม่มีข้อมูล (no data)"
    label, top = max(points, key=lambda p: p[1])
    total = sum(v for _, v in points)
    u = f" {unit}" if unit else ""
    return f"{len(points)} รายการ รวม {_fmt(total)}{u} สูงสุด {_fmt(top)}{u} ที่ {label}"


def _divisions(vmax: float) -> int:
    """4 or 5 grid steps, whichever gives whole-number labels."""
    return 4 if float(vmax / 4).is_integer() else 5


def _axis(parts: list[str], left: int, top: int, width: int, height: int, vmax: float) -> None:
    steps = _divisions(vmax)
    for i in range(steps + 1):
        value = vmax * i / steps
        y = top + height - height * i / steps
        dash = "" if i == 0 else ' stroke-dasharray="3 3"'
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="{1 if i == 0 else 0.5}"{dash}/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{_fmt(value)}</text>"
        )


def column_chart(
    points: Sequence[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    unit: str = "",
    width: int = 640,
    height: int = 240,
) -> str:
    """Vertical columns, one per labelled value (months, quarters)."""
    parts = _open(chart_id, width, height, title, _describe(points, unit))
    left, top, right, bottom = 56, 12, 8, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    vmax = nice_max(max((v for _, v in points), default=0))
    _axis(parts, left, top, plot_w, plot_h, vmax)
    n = max(len(points), 1)
    slot = plot_w / n
    every = max(1, math.ceil(n / 14))
    for i, (label, value) in enumerate(points):
        h = plot_h * value / vmax
        x = left + i * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{BAR}"/>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                f'fill="{TEXT}">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    points: Sequence[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    unit: str = "",
    second: Sequence[float] | None = None,
    width: int = 640,
    height: int = 240,
) -> str:
    """A line over many values (days), with an optional second line (e.g. visitors)."""
    parts = _open(chart_id, width, height, title, _describe(points, unit))
    left, top, right, bottom = 56, 12, 8, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, v in points] + list(second or [])
    vmax = nice_max(max(values, default=0))
    _axis(parts, left, top, plot_w, plot_h, vmax)
    n = len(points)
    step = plot_w / max(n - 1, 1)

    def coords(series: Sequence[float]) -> str:
        return " ".join(
            f"{left + i * step:.1f},{top + plot_h - plot_h * v / vmax:.1f}"
            for i, v in enumerate(series)
        )

    if n:
        parts.append(
            f'<polyline points="{coords([v for _, v in points])}" fill="none" '
            f'stroke="{BAR}" stroke-width="2"/>'
        )
        if second:
            parts.append(
                f'<polyline points="{coords(second)}" fill="none" stroke="{ALT}" '
                f'stroke-width="2" stroke-dasharray="5 3"/>'
            )
        every = max(1, math.ceil(n / 8))
        for i in range(0, n, every):
            parts.append(
                f'<text x="{left + i * step:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                f'fill="{TEXT}">{escape(points[i][0])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    unit: str = "",
    width: int = 640,
    label_width: int = 260,
    max_label: int = 38,
) -> str:
    """Horizontal bars for a ranked list (top pages, top searches)."""
    bar_h, gap, top = 20, 6, 8
    height = top * 2 + max(len(rows), 1) * (bar_h + gap)
    parts = _open(chart_id, width, height, title, _describe(rows, unit))
    plot_w = width - label_width - 64
    vmax = max((v for _, v in rows), default=0) or 1
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        short = label if len(label) <= max_label else label[: max_label - 1] + "…"
        w = plot_w * value / vmax
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end" fill="{TEXT}">'
            f"{escape(short)}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{BAR}"/>'
        )
        parts.append(
            f'<text x="{label_width + w + 6:.1f}" y="{y + 14}" fill="{TEXT}">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
