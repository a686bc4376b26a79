"""Shared fixtures: a real application on a real database (SQLite, or PostgreSQL in CI), and
the organisations and users the tests of several packages start from. The helpers they are
built on (``build_app``, ``migrated``, the fixtures' folders) are in tests/support.py."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import Organisation, User
from tests.assessments.support import build_world, client_for, new_assessment
from tests.auth.support import PASSWORD
from tests.support import build_app, migrated

# No time limit per example: CI machines are slow and shared; enough examples to find edge cases.
settings.register_profile("repere", deadline=None, max_examples=150)
settings.load_profile("repere")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """TEST_DATABASE_URL when set (CI's PostgreSQL), else a fresh SQLite file."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    with migrated(build_app(database_url)) as application:
        yield application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


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


@pytest.fixture
def world(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> Any:
    """A vendor, another vendor, a school, a région and the admins, with the vendor's ENT."""
    return build_world(make_org, make_user)


@pytest.fixture
def draft(app: Flask, world: Any) -> Any:
    """The vendor's draft positioning of its ENT (sample grid)."""
    return new_assessment(client_for(app, world.alice), world.service)
