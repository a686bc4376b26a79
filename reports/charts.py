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
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from .i18n import label, number

INK = "#000091"
FILL = "#cacafb"
GREY = "#666666"
FONT = "Repere Sans, DejaVu Sans, sans-serif"
TEMPLATES = Path(__file__).resolve().parent / "templates"


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


@dataclass(frozen=True)
class Element:
    """One SVG element: its tag, its attributes and, for a text, what it says."""

    kind: str  # one of our own tags: text, line, rect, polygon, circle
    attributes: tuple[tuple[str, str], ...]
    content: str | None = None


def _text(x: float, y: float, content: str, size: float = 9, **attrs: str) -> Element:
    attrs.setdefault("fill", "#161616")
    attributes = [("x", f"{x:.1f}"), ("y", f"{y:.1f}"), ("font-size", f"{size}")]
    attributes.append(("font-family", FONT))
    attributes += [(key.replace("_", "-"), value) for key, value in attrs.items()]
    return Element("text", tuple(attributes), content)


def _shape(kind: str, **attrs: object) -> Element:
    return Element(kind, tuple((key.replace("_", "-"), str(value)) for key, value in attrs.items()))


@dataclass(frozen=True)
class Chart:
    """A chart ready to draw: the report templates include ``chart.svg`` with it."""

    width: int
    height: int
    title: str  # the chart said in words: the SVG's alternative text
    elements: tuple[Element, ...]


@cache
def _template() -> Template:
    # Autoescaped: every label, title and attribute value is escaped by the template itself.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
    )
    return env.get_template("chart.svg")


def render(chart: Chart) -> str:
    """The chart as SVG text (the report templates include ``chart.svg`` instead)."""
    return _template().render(chart=chart)


def describe(title: str, points: Sequence[Point], max_level: int, lang: str) -> str:
    """The chart said in words, for its alternative text."""
    over = label("out_of", lang)
    parts = [
        f"{p.label} {number(p.value, 1, lang)} {over} {max_level}"
        + (f" ({p.note})" if p.note else "")
        for p in points
    ]
    return f"{title} : " + " ; ".join(parts) if lang != "en" else f"{title}: " + "; ".join(parts)


def radar(
    title: str, points: Sequence[Point], max_level: int, conformity_level: int, lang: str
) -> Chart:
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

    body: list[Element] = []
    for level in range(1, max_level + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(i, level) for i in range(count)))
        stroke = INK if level == conformity_level else "#bbbbbb"
        dashes = (
            {"stroke_dasharray": "5 3", "stroke_width": "1.6"} if level == conformity_level else {}
        )
        body.append(_shape("polygon", points=ring, fill="none", stroke=stroke, **dashes))
        x, y = at(0, level)
        body.append(_text(x + 3, y + 3, str(level), 7, fill=GREY))
    for index in range(count):
        x, y = at(index, max_level)
        body.append(_shape("line", x1=cx, y1=cy, x2=f"{x:.1f}", y2=f"{y:.1f}", stroke="#bbbbbb"))
    shape = " ".join(
        f"{x:.1f},{y:.1f}" for x, y in (at(i, p.value or 0) for i, p in enumerate(points))
    )
    body.append(
        _shape("polygon", points=shape, fill=FILL, fill_opacity="0.6", stroke=INK, stroke_width=2)
    )
    for index, point in enumerate(points):
        x, y = at(index, point.value or 0)
        body.append(_shape("circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=3, fill=INK))
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
    return Chart(width, height, describe(title, points, max_level, lang), tuple(body))


def bars(
    title: str,
    points: Sequence[Point],
    max_level: int,
    conformity_level: int,
    lang: str,
    unanswered: str = "—",
) -> Chart:
    """Horizontal bars of maturity, one per point, the value written at the end of each."""
    label_width, bar_width, row = 200, 220, 28
    width = label_width + bar_width + 130
    height = 24 + row * len(points) + 8
    top = 22
    body: list[Element] = []
    for level in range(max_level + 1):  # the scale, along the top
        x = label_width + bar_width * level / max_level
        body.append(_text(x, 12, str(level), 8.5, text_anchor="middle", fill=GREY))
        body.append(
            _shape(
                "line", x1=f"{x:.1f}", y1=top - 6, x2=f"{x:.1f}", y2=height - 6, stroke="#e5e5e5"
            )
        )
    for index, point in enumerate(points):
        y = top + index * row
        lines = wrap(point.label, 32)
        for line_index, line in enumerate(lines):
            offset = 15 - 5.5 * (len(lines) - 1) + line_index * 11
            body.append(_text(0, y + offset, line, 10))
        if point.value is None:
            body.append(
                _shape("rect", x=label_width, y=y + 5, width=bar_width, height=15, fill="none",
                       stroke="#888888", stroke_dasharray="2 2")
            )  # fmt: skip
            written = unanswered
        else:
            written = f"{number(point.value, 1, lang)} / {max_level}"
            if point.note:
                written += f" · {point.note}"
            length = max(bar_width * point.value / max_level, 1.5)
            body.append(
                _shape("rect", x=label_width, y=y + 5, width=f"{length:.1f}", height=15, fill=INK)
            )
        body.append(_text(label_width + bar_width + 6, y + 16, written, 10, font_weight="bold"))
    threshold = label_width + bar_width * conformity_level / max_level
    body.append(
        _shape("line", x1=f"{threshold:.1f}", y1=top - 6, x2=f"{threshold:.1f}", y2=height - 6,
               stroke="#161616", stroke_width="1.4", stroke_dasharray="4 3")
    )  # fmt: skip
    return Chart(width, height, describe(title, points, max_level, lang), tuple(body))
