"""Configuration from environment variables (a `.env` file is read by `flask` when present)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker_count() -> int:
    """How many processes serve requests: REPERE_WORKERS, else WEB_CONCURRENCY (the name
    some hosts set), else 2: the rule gunicorn.conf.py follows too."""
    return int(os.environ.get("REPERE_WORKERS") or os.environ.get("WEB_CONCURRENCY") or "2")


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):  # the form some hosts give; SQLAlchemy wants the driver
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url or f"sqlite:///{ROOT / 'instance' / 'repere.db'}"


class Config:
    """Settings read once when the application is created."""

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY", "")
        self.SQLALCHEMY_DATABASE_URI = _database_url()
        self.GRIDS_DIR = Path(os.environ.get("REPERE_GRIDS_DIR", ROOT / "criteria"))
        self.ENV_NAME = os.environ.get("REPERE_ENV", "development")
        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto (0: none,
        # the client's address is the connection's; 1: one TLS proxy, as the README says).
        self.TRUSTED_PROXIES = int(os.environ.get("REPERE_TRUSTED_PROXIES", "0"))
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = self.ENV_NAME == "production"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SECURE = self.ENV_NAME == "production"
        self.WTF_CSRF_TIME_LIMIT = None  # a questionnaire may stay open all day: no time limit
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        # No X-RateLimit-* headers on every answer; a 429 says Retry-After itself, exactly.
        self.RATELIMIT_HEADERS_ENABLED = False
        self.WORKERS = worker_count()
        # Per client address: generous, a whole school may sign in from one address at 8 a.m.
        self.LOGIN_RATE_LIMIT = os.environ.get("REPERE_LOGIN_RATE_LIMIT", "100 per minute")
        self.REGISTER_RATE_LIMIT = os.environ.get("REPERE_REGISTER_RATE_LIMIT", "30 per hour")
        # Per account: app/auth/throttle.py (growing delays after failures, no lock-out).
        self.LOGIN_FREE_FAILURES = int(os.environ.get("REPERE_LOGIN_FREE_FAILURES", "5"))
        self.LOGIN_MAX_DELAY_SECONDS = int(os.environ.get("REPERE_LOGIN_MAX_DELAY", "60"))
        self.LOGIN_FAILURE_WINDOW_SECONDS = 3600
        # Per signed-in person: a person typing saves a few times a minute; a script, hundreds.
        self.AUTOSAVE_RATE_LIMIT = os.environ.get("REPERE_AUTOSAVE_RATE_LIMIT", "120 per minute")
        self.DOWNLOAD_RATE_LIMIT = os.environ.get("REPERE_DOWNLOAD_RATE_LIMIT", "20 per minute")
        self.BABEL_DEFAULT_LOCALE = "fr"
        self.LANGUAGES = ("fr", "en")
        self.INVITATION_DAYS = 7
        # PEM files: with both, every report is signed (PAdES); without, nothing changes
        self.SIGNING_KEY = os.environ.get("REPERE_SIGNING_KEY", "")
        self.SIGNING_CERT = os.environ.get("REPERE_SIGNING_CERT", "")
        # the site's address as readers reach it, for documents made outside a request (jobs)
        self.PUBLIC_URL = os.environ.get("REPERE_PUBLIC_URL", "http://127.0.0.1:5000")
        self.PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a method name, not a password)
