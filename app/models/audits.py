"""Collectivités' audits (followed services, audits, reviews, threads, reservations) and
the background jobs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import Organisation, User
from .base import utcnow
from .positionings import Assessment, Service

REVIEW_STATUSES = ("non_revu", "verifie", "conteste", "information_demandee")
OPINIONS = ("favorable", "favorable_reserves", "defavorable")


class FollowedService(db.Model):  # type: ignore[name-defined,misc]
    """A service a collectivité follows: together they form its portfolio."""

    __tablename__ = "followed_service"
    __table_args__ = (
        UniqueConstraint("organisation_id", "service_id", name="uq_followed_service"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    followed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    followed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    service: Mapped[Service] = relationship()


class Audit(db.Model):  # type: ignore[name-defined,misc]
    """A collectivité's review of one frozen edition of a vendor's positioning.

    Open while reviewers work; the opinion closes it for good (read-only afterwards).
    """

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    opened_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    opinion: Mapped[str | None] = mapped_column(String(24))
    opinion_comment: Mapped[str | None] = mapped_column(Text)
    opinion_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    opinion_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    organisation: Mapped[Organisation] = relationship()
    assessment: Mapped[Assessment] = relationship()
    opinion_by: Mapped[User | None] = relationship(foreign_keys=[opinion_by_id])

    @property
    def closed(self) -> bool:
        return self.opinion is not None


class AuditReview(db.Model):  # type: ignore[name-defined,misc]
    """One criterion's review in an audit; ``revision`` counts its saves (never overwritten
    silently: a save based on an older revision is refused and shown as a conflict)."""

    __tablename__ = "audit_review"
    __table_args__ = (UniqueConstraint("audit_id", "criterion_id", name="uq_audit_review"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(24), default="non_revu")
    level: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(Boolean, default=True)  # the vendor reads the comment
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class AuditMessage(db.Model):  # type: ignore[name-defined,misc]
    """A message of a criterion's thread (a request for information, an answer).

    Append-only: database triggers (migration 0006) refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(40))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )

    author: Mapped[User | None] = relationship()


class AuditReservation(db.Model):  # type: ignore[name-defined,misc]
    """A reservation of a "favorable avec réserves" opinion: its criteria and due date."""

    __tablename__ = "audit_reservation"

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    criteria: Mapped[list[str]] = mapped_column(JSON, default=list)
    due_date: Mapped[dt.date] = mapped_column(Date)


class Job(db.Model):  # type: ignore[name-defined,misc]
    """Long work run in the background (RQ, or a thread): its progress and its result file."""

    __tablename__ = "job"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(String(200))
