"""Who may see and change what. Every route that takes an object id goes through here.

- A member sees and changes the work of their own organisation only; drafts never leave it.
- Anyone signed in reads published positionings (and their services) read-only.
- The platform's administrators read everything and change nothing that is not theirs.
- Frozen positionings (submitted or published) are read-only for everyone.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from .extensions import db
from .models import Assessment, Service, User


def signed_in_user() -> User:
    """The signed-in user (401 when nobody is): the object Flask-Login loaded, as the session
    holds it (``Session.get`` finds it in the session without a query)."""
    if not current_user.is_authenticated:
        abort(401)
    user = db.session.get(User, int(current_user.get_id()))
    if user is None:
        abort(401)
    return user


def is_admin(user: User) -> bool:
    return user.organisation.kind == "admin"


def can_view_assessment(user: User, assessment: Assessment) -> bool:
    return (
        assessment.organisation_id == user.organisation_id
        or assessment.status == "published"
        or is_admin(user)
    )


def can_edit_assessment(user: User, assessment: Assessment) -> bool:
    return assessment.organisation_id == user.organisation_id and not assessment.frozen


def can_manage_assessment(user: User, assessment: Assessment) -> bool:
    """Submit, publish, start a new edition: the answering organisation's members."""
    return assessment.organisation_id == user.organisation_id


def visible_assessments(user: User) -> Select[tuple[Assessment]]:
    """A query of the positionings ``user`` may read."""
    query = select(Assessment)
    if not is_admin(user):
        query = query.where(
            or_(
                Assessment.organisation_id == user.organisation_id,
                Assessment.status == "published",
            )
        )
    return query.order_by(Assessment.updated_at.desc(), Assessment.id.desc())


def get_assessment(assessment_id: int, *, write: bool = False) -> Assessment:
    """The positioning, or 404 when the user may not see it (never reveal it exists).

    With ``write``, 403 when it can be seen but not changed (frozen, or another's).
    """
    user = signed_in_user()
    # its service comes in the same query: every page of a positioning reads it
    assessment = db.session.get(Assessment, assessment_id, options=[joinedload(Assessment.service)])
    if assessment is None or not can_view_assessment(user, assessment):
        abort(404)
    if write and not can_edit_assessment(user, assessment):
        abort(403)
    return assessment


def can_view_service(user: User, service: Service) -> bool:
    """A vendor's own services; for others, any service (its name is public in the catalogue)."""
    return (
        True
        if user.organisation.kind != "editeur"
        else service.organisation_id == user.organisation_id or _published(service)
    )


def _published(service: Service) -> bool:
    return (
        db.session.scalar(
            select(Assessment.id)
            .where(Assessment.service_id == service.id, Assessment.status == "published")
            .limit(1)
        )
        is not None
    )


def get_service(service_id: int, *, write: bool = False) -> Service:
    """The service, or 404; with ``write``, only its vendor's members may change it."""
    user = signed_in_user()
    service = db.session.get(Service, service_id)
    if service is None or not can_view_service(user, service):
        abort(404)
    if write and service.organisation_id != user.organisation_id:
        abort(403)
    return service


AUDIENCE_OF_KIND = {
    "editeur": "editeur",
    "etablissement": "etablissement",
    "collectivite": "collectivite",
}


def audience_of(user: User) -> str | None:
    """The audience a user's organisation answers as (None for the platform's administrators)."""
    return AUDIENCE_OF_KIND.get(user.organisation.kind)


def can_create_service(user: User) -> bool:
    """Services are described by their vendors' members."""
    return user.organisation.kind == "editeur"


def can_position_service(user: User, service: Service) -> bool:
    """A vendor positions its own services; establishments and collectivités any service."""
    if audience_of(user) is None:
        return False
    return user.organisation.kind != "editeur" or service.organisation_id == user.organisation_id


def can_read_history(user: User, assessment: Assessment) -> bool:
    """A positioning's own journal: its organisation's owners, and the administrators."""
    return (assessment.organisation_id == user.organisation_id and user.is_owner) or is_admin(user)


def get_managed_assessment(assessment_id: int) -> Assessment:
    """A positioning its organisation acts on (submit, publish, new edition): else 404/403."""
    user = signed_in_user()
    assessment = get_assessment(assessment_id)
    if not can_manage_assessment(user, assessment):
        abort(403)
    return assessment
