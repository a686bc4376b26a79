"""Saving answers so that nothing is ever overwritten silently.

Every save names the ``revision`` of the answer it was based on. The transaction first bumps
``assessment.version`` with a conditional UPDATE (``WHERE status = 'draft'``), which holds the
row's write lock (PostgreSQL) or the database's (SQLite) until commit; only then are the
answers read (``FOR UPDATE`` where supported), compared and written with
``WHERE revision = :expected``. Two concurrent saves of one answer are therefore serialised,
and the second sees the first: exactly one wins, the other is told of a conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import bindparam, select, update

from .. import journal
from ..domain.answers import Answer
from ..extensions import db
from ..models import AnswerRecord, Assessment, User, utcnow
from .records import AnswerInput, StoredAnswer, domain_answer, domain_answers, stored_of

# The autosave's statements, plain Core on the tables (no ORM object is loaded or tracked on
# the way), built once with their values as parameters: building a statement costs more than
# running it.
ASSESSMENTS = Assessment.__table__
ANSWERS = AnswerRecord.__table__
BUMP = (
    update(ASSESSMENTS)
    .where(ASSESSMENTS.c.id == bindparam("assessment_id"), ASSESSMENTS.c.status == "draft")
    .values(version=ASSESSMENTS.c.version + 1, updated_at=bindparam("now"))
    .returning(ASSESSMENTS.c.version)
)
LOCKED_ANSWERS = (
    select(ANSWERS).where(ANSWERS.c.assessment_id == bindparam("assessment_id")).with_for_update()
)
ANSWER_FIELDS = (
    "level",
    "not_applicable",
    "justification",
    "comment",
    "evidence",
    "from_vendor",
    "updated_at",
    "updated_by_id",
)
UPDATE_ANSWER = (
    update(ANSWERS)
    .where(
        ANSWERS.c.id == bindparam("record_id"),
        ANSWERS.c.revision == bindparam("expected", type_=ANSWERS.c.revision.type),
    )
    .values(
        revision=ANSWERS.c.revision + 1,
        **{name: bindparam(f"new_{name}", type_=ANSWERS.c[name].type) for name in ANSWER_FIELDS},
    )
)

OutcomeStatus = Literal["saved", "unchanged", "conflict"]


class FrozenError(Exception):
    """The positioning is submitted or published: nothing in it may change."""


@dataclass(frozen=True)
class SaveRequest:
    """Save ``value`` for ``criterion_id``, based on the answer's ``base_revision``."""

    criterion_id: str
    value: AnswerInput
    base_revision: int
    confirm: bool = False  # also confirm an answer pre-filled from the vendor


@dataclass(frozen=True)
class Outcome:
    """What became of one save; ``stored`` is what the database holds afterwards."""

    criterion_id: str
    status: OutcomeStatus
    stored: StoredAnswer
    attempted: AnswerInput


@dataclass(frozen=True)
class Saved:
    """What a call of :func:`save_answers` did: an outcome per request and, when anything was
    written, the version it made with every answer of that version (for the live score)."""

    outcomes: list[Outcome]
    version: int | None = None
    answers: dict[str, Answer] = field(default_factory=dict)


def bump_version(
    assessment_id: int, expected_version: int | None = None, **values: Any
) -> int | None:
    """Bump a draft's version (and set ``values``), holding its write lock until commit.

    The new version; None when it is not a draft, or not at ``expected_version`` when given.
    """
    if expected_version is None and not values:  # each save
        bumped: int | None = db.session.execute(
            BUMP, {"assessment_id": assessment_id, "now": utcnow()}
        ).scalar_one_or_none()
        return bumped
    table = ASSESSMENTS
    query = update(table).where(table.c.id == assessment_id, table.c.status == "draft")
    if expected_version is not None:
        query = query.where(table.c.version == expected_version)
    query = query.values(version=table.c.version + 1, updated_at=utcnow(), **values)
    result = db.session.execute(query.returning(table.c.version))
    new_version: int | None = result.scalar_one_or_none()
    return new_version


def save_answers(assessment: Assessment, user: User, requests: Sequence[SaveRequest]) -> Saved:
    """Save answers in one transaction; stale ones are refused (``conflict``), never merged.

    An answer equal to the stored one is ``unchanged`` whatever its base revision. Raises
    :class:`FrozenError` when the positioning is no longer a draft.
    """
    assessment_id, organisation_id = assessment.id, assessment.organisation_id
    version = bump_version(assessment_id)
    if version is None:
        db.session.rollback()
        raise FrozenError
    records = _locked_records(assessment_id)
    now = utcnow()
    outcomes: list[Outcome] = []
    for request in requests:
        record = records.get(request.criterion_id)
        current = AnswerInput.of(record)
        revision = record.revision if record else 0
        confirming = request.confirm and record is not None and record.from_vendor
        if request.value == current and not confirming:
            outcomes.append(_outcome(request, "unchanged", record))
        elif request.base_revision != revision or not _write(
            assessment_id, request, record, user, now
        ):
            outcomes.append(_outcome(request, "conflict", record))
        else:
            journal.record(
                user,
                "answer.save" if request.value != current else "answer.confirm",
                "assessment",
                assessment_id,
                organisation_id=organisation_id,
                detail=request.criterion_id,
                before={**current.to_data(), "revision": revision} if record else None,
                after={**request.value.to_data(), "revision": revision + 1},
            )
            stored = StoredAnswer(request.value, revision + 1, user.name, now, False)
            outcomes.append(Outcome(request.criterion_id, "saved", stored, request.value))
    saved = {o.criterion_id: o.attempted for o in outcomes if o.status == "saved"}
    if not saved:
        db.session.rollback()  # nothing changed: the version stays as it was
        return Saved(outcomes)
    answers = domain_answers((c, AnswerInput.of(r)) for c, r in records.items())
    for criterion_id, value in saved.items():
        answer = domain_answer(value)
        if answer is None:
            answers.pop(criterion_id, None)
        else:
            answers[criterion_id] = answer
    db.session.commit()
    return Saved(outcomes, version, answers)


def _locked_records(assessment_id: int) -> dict[str, Any]:
    """Every stored answer of the positioning (rows), locked until commit where supported."""
    rows = db.session.execute(LOCKED_ANSWERS, {"assessment_id": assessment_id})
    return {row.criterion_id: row for row in rows}


def _outcome(request: SaveRequest, status: OutcomeStatus, record: Any) -> Outcome:
    if record is None:
        return Outcome(request.criterion_id, status, StoredAnswer(AnswerInput(), 0), request.value)
    author = db.session.get(User, record.updated_by_id) if record.updated_by_id else None
    stored = stored_of(record, author.name if author else None)
    return Outcome(request.criterion_id, status, stored, request.value)


def _write(
    assessment_id: int,
    request: SaveRequest,
    record: Any,
    user: User,
    now: dt.datetime,
) -> bool:
    value = request.value
    fields: dict[str, Any] = {
        "level": value.level,
        "not_applicable": value.not_applicable,
        "justification": value.justification,
        "comment": value.comment,
        "evidence": list(value.evidence),
        "from_vendor": False,  # saved or confirmed by the answering organisation itself
        "updated_at": now,
        "updated_by_id": user.id,
    }
    if record is None:
        db.session.add(
            AnswerRecord(
                assessment_id=assessment_id,
                criterion_id=request.criterion_id,
                revision=1,
                **fields,
            )
        )
        db.session.flush()
        return True
    parameters = {f"new_{name}": value for name, value in fields.items()}
    result = db.session.execute(
        UPDATE_ANSWER, {"record_id": record.id, "expected": request.base_revision, **parameters}
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
