"""Render a :class:`~reports.model.Report` as HTML, then as PDF with WeasyPrint.

Everything the user wrote reaches the HTML through Jinja2 with autoescaping on, and the
renderer can only read our own assets (:mod:`reports.fetcher`). The answers file travels
inside the PDF as an attachment, so whoever receives the report can import it back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import charts, i18n
from .engine import HTML, Attachment, FatalURLFetchingError, font_configuration
from .fetcher import BASE_URL, PACKAGE_DIR, AssetFetcher, ForbiddenResource
from .model import CriterionRow, Report

PDF_VARIANT = "pdf/ua-1"  # tagged, for screen readers (checked by tests/reports/test_pdf_report.py)
VERDICT_SYMBOLS = {"conforme": "✓", "incomplet": "◐", "non_conforme": "✗"}
TOC_MIN_CRITERIA = 12  # a table of contents only for reports long enough to need one


@dataclass(frozen=True)
class EmbeddedFile:
    """A file attached to the PDF."""

    name: str
    content: bytes
    description: str = ""


@dataclass(frozen=True)
class _AxisRows:
    title: str
    rows: tuple[CriterionRow, ...]


@dataclass(frozen=True)
class _AnnexReferentiel:
    id: str
    title: str
    axes: tuple[_AxisRows, ...]


# Control characters (but tab and newlines) and bidirectional overrides: invisible, they
# break the PDF's text layer (a NUL turns the extracted text into garbage) or let a text
# display reversed. They are dropped from everything a template prints.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(value: Any) -> Any:
    """What a template prints: strings without control characters, the rest unchanged.

    Markup reaching here is a macro's output, whose every expression already went through
    this function.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return _INVISIBLE.sub("", value)
    return value


# Pango lays out an unbroken run of characters again for every line it cuts from it: a
# 20,000-character word took 20 s, whatever the CSS (overflow-wrap, word-break). A zero-width
# space every few characters gives it places to break at the cost of ordinary prose; it
# prints nothing and the PDF's text layer leaves it out.
LONGEST_UNBROKEN = 30
_UNBROKEN = re.compile(rf"\S{{{LONGEST_UNBROKEN + 1},}}")
_CHUNK = re.compile(rf"\S{{1,{LONGEST_UNBROKEN}}}")


def breakable(value: str) -> str:
    """``value`` with a zero-width space every LONGEST_UNBROKEN characters of a long word."""
    return _UNBROKEN.sub(lambda match: "\u200b".join(_CHUNK.findall(match.group())), value)


CSS_KEPT = frozenset(" .,;:’()-—…")  # nothing HTML escapes: the result needs no Markup


def css_string(value: str) -> str:
    """``value`` as the inside of a double-quoted CSS string: every character but letters,
    digits and a few harmless ones is a CSS escape, so that neither CSS nor HTML escaping
    can change it (``<``, ``&``, quotes and backslashes included)."""
    return "".join(ch if ch.isalnum() or ch in CSS_KEPT else f"\\{ord(ch):x} " for ch in value)


@cache
def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescaping on, strict names)."""
    env = Environment(
        loader=FileSystemLoader(PACKAGE_DIR / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=printable,
    )
    env.filters["css_string"] = css_string
    env.filters["breakable"] = breakable
    return env


def _annex(report: Report) -> tuple[_AnnexReferentiel, ...]:
    referentiels: list[_AnnexReferentiel] = []
    for summary in report.referentiels:
        rows = [c for c in report.concerned_criteria if c.referentiel_id == summary.id]
        axes = tuple(
            _AxisRows(axis.title, tuple(c for c in rows if c.axis_id == axis.id))
            for axis in summary.axes
            if any(c.axis_id == axis.id for c in rows)
        )
        if axes:
            referentiels.append(_AnnexReferentiel(summary.id, summary.title, axes))
    return tuple(referentiels)


def _charts(report: Report) -> dict[str, Any]:
    lang, top, expected = report.lang, report.max_level, report.conformity_level
    title = i18n.label("radar_title", lang)
    radar_svg: charts.Chart | None = None
    radar_of = ""
    if len(report.referentiels) >= 3:
        points = [
            charts.Point(r.title, r.figures.maturity, i18n.percent(r.figures.conformity_rate, lang))
            for r in report.referentiels
        ]
        radar_of = i18n.label("referentiel", lang).lower()
        radar_svg = charts.radar(f"{title} {radar_of}", points, top, expected, lang)
    else:
        axes = [a for r in report.referentiels for a in r.axes if a.figures.applicable]
        if len(axes) >= 3:
            points = [charts.Point(a.title, a.figures.maturity) for a in axes]
            radar_of = i18n.label("axis", lang).lower()
            radar_svg = charts.radar(f"{title} {radar_of}", points, top, expected, lang)
    bar_charts = []
    for ref in report.referentiels:
        points = [
            charts.Point(a.title, a.figures.maturity, i18n.percent(a.figures.conformity_rate, lang))
            for a in ref.axes
            if a.figures.applicable
        ]
        if points:
            chart_title = f"{i18n.label('bars_title', lang)} — {ref.title}"
            svg = charts.bars(
                chart_title, points, top, expected, lang, i18n.label("unanswered", lang)
            )
            bar_charts.append((ref, svg))
    legend = i18n.label("chart_legend", lang).format(
        expected=expected, label=report.conformity_label, top=top
    )
    return {
        "radar_svg": radar_svg,
        "radar_of": radar_of,
        "bar_charts": bar_charts,
        "legend": legend,
    }


def template_words(lang: str) -> dict[str, Any]:
    """The helpers every report template uses, in ``lang``: fixed words, numbers, rates."""

    def t(key: str) -> str:
        return i18n.label(key, lang)

    def number(value: float | None, digits: int = 1) -> str:
        return i18n.number(value, digits, lang)

    def percent(value: float | None) -> str:
        return i18n.percent(value, lang)

    return {
        "t": t,
        "number": number,
        "percent": percent,
        "colon": ":" if lang == "en" else "\u00a0:",
    }


def render_html(report: Report) -> str:
    """The report as an HTML document (what WeasyPrint then lays out)."""
    lang = report.lang
    words = template_words(lang)
    t = words["t"]
    context: dict[str, Any] = {
        "r": report,
        **words,
        "verdict_symbol": VERDICT_SYMBOLS[report.verdict],
        "annex": _annex(report),
        "not_concerned": [c for c in report.criteria if c.status == "not_concerned"],
        "own_deadlines": any(ref.deadline_differs for ref in report.referentiels),
        "show_toc": len(report.concerned_criteria) >= TOC_MIN_CRITERIA,
        "rules": i18n.RULES["en" if lang == "en" else "fr"],
        "conformity_rule": t("conformity_rule").format(
            level=report.conformity_level, label=report.conformity_label
        ),
        **_charts(report),
    }
    return environment().get_template("report.html").render(context)


def html_to_pdf(
    html: str, attachments: Sequence[EmbeddedFile] = (), *, variant: str | None = PDF_VARIANT
) -> bytes:
    """Lay out ``html`` with WeasyPrint, reading only our assets, and return the PDF."""
    fetcher = AssetFetcher()
    files = [
        Attachment(
            string=item.content,
            name=item.name,
            description=item.description or None,
            url_fetcher=fetcher,
            relationship="Source",
            created=dt.datetime.now(dt.UTC),
            modified=dt.datetime.now(dt.UTC),
        )
        for item in attachments
    ]
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    try:
        pdf: bytes = document.write_pdf(
            attachments=files, pdf_variant=variant, font_config=font_configuration()
        )
    except FatalURLFetchingError as exc:  # a BaseException: make it an ordinary error
        raise ForbiddenResource(str(exc)) from exc
    return pdf


def render_pdf(report: Report, attachments: Sequence[EmbeddedFile] = ()) -> bytes:
    """The report as a PDF (tagged, PDF/UA-1), with ``attachments`` embedded.

    Long-lived processes such as web workers lay it out in a child process instead:
    :func:`reports.isolation.html_to_pdf_isolated` of :func:`render_html`.
    """
    return html_to_pdf(render_html(report), attachments)
