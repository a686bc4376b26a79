"""Helpers for signing in and posting forms as a browser does (no test here).

``PASSWORD`` is the password of every user the ``make_user`` fixture (tests/conftest.py) makes.
"""

from __future__ import annotations

import re
from typing import Any

from flask import session
from flask.testing import FlaskClient
from flask_login import login_user
from werkzeug.test import TestResponse

from app.accounts import SESSION_GENERATION_KEY
from app.extensions import db
from app.models import User

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "une phrase de passe assez longue"


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


def submit(client: FlaskClient, path: str, **data: Any) -> TestResponse:
    """POST a form as the browser would, with the session's CSRF token."""
    return client.post(path, data={"csrf_token": csrf_token(client), **data})


def sign_in(client: FlaskClient, user: User | str, password: str = PASSWORD) -> TestResponse:
    """Sign in through the login form."""
    email = user if isinstance(user, str) else user.email
    response = submit(client, "/login", email=email, password=password)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def fresh(instance: Any) -> Any:
    """``instance`` as the database has it now (requests use their own sessions)."""
    db.session.refresh(instance)
    return instance


def register_form(**overrides: str) -> dict[str, str]:
    """The registration form filled in for a vendor, ``overrides`` replacing fields."""
    data = {
        "kind": "editeur",
        "organisation_name": "Exemple SAS",
        "siren": "912 345 675",
        "uai": "",
        "territory_kind": "",
        "territory_code": "",
        "name": "Jeanne Dupont",
        "email": "Jeanne.Dupont@Exemple.FR ",
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def invite(client: FlaskClient, owner: User, email: str, role: str = "member") -> str:
    """Create an invitation as ``owner`` (signed in on ``client``); return the link shown."""
    path = f"/organisations/{owner.organisation_id}/invitations"
    response = submit(client, path, email=email, role=role)
    assert response.status_code == 200, response.get_data(as_text=True)
    match = re.search(r'value="(http://localhost/invitation/[^"]+)"', response.get_data(True))
    assert match, "the link is shown"
    return match.group(1).removeprefix("http://localhost")
