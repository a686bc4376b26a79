"""Extension objects, unbound: `create_app` binds them to an application."""

from flask import request
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


@limiter.request_filter
def _not_rate_limited() -> bool:
    """Every other request skips Flask-Limiter's work at once (about 5 % of an autosave)."""
    return request.endpoint not in RATE_LIMITED_ENDPOINTS


babel = Babel()
