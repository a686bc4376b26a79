"""Configuration from environment variables (a `.env` file is read by `flask` when present)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = self.ENV_NAME == "production"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SECURE = self.ENV_NAME == "production"
        self.WTF_CSRF_TIME_LIMIT = None  # a questionnaire may stay open all day: no time limit
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        self.LOGIN_RATE_LIMIT = os.environ.get("REPERE_LOGIN_RATE_LIMIT", "10 per minute")
        self.BABEL_DEFAULT_LOCALE = "fr"
        self.LANGUAGES = ("fr", "en")
        self.INVITATION_DAYS = 7
        # PEM files: with both, every report is signed (PAdES); without, nothing changes
        self.SIGNING_KEY = os.environ.get("REPERE_SIGNING_KEY", "")
        self.SIGNING_CERT = os.environ.get("REPERE_SIGNING_CERT", "")
        self.PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a method name, not a password)
