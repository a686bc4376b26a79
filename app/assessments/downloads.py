"""A positioning's PDF report and exports (XLSX, CSV, answers JSON), for whoever may read it.

Every figure comes from the domain's scoring, through ``app.report_building``; the PDF and
the spreadsheets are made by ``reports/``, which knows nothing of the web.
"""

from __future__ import annotations

import dataclasses

from flask import Response, abort, request
from flask_login import login_required

from ..access import get_assessment
from ..display import grid_or_404, lang
from ..domain.answers import dump_json
from ..domain.scoring import score_answers
from ..downloads import edition_download
from ..edition_pdf import positioning_pdf, stamp_of
from ..extensions import limit_per_user
from ..models import Assessment
from ..positioning import answers_file_of, service_of
from ..report_building import build_report
from . import bp


def _download(assessment: Assessment, content: bytes, kind: str, part: str = "") -> Response:
    return edition_download(content, service_of(assessment).name, assessment.edition, kind, part)


@bp.get("/positionnements/<int:assessment_id>/rapport.pdf")
@login_required
@limit_per_user("DOWNLOAD_RATE_LIMIT")
def report(assessment_id: int) -> Response:
    """The PDF report, in the reader's language, with the answers file attached."""
    assessment = get_assessment(assessment_id)
    pdf = positioning_pdf(assessment, grid_or_404(assessment), lang())
    return _download(assessment, pdf, "pdf")


@bp.get("/positionnements/<int:assessment_id>/synthese.pdf")
@login_required
@limit_per_user("DOWNLOAD_RATE_LIMIT")
def synthesis(assessment_id: int) -> Response:
    """The one- or two-page synthesis, stamped and verifiable like the report."""
    assessment = get_assessment(assessment_id)
    pdf = positioning_pdf(assessment, grid_or_404(assessment), lang(), synthesis=True)
    return _download(assessment, pdf, "pdf", "synthese")


@bp.get("/positionnements/<int:assessment_id>/export.<kind>")
@login_required
def export(assessment_id: int, kind: str) -> Response:
    """The answers as a spreadsheet (xlsx, csv; ``?scores=1`` for the figures) or as JSON."""
    if kind not in ("xlsx", "csv", "json"):
        abort(404)
    assessment = get_assessment(assessment_id)
    grid = grid_or_404(assessment)
    answers = answers_file_of(assessment)
    if kind == "json":
        return _download(assessment, dump_json(answers, grid).encode("utf-8"), kind)
    from reports import exports

    document = build_report(answers, grid, score_answers(answers, grid), lang())
    document = dataclasses.replace(document, stamp=stamp_of(assessment, lang()))
    if kind == "xlsx":
        return _download(assessment, exports.workbook(document), kind)
    if request.args.get("scores"):
        return _download(assessment, exports.scores_csv(document), kind)
    return _download(assessment, exports.criteria_csv(document), kind)
