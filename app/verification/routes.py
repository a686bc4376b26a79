"""``GET /verifier/<code>``: the edition a report's code stands for, and its authentic PDF.

Public: whoever holds a report holds its code. The page shows what the edition's snapshot
recorded (service, vendor, edition, dates, verdict, figures) and its status today; an
unknown code is a clear 404 page, a draft never has one.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from reports import i18n

from ..display import VERDICT_LABELS, lang
from ..domain.fingerprint import parse_code, short_code
from ..downloads import edition_download
from ..edition_pdf import positioning_pdf, stamp_of
from ..extensions import limit_per_user
from ..grid_registry import get_catalogue
from ..models import Assessment
from ..positioning.editions import by_code
from . import bp


@dataclass(frozen=True)
class Row:
    """A line of the figures table, written in the reader's language."""

    title: str
    maturity: str
    conformity_rate: str
    blockers: int


def _edition(code: str) -> Assessment:
    assessment = by_code(code)
    if assessment is None or not assessment.fingerprint or assessment.snapshot is None:
        abort(404)
    return assessment


@bp.get("/verifier")
def form() -> Response | str:
    """A code typed in the form: its page, or the form again with what is wrong."""
    typed = request.args.get("code", "")
    if typed and parse_code(typed):
        return redirect(url_for(".check", code=parse_code(typed)))
    return render_template("verification/form.html", typed=typed)


@bp.get("/verifier/<code>")
def check(code: str) -> str:
    """What the code stands for."""
    assessment = _edition(code)
    snapshot = assessment.snapshot or {}
    grid = get_catalogue(current_app).get(snapshot["grid"]["id"], snapshot["grid"]["version"])
    if grid is None:
        abort(404)
    language = lang()
    score = snapshot["score"]
    rows = [
        Row(
            referentiel.title.get(language),
            i18n.number(score["referentiels"][referentiel.id]["maturity"], 1, language),
            i18n.percent(score["referentiels"][referentiel.id]["conformity_rate"], language),
            len(score["referentiels"][referentiel.id]["blockers"]),
        )
        for referentiel in grid.referentiels
        if referentiel.id in score["referentiels"]
    ]
    overall = Row(
        "",
        i18n.number(score["maturity"], 1, language),
        i18n.percent(score["conformity_rate"], language),
        len(score["blockers"]),
    )
    return render_template(
        "verification/check.html",
        assessment=assessment,
        snapshot=snapshot,
        score=score,
        grid=grid,
        grid_title=grid.header.title.get(language),
        rows=rows,
        overall=overall,
        max_level=grid.scale.maximum,
        verdict=VERDICT_LABELS[score["verdict"]],
        stamp=stamp_of(assessment, language),
        code=short_code(assessment.fingerprint or ""),
    )


@bp.get("/verifier/<code>/rapport.pdf")
@limit_per_user("DOWNLOAD_RATE_LIMIT")
def report(code: str) -> Response:
    """The authentic PDF of the edition, rendered from its snapshot."""
    assessment = _edition(code)
    snapshot = assessment.snapshot or {}
    grid = get_catalogue(current_app).get(snapshot["grid"]["id"], snapshot["grid"]["version"])
    if grid is None:
        abort(404)
    pdf = positioning_pdf(assessment, grid, lang())
    return edition_download(pdf, snapshot["service"]["name"], assessment.edition, "pdf")
