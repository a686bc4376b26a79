"""The opinion that closes an audit: favorable, favorable avec réserves, défavorable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import update

from .. import journal
from ..extensions import db
from ..models import OPINIONS, Audit, AuditReservation, User, utcnow
from .reviews import clean_text


@dataclass(frozen=True)
class Reservation:
    text: str
    criteria: tuple[str, ...]
    due_date: dt.date


class OpinionError(ValueError):
    """An opinion that cannot be issued as given (the message says why)."""


class AlreadyClosed(OpinionError):
    pass


def issue_opinion(
    audit: Audit,
    opinion: str,
    comment: str,
    reservations: list[Reservation],
    user: User,
) -> None:
    """Freeze the audit with its opinion, date and author; journaled; commit.

    A conditional UPDATE (``WHERE opinion IS NULL``): of two reviewers issuing an opinion at
    once, only the first is recorded.
    """
    if opinion not in OPINIONS:
        raise OpinionError(opinion)
    if opinion == "favorable_reserves" and not reservations:
        raise OpinionError("reservations")
    if opinion != "favorable_reserves":
        reservations = []
    now = utcnow()
    text = clean_text(comment) or None
    table = Audit.__table__
    result = db.session.execute(
        update(table)
        .where(table.c.id == audit.id, table.c.opinion.is_(None))
        .values(
            opinion=opinion,
            opinion_comment=text,
            opinion_at=now,
            opinion_by_id=user.id,
            updated_at=now,
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise AlreadyClosed(str(audit.id))
    for item in reservations:
        db.session.add(
            AuditReservation(
                audit_id=audit.id,
                text=item.text,
                criteria=list(item.criteria),
                due_date=item.due_date,
            )
        )
    journal.record(
        user,
        "audit.opinion",
        "audit",
        audit.id,
        after={
            "opinion": opinion,
            "reservations": [
                {"criteria": list(r.criteria), "due_date": r.due_date.isoformat()}
                for r in reservations
            ],
        },
    )
    db.session.commit()
    db.session.refresh(audit)
