"""Grid versions, services, positionings, their answers, and the append-only journal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import Organisation, User
from .base import TimestampMixin, utcnow

ASSESSMENT_STATUSES = ("draft", "submitted", "published", "withdrawn")


class GridVersion(db.Model):  # type: ignore[name-defined,misc]
    """A grid version the platform has seen, with the checksum of its files.

    Positionings refer to a grid version; an official version must never change once
    people have answered it, so its checksum is recorded and compared at each sync.
    """

    __tablename__ = "grid_version"
    __table_args__ = (UniqueConstraint("grid_id", "version", name="uq_grid_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    checksum: Mapped[str] = mapped_column(String(64))
    criteria_count: Mapped[int]
    registered_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Service(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A digital service (an offer) of an éditeur."""

    __tablename__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(2000))

    organisation: Mapped[Organisation] = relationship()


class Assessment(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A positioning: a service × a grid version × an audience × the organisation answering.

    ``version`` counts saves (optimistic locking: a save based on an older version is refused);
    ``edition`` counts frozen editions: submitting freezes one, editing again starts the next.

    ``snapshot`` (taken at submission, never changed after) holds everything that shapes a
    frozen edition's figures and wording; its pages, PDF, exports, the catalogue and the
    comparison read it, never today's rows. Format ``repere/snapshot@1``, a JSON object::

        {"format": "repere/snapshot@1",
         "taken_at": "2026-12-02T07:00:00+00:00",          # ISO 8601, UTC
         "service": {"name": "…", "category": "ent", "url": "https://…" | null},
         "vendor": {"name": "…"},                          # the service's éditeur
         "audience": "editeur",
         "grid": {"id": "doctrine", "version": "2025.1", "status": "provisional",
                  "sha256": "<hex digest of the grid version's files>"},
         "answers": {…},   # the repere/answers@1 document (domain.answers.to_data), grid order
         "score": {…}}     # domain.scoring.score_to_json of those answers (the score --json object)

    Keys are only ever added (a new key, never a changed meaning); a fingerprint of an edition
    is computed from this object serialised with sorted keys.

    ``incomplete_ack``: the vendor published it knowing criteria were unanswered (the
    catalogue says "incomplet"). ``withdrawn_at``: when a published edition was withdrawn
    (status ``withdrawn``: it leaves the catalogue; its public page says so).
    """

    __tablename__ = "assessment"
    __table_args__ = (
        Index("uq_assessment_fingerprint", "fingerprint", unique=True),
        Index("uq_assessment_verification_code", "verification_code", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    audience: Mapped[str] = mapped_column(String(32))
    grid_id: Mapped[str] = mapped_column(String(64))
    grid_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    edition: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"))
    prefilled_from_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    frozen_score: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    incomplete_ack: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # set at submission (app/positioning/editions.py): SHA-256 of the edition document, and
    # its first 16 hex characters, the code printed on reports (/verifier/<code>)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    verification_code: Mapped[str | None] = mapped_column(String(16))

    service: Mapped[Service] = relationship()
    organisation: Mapped[Organisation] = relationship()
    answers: Mapped[list[AnswerRecord]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )

    @property
    def frozen(self) -> bool:
        return self.status != "draft"


class AnswerRecord(db.Model):  # type: ignore[name-defined,misc]
    """One criterion's answer in a positioning; ``revision`` counts its saves."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("assessment_id", "criterion_id", name="uq_answer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(40))
    level: Mapped[int | None] = mapped_column(Integer)
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    justification: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    from_vendor: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class JournalEntry(db.Model):  # type: ignore[name-defined,misc]
    """Append-only journal of who changed what, when, before and after.

    Database triggers (migration 0002) refuse any UPDATE or DELETE of this table.
    """

    __tablename__ = "journal"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now(), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(String(100))  # e.g. the criterion id
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user: Mapped[User | None] = relationship()
