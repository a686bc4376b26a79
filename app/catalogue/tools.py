""" "Les outils de mon établissement": the tools a head of establishment added from the
catalogue, each with its vendor's published verdict beside the establishment's own
positioning, and what is left to do locally."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import delete, select
from werkzeug.wrappers import Response

from .. import journal
from ..access import signed_in_user
from ..display import Summary, summary_of
from ..extensions import db
from ..models import Assessment, CatalogueEntry, EstablishmentTool, Service, User
from . import bp

MAX_TOOLS = 200


@dataclass(frozen=True)
class Tool:
    service: Service
    listed: CatalogueEntry | None  # the vendor's latest published positioning
    own: Assessment | None  # the establishment's latest positioning of the service
    own_summary: Summary | None

    @property
    def left_to_do(self) -> int | None:
        """Criteria still to answer locally, or None without a positioning of one's own."""
        if self.own_summary is None:
            return None
        return self.own_summary.applicable - self.own_summary.answered


def _principal() -> User:
    user = signed_in_user()
    if user.organisation.kind != "etablissement":
        abort(403)
    return user


def tools_of(user: User) -> list[Tool]:
    """The establishment's tools, by service name."""
    added = db.session.scalars(
        select(EstablishmentTool)
        .where(EstablishmentTool.organisation_id == user.organisation_id)
        .order_by(EstablishmentTool.id)
        .limit(MAX_TOOLS)
    ).all()
    service_ids = [tool.service_id for tool in added]
    listed = {
        entry.service_id: entry
        for entry in db.session.scalars(
            select(CatalogueEntry).where(CatalogueEntry.service_id.in_(service_ids))
        )
    }
    own: dict[int, Assessment] = {}
    for assessment in db.session.scalars(
        select(Assessment)
        .where(
            Assessment.organisation_id == user.organisation_id,
            Assessment.service_id.in_(service_ids),
        )
        .order_by(Assessment.id)
    ):
        own[assessment.service_id] = assessment  # the latest wins
    tools = [
        Tool(
            tool.service,
            listed.get(tool.service_id),
            own.get(tool.service_id),
            summary_of(own[tool.service_id]) if tool.service_id in own else None,
        )
        for tool in added
    ]
    return sorted(tools, key=lambda t: (t.service.name.casefold(), t.service.id))


def comparable_ids(tools: list[Tool]) -> list[int] | None:
    """The listed positionings of the tools, when 2 to 10 of them share one grid version."""
    entries = [t.listed for t in tools if t.listed is not None]
    versions = {(e.grid_id, e.grid_version) for e in entries}
    if len(versions) != 1 or not 2 <= len(entries) <= 10:
        return None
    return [e.assessment_id for e in entries]


@bp.get("/mon-etablissement/outils")
@login_required
def tools() -> str:
    """The establishment's tools and, in one click, their comparison."""
    user = _principal()
    found = tools_of(user)
    return render_template("catalogue/tools.html", tools=found, compare=comparable_ids(found))


def _service_from_form() -> Service:
    text = request.form.get("service_id", "")
    if not text.isdigit() or len(text) > 9:
        abort(404)
    service = db.session.get(Service, int(text))
    if service is None:
        abort(404)
    return service


@bp.post("/mon-etablissement/outils")
@login_required
def tool_add() -> Response:
    """Add a service of the catalogue to the establishment's tools."""
    user = _principal()
    service = _service_from_form()
    listed = db.session.scalar(
        select(CatalogueEntry.assessment_id).where(CatalogueEntry.service_id == service.id)
    )
    if listed is None:
        abort(404)  # only what the catalogue shows can be added from it
    exists = db.session.scalar(
        select(EstablishmentTool.id).where(
            EstablishmentTool.organisation_id == user.organisation_id,
            EstablishmentTool.service_id == service.id,
        )
    )
    if exists is None:
        db.session.add(
            EstablishmentTool(
                organisation_id=user.organisation_id, service_id=service.id, added_by_id=user.id
            )
        )
        journal.record(user, "tool.add", "service", service.id,
                       organisation_id=user.organisation_id)  # fmt: skip
        db.session.commit()
    flash(_("« %(name)s » figure parmi les outils de votre établissement.", name=service.name),
          "success")  # fmt: skip
    return redirect(url_for("catalogue.tools"), 303)


@bp.post("/mon-etablissement/outils/retirer")
@login_required
def tool_remove() -> Response:
    """Remove a tool from the establishment's list (its positionings stay)."""
    user = _principal()
    service = _service_from_form()
    result = db.session.execute(
        delete(EstablishmentTool).where(
            EstablishmentTool.organisation_id == user.organisation_id,
            EstablishmentTool.service_id == service.id,
        )
    )
    if result.rowcount:  # type: ignore[attr-defined]
        journal.record(user, "tool.remove", "service", service.id,
                       organisation_id=user.organisation_id)  # fmt: skip
    db.session.commit()
    flash(_("Outil retiré de la liste de votre établissement."), "success")
    return redirect(url_for("catalogue.tools"), 303)
