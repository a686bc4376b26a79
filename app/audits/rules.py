"""Who sees and does what in audits.

- The auditing collectivité's members see its audits and work on them while they are open.
- The audited vendor's members see the audits of their own positionings (statuses, levels,
  the comments meant for them, the opinion) and answer the requests for information.
- Anyone else gets a 404: an audit's existence is never revealed.
"""

from __future__ import annotations

from typing import Literal

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..access import signed_in_user
from ..extensions import db
from ..models import Assessment, Audit, FollowedService, Service, User

Role = Literal["auditor", "vendor"]


def is_collectivite(user: User) -> bool:
    return user.organisation.kind == "collectivite"


def role_in(user: User, audit: Audit) -> Role | None:
    if audit.organisation_id == user.organisation_id:
        return "auditor"
    if audit.assessment.organisation_id == user.organisation_id:
        return "vendor"
    return None


def get_audit(audit_id: int) -> tuple[Audit, Role]:
    """The audit and the user's part in it, or 404."""
    user = signed_in_user()
    audit = db.session.scalar(
        select(Audit)
        .options(
            joinedload(Audit.assessment).joinedload(Assessment.service),
            joinedload(Audit.assessment).joinedload(Assessment.organisation),
            joinedload(Audit.organisation),
        )
        .where(Audit.id == audit_id)
    )
    role = role_in(user, audit) if audit is not None else None
    if audit is None or role is None:
        abort(404)
    return audit, role


def get_open_audit_for_auditor(audit_id: int) -> Audit:
    """An audit its collectivité changes: 404 for others, 403 for the vendor or once closed."""
    audit, role = get_audit(audit_id)
    if role != "auditor" or audit.closed:
        abort(403)
    return audit


def is_followed(organisation_id: int, service_id: int) -> bool:
    return (
        db.session.scalar(
            select(FollowedService.id).where(
                FollowedService.organisation_id == organisation_id,
                FollowedService.service_id == service_id,
            )
        )
        is not None
    )


def has_published(service_id: int) -> bool:
    return (
        db.session.scalar(
            select(Assessment.id)
            .where(Assessment.service_id == service_id, Assessment.status == "published")
            .limit(1)
        )
        is not None
    )


def followable_service(service_id: int) -> Service:
    """A service a collectivité may follow: one with a published positioning (else 404)."""
    user = signed_in_user()
    if not is_collectivite(user):
        abort(403)
    service = db.session.get(Service, service_id)
    if service is None or not has_published(service.id):
        abort(404)
    return service


def auditable_assessment(assessment_id: int) -> Assessment:
    """An edition a collectivité may audit: frozen, of a service it follows; else 404."""
    user = signed_in_user()
    if not is_collectivite(user):
        abort(403)
    assessment = db.session.get(Assessment, assessment_id)
    if (
        assessment is None
        or assessment.status not in ("submitted", "published")
        or assessment.audience != "editeur"
        or not is_followed(user.organisation_id, assessment.service_id)
    ):
        abort(404)
    return assessment
