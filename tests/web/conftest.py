"""Fixtures for web tests: organisations, users, signing in, CSRF tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, session
from flask.testing import FlaskClient
from flask_login import login_user
from werkzeug.security import generate_password_hash

from app.accounts import SESSION_GENERATION_KEY
from app.extensions import db
from app.models import Organisation, User

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
    """Sign ``user`` in without going through the form (the form has its own tests): the
    session the sign-in makes (app/auth/routes.py's start_session), given to the client."""
    with (
        client.application.app_context(),
        client.application.test_request_context(environ_base=client.environ_base),
    ):
        signed = db.session.get(User, user.id)
        login_user(signed, fresh=True)
        session[SESSION_GENERATION_KEY] = signed.session_generation  # as start_session keeps it
        signed_in = dict(session)
    with client.session_transaction() as client_session:
        client_session.update(signed_in)


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
