"""Positionings: start one, read one, submit, publish, and start a new edition."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from ..access import (
    audience_of,
    can_edit_assessment,
    can_manage_assessment,
    can_position_service,
    can_read_history,
    can_view_assessment,
    get_assessment,
    get_managed_assessment,
    get_service,
    signed_in_user,
)
from ..display import VERDICT_LABELS, grid_or_404, lang
from ..domain.grid import Grid
from ..domain.scoring import score, score_to_json
from ..extensions import db
from ..grid_registry import get_catalogue
from ..journal_view import JournalLine, describe
from ..models import CatalogueEntry, JournalEntry, Organisation, Service, User
from ..positioning import (
    FrozenError,
    StaleError,
    create_assessment,
    editions_of,
    find_draft,
    load_records,
    new_edition,
    next_edition,
    score_of,
    service_of,
    submit,
    vendor_published,
)
from . import bp
from .forms import NewAssessmentForm, choices

HISTORY_LIMIT = 300


def _grid_value(grid: Grid) -> str:
    return f"{grid.id}@{grid.version}"


def _grids_for(audience: str) -> list[Grid]:
    """Loaded grid versions that address this audience, newest doctrine first."""
    grids = [g for g in get_catalogue(current_app) if audience in g.header.audiences]
    return sorted(
        grids,
        key=lambda g: (g.id == "doctrine", g.header.status != "superseded", g.version),
        reverse=True,
    )


def _service_choices(user: User) -> list[tuple[int, str]]:
    """A vendor's own services; for others every service, those in the catalogue first with
    their vendor's published verdict."""
    query = (
        select(Service.id, Service.name, Organisation.name, CatalogueEntry.verdict)
        .join(Organisation, Organisation.id == Service.organisation_id)
        .outerjoin(CatalogueEntry, CatalogueEntry.service_id == Service.id)
    )
    if user.organisation.kind == "editeur":
        query = query.where(Service.organisation_id == user.organisation_id)
    else:
        query = query.order_by(CatalogueEntry.verdict.is_(None))
    rows = db.session.execute(query.order_by(Service.name, Service.id)).all()
    return [
        (sid, f"{name} — {vendor}" + (f" · {_('publié')} : {VERDICT_LABELS[verdict]}"
                                      if verdict else ""))
        for sid, name, vendor, verdict in rows
    ]  # fmt: skip


@bp.route("/positionnements/nouveau", methods=["GET", "POST"])
@login_required
def assessment_new() -> Any:
    """Start a positioning of a service against a grid version, as the user's organisation."""
    user = signed_in_user()
    audience = audience_of(user)
    if audience is None:
        abort(403)
    services = _service_choices(user)
    if not services and user.organisation.kind == "editeur":
        flash(_("Décrivez d'abord votre service : le positionnement porte sur lui."), "info")
        return redirect(url_for("assessments.service_new"))
    grids = _grids_for(audience)
    form = NewAssessmentForm()
    form.service.choices = choices(services)
    form.grid.choices = choices(
        (_grid_value(g), f"{g.header.title.get(lang())} — {g.version}") for g in grids
    )
    if request.method == "GET":
        form.service.data = request.args.get("service", type=int)
        form.grid.data = _grid_value(grids[0]) if grids else None
    if form.validate_on_submit():
        service = get_service(form.service.data)
        if not can_position_service(user, service):
            abort(403)
        grid_id, _sep, version = form.grid.data.partition("@")
        grid = get_catalogue(current_app).get(grid_id, version)
        if grid is None or service.category not in grid.category_ids:
            form.grid.errors = [
                _("Cette version de la grille ne connaît pas la catégorie de ce service.")
            ]
        else:
            return _start(user, service, grid, audience, bool(form.prefill.data))
    return render_template(
        "assessments/new.html", form=form, audience=audience, can_prefill=audience != "editeur"
    )


def _start(user: User, service: Service, grid: Grid, audience: str, prefill: bool) -> Response:
    existing = find_draft(user, service, grid, audience)
    if existing is not None:
        flash(_("Un brouillon de ce positionnement existe déjà : le voici."), "info")
        return redirect(url_for("assessments.questionnaire_start", assessment_id=existing.id))
    source = None
    if prefill and audience != "editeur":
        source = vendor_published(service, grid.id, grid.version)
        if source is None:
            flash(
                _("L'éditeur n'a pas publié de positionnement de ce service pour cette version "
                  "de la grille : le questionnaire part de zéro."),
                "warning",
            )  # fmt: skip
    assessment = create_assessment(user, service, grid, audience, source)
    if source is not None:
        flash(
            _("Positionnement créé à partir des réponses publiées par l'éditeur : confirmez ou "
              "modifiez chacune."),
            "success",
        )  # fmt: skip
    else:
        flash(_("Positionnement créé."), "success")
    return redirect(url_for("assessments.questionnaire_start", assessment_id=assessment.id), 303)


@bp.get("/positionnements/<int:assessment_id>")
@login_required
def view(assessment_id: int) -> str:
    """A positioning read-only: its status, figures, answers, editions and history."""
    assessment = get_assessment(assessment_id)
    user = signed_in_user()
    grid = grid_or_404(assessment)
    stored = load_records(assessment.id)
    service = service_of(assessment)  # a frozen edition's, from its snapshot
    if assessment.frozen and assessment.frozen_score:
        figures = dict(assessment.frozen_score)
        # the figures are the submission's; the deadline follows the arrêtés as known today
        current = score(grid, {}, service.category, assessment.audience)
        figures["deadline"] = {
            "date": current.deadline.isoformat() if current.deadline else None,
            "label": current.deadline_label(lang()),
        }
    else:
        figures = score_to_json(score_of(assessment, grid), lang())
    category, audience = service.category, assessment.audience
    rows = [
        (referentiel, axis, criterion, stored.get(criterion.id))
        for referentiel, axis, criterion in grid.placed_criteria
        if criterion.applies_to(category, audience)
    ]
    editions = [e for e in editions_of(assessment) if can_view_assessment(user, e)]
    history = _history(assessment.id) if can_read_history(user, assessment) else None
    return render_template(
        "assessments/view.html",
        assessment=assessment,
        service=service,
        grid=grid,
        figures=figures,
        rows=rows,
        editions=editions,
        history=history,
        next_edition=next_edition(assessment) if assessment.frozen else None,
        can_edit=can_edit_assessment(user, assessment),
        can_manage=can_manage_assessment(user, assessment),
    )


def _history(assessment_id: int) -> list[JournalLine]:
    """The positioning's own journal, most recent first, as the organisation's journal says it."""
    entries = db.session.scalars(
        select(JournalEntry)
        .options(joinedload(JournalEntry.user))
        .where(JournalEntry.object_type == "assessment", JournalEntry.object_id == assessment_id)
        .order_by(JournalEntry.at.desc(), JournalEntry.id.desc())
        .limit(HISTORY_LIMIT)
    )
    return [describe(entry) for entry in entries]


@bp.route("/positionnements/<int:assessment_id>/soumettre", methods=["GET", "POST"])
@login_required
def submit_summary(assessment_id: int) -> Any:
    """The summary before freezing (blockers, unanswered, justifications); POST submits."""
    assessment = get_managed_assessment(assessment_id)
    if assessment.frozen:
        flash(_("Ce positionnement est déjà soumis."), "info")
        return redirect(url_for("assessments.view", assessment_id=assessment.id), 303)
    grid = grid_or_404(assessment)
    status = 200
    if request.method == "POST":
        try:
            submit(assessment, signed_in_user(), grid, request.form.get("version", type=int) or -1)
        except FrozenError:
            flash(_("Ce positionnement est déjà soumis."), "info")
            return redirect(url_for("assessments.view", assessment_id=assessment.id), 303)
        except StaleError:
            flash(
                _("Des réponses ont changé depuis l'affichage de ce résumé : relisez-le avant de "
                  "soumettre."),
                "warning",
            )  # fmt: skip
            status = 409
        else:
            flash(
                _("Positionnement soumis : il est figé, avec son score. Il reste visible de "
                  "votre seule organisation tant que vous ne le publiez pas."),
                "success",
            )  # fmt: skip
            return redirect(url_for("assessments.view", assessment_id=assessment.id), 303)
    stored = load_records(assessment.id)
    result = score_of(assessment, grid)
    category, audience = assessment.service.category, assessment.audience
    concerned = [c for c in grid.criteria.values() if c.applies_to(category, audience)]
    not_applicable = [(c, stored[c.id]) for c in concerned
                      if c.id in stored and stored[c.id].value.not_applicable]  # fmt: skip
    unconfirmed = [c for c in concerned if c.id in stored and stored[c.id].from_vendor]
    return render_template(
        "assessments/submit.html",
        assessment=assessment,
        service=assessment.service,
        grid=grid,
        score=result,
        blockers=[grid.criteria[c] for c in result.figures.blockers],
        unanswered=[grid.criteria[c] for c in result.figures.unanswered],
        not_applicable=not_applicable,
        unconfirmed=unconfirmed,
    ), status


@bp.post("/positionnements/<int:assessment_id>/nouvelle-edition")
@login_required
def edition_new(assessment_id: int) -> Response:
    """ "Modifier" a frozen positioning: a new draft edition, the old one stays readable."""
    assessment = get_managed_assessment(assessment_id)
    if not assessment.frozen:
        return redirect(url_for("assessments.questionnaire_start", assessment_id=assessment.id))
    edition = new_edition(assessment, signed_in_user())
    flash(
        _("Édition %(n)s ouverte : les réponses de l'édition précédente y sont reprises.",
          n=edition.edition),
        "success",
    )  # fmt: skip
    return redirect(url_for("assessments.questionnaire_start", assessment_id=edition.id), 303)
