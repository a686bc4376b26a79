"""Database connection settings that SQLAlchemy does not apply by itself."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure(app: Flask) -> None:
    """Engine options, before Flask-SQLAlchemy makes the engine.

    A server connection may have been dropped while it sat in the pool (a restart of
    PostgreSQL, a firewall's idle timeout): SQLAlchemy's ``pool_pre_ping`` tests each one as
    it is handed out and replaces it if it is gone.
    """
    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    options.setdefault("pool_pre_ping", True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def init_app(app: Flask) -> None:
    """Foreign keys, WAL and a busy timeout on SQLite, for every connection."""
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
