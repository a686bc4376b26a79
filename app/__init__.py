"""Repère: where a digital service for schools stands against the doctrine technique."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, Response, request, session
from flask_login import current_user
from sqlalchemy.orm import joinedload

from . import database, grid_registry, jobs
from .config import ROOT, Config
from .extensions import (
    babel,
    check_rate_limit_storage,
    csrf,
    db,
    limiter,
    login_manager,
    migrate,
)
from .safety import bound_ids, private_and_transport_headers, trust_proxies


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides settings (tests)."""
    app = Flask(__name__, instance_path=str(ROOT / "instance"))
    app.config.from_object(Config())
    if config:
        app.config.update(config)
    _ensure_secret_key(app)
    trust_proxies(app)
    bound_ids(app)
    register_extensions(app)
    grid_registry.init_app(app)
    jobs.init_app(app)
    register_blueprints(app)
    register_cli(app)
    register_template_helpers(app)
    app.after_request(_security_headers)
    return app


def _ensure_secret_key(app: Flask) -> None:
    """Production must set SECRET_KEY; development keeps a random one in instance/."""
    if app.config.get("SECRET_KEY"):
        return
    if app.config["ENV_NAME"] == "production":
        raise RuntimeError("SECRET_KEY must be set in production")
    key_file = Path(app.instance_path) / "secret_key"
    key_file.parent.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def register_extensions(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        Path(uri[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    database.configure(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    from . import accounts, models
    from .accounts import SESSION_GENERATION_KEY as GENERATION_KEY

    database.init_app(app)
    csrf.init_app(app)
    check_rate_limit_storage(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page says it itself
    # "strong" ties a session to an address read from X-Forwarded-For, a header anyone can
    # send; the session generation checked below is what revokes a session.
    login_manager.session_protection = None

    @login_manager.user_loader
    def load_user(user_id: str) -> models.User | None:
        if not user_id.isdigit():
            return None
        # its organisation in the same query: every page and permission check reads it
        user = db.session.get(
            models.User, int(user_id), options=[joinedload(models.User.organisation)]
        )
        if user is None or not user.active:
            return None
        return user if accounts.session_is_current(user, session.get(GENERATION_KEY)) else None


def select_locale() -> str:
    """The user's choice (account, then session), else the browser's, else French."""
    languages = ("fr", "en")
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    if session.get("lang") in languages:
        return str(session["lang"])
    return request.accept_languages.best_match(languages) or "fr"


def register_blueprints(app: Flask) -> None:
    from .assessments import bp as assessments_bp
    from .audits import bp as audits_bp
    from .auth import bp as auth_bp
    from .catalogue import bp as catalogue_bp
    from .errors import bp as errors_bp
    from .main import bp as main_bp
    from .verification import bp as verification_bp

    app.register_blueprint(errors_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(assessments_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(audits_bp)
    app.register_blueprint(verification_bp)


def register_cli(app: Flask) -> None:
    from .cli import bp as cli_bp
    from .demo import demo_command

    app.register_blueprint(cli_bp)
    app.cli.add_command(demo_command)


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    private_and_transport_headers(response)
    return response


def register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {"current_lang": lambda: str(get_locale() or "fr")}
