"""Bar charts drawn on the server as SVG (no script, no CDN, no inline style: the CSP holds).
Each chart is decorative for screen readers (``aria-hidden``): its numbers are in the table the
page shows beside it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
HEIGHT = 140
PAD_LEFT = 8
PAD_BOTTOM = 20
PAD_TOP = 14


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple  # numbers or None (no data)
    css: str  # a class from static/css/desk.css: "bar-a", "bar-b"


def bar_chart(
    labels: list[str], series: list[Series], *, suffix: str = "", top: float | None = None
) -> SafeString:
    """Grouped bars, one group per label; the top of the scale is ``top`` (a percentage: 100)
    or the largest value."""
    numbers = [float(v) for s in series for v in s.values if v is not None]
    top = top or max(numbers, default=0.0) or 1.0
    count = max(len(labels), 1)
    group = (WIDTH - PAD_LEFT) / count
    bar = max(group * 0.8 / max(len(series), 1), 1.0)
    plot = HEIGHT - PAD_BOTTOM - PAD_TOP
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">',
        f'<line class="chart-axis" x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" '
        f'x2="{WIDTH}" y2="{HEIGHT - PAD_BOTTOM}"/>',
        f'<text class="chart-scale" x="{PAD_LEFT}" y="10">max {escape(_num(top))}{suffix}</text>',
    ]
    for i, label in enumerate(labels):
        x0 = PAD_LEFT + i * group + group * 0.1
        for k, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            h = plot * float(value) / top
            x = x0 + k * bar
            y = HEIGHT - PAD_BOTTOM - h
            parts.append(
                f'<rect class="{s.css}" x="{x:.1f}" y="{y:.1f}" width="{bar - 1:.1f}" '
                f'height="{h:.1f}"/>'
            )
        parts.append(
            f'<text class="chart-label" x="{x0 + group * 0.4:.1f}" y="{HEIGHT - 6}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from numbers and escaped labels


def _num(value: float) -> str:
    d = Decimal(str(round(value, 2)))
    return format(d.normalize(), "f") if d == d.to_integral() else f"{d:.2f}"
