"""Helpers for the accounts tests (no test here)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import User

from .conftest import PASSWORD, csrf_token


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
