"""Connection settings: SQLite's pragmas, and server connections lost while idle replaced."""

from __future__ import annotations

import pytest
import sqlalchemy
from flask import Flask
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from app.extensions import db


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(app: Flask) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's pragmas: this run's database is PostgreSQL")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def backend_pid(connection: sqlalchemy.Connection) -> int:
    pid: int = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return pid


def terminate(app: Flask, pid: int) -> None:
    """End a server connection from outside, as a restart of PostgreSQL would."""
    other = sqlalchemy.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    try:
        with other.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
    finally:
        other.dispose()


def test_a_server_connection_lost_while_idle_is_replaced_before_use(app: Flask) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a server connection to lose: needs PostgreSQL (CI's second run)")
    db.session.remove()
    db.engine.dispose()
    with db.engine.connect() as connection:
        lost = backend_pid(connection)
    terminate(app, lost)
    with db.engine.connect() as connection:
        assert backend_pid(connection) != lost  # no error: a new connection
