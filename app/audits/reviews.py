"""Reviews of an audit's criteria: saved with a revision check, never overwritten silently.

Like the answers of a positioning (app/positioning/saving.py), each review row carries a
revision; a save names the revision it was based on and is applied by a conditional UPDATE
(``WHERE revision = :seen``). When someone saved in between, nothing is written and the caller
shows both values.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from .. import journal
from ..domain import text
from ..domain.answers import Answer
from ..extensions import db
from ..models import REVIEW_STATUSES, Audit, AuditReview, User, utcnow

MAX_COMMENT = 5000


def clean_text(value: str | None, limit: int = MAX_COMMENT) -> str:
    """A text a person typed, cleaned by the one rule of every form (``domain.text``),
    trimmed, at most ``limit`` long (the forms say the limit and cap the field with it)."""
    return text.clean_text(value or "").strip()[:limit]


@dataclass(frozen=True)
class ReviewValue:
    """What a reviewer records for one criterion."""

    status: str = "non_revu"
    level: int | None = None
    comment: str = ""
    shared: bool = True

    @classmethod
    def of(cls, row: AuditReview | None) -> ReviewValue:
        if row is None:
            return cls()
        return cls(row.status, row.level, row.comment or "", row.shared)

    def to_data(self) -> dict[str, object]:
        return {
            "status": self.status,
            "level": self.level,
            "comment": self.comment,
            "shared": self.shared,
        }


@dataclass(frozen=True)
class StoredReview:
    value: ReviewValue
    revision: int


@dataclass(frozen=True)
class ReviewConflict:
    """A save based on a stale revision: the reviewer's value and the one stored meanwhile."""

    criterion_id: str
    mine: ReviewValue
    theirs: StoredReview


def load_reviews(audit_id: int) -> dict[str, StoredReview]:
    """Every review of an audit, by criterion, in one query."""
    rows = db.session.scalars(select(AuditReview).where(AuditReview.audit_id == audit_id))
    return {row.criterion_id: StoredReview(ReviewValue.of(row), row.revision) for row in rows}


def audited_answers(
    declared: dict[str, Answer], reviews: dict[str, StoredReview]
) -> dict[str, Answer]:
    """The declared answers with each reviewed level in place of the declared one.

    Scored by the same ``domain.scoring.score`` as the declared answers: one formula.
    """
    answers = dict(declared)
    for criterion_id, review in reviews.items():
        if review.value.level is None:
            continue
        base = declared.get(criterion_id)
        answers[criterion_id] = Answer(
            level=review.value.level,
            comment=base.comment if base else None,
            evidence=base.evidence if base else (),
        )
    return answers


_TABLE = AuditReview.__table__


def save_review(
    audit: Audit, criterion_id: str, value: ReviewValue, seen_revision: int, user: User
) -> ReviewConflict | None:
    """Save one criterion's review if nobody saved it since ``seen_revision``; commit.

    Returns the conflict (nothing written) when the stored revision is another.
    """
    if value.status not in REVIEW_STATUSES:
        raise ValueError(value.status)
    now = utcnow()
    fields = {**value.to_data(), "updated_at": now, "updated_by_id": user.id}
    before = load_reviews(audit.id).get(criterion_id)
    if seen_revision == 0:
        try:
            with db.session.begin_nested():
                db.session.execute(
                    insert(_TABLE).values(
                        audit_id=audit.id, criterion_id=criterion_id, revision=1, **fields
                    )
                )
            written = True
        except IntegrityError:  # created meanwhile by someone else
            written = False
    else:
        result = db.session.execute(
            update(_TABLE)
            .where(
                _TABLE.c.audit_id == audit.id,
                _TABLE.c.criterion_id == criterion_id,
                _TABLE.c.revision == seen_revision,
            )
            .values(revision=_TABLE.c.revision + 1, **fields)
        )
        written = result.rowcount == 1  # type: ignore[attr-defined]
    if not written:
        db.session.rollback()
        theirs = load_reviews(audit.id).get(criterion_id) or StoredReview(ReviewValue(), 0)
        return ReviewConflict(criterion_id, value, theirs)
    audit.updated_at = now
    journal.record(
        user,
        "audit.review",
        "audit",
        audit.id,
        detail=criterion_id,
        before=before.value.to_data() if before else None,
        after=value.to_data(),
    )
    db.session.commit()
    return None
