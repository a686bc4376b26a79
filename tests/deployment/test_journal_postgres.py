"""On PostgreSQL the journal cannot be emptied, and the application's role can only append to it.

SQLite has neither TRUNCATE nor roles: there, migration 0002's row triggers refuse UPDATE and
DELETE (tests/cli/test_backup_command.py), and these tests are skipped.
"""

from __future__ import annotations

import os

import psycopg
import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app.extensions import db
from tests.support import ROOT

LEAST_PRIVILEGE = ROOT / "docs" / "deployment" / "least-privilege.sql"
APPLICATION_ROLE = "repere_app"

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="PostgreSQL only (TRUNCATE and roles): set TEST_DATABASE_URL to a PostgreSQL database",
)


def journal_count() -> int:
    return int(db.session.execute(text("SELECT count(*) FROM journal")).scalar_one())


def test_truncate_of_the_journal_is_refused(app: Flask) -> None:
    db.session.execute(text("INSERT INTO journal (action, object_type) VALUES ('login', 'user')"))
    db.session.commit()

    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("TRUNCATE journal"))
    db.session.rollback()

    assert journal_count() == 1


def test_the_application_role_only_appends_to_and_reads_the_journal(
    app: Flask, database_url: str
) -> None:
    owner = make_url(database_url).set(drivername="postgresql")
    with psycopg.connect(owner.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(LEAST_PRIVILEGE.read_text(encoding="utf-8"))  # as the README says to
    as_application = create_engine(
        make_url(database_url).set(username=APPLICATION_ROLE, password=None), poolclass=NullPool
    )
    try:
        with as_application.begin() as conn:
            assert conn.execute(text("SELECT current_user")).scalar_one() == APPLICATION_ROLE
            conn.execute(text("INSERT INTO journal (action, object_type) VALUES ('login', 'user')"))
            conn.execute(text("INSERT INTO organisation (kind, name) VALUES ('editeur', 'Éd.')"))
            conn.execute(text("UPDATE organisation SET name = 'Éditeur'"))
            assert conn.execute(text("SELECT count(*) FROM journal")).scalar_one() == 1
            owned = conn.execute(
                text("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles "
                     "WHERE rolname = current_user)")
            ).scalar_one()  # fmt: skip
            assert owned == 0
        refused = (
            "UPDATE journal SET action = 'nothing'",
            "DELETE FROM journal",
            "TRUNCATE journal",
            "CREATE TABLE mine (id integer)",
            "DROP TABLE journal",
            "DELETE FROM alembic_version",
        )
        for statement in refused:
            with as_application.begin() as conn, pytest.raises(DBAPIError) as error:
                conn.execute(text(statement))
            assert "permission denied" in str(error.value) or "must be owner" in str(error.value)
    finally:
        as_application.dispose()
    assert journal_count() == 1
