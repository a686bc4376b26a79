"""Our SVG charts: valid, values written, labels escaped, readable without colour."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from reports.charts import Chart, Point, bars, radar, render, wrap

SVG = "{http://www.w3.org/2000/svg}"


def texts(chart: Chart) -> list[str]:
    return [t.text or "" for t in ET.fromstring(render(chart)).iter(f"{SVG}text")]


def test_radar_writes_every_value_and_label() -> None:
    points = [Point("Interopérabilité", 2.04), Point("Sécurité", 3.5), Point("Numérique", None)]
    svg = radar("Maturité par référentiel", points, 4, 3, "fr")
    written = texts(svg)
    assert {"Interopérabilité", "Sécurité", "Numérique"} <= set(written)
    assert {"2,0", "3,5", "—"} <= set(written)  # numbers written, "—" when not answered
    title = ET.fromstring(render(svg)).find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert "Interopérabilité 2,0 sur 4" in title.text  # the alternative text says it all


def test_radar_marks_the_expected_level_without_colour() -> None:
    svg = radar("t", [Point("a", 1), Point("b", 2), Point("c", 3)], 4, 3, "en")
    dashed = [
        p for p in ET.fromstring(render(svg)).iter(f"{SVG}polygon") if p.get("stroke-dasharray")
    ]
    assert len(dashed) == 1  # the conformity ring, dashed
    assert "1.0" in texts(svg)  # English decimals


def test_radar_needs_three_points() -> None:
    with pytest.raises(ValueError, match="three"):
        radar("t", [Point("a", 1), Point("b", 2)], 4, 3, "fr")


def test_bars_write_value_scale_and_note() -> None:
    svg = bars("Axes", [Point("Identité", 2.0, "50 %"), Point("Données", None)], 4, 3, "fr",
               "Non renseigné")  # fmt: skip
    written = texts(svg)
    assert "2,0 / 4 · 50 %" in written
    assert "Non renseigné" in written
    assert {"0", "1", "2", "3", "4"} <= set(written)


def test_labels_are_escaped() -> None:
    hostile = '<script>alert(1)</script> & "quotes"'
    svg = bars("</svg><img src=x>", [Point(hostile, 1.0)], 4, 3, "fr")
    root = ET.fromstring(render(svg))  # still well-formed XML
    assert root.find(f".//{SVG}script") is None
    assert any("<script>alert(1)</script>" in t for t in texts(svg))


def test_wrap_cuts_long_words_and_limits_lines() -> None:
    assert wrap("Authentification unique et identité", 20) == [
        "Authentification",
        "unique et identité",
    ]
    lines = wrap("x" * 100, 20, max_lines=2)
    assert len(lines) == 2 and all(len(line) <= 20 for line in lines)
    assert lines[-1].endswith("…")
