"""Accounts, organisations and invitations: the rules, without the web pages.

The service layer the ``auth`` blueprint and the ``demo`` command both use; it imports no
blueprint.

Every change is journaled (``app/journal.py``) in the transaction that makes it; passwords
are stored hashed only; invitation tokens are stored as their SHA-256 only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash

from . import journal, passwords
from .extensions import db
from .models import Invitation, Organisation, User, utcnow

# Letters (accented too), digits and the few signs an address may hold without quotes;
# nothing that could be markup (<, >, quotes, parentheses, spaces).
EMAIL_PATTERN = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(\.[\w-]+)+$")
# The password rules, re-exported: callers need only this module.
PASSWORD_MIN_LENGTH = passwords.PASSWORD_MIN_LENGTH
PASSWORD_MAX_LENGTH = passwords.PASSWORD_MAX_LENGTH
hash_password = passwords.hash_password
password_problem = passwords.password_problem


def normalise_email(raw: str | None) -> str:
    """The address as stored: trimmed and lower-cased."""
    return (raw or "").strip().lower()


def is_valid_email(address: str) -> bool:
    """A simple shape check: one @, no space, a dot in the domain, at most 254 characters."""
    return len(address) <= 254 and EMAIL_PATTERN.match(address) is not None


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, else None.

    A password is hashed even when no account has this address, so that a wrong address
    and a wrong password take about the same time and cannot be told apart.
    """
    user = find_user(email)
    if user is None:
        check_password_hash(
            passwords.dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password
        )
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


SESSION_GENERATION_KEY = "session_generation"


def session_is_current(user: User, stored_generation: object) -> bool:
    """Whether a session that carries ``stored_generation`` still belongs to ``user``: false
    once the user signed out, changed the password or closed every session since."""
    return isinstance(stored_generation, int) and stored_generation == user.session_generation


def revoke_sessions(user: User) -> None:
    """Close every session of ``user``, on every device: each copy of the session cookie,
    even one taken before, stops opening anything. The caller commits."""
    # Computed by the database, so that two revocations at once both count.
    user.session_generation = User.session_generation + 1
    db.session.flush()


def change_password(user: User, new_password: str) -> None:
    """Store the new password's hash and close every session of ``user``. The caller
    commits."""
    user.password_hash = hash_password(new_password)
    journal.record(user, "user.password", "user", user.id)
    revoke_sessions(user)


def check_password(user: User, password: str) -> bool:
    """Whether ``password`` is ``user``'s current password."""
    return check_password_hash(user.password_hash, password)


def find_user(email: str) -> User | None:
    """The account with this address (compared lower-cased), if any."""
    address = normalise_email(email)
    return db.session.scalar(select(User).where(func.lower(User.email) == address))


def find_organisation(
    kind: str,
    *,
    siren: str | None = None,
    uai: str | None = None,
    territory: tuple[str, str] | None = None,
) -> Organisation | None:
    """The organisation already registered with this identifier, if any."""
    query = select(Organisation)
    if kind == "editeur" and siren:
        query = query.where(Organisation.siren == siren)
    elif kind == "etablissement" and uai:
        query = query.where(Organisation.uai == uai)
    elif kind == "collectivite" and territory:
        query = query.where(
            Organisation.kind == "collectivite",
            Organisation.territory_kind == territory[0],
            Organisation.territory_code == territory[1],
        )
    else:
        return None
    return db.session.scalars(query.limit(1)).first()


def organisation_fields(organisation: Organisation) -> dict[str, Any]:
    """What the journal records of an organisation."""
    fields = {"kind": organisation.kind, "name": organisation.name}
    for key in ("siren", "uai", "territory_kind", "territory_code"):
        if getattr(organisation, key):
            fields[key] = getattr(organisation, key)
    return fields


def user_fields(user: User) -> dict[str, Any]:
    """What the journal records of an account (never the password or its hash)."""
    return {"name": user.name, "email": user.email, "role": user.role}


@dataclass(frozen=True)
class NewOrganisation:
    """What the registration form collected, already checked and normalised."""

    kind: str
    name: str
    siren: str | None = None
    uai: str | None = None
    territory_kind: str | None = None
    territory_code: str | None = None


def register(
    new: NewOrganisation, *, person: str, email: str, password: str, locale: str | None = None
) -> User:
    """Create the organisation and its first account, its owner; journal both. ``locale``
    is the language chosen before registering, kept in the account.

    The caller commits; a unique constraint may still fail (two people registering the same
    organisation at the same moment) and the caller must then roll back.
    """
    if new.kind not in ("editeur", "etablissement", "collectivite"):
        raise ValueError(f"organisations of kind {new.kind!r} are never self-registered")
    organisation = Organisation(
        kind=new.kind,
        name=new.name,
        siren=new.siren,
        uai=new.uai,
        territory_kind=new.territory_kind,
        territory_code=new.territory_code,
    )
    db.session.add(organisation)
    db.session.flush()
    user = User(
        email=normalise_email(email),
        name=person,
        password_hash=hash_password(password),
        organisation_id=organisation.id,
        role="owner",
        locale=locale if locale in ("fr", "en") else None,
    )
    db.session.add(user)
    db.session.flush()
    journal.record(
        user,
        "organisation.create",
        "organisation",
        organisation.id,
        after=organisation_fields(organisation),
    )
    journal.record(user, "user.create", "user", user.id, after=user_fields(user))
    return user


def token_hash(token: str) -> str:
    """What is stored of an invitation token: its SHA-256, in hexadecimal."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; every moment here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def pending_invitations(organisation_id: int) -> list[Invitation]:
    """Invitations neither used nor expired, the soonest to expire first."""
    now = utcnow()
    invitations = db.session.scalars(
        select(Invitation)
        .where(Invitation.organisation_id == organisation_id, Invitation.used_at.is_(None))
        .order_by(Invitation.expires_at, Invitation.id)
    ).all()
    return [i for i in invitations if aware(i.expires_at) > now]


def pending_invitation_for(organisation_id: int, email: str) -> Invitation | None:
    """A pending invitation of this organisation for this address, if any."""
    address = normalise_email(email)
    return next((i for i in pending_invitations(organisation_id) if i.email == address), None)


def invite(owner: User, email: str, role: str) -> tuple[Invitation, str]:
    """Create an invitation to ``owner``'s organisation; return it with its clear token.

    The clear token exists only in the return value: show it once, it cannot be found again.
    """
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation_id=owner.organisation_id,
        email=normalise_email(email),
        role=role if role in ("owner", "member") else "member",
        token_hash=token_hash(token),
        expires_at=utcnow() + dt.timedelta(days=current_app.config["INVITATION_DAYS"]),
        created_by_id=owner.id,
    )
    db.session.add(invitation)
    db.session.flush()
    journal.record(
        owner,
        "invitation.create",
        "invitation",
        invitation.id,
        after=_invitation_fields(invitation),
    )
    return invitation, token


def _invitation_fields(invitation: Invitation) -> dict[str, Any]:
    return {
        "email": invitation.email,
        "role": invitation.role,
        "expires_at": aware(invitation.expires_at).isoformat(timespec="minutes"),
    }


def revoke(owner: User, invitation: Invitation) -> None:
    """Withdraw a pending invitation: its link stops working at once."""
    journal.record(
        owner,
        "invitation.revoke",
        "invitation",
        invitation.id,
        before=_invitation_fields(invitation),
    )
    db.session.delete(invitation)


def invitation_state(token: str) -> tuple[str, Invitation | None]:
    """``("valid" | "used" | "expired" | "unknown", invitation)`` for a token from a link."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash(token))
    )
    if invitation is None:
        return "unknown", None
    if invitation.used_at is not None:
        return "used", invitation
    if aware(invitation.expires_at) <= utcnow():
        return "expired", invitation
    return "valid", invitation


def accept(
    invitation: Invitation, *, person: str, password: str, locale: str | None = None
) -> User | None:
    """Use the invitation (once) to create its account; None if used or expired meanwhile.

    The invitation is marked used by a conditional UPDATE, so two simultaneous acceptances
    cannot both succeed.
    """
    now = utcnow()
    result = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    user = User(
        email=invitation.email,
        name=person,
        password_hash=hash_password(password),
        organisation_id=invitation.organisation_id,
        role=invitation.role,
        locale=locale if locale in ("fr", "en") else None,
    )
    db.session.add(user)
    db.session.flush()
    journal.record(user, "invitation.accept", "invitation", invitation.id)
    journal.record(user, "user.create", "user", user.id, after=user_fields(user))
    return user
