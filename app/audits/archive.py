""" "Télécharger tous les rapports": a ZIP of the portfolio's PDFs, built as a job.

For each followed service with a published positioning: the collectivité's latest audit
report on it, else the vendor's positioning report.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from .. import jobs
from ..edition_pdf import positioning_pdf
from ..extensions import db
from ..grid_registry import get_catalogue
from ..models import Assessment, Audit, Job
from .pages import build_view
from .portfolio import PortfolioRow, portfolio_rows
from .report import audit_report_pdf

KIND = "portfolio_zip"


def archived_rows(organisation_id: int) -> list[PortfolioRow]:
    """The portfolio's services that have a report to put in the archive."""
    return [row for row in portfolio_rows(organisation_id) if row.assessment_id is not None]


def _file_name(row: PortfolioRow, kind: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", row.service_name).strip("-")[:60] or "service"
    return f"{row.service_id}-{slug}-{kind}.pdf"


def _pdf_of(row: PortfolioRow) -> tuple[str, bytes]:
    if row.audit_id is not None:
        audit = db.session.get(Audit, row.audit_id)
        assert audit is not None
        return _file_name(row, "audit"), audit_report_pdf(build_view(audit, "auditor"))
    assessment = db.session.get(Assessment, row.assessment_id)
    assert assessment is not None
    grid = get_catalogue(current_app).get(assessment.grid_id, assessment.grid_version)
    if grid is None:
        raise LookupError(assessment.grid_id)
    pdf = positioning_pdf(assessment, grid, "fr")  # from its snapshot, stamped
    return _file_name(row, "positionnement"), pdf


@jobs.handler(KIND)
def build_archive(job: Job, progress: Callable[[int], None]) -> None:
    """Write the job's ZIP, one PDF after the other, reporting progress after each."""
    rows = archived_rows(job.organisation_id)
    target = jobs.result_path(job)
    partial = target.with_suffix(".part")
    with force_locale("fr"), zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as archive:
        for done, row in enumerate(rows, start=1):
            name, pdf = _pdf_of(row)
            archive.writestr(name, pdf)
            progress(done)
    partial.replace(target)


def latest_job(organisation_id: int) -> Job | None:
    return db.session.scalar(
        select(Job)
        .where(Job.organisation_id == organisation_id, Job.kind == KIND)
        .order_by(Job.created_at.desc())
        .limit(1)
    )
