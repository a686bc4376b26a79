"""Requests for information: one append-only, journaled thread per criterion of an audit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import journal
from ..extensions import db
from ..models import Assessment, Audit, AuditMessage, User, utcnow
from .reviews import clean_text

MAX_MESSAGE = 5000


class EmptyMessage(ValueError):
    pass


def post_message(audit: Audit, criterion_id: str, body: str, user: User) -> AuditMessage:
    """Append a message to a criterion's thread, journaled, and commit."""
    text = clean_text(body, MAX_MESSAGE)
    if not text:
        raise EmptyMessage(criterion_id)
    message = AuditMessage(
        audit_id=audit.id,
        criterion_id=criterion_id,
        organisation_id=user.organisation_id,
        author_id=user.id,
        body=text,
        at=utcnow(),
    )
    db.session.add(message)
    audit.updated_at = message.at
    journal.record(
        user,
        "audit.message",
        "audit",
        audit.id,
        detail=criterion_id,
        after={"message": text[:200]},
    )
    db.session.commit()
    return message


def threads_of(audit_id: int) -> dict[str, list[AuditMessage]]:
    """Every thread of an audit, by criterion, messages oldest first (one query)."""
    threads: dict[str, list[AuditMessage]] = defaultdict(list)
    for message in db.session.scalars(
        select(AuditMessage)
        .options(joinedload(AuditMessage.author))
        .where(AuditMessage.audit_id == audit_id)
        .order_by(AuditMessage.at, AuditMessage.id)
    ):
        threads[message.criterion_id].append(message)
    return dict(threads)


def awaiting_vendor(thread: list[AuditMessage], auditor_id: int) -> bool:
    """A thread is an open request while its last message comes from the collectivité."""
    return bool(thread) and thread[-1].organisation_id == auditor_id


@dataclass(frozen=True)
class OpenRequest:
    audit_id: int
    criterion_id: str
    service_name: str
    collectivite: str
    asked_at: object


def open_requests_for_vendor(organisation_id: int) -> list[OpenRequest]:
    """The requests for information awaiting the vendor's answer, in open audits of its
    positionings (one query)."""
    rows = db.session.execute(
        select(AuditMessage, Audit)
        .join(Audit, Audit.id == AuditMessage.audit_id)
        .join(Assessment, Assessment.id == Audit.assessment_id)
        .options(
            joinedload(Audit.organisation),
            joinedload(Audit.assessment).joinedload(Assessment.service),
        )
        .where(Assessment.organisation_id == organisation_id, Audit.opinion.is_(None))
        .order_by(AuditMessage.at, AuditMessage.id)
    ).all()
    last: dict[tuple[int, str], tuple[AuditMessage, Audit]] = {}
    for message, audit in rows:
        last[(audit.id, message.criterion_id)] = (message, audit)
    return [
        OpenRequest(
            audit.id,
            message.criterion_id,
            audit.assessment.service.name,
            audit.organisation.name,
            message.at,
        )
        for message, audit in last.values()
        if message.organisation_id == audit.organisation_id
    ]
