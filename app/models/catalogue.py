"""The public catalogue's rows and the tools an establishment keeps."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    column,
    desc,
    func,
    nulls_last,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow
from .positionings import Service


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
