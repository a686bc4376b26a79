"""A positioning's PDF documents as the application issues them: the long report and the
synthesis, stamped with what they are, carrying their edition document, signed when the
instance has a signing key.

- A draft says "BROUILLON — document de travail" on every page.
- A frozen edition is rendered from its snapshot, never today's rows, with its edition
  number, dates, status today, verification code and QR code; its edition document
  (``domain.fingerprint``) is attached so that ``flask verify`` can check it.
- With ``REPERE_SIGNING_KEY`` and ``REPERE_SIGNING_CERT`` (PEM files), the PDF is signed
  (PAdES) so that readers show who issued it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from flask import current_app, has_request_context, url_for
from sqlalchemy import select

from reports import i18n
from reports.edition import DRAFT, AuditOpinion, EditionStamp
from reports.isolation import html_to_pdf_isolated
from reports.pdf import EmbeddedFile, render_html
from reports.qr import qr_data_url
from reports.signing import SigningIdentity, sign_pdf
from reports.synthesis import render_synthesis_html
from reports.verification import EDITION_ATTACHMENT

from .domain.answers import dump_json
from .domain.deadlines import format_date, in_paris
from .domain.fingerprint import canonical_json, short_code
from .domain.grid import Grid
from .domain.scoring import score_answers
from .extensions import db
from .models import Assessment, Audit
from .positioning.editions import edition_document, state_of
from .positioning.snapshots import answers_file_of
from .report_building import ATTACHMENT_NAME, build_report


def _day(value: dt.datetime | None, lang: str) -> str | None:
    """The day of ``value`` as people in France read it ("2 décembre 2026")."""
    if value is None:
        return None
    return format_date(in_paris(value).date(), lang)


def verify_url(code: str) -> str:
    """The public address where the code printed on a report is checked.

    In a request, the address the reader used; in a background job (no request), the one
    configured as ``REPERE_PUBLIC_URL``.
    """
    if has_request_context():
        return url_for("verification.check", code=code, _external=True)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for("verification.check", code=code, _external=True)


def audit_opinion(assessment: Assessment, lang: str) -> AuditOpinion | None:
    """The latest opinion a collectivité gave on this edition, as the cover names it."""
    audit = db.session.scalars(
        select(Audit)
        .where(Audit.assessment_id == assessment.id, Audit.opinion.is_not(None))
        .order_by(Audit.opinion_at.desc())
        .limit(1)
    ).first()
    if audit is None or audit.opinion is None:
        return None
    return AuditOpinion(
        collectivite=audit.organisation.name,
        opinion=i18n.label(f"opinion_{audit.opinion}", lang),
        date_text=_day(audit.opinion_at, lang) or "",
    )


def stamp_of(assessment: Assessment, lang: str) -> EditionStamp:
    """What a document of ``assessment`` says about itself, printed today."""
    state = state_of(assessment)
    if state.status == "draft":
        return DRAFT
    code = short_code(assessment.fingerprint) if assessment.fingerprint else None
    address = verify_url(code) if code else None
    return EditionStamp(
        status=state.status,
        edition=assessment.edition,
        submitted_text=_day(assessment.submitted_at, lang),
        published_text=_day(assessment.published_at, lang),
        superseded_by=state.superseded_by,
        withdrawn_text=_day(assessment.withdrawn_at, lang),
        fingerprint=assessment.fingerprint,
        code=code,
        verify_url=address,
        qr_data_url=qr_data_url(address) if address else None,
        audit=audit_opinion(assessment, lang),
        vendor_declared=assessment.audience == "editeur",
    )


def positioning_pdf(
    assessment: Assessment,
    grid: Grid,
    lang: str,
    *,
    synthesis: bool = False,
) -> bytes:
    """The long report (or the synthesis) of ``assessment``, rendered in the child process."""
    answers = answers_file_of(assessment)
    report = build_report(answers, grid, score_answers(answers, grid), lang)
    report = dataclasses.replace(report, stamp=stamp_of(assessment, lang))
    html = render_synthesis_html(report) if synthesis else render_html(report)
    files = [
        EmbeddedFile(
            ATTACHMENT_NAME,
            dump_json(answers, grid).encode("utf-8"),
            i18n.label("attachment_description", lang),
        )
    ]
    document = edition_document(assessment)
    if document is not None:
        files.append(
            EmbeddedFile(
                EDITION_ATTACHMENT,
                canonical_json(document),
                i18n.label("edition_attachment_description", lang),
            )
        )
    pdf = html_to_pdf_isolated(html, files)
    identity = signing_identity()
    if identity is not None:
        pdf = sign_pdf(pdf, identity, i18n.label("signature_reason", lang))
    return pdf


def signing_identity() -> SigningIdentity | None:
    """The instance's signing key and certificate, when both are configured."""
    key, cert = current_app.config.get("SIGNING_KEY"), current_app.config.get("SIGNING_CERT")
    if not key or not cert:
        return None
    return SigningIdentity(Path(key), Path(cert))
