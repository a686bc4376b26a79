"""Database models. The schema changes only through migrations (`flask db migrate`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


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
