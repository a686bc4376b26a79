"""``GET /comparaison?ids=…`` and its XLSX and PDF exports (same query)."""

from __future__ import annotations

import datetime as dt

from flask import abort, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..display import lang
from ..domain.deadlines import format_date
from ..domain.scoring import VERDICTS
from ..downloads import download
from ..extensions import limit_per_user
from ..published import deadline_label
from . import bp
from .comparison import (
    MAX_SERVICES,
    MIN_SERVICES,
    Comparison,
    ComparisonError,
    build_comparison,
    load_published,
    parse_ids,
)
from .comparison_export import comparison_workbook


def _file_stem(result: Comparison) -> str:
    """``repere-comparaison-12-40-7``: the compared positionings, in the page's order."""
    return f"repere-comparaison-{result.ids.replace(',', '-')}"


def _flag(name: str) -> bool:
    return request.args.get(name) in ("1", "on", "oui", "y")


def requested_comparison() -> Comparison | tuple[str, int]:
    """The comparison the query asks for, or the page that says why it cannot be made."""
    try:
        ids = parse_ids(request.args.getlist("ids"))
        columns = load_published(ids)
    except ComparisonError as error:
        if error.code == "unknown":
            abort(404)
        if error.code == "versions":
            message = _(
                "Ces positionnements portent sur des versions différentes de la grille "
                "(%(versions)s) : leurs critères ne se comparent pas. Choisissez des "
                "positionnements d'une seule version, en filtrant le catalogue par version de "
                "la grille.",
                versions=", ".join(error.details["versions"]),
            )
        elif error.code == "count":
            message = _(
                "Choisissez de %(min)s à %(max)s positionnements à comparer (vous en avez "
                "choisi %(n)s).",
                min=MIN_SERVICES,
                max=MAX_SERVICES,
                n=error.details["count"],
            )
        else:
            message = _("La liste des positionnements à comparer n'est pas valide.")
        return render_template("catalogue/comparison_error.html", message=message), 400
    return build_comparison(
        columns,
        lang(),
        differences_only=_flag("differences"),
        blockers_only=_flag("bloquants"),
    )


def deadlines_of(comparison: Comparison) -> list[str]:
    """Each column's deadline sentence (one per category: it depends on nothing else here)."""
    sentences: dict[str, str] = {}
    for column in comparison.columns:
        if column.category not in sentences:
            sentences[column.category] = deadline_label(column)
    return [sentences[column.category] for column in comparison.columns]


@bp.get("/comparaison")
def comparison() -> str | tuple[str, int]:
    """2 to 10 published positionings of one grid version side by side."""
    result = requested_comparison()
    if not isinstance(result, Comparison):
        return result
    return render_template(
        "catalogue/comparison.html", comparison=result, deadlines=deadlines_of(result)
    )


@bp.get("/comparaison.xlsx")
def comparison_xlsx() -> Response | tuple[str, int]:
    """The comparison as a workbook: the matrix, then one sheet per service."""
    result = requested_comparison()
    if not isinstance(result, Comparison):
        return result
    content = comparison_workbook(result, deadlines_of(result), lang())
    return download(content, _file_stem(result), "xlsx")


@bp.get("/comparaison.pdf")
@limit_per_user("DOWNLOAD_RATE_LIMIT")
def comparison_pdf() -> Response | tuple[str, int]:
    """The comparison in A4 landscape, laid out by the reports' isolated renderer."""
    from reports.isolation import html_to_pdf_isolated

    result = requested_comparison()
    if not isinstance(result, Comparison):
        return result
    html = comparison_html(result, deadlines_of(result))
    return download(html_to_pdf_isolated(html), _file_stem(result), "pdf")


def comparison_html(result: Comparison, deadlines: list[str]) -> str:
    """The printable comparison (the PDF's HTML: it fetches nothing but the reports' fonts)."""
    return render_template(
        "catalogue/comparison_pdf.html",
        comparison=result,
        deadlines=deadlines,
        printed=format_date(dt.date.today(), lang()),
        verdicts=VERDICTS,
    )
