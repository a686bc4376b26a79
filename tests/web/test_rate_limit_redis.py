"""With several workers, login limits live in Redis (RATELIMIT_STORAGE_URI): shared by all."""

from __future__ import annotations

import os
import socket
import uuid

import pytest
from flask import Flask

from tests.conftest import build_app, close_app

from .test_auth_credentials import _attempt

REDIS = ("127.0.0.1", 6379)


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def test_login_limits_are_shared_through_redis(app: Flask) -> None:
    if not _redis_answers():
        if os.environ.get("CI"):
            pytest.fail("no Redis on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")
    config = {
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
        "RATELIMIT_KEY_PREFIX": f"repere-test-{uuid.uuid4().hex}",
        "LOGIN_RATE_LIMIT": "3 per minute",
    }
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    # A worker counts two attempts; then another worker starts (its own, new connection to the
    # storage) and sees them: with an in-memory storage it would start from zero.
    first = build_app(database_url, **config)
    codes = [_attempt(first.test_client(), f"u{n}@exemple.fr", "10.9.0.1") for n in range(2)]
    second = build_app(database_url, **config)
    codes += [_attempt(second.test_client(), f"v{n}@exemple.fr", "10.9.0.1") for n in range(2)]
    close_app(first)
    close_app(second)
    assert codes == [200, 200, 200, 429]
