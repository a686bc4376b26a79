"""The audit: open it, review each criterion, ask and answer, issue the opinion, its PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import journal
from ..downloads import download
from ..extensions import db, limit_per_user
from ..models import REVIEW_STATUSES, Audit
from . import bp
from .opinions import AlreadyClosed, OpinionError, Reservation, issue_opinion
from .pages import AuditView, build_view
from .report import audit_report_pdf
from .reviews import ReviewConflict, ReviewValue, clean_text, save_review
from .rules import auditable_assessment, get_audit, get_open_audit_for_auditor, signed_in_user
from .threads import EmptyMessage, post_message

RESERVATION_SLOTS = 3


@bp.post("/audits/nouveau")
@login_required
def open_audit() -> Response:
    """Open (or find) the collectivité's audit of a frozen edition of a followed service."""
    raw = request.form.get("assessment", "")
    if not raw.isdigit() or len(raw) > 12:
        abort(404)
    assessment = auditable_assessment(int(raw))
    user = signed_in_user()
    existing = db.session.scalar(
        select(Audit).where(
            Audit.organisation_id == user.organisation_id,
            Audit.assessment_id == assessment.id,
            Audit.opinion.is_(None),
        )
    )
    if existing is not None:
        return redirect(url_for("audits.view", audit_id=existing.id), 303)
    audit = Audit(
        organisation_id=user.organisation_id, assessment_id=assessment.id, opened_by_id=user.id
    )
    db.session.add(audit)
    db.session.flush()
    journal.record(user, "audit.open", "audit", audit.id, after={"assessment": assessment.id})
    db.session.commit()
    flash(_("Audit ouvert."), "success")
    return redirect(url_for("audits.view", audit_id=audit.id), 303)


def _render(view: AuditView, status: int = 200, **extra: Any) -> tuple[str, int]:
    context: dict[str, Any] = {
        "v": view,
        "conflict": None,
        "opinion_errors": [],
        "slots": range(1, RESERVATION_SLOTS + 1),
    }
    context.update(extra)
    return render_template("audits/audit.html", **context), status


@bp.get("/audits/<int:audit_id>")
@login_required
def view(audit_id: int) -> tuple[str, int]:
    """The audit: reviews per criterion, threads, declared and audited figures, the opinion."""
    audit, role = get_audit(audit_id)
    return _render(build_view(audit, role))


def _criterion_row(view: AuditView, criterion_id: str) -> Any:
    row = next((r for r in view.rows if r.criterion.id == criterion_id), None)
    if row is None:
        abort(404)
    return row


def _review_value(view: AuditView) -> ReviewValue | None:
    status = request.form.get("status", "")
    raw_level = request.form.get("level", "").strip()
    if status not in REVIEW_STATUSES:
        return None
    level: int | None = None
    if raw_level:
        scale = view.grid.scale
        if not raw_level.isdigit() or not scale.minimum <= int(raw_level) <= scale.maximum:
            return None
        level = int(raw_level)
    return ReviewValue(
        status, level, clean_text(request.form.get("comment")), "shared" in request.form
    )


@bp.post("/audits/<int:audit_id>/criteres/<criterion_id>")
@login_required
def save_criterion(audit_id: int, criterion_id: str) -> Response | tuple[str, int]:
    """Save one criterion's review (a plain form: works without JavaScript)."""
    audit = get_open_audit_for_auditor(audit_id)
    view = build_view(audit, "auditor")
    _criterion_row(view, criterion_id)
    value = _review_value(view)
    revision = request.form.get("revision", "")
    if value is None or not revision.isdigit():
        flash(_("Choisissez un statut de revue et un niveau de l'échelle."), "error")
        return redirect(url_for("audits.view", audit_id=audit.id, _anchor=f"c-{criterion_id}"), 303)
    outcome = save_review(audit, criterion_id, value, int(revision), signed_in_user())
    if isinstance(outcome, ReviewConflict):
        return _render(build_view(audit, "auditor"), 409, conflict=outcome)
    flash(_("Revue de %(criterion)s enregistrée.", criterion=criterion_id), "success")
    return redirect(url_for("audits.view", audit_id=audit.id, _anchor=f"c-{criterion_id}"), 303)


@bp.post("/audits/<int:audit_id>/criteres/<criterion_id>/messages")
@login_required
def post_criterion_message(audit_id: int, criterion_id: str) -> Response:
    """Add a message to a criterion's thread: a request (collectivité) or an answer (vendor)."""
    audit, role = get_audit(audit_id)
    if audit.closed:
        abort(403)
    _criterion_row(build_view(audit, role), criterion_id)
    try:
        post_message(audit, criterion_id, request.form.get("body", ""), signed_in_user())
    except EmptyMessage:
        flash(_("Le message est vide : écrivez votre question ou votre réponse."), "error")
    else:
        flash(
            _("Demande d'information envoyée.") if role == "auditor" else _("Réponse envoyée."),
            "success",
        )
    return redirect(url_for("audits.view", audit_id=audit.id, _anchor=f"c-{criterion_id}"), 303)


def _reservations(view: AuditView) -> tuple[list[Reservation], list[str]]:
    known = {row.criterion.id for row in view.rows}
    reservations, errors = [], []
    for slot in range(1, RESERVATION_SLOTS + 1):
        text = clean_text(request.form.get(f"reservation-{slot}-text"))
        criteria = tuple(c for c in request.form.getlist(f"reservation-{slot}-criteria") if c)
        due = request.form.get(f"reservation-{slot}-due", "").strip()
        if not text and not criteria and not due:
            continue
        if not text:
            errors.append(_("Réserve %(n)s : écrivez ce qui est attendu.", n=slot))
        if not criteria or not set(criteria) <= known:
            errors.append(_("Réserve %(n)s : choisissez le ou les critères concernés.", n=slot))
        try:
            due_date = dt.date.fromisoformat(due)
        except ValueError:
            errors.append(_("Réserve %(n)s : donnez une échéance (jj/mm/aaaa).", n=slot))
            continue
        reservations.append(Reservation(text, criteria, due_date))
    return reservations, errors


@bp.post("/audits/<int:audit_id>/avis")
@login_required
def issue(audit_id: int) -> Response | tuple[str, int]:
    """Issue the opinion: the audit is then frozen, read-only."""
    audit = get_open_audit_for_auditor(audit_id)
    view = build_view(audit, "auditor")
    opinion = request.form.get("opinion", "")
    reservations, errors = _reservations(view)
    if opinion not in ("favorable", "favorable_reserves", "defavorable"):
        errors.insert(0, _("Choisissez un avis."))
    elif opinion == "favorable_reserves" and not reservations and not errors:
        errors.append(_("Un avis favorable avec réserves demande au moins une réserve."))
    if errors:
        return _render(view, 400, opinion_errors=errors)
    try:
        issue_opinion(
            audit, opinion, request.form.get("comment", ""), reservations, signed_in_user()
        )
    except AlreadyClosed:
        flash(_("Un avis a déjà été rendu sur cet audit."), "error")
    except OpinionError:
        abort(400)
    else:
        flash(_("Avis rendu : l'audit est désormais en lecture seule."), "success")
    return redirect(url_for("audits.view", audit_id=audit.id), 303)


@bp.get("/audits/<int:audit_id>/rapport.pdf")
@login_required
@limit_per_user("DOWNLOAD_RATE_LIMIT")
def report(audit_id: int) -> Response:
    """The audit's report as a PDF, rendered by the isolated renderer (fetches nothing)."""
    audit, role = get_audit(audit_id)
    pdf = audit_report_pdf(build_view(audit, role))
    return download(pdf, f"audit-{audit.id}", "pdf")
