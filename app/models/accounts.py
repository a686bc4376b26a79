"""Organisations and their people: users and invitations."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin

ORGANISATION_KINDS = ("editeur", "etablissement", "collectivite", "admin")
ROLES = ("owner", "member")


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
