"""The dashboard and the services (an éditeur's offers)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from .. import journal
from ..access import (
    audience_of,
    can_create_service,
    can_position_service,
    get_service,
    is_admin,
    signed_in_user,
    visible_assessments,
)
from ..audits.threads import open_requests_for_vendor
from ..display import lang, summary_of
from ..extensions import db
from ..grid_registry import get_catalogue
from ..models import Assessment, Service, User
from ..positioning import vendor_published
from . import bp
from .forms import ServiceForm, choices

PUBLISHED_LIMIT = 200


def _latest_by_service(assessments: list[Assessment]) -> dict[int, Assessment]:
    latest: dict[int, Assessment] = {}
    for assessment in assessments:  # ordered oldest first: the last one wins
        latest[assessment.service_id] = assessment
    return latest


# Lists show each positioning's service, vendor and organisation: load them with it.
WITH_NAMES = (
    joinedload(Assessment.service).joinedload(Service.organisation),
    joinedload(Assessment.organisation),
)


def _own_assessments(user: User) -> list[Assessment]:
    return list(
        db.session.scalars(
            select(Assessment)
            .options(*WITH_NAMES)
            .where(Assessment.organisation_id == user.organisation_id)
            .order_by(Assessment.id)
        )
    )


@bp.get("/tableau-de-bord")
@login_required
def dashboard() -> str:
    """What the organisation works on, by kind: services, tools in use, or the published."""
    user = signed_in_user()
    kind = user.organisation.kind
    context: dict[str, Any] = {"kind": kind, "summary_of": summary_of}
    own = _own_assessments(user)
    if kind == "editeur":
        services = db.session.scalars(
            select(Service).where(Service.organisation_id == user.organisation_id)
            .order_by(Service.name, Service.id)
        ).all()  # fmt: skip
        context.update(services=services, latest=_latest_by_service(own))
        context["audit_requests"] = open_requests_for_vendor(user.organisation_id)
    else:
        rows = []
        for assessment in reversed(_latest_by_service(own).values()):
            vendor = vendor_published(assessment.service, assessment.grid_id)
            rows.append((assessment, vendor))
        context["tools"] = rows
        if kind == "collectivite" or is_admin(user):
            published = db.session.scalars(
                visible_assessments(user)
                .options(*WITH_NAMES)
                .where(Assessment.status == "published")
                .limit(PUBLISHED_LIMIT)
            ).all()
            context["published"] = published
    context["can_position"] = audience_of(user) is not None
    return render_template("assessments/dashboard.html", **context)


def _category_choices() -> list[tuple[str, str]]:
    """Every category of the loaded grids, labelled by the newest version that has it."""
    labels: dict[str, str] = {}
    for grid in get_catalogue(current_app):
        for category in grid.header.categories:
            labels[category.id] = category.label.get(lang())
    return list(labels.items())


def _service_data(service: Service) -> dict[str, Any]:
    return {
        "name": service.name,
        "category": service.category,
        "description": service.description,
        "url": service.url,
    }


def _fill(service: Service, form: ServiceForm) -> None:
    service.name = form.name.data.strip()
    service.category = form.category.data
    service.description = (form.description.data or "").strip()
    service.url = (form.url.data or "").strip() or None


@bp.route("/services/nouveau", methods=["GET", "POST"])
@login_required
def service_new() -> str | Response:
    """Describe a new service (vendors' members only)."""
    user = signed_in_user()
    if not can_create_service(user):
        abort(403)
    form = ServiceForm()
    form.category.choices = choices(_category_choices())
    if form.validate_on_submit():
        service = Service(organisation_id=user.organisation_id)
        _fill(service, form)
        db.session.add(service)
        db.session.flush()
        journal.record(user, "service.create", "service", service.id, after=_service_data(service))
        db.session.commit()
        flash(_("Le service « %(name)s » est créé.", name=service.name), "success")
        return redirect(url_for("assessments.service_view", service_id=service.id), 303)
    return render_template("assessments/service_form.html", form=form, service=None)


@bp.route("/services/<int:service_id>/modifier", methods=["GET", "POST"])
@login_required
def service_edit(service_id: int) -> str | Response:
    """Change a service's description (its vendor's members only)."""
    service = get_service(service_id, write=True)
    form = ServiceForm(obj=service)
    form.category.choices = choices(_category_choices())
    if form.validate_on_submit():
        before = _service_data(service)
        _fill(service, form)
        after = _service_data(service)
        if before != after:
            journal.record(
                signed_in_user(),
                "service.update",
                "service",
                service.id,
                before=before,
                after=after,
            )
            db.session.commit()
        flash(_("Le service est enregistré."), "success")
        return redirect(url_for("assessments.service_view", service_id=service.id), 303)
    return render_template("assessments/service_form.html", form=form, service=service)


@bp.get("/services/<int:service_id>")
@login_required
def service_view(service_id: int) -> str:
    """A service and the positionings of it the user may read."""
    user = signed_in_user()
    service = get_service(service_id)
    assessments = db.session.scalars(
        visible_assessments(user).options(*WITH_NAMES).where(Assessment.service_id == service.id)
    ).all()
    category = next(
        (label for cid, label in _category_choices() if cid == service.category), service.category
    )
    return render_template(
        "assessments/service.html",
        service=service,
        category_label=category,
        assessments=assessments,
        summary_of=summary_of,
        can_edit=service.organisation_id == user.organisation_id,
        can_position=can_position_service(user, service),
    )
