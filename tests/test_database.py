"""Connection settings: SQLite's pragmas, and server connections tested after an idle spell."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
import sqlalchemy
from flask import Flask
from sqlalchemy import exc, text
from sqlalchemy.pool import NullPool

from app import database
from app.extensions import db


class FakeCursor:
    def __init__(self, connection: FakeConnection) -> None:
        self.connection = connection

    def execute(self, statement: str) -> None:
        if self.connection.dead:
            raise OSError("server closed the connection unexpectedly")
        self.connection.statements.append(statement)

    def close(self) -> None:
        pass


class FakeConnection:
    """A DB-API connection to a server, as far as the checkout listener sees it."""

    def __init__(self, dead: bool = False) -> None:
        self.dead = dead
        self.statements: list[str] = []
        self.rollbacks = 0

    def cursor(self) -> FakeCursor:
        return FakeCursor(self)

    def rollback(self) -> None:
        self.rollbacks += 1


class Record:
    def __init__(self, idle_for: float | None = None) -> None:
        self.info: dict[str, Any] = {}
        if idle_for is not None:
            self.info[database._IDLE_SINCE] = database.time.monotonic() - idle_for


def test_a_connection_used_a_moment_ago_is_handed_out_without_a_round_trip() -> None:
    connection = FakeConnection()
    database._ping_if_idle(connection, Record(idle_for=1.0), None)
    assert connection.statements == []


def test_a_new_connection_is_not_tested() -> None:
    connection = FakeConnection()
    database._ping_if_idle(connection, Record(), None)
    assert connection.statements == []


def test_a_connection_idle_for_a_while_is_tested_then_its_transaction_ended() -> None:
    connection = FakeConnection()
    database._ping_if_idle(connection, Record(idle_for=database.IDLE_BEFORE_PING_S + 1), None)
    assert connection.statements == ["SELECT 1"]
    assert connection.rollbacks == 1


def test_a_lost_idle_connection_is_reported_as_a_disconnection_for_the_pool_to_replace() -> None:
    connection = FakeConnection(dead=True)
    with pytest.raises(exc.DisconnectionError, match="server closed"):
        database._ping_if_idle(connection, Record(idle_for=3600), None)


def test_a_sqlite_connection_is_never_tested() -> None:
    connection = sqlite3.connect(":memory:")
    try:
        calls: list[str] = []
        connection.set_trace_callback(calls.append)
        database._ping_if_idle(connection, Record(idle_for=3600), None)
        assert calls == []
    finally:
        connection.close()


def test_checking_a_connection_in_notes_when_it_became_idle(app: Flask) -> None:
    db.session.remove()
    db.engine.dispose()
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        record = connection.connection._connection_record
        assert record is not None
        assert database._IDLE_SINCE not in record.info
    assert record.info[database._IDLE_SINCE] <= database.time.monotonic()


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(app: Flask) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's pragmas: this run's database is PostgreSQL")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def _backend_pid(connection: sqlalchemy.Connection) -> int:
    pid: int = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return pid


def _terminate(app: Flask, pid: int) -> None:
    """End a server connection from outside, as a restart of PostgreSQL would."""
    other = sqlalchemy.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    try:
        with other.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
    finally:
        other.dispose()


@pytest.fixture
def lost_connection(app: Flask) -> int:
    """The only connection of the pool, idle, then ended by the server: its backend's pid."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a server connection to lose: needs PostgreSQL (CI's second run)")
    db.session.remove()
    db.engine.dispose()
    with db.engine.connect() as connection:
        lost = _backend_pid(connection)
    _terminate(app, lost)
    return lost


def test_a_server_connection_lost_while_idle_is_replaced_before_use(
    lost_connection: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "IDLE_BEFORE_PING_S", 0.0)  # it has been idle long enough
    with db.engine.connect() as connection:
        assert _backend_pid(connection) != lost_connection  # no error: a new connection


def test_without_the_idle_test_a_lost_connection_fails_once_then_the_pool_recovers(
    lost_connection: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the test above prevents (and what happens within the idle window)."""
    monkeypatch.setattr(database, "IDLE_BEFORE_PING_S", 3600.0)
    with pytest.raises(exc.DBAPIError) as failure, db.engine.connect() as connection:
        _backend_pid(connection)
    assert failure.value.connection_invalidated
    with db.engine.connect() as connection:
        assert _backend_pid(connection) != lost_connection
