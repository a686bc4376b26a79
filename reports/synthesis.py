"""The short version of a report: one or two pages for a board meeting or a tender file.

The status stamp, the verdict and the deadline, the figures per référentiel, the blockers,
and the code and QR code that verify it. Made from the same report model as the long report
and laid out by the same renderer, which fetches nothing.
"""

from __future__ import annotations

from typing import Any

from .edition import DRAFT
from .model import Report
from .pdf import VERDICT_SYMBOLS, environment, template_words


def render_synthesis_html(report: Report) -> str:
    """The synthesis as an HTML document (what WeasyPrint then lays out)."""
    stamp = report.stamp or DRAFT
    blocking = [c for c in report.criteria if c.blocker]
    context: dict[str, Any] = {
        "r": report,
        "s": stamp,
        "verdict_symbol": VERDICT_SYMBOLS[report.verdict],
        "blocking": blocking,
        **template_words(report.lang),
    }
    return environment().get_template("synthesis.html").render(context)
