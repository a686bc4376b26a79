"""Publishing a submitted positioning (a confirmation page says what becomes public) and
withdrawing a published one."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ..access import get_managed_assessment, signed_in_user
from ..display import grid_or_404
from ..positioning import IncompleteError, StaleError, publish, withdraw
from ..positioning.publication import ensure_snapshot, unanswered_of
from ..published import deadline_label, published_of
from . import bp


@bp.route("/positionnements/<int:assessment_id>/publier", methods=["GET", "POST"])
@login_required
def publish_assessment(assessment_id: int) -> Any:
    """GET: what becomes public (never people's names); POST: publish it."""
    assessment = get_managed_assessment(assessment_id)
    view = url_for("assessments.view", assessment_id=assessment.id)
    if assessment.status == "submitted":
        ensure_snapshot(assessment, grid_or_404(assessment))
    if assessment.status != "submitted":
        if request.method == "POST":
            flash(_("Seul un positionnement soumis peut être publié."), "error")
        return redirect(view, 303)
    status = 200
    if request.method == "POST":
        try:
            acknowledged = request.form.get("incomplete") == "y"
            publish(assessment, signed_in_user(), incomplete_ack=acknowledged)
        except IncompleteError:
            status = 400
        except StaleError:
            flash(_("Seul un positionnement soumis peut être publié."), "error")
            return redirect(view, 303)
        else:
            flash(
                _("Positionnement publié : il figure au catalogue public, à la place de "
                  "l'édition publiée précédente s'il y en avait une."),
                "success",
            )  # fmt: skip
            return redirect(view, 303)
    content = published_of(assessment)
    return render_template(
        "catalogue/publish.html",
        assessment=assessment,
        content=content,
        unanswered=unanswered_of(assessment),
        incomplete_error=status == 400,
        deadline_label=deadline_label(content),
    ), status


@bp.route("/positionnements/<int:assessment_id>/retirer", methods=["GET", "POST"])
@login_required
def withdraw_assessment(assessment_id: int) -> Any:
    """GET: confirm; POST: the published positioning leaves the catalogue (journaled)."""
    assessment = get_managed_assessment(assessment_id)
    view = url_for("assessments.view", assessment_id=assessment.id)
    if assessment.status != "published":
        if request.method == "POST":
            flash(_("Seul un positionnement publié peut être retiré."), "error")
        return redirect(view, 303)
    if request.method == "POST":
        try:
            withdraw(assessment, signed_in_user())
        except StaleError:
            flash(_("Seul un positionnement publié peut être retiré."), "error")
        else:
            flash(
                _("Positionnement retiré du catalogue. Sa page publique indique qu'il a été "
                  "retiré."),
                "success",
            )  # fmt: skip
        return redirect(view, 303)
    return render_template("catalogue/withdraw.html", assessment=assessment)
