"""Shared fixtures: a real application on a real database (SQLite, or PostgreSQL in CI), and
the organisations and users the tests of several packages start from."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import downgrade, upgrade
from hypothesis import settings
from werkzeug.security import generate_password_hash

from app import create_app
from app.extensions import db
from app.models import Organisation, User
from tests.assessments.support import build_world, client_for, new_assessment
from tests.auth.support import PASSWORD

# No time limit per example: CI machines are slow and shared; enough examples to find edge cases.
settings.register_profile("repere", deadline=None, max_examples=150)
settings.load_profile("repere")

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_GRIDS = FIXTURES / "grids"
ROOT = Path(__file__).parent.parent


class RequestPerContextClient(FlaskClient):
    """A test client whose every request gets its own application context, as on a server.

    The ``app`` fixture keeps a context open for the whole test (so tests can use the
    database); without this, requests would share its ``g``: Flask-Login's current user,
    Flask-Babel's locale and Flask-WTF's CSRF token would leak from one client to another.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """TEST_DATABASE_URL when set (CI's PostgreSQL), else a fresh SQLite file."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


def build_app(database_url: str, grids_dir: Path = SAMPLE_GRIDS, **overrides: Any) -> Flask:
    """The application as the tests configure it (cheap hashing, in-memory rate limits)."""
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "GRIDS_DIR": grids_dir,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # cheap hashing: tests only
            "RATELIMIT_STORAGE_URI": "memory://",
            # the background jobs' files (made on first use; names are random)
            "JOBS_DIR": os.path.join(tempfile.gettempdir(), f"repere-test-jobs-{os.getpid()}"),
            **overrides,
        }
    )
    application.test_client_class = RequestPerContextClient
    return application


def close_app(application: Flask) -> None:
    """Give back the application's database connections (else they leak into later tests)."""
    with application.app_context():
        from app.extensions import db

        db.session.remove()
        db.engine.dispose()


@contextmanager
def migrated(application: Flask) -> Iterator[Flask]:
    """The database schema created for the test, and dropped after it."""
    with application.app_context():
        upgrade()
        try:
            yield application
        finally:
            from app.extensions import db

            db.session.remove()
            downgrade(revision="base")
            db.engine.dispose()


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
