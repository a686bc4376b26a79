"""Database connection settings that SQLAlchemy does not apply by itself."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

# A server connection may have been dropped while it sat in the pool (a restart of
# PostgreSQL, a firewall's idle timeout): one that has been idle this long is tested with a
# `SELECT 1` before it is handed out, and replaced if the test fails. A connection checked in
# a moment ago is handed out as it is: testing it on every checkout (SQLAlchemy's
# pool_pre_ping) cost every request a round trip to the server. A connection lost within
# this window fails its first statement instead; SQLAlchemy then recognises the
# disconnection and replaces every connection of the pool.
IDLE_BEFORE_PING_S = 10.0
_IDLE_SINCE = "repere_idle_since"


def _is_sqlite(dbapi_connection: Any) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if _is_sqlite(dbapi_connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def _note_idle(_dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info[_IDLE_SINCE] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Test a server connection that has been idle in the pool for a while (not SQLite's)."""
    idle_since = record.info.get(_IDLE_SINCE)
    if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING_S:
        return  # a new connection, or one in use a moment ago
    if _is_sqlite(dbapi_connection):
        return  # a file has no connection to lose
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()  # psycopg opened a transaction for the SELECT
    except Exception as error:  # any failure: the pool discards it and connects anew
        raise exc.DisconnectionError(f"idle connection lost: {error}") from error


def init_app(app: Flask) -> None:
    """Foreign keys and WAL on SQLite, for every connection; idle server connections tested."""
    for target, name, listener in (
        (Engine, "connect", _sqlite_pragmas),
        (Pool, "checkin", _note_idle),
        (Pool, "checkout", _ping_if_idle),
    ):
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)
