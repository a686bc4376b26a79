"""Helpers of the whole suite (no test here): where the fixtures are, and a real application on
a real database (SQLite, or PostgreSQL in CI) as the tests configure it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade

from app import create_app

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
