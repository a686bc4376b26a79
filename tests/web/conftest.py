"""Fixtures for web tests: organisations, users, signing in, CSRF tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from app.accounts import SESSION_GENERATION_KEY
from app.extensions import db
from app.models import Assessment, Organisation, Service, User

PASSWORD = "correct horse battery staple"


@pytest.fixture
def make_org(app: Flask) -> Callable[..., Organisation]:
    def make(kind: str = "editeur", name: str | None = None, **fields: Any) -> Organisation:
        org = Organisation(kind=kind, name=name or f"{kind} {id(fields)}", **fields)
        db.session.add(org)
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    def make(org: Organisation, email: str, role: str = "owner", name: str = "") -> User:
        user = User(
            email=email,
            name=name or email.split("@")[0],
            password_hash=generate_password_hash(PASSWORD, app.config["PASSWORD_HASH_METHOD"]),
            organisation_id=org.id,
            role=role,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


def login_as(client: FlaskClient, user: User) -> None:
    """Sign ``user`` in without going through the form (the form has its own tests)."""
    # What app/auth/routes.py's start_session keeps: the account and its session generation
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
        session[SESSION_GENERATION_KEY] = user.session_generation


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """The CSRF token of the client's session, read from a page's <meta name="csrf-token">."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert match, "no csrf-token meta on " + path
    return match.group(1)


@pytest.fixture
def world(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> Any:
    """A vendor, another vendor, a school, a région and the admins, with the vendor's ENT."""
    from .assessments_support import build_world

    return build_world(make_org, make_user)


@pytest.fixture
def draft(app: Flask, world: Any) -> Any:
    """The vendor's draft positioning of its ENT (sample grid)."""
    from .assessments_support import client_for, new_assessment

    return new_assessment(client_for(app, world.alice), world.service)


@pytest.fixture
def saved(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> dict[str, int]:
    """A vendor, its user, its service and a positioning, committed; the session emptied."""
    vendor = make_org("editeur", "Vendor SAS", siren="732829320")
    user = make_user(vendor, "alice@vendor.test", "owner", "Alice")
    service = Service(organisation_id=vendor.id, name="ENT", category="ent", url=None)
    db.session.add(service)
    db.session.flush()
    assessment = Assessment(
        service_id=service.id,
        organisation_id=vendor.id,
        audience="editeur",
        grid_id="sample",
        grid_version="2026.1",
        frozen_score={"verdict": "incomplet", "blockers": ["A", "B"]},
    )
    db.session.add(assessment)
    db.session.commit()
    ids = {"user": user.id, "service": service.id, "assessment": assessment.id}
    db.session.remove()
    return ids
