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
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Row, Text, bindparam, cast, select, update
from sqlalchemy.orm.attributes import set_committed_value

from .. import direct, journal
from ..domain.answers import Answer
from ..extensions import db
from ..models import AnswerRecord, Assessment, User, utcnow
from .records import (
    AnswerInput,
    StoredAnswer,
    answers_after_save,
    answers_of_values,
    cached_answers,
    remember_answers,
    stored_of,
)

# The autosave is the busiest path of the application (bench/bench_autosave.py): its statements
# are plain SQL on the tables, run on the session's connection (in its transaction), with no
# ORM objects to track.
# Each statement is built once (its SQL and cache key are then reused); values are parameters.
_ASSESSMENT = Assessment.__table__
_ANSWER = AnswerRecord.__table__
_BUMP = (
    update(_ASSESSMENT)
    .where(_ASSESSMENT.c.id == bindparam("assessment_id"), _ASSESSMENT.c.status == "draft")
    .values(version=_ASSESSMENT.c.version + 1, updated_at=bindparam("now"))
    .returning(_ASSESSMENT.c.version)
)
_ALL_RECORDS = (
    select(_ANSWER).where(_ANSWER.c.assessment_id == bindparam("assessment_id")).with_for_update()
)
# every answer, the evidence also as its JSON text: what the live score needs, decoded once
_ALL_VALUES = _ALL_RECORDS.add_columns(cast(_ANSWER.c.evidence, Text).label("evidence_text"))
# one answer (each autosave), without the expanding IN's rendering at each execution
_RECORD = _ALL_RECORDS.where(_ANSWER.c.criterion_id == bindparam("criterion_id"))
_RECORDS = _ALL_RECORDS.where(_ANSWER.c.criterion_id.in_(bindparam("criteria", expanding=True)))
_ANSWER_FIELDS = (
    "level",
    "not_applicable",
    "justification",
    "comment",
    "evidence",
    "from_vendor",
    "updated_at",
    "updated_by_id",
)
_UPDATE_ANSWER = (
    update(_ANSWER)
    .where(_ANSWER.c.id == bindparam("record_id"))
    .where(_ANSWER.c.revision == bindparam("expected", type_=_ANSWER.c.revision.type))
    .values(
        revision=_ANSWER.c.revision + 1,
        **{name: bindparam(f"new_{name}", type_=_ANSWER.c[name].type) for name in _ANSWER_FIELDS},
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


def bump_version(
    assessment_id: int, expected_version: int | None = None, **values: Any
) -> int | None:
    """Bump a draft's version (and set ``values``), holding its write lock until commit.

    The new version; None when it is not a draft, or not at ``expected_version`` when given.
    """
    if expected_version is None and not values:  # each save
        bumped: int | None = direct.execute(
            _BUMP, {"assessment_id": assessment_id, "now": utcnow()}
        ).scalar()
        return bumped
    table = _ASSESSMENT
    query = update(table).where(table.c.id == assessment_id, table.c.status == "draft")
    if expected_version is not None:
        query = query.where(table.c.version == expected_version)
    result = db.session.execute(
        query.values(version=table.c.version + 1, updated_at=utcnow(), **values).returning(
            table.c.version
        )
    )
    new_version: int | None = result.scalar_one_or_none()
    return new_version


def save_answers(
    assessment: Assessment, user: User, requests: Sequence[SaveRequest]
) -> list[Outcome]:
    """Save answers in one transaction; stale ones are refused (``conflict``), never merged.

    An answer equal to the stored one is ``unchanged`` whatever its base revision. Raises
    :class:`FrozenError` when the positioning is no longer a draft.
    """
    assessment_id, organisation_id = assessment.id, assessment.organisation_id
    version = bump_version(assessment_id)
    if version is None:
        db.session.rollback()
        raise FrozenError
    previous, records = _read_answers(assessment_id, version, requests)
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
    if saved:
        answers = answers_after_save(previous, saved)
        _commit_keeping(assessment, version)
        remember_answers(assessment_id, version, answers)
    else:
        db.session.rollback()  # nothing changed: the version stays as it was
    return outcomes


def _read_answers(
    assessment_id: int, version: int, requests: Sequence[SaveRequest]
) -> tuple[dict[str, Answer], dict[str, Any]]:
    """The answers before this save (for the live score), and the stored records of the
    answers being saved, read once the version is bumped.

    This process has the answers of the version before when it made it (or read them since):
    only the records being saved are read. Otherwise every stored answer is read, in the same
    statement, its values left as the driver gives them: only the records being saved need
    their dates and evidence decoded.
    """
    previous = cached_answers(assessment_id, version - 1)
    if previous is None:
        rows = direct.execute(_ALL_VALUES, {"assessment_id": assessment_id}, processed=False).rows
        wanted = {r.criterion_id for r in requests}
        records = {
            row.criterion_id: direct.process(_ALL_VALUES, row)
            for row in rows
            if row.criterion_id in wanted
        }
        return answers_of_values(rows), records
    if len(requests) == 1:
        parameters = {"assessment_id": assessment_id, "criterion_id": requests[0].criterion_id}
        found = direct.execute(_RECORD, parameters).rows
    else:
        criteria = [r.criterion_id for r in requests]
        parameters = {"assessment_id": assessment_id, "criteria": criteria}
        found = db.session.connection().execute(_RECORDS, parameters).all()
    return previous, {row.criterion_id: row for row in found}


def _commit_keeping(assessment: Assessment, version: int) -> None:
    """Commit without expiring the objects the request still uses (reloading them would be two
    more queries per save); the positioning gets its new version as committed, and its time is
    read again if anything asks for it."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
    set_committed_value(assessment, "version", version)
    db.session.expire(assessment, ["updated_at"])


def _outcome(request: SaveRequest, status: OutcomeStatus, record: Row[Any] | None) -> Outcome:
    if record is None:
        return Outcome(request.criterion_id, status, StoredAnswer(AnswerInput(), 0), request.value)
    author = db.session.get(User, record.updated_by_id) if record.updated_by_id else None
    stored = stored_of(record, author.name if author else None)
    return Outcome(request.criterion_id, status, stored, request.value)


def _write(
    assessment_id: int,
    request: SaveRequest,
    record: Row[Any] | None,
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
    result = direct.execute(
        _UPDATE_ANSWER, {"record_id": record.id, "expected": request.base_revision, **parameters}
    )
    return result.rowcount == 1
