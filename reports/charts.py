"""Charts drawn as SVG by our own code: a radar and horizontal bars.

Readable in black and white (one dark ink, a dashed line for the expected level, an empty
dotted frame for "not answered") and never only drawn: every value is also written beside
its mark. Every text that goes into the SVG is escaped; the result is safe to insert into the
report's HTML.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from .i18n import number

INK = "#000091"
FILL = "#cacafb"
GREY = "#666666"
FONT = 'font-family="Repere Sans, DejaVu Sans, sans-serif"'


@dataclass(frozen=True)
class Point:
    """One value of a chart: a label and a level on the scale (None when not answered)."""

    label: str
    value: float | None
    note: str = ""  # written after the value, e.g. a conformity rate


def wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    """Cut ``text`` into at most ``max_lines`` lines of about ``width`` characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > width:  # a word longer than a line is cut
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return lines or [""]


def _text(x: float, y: float, content: str, size: float = 9, **attrs: str) -> str:
    attrs.setdefault("fill", "#161616")
    extra = "".join(f' {key.replace("_", "-")}="{escape(val)}"' for key, val in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" {FONT}{extra}>{escape(content)}</text>'
    )


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    # Safe: every text in ``body`` went through _text (escaped), the rest is our own markup.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def describe(title: str, points: Sequence[Point], max_level: int, lang: str) -> str:
    """The chart said in words, for its alternative text."""
    over = "sur" if lang != "en" else "out of"
    parts = [
        f"{p.label} {number(p.value, 1, lang)} {over} {max_level}"
        + (f" ({p.note})" if p.note else "")
        for p in points
    ]
    return f"{title} : " + " ; ".join(parts) if lang != "en" else f"{title}: " + "; ".join(parts)


def radar(
    title: str, points: Sequence[Point], max_level: int, conformity_level: int, lang: str
) -> Markup:
    """A radar of maturity (needs at least three points); rings for each level of the scale."""
    if len(points) < 3 or max_level <= 0:
        raise ValueError("a radar needs at least three points and a scale")
    width, height = 520, 330
    cx, cy, radius = width / 2, height / 2, 112
    count = len(points)

    def at(index: int, level: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * level / max_level
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    body: list[str] = []
    for level in range(1, max_level + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(i, level) for i in range(count)))
        dashed = ' stroke-dasharray="5 3" stroke-width="1.6"' if level == conformity_level else ""
        stroke = INK if level == conformity_level else "#bbbbbb"
        body.append(f'<polygon points="{ring}" fill="none" stroke="{stroke}"{dashed}/>')
        x, y = at(0, level)
        body.append(_text(x + 3, y + 3, str(level), 7, fill=GREY))
    for index in range(count):
        x, y = at(index, max_level)
        body.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#bbbbbb"/>')
    shape = " ".join(
        f"{x:.1f},{y:.1f}" for x, y in (at(i, p.value or 0) for i, p in enumerate(points))
    )
    body.append(
        f'<polygon points="{shape}" fill="{FILL}" fill-opacity="0.6" stroke="{INK}" '
        'stroke-width="2"/>'
    )
    for index, point in enumerate(points):
        x, y = at(index, point.value or 0)
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{INK}"/>')
        lx, ly = at(index, max_level + 0.35)
        anchor = "middle" if abs(lx - cx) < 12 else ("start" if lx > cx else "end")
        lines = wrap(point.label, 20)
        top = ly - (len(lines) * 11) / 2 + (6 if ly > cy else -4)
        for line_index, line in enumerate(lines):
            body.append(_text(lx, top + line_index * 11, line, 10, text_anchor=anchor))
        value = number(point.value, 1, lang)
        body.append(
            _text(lx, top + len(lines) * 11, value, 10, text_anchor=anchor, font_weight="bold")
        )
    return _svg(width, height, describe(title, points, max_level, lang), body)


def bars(
    title: str,
    points: Sequence[Point],
    max_level: int,
    conformity_level: int,
    lang: str,
    unanswered: str = "—",
) -> Markup:
    """Horizontal bars of maturity, one per point, the value written at the end of each."""
    label_width, bar_width, row = 200, 220, 28
    width = label_width + bar_width + 130
    height = 24 + row * len(points) + 8
    top = 22
    body: list[str] = []
    for level in range(max_level + 1):  # the scale, along the top
        x = label_width + bar_width * level / max_level
        body.append(_text(x, 12, str(level), 8.5, text_anchor="middle", fill=GREY))
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 6}" stroke="#e5e5e5"/>'
        )
    for index, point in enumerate(points):
        y = top + index * row
        lines = wrap(point.label, 32)
        for line_index, line in enumerate(lines):
            offset = 15 - 5.5 * (len(lines) - 1) + line_index * 11
            body.append(_text(0, y + offset, line, 10))
        if point.value is None:
            body.append(
                f'<rect x="{label_width}" y="{y + 5}" width="{bar_width}" height="15" '
                'fill="none" stroke="#888888" stroke-dasharray="2 2"/>'
            )
            written = unanswered
        else:
            written = f"{number(point.value, 1, lang)} / {max_level}"
            if point.note:
                written += f" · {point.note}"
            length = max(bar_width * point.value / max_level, 1.5)
            body.append(
                f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="15" '
                f'fill="{INK}"/>'
            )
        body.append(_text(label_width + bar_width + 6, y + 16, written, 10, font_weight="bold"))
    threshold = label_width + bar_width * conformity_level / max_level
    body.append(
        f'<line x1="{threshold:.1f}" y1="{top - 6}" x2="{threshold:.1f}" y2="{height - 6}" '
        f'stroke="#161616" stroke-width="1.4" stroke-dasharray="4 3"/>'
    )
    return _svg(width, height, describe(title, points, max_level, lang), body)
