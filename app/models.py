"""Database models. The schema changes only through migrations (`flask db migrate`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    column,
    desc,
    false,
    func,
    nulls_last,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

ORGANISATION_KINDS = ("editeur", "etablissement", "collectivite", "admin")
ROLES = ("owner", "member")
ASSESSMENT_STATUSES = ("draft", "submitted", "published", "withdrawn")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )


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


class Organisation(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """An éditeur (SIREN), an établissement (UAI), a collectivité (région or département
    with its code) or the platform's administrators."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    siren: Mapped[str | None] = mapped_column(String(9), unique=True)
    uai: Mapped[str | None] = mapped_column(String(8), unique=True)
    territory_kind: Mapped[str | None] = mapped_column(String(16))  # region | departement
    territory_code: Mapped[str | None] = mapped_column(String(3))

    users: Mapped[list[User]] = relationship(back_populates="organisation")


class User(UserMixin, TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
    locale: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Copied into the session at sign-in; a session whose copy differs is refused. Raised at
    # logout, at a password change and by "se déconnecter partout" (app/accounts.py).
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


class Invitation(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A single-use link, valid until it expires, to join an organisation."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16), default="member")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    organisation: Mapped[Organisation] = relationship()


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


class CatalogueEntry(db.Model):  # type: ignore[name-defined,misc]
    """The public catalogue's row of a service: its vendor's latest published positioning.

    Denormalised from the positioning's snapshot when it is published, withdrawn or replaced
    (``app.positioning.publication``), so that the catalogue filters and sorts on indexed
    columns without reading any JSON. Figures are copied from the snapshot's score, never
    computed here. One row per service at most: no row, not in the catalogue.
    """

    __tablename__ = "catalogue_entry"
    # One index per sort of the catalogue, in its ORDER BY's exact order: the first page of a
    # filtered, sorted list walks it and stops after a page (bench/bench_catalogue.py). As
    # migration 0005 creates them on PostgreSQL; SQLite's indexes have no NULLS LAST.
    __table_args__ = (
        Index("ix_catalogue_sort_recent", desc("published_at"), desc("assessment_id")),
        Index("ix_catalogue_sort_name", "service_name", "assessment_id"),
        Index("ix_catalogue_sort_maturity", nulls_last(desc("maturity")), desc("assessment_id")),
        Index("ix_catalogue_sort_blockers", "blockers_count", desc("assessment_id")),
        Index("ix_catalogue_sort_deadline", nulls_last(column("deadline")), desc("assessment_id")),
        Index("ix_catalogue_grid", "grid_id", "grid_version"),
    )

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    service_name: Mapped[str] = mapped_column(String(200))
    vendor_name: Mapped[str] = mapped_column(String(200))
    search_text: Mapped[str] = mapped_column(String(420))  # names, folded (see catalogue.search)
    category: Mapped[str] = mapped_column(String(64))
    grid_id: Mapped[str] = mapped_column(String(64))
    grid_version: Mapped[str] = mapped_column(String(32))
    grid_status: Mapped[str] = mapped_column(String(16))
    edition: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(16))
    blockers_count: Mapped[int] = mapped_column(Integer)
    incomplete: Mapped[bool] = mapped_column(Boolean, default=False)
    maturity: Mapped[float | None] = mapped_column(Float)
    conformity_rate: Mapped[float | None] = mapped_column(Float)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    maturities: Mapped[list[CatalogueMaturity]] = relationship(
        cascade="all, delete-orphan", order_by="CatalogueMaturity.position"
    )


class CatalogueMaturity(db.Model):  # type: ignore[name-defined,misc]
    """A catalogue row's maturity in one référentiel (filter: "at least N in sécurité")."""

    __tablename__ = "catalogue_maturity"
    __table_args__ = (
        Index("ix_catalogue_maturity_value", "referentiel_id", "maturity", "assessment_id"),
    )

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_entry.assessment_id", ondelete="CASCADE"), primary_key=True
    )
    referentiel_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    maturity: Mapped[float | None] = mapped_column(Float)


class EstablishmentTool(db.Model):  # type: ignore[name-defined,misc]
    """A tool an establishment uses, added from the catalogue ("Les outils de mon
    établissement")."""

    __tablename__ = "establishment_tool"
    __table_args__ = (
        UniqueConstraint("organisation_id", "service_id", name="uq_establishment_tool"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    added_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    service: Mapped[Service] = relationship()


# --- Collectivités' audits (issue 15) -------------------------------------------------------

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
