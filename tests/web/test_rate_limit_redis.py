"""With several workers, the limits live in Redis (RATELIMIT_STORAGE_URI): shared by all.

Redis database 13 on 127.0.0.1:6379, each test under its own key prefix.
"""

from __future__ import annotations

import os
import socket
import uuid
from typing import Any

import pytest
from flask import Flask

from tests.auth.support import csrf_token
from tests.support import build_app, close_app

REDIS = ("127.0.0.1", 6379)
STORAGE = "redis://127.0.0.1:6379/13"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def two_workers(app: Flask) -> Any:
    """Two applications, as two gunicorn workers, sharing one Redis."""
    if not _redis_answers():
        if os.environ.get("CI"):
            pytest.fail("no Redis on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")

    def start(**settings: Any) -> tuple[Flask, Flask]:
        config = {
            "RATELIMIT_STORAGE_URI": STORAGE,
            "RATELIMIT_KEY_PREFIX": f"repere-test-{uuid.uuid4().hex}",
            **settings,
        }
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        started.extend([build_app(url, **config), build_app(url, **config)])
        return started[-2], started[-1]

    started: list[Flask] = []
    yield start
    for application in started:
        close_app(application)


def _attempt(application: Flask, email: str, ip: str) -> int:
    client = application.test_client()
    response = client.post(
        "/login",
        data={"csrf_token": csrf_token(client), "email": email, "password": "mauvais essai"},
        environ_base={"REMOTE_ADDR": ip},
    )
    return response.status_code


def test_a_burst_on_two_workers_is_limited_exactly(two_workers: Any) -> None:
    """30 attempts from one address, alternately on each worker, "10 per minute": exactly 10
    are examined. (With memory:// and 2 workers, 15 to 19 of 30 got through.)"""
    first, second = two_workers(LOGIN_RATE_LIMIT="10 per minute")
    codes = [
        _attempt(first if n % 2 else second, f"u{n}@exemple.fr", "10.9.0.1") for n in range(30)
    ]
    assert codes.count(200) == 10 and codes.count(429) == 20
    assert codes[:10] == [200] * 10


def test_an_account_s_failures_count_on_every_worker(two_workers: Any) -> None:
    first, second = two_workers(LOGIN_FREE_FAILURES=4, LOGIN_MAX_DELAY_SECONDS=60)
    codes = [
        _attempt(first if n % 2 else second, "cible@exemple.fr", f"10.9.1.{n}") for n in range(8)
    ]
    assert codes == [200, 200, 200, 200, 429, 429, 429, 429]
