"""What an audit reads of the edition it reviews: ONE function, :func:`declared_edition`.

A submitted edition no longer changes (its answers are frozen with it). Today it is read from
the positioning's rows; once submissions keep a snapshot, only this function changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ..domain.answers import Answer
from ..extensions import db
from ..models import Assessment
from ..positioning import answers_of

FROZEN_STATUSES = ("submitted", "published")


@dataclass(frozen=True)
class DeclaredEdition:
    """A vendor's frozen edition as the audit sees it."""

    assessment_id: int
    service_id: int
    service_name: str
    vendor_id: int
    vendor_name: str
    category: str
    audience: str
    grid_id: str
    grid_version: str
    edition: int
    status: str
    submitted_at: dt.datetime | None
    published_at: dt.datetime | None
    answers: dict[str, Answer]


def declared_edition(assessment: Assessment) -> DeclaredEdition:
    """The frozen edition ``assessment`` (submitted or published) with its answers."""
    if assessment.status not in FROZEN_STATUSES:
        raise ValueError("only a submitted or published edition can be audited")
    service = assessment.service
    return DeclaredEdition(
        assessment_id=assessment.id,
        service_id=service.id,
        service_name=service.name,
        vendor_id=assessment.organisation_id,
        vendor_name=assessment.organisation.name,
        category=service.category,
        audience=assessment.audience,
        grid_id=assessment.grid_id,
        grid_version=assessment.grid_version,
        edition=assessment.edition,
        status=assessment.status,
        submitted_at=assessment.submitted_at,
        published_at=assessment.published_at,
        answers=answers_of(assessment),
    )


def newer_editions(assessment: Assessment) -> list[Assessment]:
    """The vendor's later frozen editions of the same positioning (same service, audience,
    grid and organisation), oldest first."""
    return list(
        db.session.scalars(
            select(Assessment)
            .where(
                Assessment.service_id == assessment.service_id,
                Assessment.organisation_id == assessment.organisation_id,
                Assessment.audience == assessment.audience,
                Assessment.grid_id == assessment.grid_id,
                Assessment.edition > assessment.edition,
                Assessment.status.in_(FROZEN_STATUSES),
            )
            .order_by(Assessment.edition)
        )
    )


@dataclass(frozen=True)
class ChangedAnswer:
    criterion_id: str
    before: Answer | None
    after: Answer | None


def changed_answers(before: DeclaredEdition, after: DeclaredEdition) -> list[ChangedAnswer]:
    """The criteria whose answer differs between two editions (level, "not applicable",
    justification, comment or evidence), in criterion id order."""
    ids = sorted(set(before.answers) | set(after.answers))
    return [
        ChangedAnswer(c, before.answers.get(c), after.answers.get(c))
        for c in ids
        if before.answers.get(c) != after.answers.get(c)
    ]
