"""Extension objects, unbound: `create_app` binds them to an application."""

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# The client's address as Werkzeug gives it: behind REPERE_TRUSTED_PROXIES proxies, the one
# ProxyFix read from them (app/safety.py), never a header the client chose.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
babel = Babel()


def user_or_address() -> str:
    """Rate-limit key of the signed-in person (every device counts together), else of the
    address."""
    if current_user.is_authenticated:
        return f"user:{current_user.get_id()}"
    return f"address:{get_remote_address()}"


def limit_per_user(setting: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``@limit_per_user("AUTOSAVE_RATE_LIMIT")``: the view's limit per person, read from
    that setting at each request."""
    return limiter.limit(lambda: str(current_app.config[setting]), key_func=user_or_address)


def check_rate_limit_storage(app: Flask) -> None:
    """Refuse to start in production with an in-process rate-limit storage while several
    workers may run: each would count on its own, and the limits would multiply."""
    storage = str(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    workers = int(app.config.get("WORKERS", 1))
    if app.config["ENV_NAME"] == "production" and storage.startswith("memory://") and workers > 1:
        raise RuntimeError(
            f"RATELIMIT_STORAGE_URI is {storage} with {workers} workers (REPERE_WORKERS or "
            "WEB_CONCURRENCY): set RATELIMIT_STORAGE_URI=redis://host:6379/0 so that they "
            "share the rate limits, or run a single worker (REPERE_WORKERS=1)."
        )
