"""One answer saved at a time: the autosave (JSON) and the "garder la mienne" form.

``POST /positionnements/<id>/reponses/<criterion_id>`` with a JSON object ``{level,
not_applicable, justification, comment, evidence, revision, confirm}`` (header X-CSRFToken)
answers 200 ``saved``/``unchanged`` with the new revision and the refreshed panel, 409
``conflict`` with both values, 409 ``frozen``, 422 ``invalid`` with a message per field,
403 when the positioning is another organisation's. A form POST (no JavaScript) gets the
questionnaire page instead.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ..access import can_edit_assessment, get_assessment, signed_in_user
from ..display import grid_of, lang, local_time
from ..domain.grid import Grid
from ..extensions import limit_per_user
from ..models import Assessment
from ..positioning import (
    FrozenError,
    Outcome,
    SaveRequest,
    ScoreKey,
    StoredAnswer,
    save_answers,
    score_of,
    score_version,
)
from . import bp
from .forms import criterion_form_class, field_name
from .presentation import page_context, page_of, panel, referentiel_of, saved_label

FROZEN_MESSAGE = _l(
    "Ce positionnement est soumis : il n'est plus modifiable. « Modifier » sur sa page en "
    "crée une nouvelle édition."
)


def _formdata(data: dict[str, Any]) -> MultiDict[str, str]:
    """A JSON answer as form data, so that both ways are validated by the same form."""
    formdata: MultiDict[str, str] = MultiDict()
    if data.get("level") is not None:
        formdata["level"] = str(data["level"])
    if data.get("not_applicable") is True:
        formdata["not_applicable"] = "y"
    for key in ("justification", "comment"):
        if isinstance(data.get(key), str):
            formdata[key] = data[key]
    evidence = data.get("evidence")
    if isinstance(evidence, list):
        formdata["evidence"] = "\n".join(str(item) for item in evidence)
    elif isinstance(evidence, str):
        formdata["evidence"] = evidence
    formdata["revision"] = str(data.get("revision", 0))
    return formdata


def _value_json(grid: Grid, stored: StoredAnswer) -> dict[str, Any]:
    value = stored.value
    return {
        **value.to_data(),
        "level_label": grid.scale.label(value.level, lang()) if value.level is not None else None,
        "revision": stored.revision,
        "by": stored.by,
        "at": local_time(stored.at),
        "from_vendor": stored.from_vendor,
    }


def _frozen_response(json: bool, assessment: Assessment) -> Any:
    message = str(FROZEN_MESSAGE)
    if json:
        return jsonify(status="frozen", message=message), 409
    flash(message, "error")
    return redirect(url_for("assessments.view", assessment_id=assessment.id), 303)


@bp.post("/positionnements/<int:assessment_id>/reponses/<criterion_id>")
@login_required
@limit_per_user("AUTOSAVE_RATE_LIMIT")
def save_answer(assessment_id: int, criterion_id: str) -> Any:
    """Save one answer, based on the revision the user saw."""
    assessment = get_assessment(assessment_id)
    user = signed_in_user()
    as_json = request.is_json
    if not can_edit_assessment(user, assessment):
        if assessment.organisation_id != user.organisation_id:
            abort(403)
        return _frozen_response(as_json, assessment)
    grid = grid_of(assessment)
    criterion = grid.criteria.get(criterion_id) if grid else None
    if grid is None or criterion is None:
        abort(404)
    if not criterion.applies_to(assessment.service.category, assessment.audience):
        abort(404)
    payload = request.get_json(silent=True) if as_json else None
    if as_json and not isinstance(payload, dict):
        return jsonify(status="invalid", message=_("Un objet JSON est attendu.")), 400
    form = criterion_form_class(grid.scale, lang())(
        formdata=_formdata(payload) if payload is not None else request.form
    )
    if not form.validate():
        errors = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        if as_json:
            return jsonify(status="invalid", errors=errors), 422
        flash(_("La réponse n'a pas été enregistrée : %(e)s", e=_first_error(errors)), "error")
        return _back(assessment, grid, criterion_id)
    confirm = (
        bool(payload.get("confirm")) if payload is not None else bool(request.form.get("confirm"))
    )
    save = SaveRequest(criterion_id, form.value(), form.base_revision(), confirm)
    if not as_json:
        try:
            (outcome,) = save_answers(assessment, user, [save]).outcomes
        except FrozenError:
            return _frozen_response(as_json, assessment)
        return _form_answer(assessment, grid, outcome)
    # what the answer needs of the positioning, read before the commit expires it
    key = ScoreKey.of(assessment, grid)
    try:
        saved = save_answers(assessment, user, [save])
    except FrozenError:
        return _frozen_response(as_json, assessment)
    (outcome,) = saved.outcomes
    if outcome.status == "conflict":
        return _conflict_answer(assessment, grid, outcome)
    if saved.version is None:  # unchanged: the score of the version as it is
        result = score_of(assessment, grid)
    else:
        result = score_version(replace(key, version=saved.version), grid, saved.answers)
    figures = panel(assessment_id, grid, result, referentiel_of(grid, criterion_id))
    return jsonify(
        status=outcome.status,
        criterion=outcome.criterion_id,
        revision=outcome.stored.revision,
        version=saved.version or key.version,
        from_vendor=outcome.stored.from_vendor,
        saved_label=saved_label(outcome.stored),
        answer=_value_json(grid, outcome.stored),
        verdict=result.verdict,
        panel_html=render_template("assessments/_panel.html", panel=figures),
        nav_html=render_template("assessments/_nav.html", panel=figures),
    )


def _first_error(errors: dict[str, list[str]]) -> str:
    return next((messages[0] for messages in errors.values() if messages), "")


def _back(assessment: Assessment, grid: Grid, criterion_id: str) -> Response:
    referentiel = referentiel_of(grid, criterion_id)
    url = url_for(
        "assessments.questionnaire", assessment_id=assessment.id, referentiel_id=referentiel.id
    )
    return redirect(f"{url}#{field_name(criterion_id)}", 303)


def _form_answer(assessment: Assessment, grid: Grid, outcome: Outcome) -> Any:
    if outcome.status != "conflict":
        flash(_("Votre réponse à %(id)s est enregistrée.", id=outcome.criterion_id), "success")
        return _back(assessment, grid, outcome.criterion_id)
    referentiel = referentiel_of(grid, outcome.criterion_id)
    criteria, page_class = page_of(assessment, grid, referentiel)
    context, status = page_context(
        assessment, grid, referentiel, criteria, page_class, conflicts=[outcome]
    )
    return render_template("assessments/questionnaire.html", **context), status


def _conflict_answer(assessment: Assessment, grid: Grid, outcome: Outcome) -> Any:
    criterion = grid.criteria[outcome.criterion_id]
    html = render_template(
        "assessments/_conflict.html",
        criterion=criterion,
        question=criterion.question_for(assessment.audience).get(lang()),
        outcome=outcome,
        assessment=assessment,
        grid=grid,
        with_forms=False,
    )
    body = {
        "status": "conflict",
        "criterion": outcome.criterion_id,
        "message": _(
            "Conflit : cette réponse a été modifiée par %(by)s à %(at)s. Choisissez la "
            "valeur à garder.",
            by=outcome.stored.by or _("quelqu'un d'autre"),
            at=local_time(outcome.stored.at),
        ),
        "yours": outcome.attempted.to_data(),
        "theirs": _value_json(grid, outcome.stored),
        "conflict_html": html,
    }
    return jsonify(body), 409
