"""Extension objects, unbound: `create_app` binds them to an application."""

from functools import wraps
from typing import Any

from flask import Flask, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
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
limiter = Limiter(key_func=get_remote_address, default_limits=[])

# The views that carry a @limiter.limit (tests/web/test_auth_credentials.py checks the list).
RATE_LIMITED_ENDPOINTS = frozenset({"auth.login", "auth.register"})


def limit_rate_limited_views_only(app: Flask) -> None:
    """Run Flask-Limiter's before_request hook for the rate-limited views only.

    The hook works out each request's limits, about 2 % of an autosave, for nothing: only
    these views carry limits (their own ``@limiter.limit`` checks them as well).
    ``limiter.init_app`` must have run: its hook is looked up and wrapped, and start-up fails
    if it cannot be found (a Flask-Limiter that registers it differently), rather than lose
    the limits silently.
    """
    hooks = app.before_request_funcs.setdefault(None, [])
    check = limiter._check_request_limit
    for index, hook in enumerate(hooks):
        if hook == check:

            @wraps(hook)
            def for_limited_views() -> Any:
                if request.endpoint in RATE_LIMITED_ENDPOINTS:
                    return check()
                return None

            hooks[index] = for_limited_views
            return
    raise RuntimeError("Flask-Limiter's before_request hook not found (app/extensions.py)")


babel = Babel()
