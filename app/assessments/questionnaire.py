"""The questionnaire: one page per référentiel, built at run time from the grid.

Without JavaScript a page is saved whole (POST). Only the answers the user changed on the
page are saved (each card carries a fingerprint of the value it showed); an answer changed by
someone else meanwhile is not saved but shown beside the other value (409), never merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from werkzeug.wrappers import Response

from ..access import can_edit_assessment, get_assessment, signed_in_user
from ..display import grid_or_404
from ..domain.grid import Criterion, Grid, Referentiel
from ..models import Assessment
from ..positioning import (
    FrozenError,
    SaveRequest,
    save_answers,
)
from . import bp
from .forms import CriterionForm, field_name
from .presentation import concerned, page_context, page_of


@bp.get("/positionnements/<int:assessment_id>/questionnaire")
@login_required
def questionnaire_start(assessment_id: int) -> Response:
    """The first référentiel page that has criteria for this service."""
    assessment = get_assessment(assessment_id)
    grid = grid_or_404(assessment)
    first = next(
        (r for r in grid.referentiels if concerned(grid, assessment, r)), grid.referentiels[0]
    )
    return redirect(
        url_for("assessments.questionnaire", assessment_id=assessment.id, referentiel_id=first.id)
    )


@bp.route(
    "/positionnements/<int:assessment_id>/questionnaire/<referentiel_id>",
    methods=["GET", "POST"],
)
@login_required
def questionnaire(assessment_id: int, referentiel_id: str) -> Any:
    """One page of the questionnaire; POST saves the page (the way without JavaScript)."""
    assessment = get_assessment(assessment_id)
    user = signed_in_user()
    editable = can_edit_assessment(user, assessment)
    if not editable and request.method == "GET":
        if assessment.frozen and assessment.organisation_id == user.organisation_id:
            flash(_("Ce positionnement est soumis : il se consulte en lecture seule."), "info")
        return redirect(url_for("assessments.view", assessment_id=assessment.id))
    if not editable and assessment.organisation_id != user.organisation_id:
        abort(403)
    grid = grid_or_404(assessment)
    referentiel = next((r for r in grid.referentiels if r.id == referentiel_id), None)
    if referentiel is None:
        abort(404)
    criteria, page_class = page_of(assessment, grid, referentiel)
    if request.method == "GET":
        return _render(assessment, grid, referentiel, criteria, page_class)
    posted = page_class()
    posted.validate()
    if not editable:  # frozen since the page was shown: keep what was typed on screen
        return _render(
            assessment, grid, referentiel, criteria, page_class, posted=posted, frozen=True
        )
    confirm = request.form.get("confirm")
    requests, invalid = [], []
    for criterion in criteria:
        sub: CriterionForm = posted[field_name(criterion.id)].form
        if sub.errors:
            invalid.append(criterion.id)
            continue
        value = sub.value()
        if value.digest() != sub.seen.data or confirm == criterion.id:
            requests.append(
                SaveRequest(criterion.id, value, sub.base_revision(), confirm == criterion.id)
            )
    try:
        outcomes = save_answers(assessment, user, requests).outcomes if requests else []
    except FrozenError:
        return _render(
            assessment, grid, referentiel, criteria, page_class, posted=posted, frozen=True
        )
    saved = sum(1 for o in outcomes if o.status == "saved")
    conflicts = [o for o in outcomes if o.status == "conflict"]
    if not invalid and not conflicts:
        flash(_saved_message(saved), "success")
        target = referentiel
        if request.form.get("go") == "next":
            target = _next_referentiel(grid, assessment, referentiel) or referentiel
        return redirect(
            url_for("assessments.questionnaire", assessment_id=assessment.id,
                    referentiel_id=target.id), 303,
        )  # fmt: skip
    return _render(
        assessment, grid, referentiel, criteria, page_class,
        posted=posted, invalid=invalid, conflicts=conflicts, saved=saved,
    )  # fmt: skip


def _saved_message(saved: int) -> str:
    if saved == 0:
        return _("Aucune modification à enregistrer sur cette page.")
    return ngettext("%(num)s réponse enregistrée.", "%(num)s réponses enregistrées.", saved)


def _next_referentiel(
    grid: Grid, assessment: Assessment, current: Referentiel
) -> Referentiel | None:
    index = grid.referentiels.index(current)
    return next((r for r in grid.referentiels[index + 1 :] if concerned(grid, assessment, r)), None)


def _render(
    assessment: Assessment,
    grid: Grid,
    referentiel: Referentiel,
    criteria: Sequence[Criterion],
    page_class: type[Any],
    **state: Any,
) -> tuple[str, int]:
    context, status = page_context(assessment, grid, referentiel, criteria, page_class, **state)
    return render_template("assessments/questionnaire.html", **context), status
