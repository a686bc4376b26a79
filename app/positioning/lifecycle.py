"""A positioning's life: created (optionally pre-filled from the vendor's published answers),
submitted (frozen, its score fixed), published, and edited again as a new edition."""

from __future__ import annotations

from sqlalchemy import select

from .. import journal
from ..domain.grid import Grid
from ..domain.scoring import score_to_json
from ..extensions import db
from ..models import AnswerRecord, Assessment, Service, User, utcnow
from .editions import seal
from .records import answers_of, score_of
from .saving import FrozenError, bump_version
from .snapshots import take_snapshot


class StaleError(Exception):
    """The positioning changed since the page the user acted on was shown."""


def vendor_published(
    service: Service, grid_id: str, version: str | None = None
) -> Assessment | None:
    """The vendor's latest published positioning of ``service`` (of one grid version if given)."""
    query = select(Assessment).where(
        Assessment.service_id == service.id,
        Assessment.organisation_id == service.organisation_id,
        Assessment.audience == "editeur",
        Assessment.grid_id == grid_id,
        Assessment.status == "published",
    )
    if version is not None:
        query = query.where(Assessment.grid_version == version)
    query = query.order_by(Assessment.published_at.desc(), Assessment.id.desc()).limit(1)
    return db.session.scalars(query).first()


def find_draft(user: User, service: Service, grid: Grid, audience: str) -> Assessment | None:
    """The organisation's draft of this service, grid version and audience, if any."""
    return db.session.scalars(
        select(Assessment).where(
            Assessment.service_id == service.id,
            Assessment.organisation_id == user.organisation_id,
            Assessment.grid_id == grid.id,
            Assessment.grid_version == grid.version,
            Assessment.audience == audience,
            Assessment.status == "draft",
        )
    ).first()


def create_assessment(
    user: User, service: Service, grid: Grid, audience: str, prefill_from: Assessment | None = None
) -> Assessment:
    """Start a positioning; answers of ``prefill_from`` that concern this audience are copied,
    each marked as declared by the vendor (``from_vendor``) until confirmed."""
    assessment = Assessment(
        service_id=service.id,
        organisation_id=user.organisation_id,
        audience=audience,
        grid_id=grid.id,
        grid_version=grid.version,
        status="draft",
        version=1,
        edition=1,
        prefilled_from_id=prefill_from.id if prefill_from else None,
    )
    db.session.add(assessment)
    db.session.flush()
    copied = 0
    if prefill_from is not None:
        now = utcnow()
        for record in _records(prefill_from.id):
            criterion = grid.criteria.get(record.criterion_id)
            if criterion is None or not criterion.applies_to(service.category, audience):
                continue
            db.session.add(_copy(record, assessment.id, from_vendor=True, at=now))
            copied += 1
    journal.record(
        user,
        "assessment.create",
        "assessment",
        assessment.id,
        organisation_id=user.organisation_id,
        after={
            "service_id": service.id,
            "grid": grid.id,
            "version": grid.version,
            "audience": audience,
            "prefilled_from": prefill_from.id if prefill_from else None,
            "answers_copied": copied,
        },
    )
    db.session.commit()
    return assessment


def _records(assessment_id: int) -> list[AnswerRecord]:
    return list(
        db.session.scalars(
            select(AnswerRecord)
            .where(AnswerRecord.assessment_id == assessment_id)
            .order_by(AnswerRecord.id)
        )
    )


def _copy(
    record: AnswerRecord, assessment_id: int, *, from_vendor: bool, at: object
) -> AnswerRecord:
    return AnswerRecord(
        assessment_id=assessment_id,
        criterion_id=record.criterion_id,
        level=record.level,
        not_applicable=record.not_applicable,
        justification=record.justification,
        comment=record.comment,
        evidence=list(record.evidence or ()),
        revision=1,
        from_vendor=from_vendor,
        updated_at=at,
        updated_by_id=record.updated_by_id,
    )


def submit(assessment: Assessment, user: User, grid: Grid, expected_version: int) -> None:
    """Freeze a draft with its score fixed (``frozen_score``) and its snapshot taken.

    The status changes first, in the version-checked UPDATE that locks the row: no save can
    slip in between the answers read and the score stored. Raises FrozenError when it is no
    longer a draft, StaleError when it changed since ``expected_version`` was shown.
    """
    assessment_id = assessment.id
    submitted = bump_version(
        assessment_id,
        expected_version,
        status="submitted",
        submitted_at=utcnow(),
        submitted_by_id=user.id,
    )
    if not submitted:
        db.session.rollback()
        db.session.refresh(assessment)
        raise FrozenError if assessment.frozen else StaleError
    db.session.refresh(assessment)
    answers = answers_of(assessment)
    result = score_of(assessment, grid, answers)
    frozen = score_to_json(result)
    assessment.frozen_score = frozen
    assessment.snapshot = take_snapshot(assessment, grid, answers, result)
    seal(assessment)
    journal.record(
        user,
        "assessment.submit",
        "assessment",
        assessment_id,
        organisation_id=assessment.organisation_id,
        before={"status": "draft", "version": expected_version},
        after={"status": "submitted", "verdict": frozen["verdict"], "version": assessment.version},
    )
    db.session.commit()


def next_edition(assessment: Assessment) -> Assessment | None:
    """The edition started from this one, if any."""
    return db.session.scalars(
        select(Assessment).where(Assessment.previous_id == assessment.id).limit(1)
    ).first()


def new_edition(assessment: Assessment, user: User) -> Assessment:
    """A new draft edition of a frozen positioning, its answers copied; the old one stays.

    Returns the existing next edition when there is one already (no duplicates).
    """
    if not assessment.frozen:
        raise StaleError
    existing = next_edition(assessment)
    if existing is not None:
        return existing
    edition = Assessment(
        service_id=assessment.service_id,
        organisation_id=assessment.organisation_id,
        audience=assessment.audience,
        grid_id=assessment.grid_id,
        grid_version=assessment.grid_version,
        status="draft",
        version=1,
        edition=assessment.edition + 1,
        previous_id=assessment.id,
        prefilled_from_id=assessment.prefilled_from_id,
    )
    db.session.add(edition)
    db.session.flush()
    now = utcnow()
    for record in _records(assessment.id):
        db.session.add(_copy(record, edition.id, from_vendor=record.from_vendor, at=now))
    journal.record(
        user,
        "assessment.new_edition",
        "assessment",
        edition.id,
        organisation_id=assessment.organisation_id,
        before={"assessment_id": assessment.id, "edition": assessment.edition},
        after={"assessment_id": edition.id, "edition": edition.edition},
    )
    db.session.commit()
    return edition


def editions_of(assessment: Assessment) -> list[Assessment]:
    """Every edition of the same positioning (same service, organisation, grid version and
    audience), oldest first; callers filter what the user may see."""
    return list(
        db.session.scalars(
            select(Assessment)
            .where(
                Assessment.service_id == assessment.service_id,
                Assessment.organisation_id == assessment.organisation_id,
                Assessment.grid_id == assessment.grid_id,
                Assessment.grid_version == assessment.grid_version,
                Assessment.audience == assessment.audience,
            )
            .order_by(Assessment.edition, Assessment.id)
        )
    )
