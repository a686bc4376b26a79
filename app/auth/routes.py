"""Sign in, sign out (here or everywhere), register."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as BaseResponse

from .. import accounts
from ..access import signed_in_user
from ..errors.handlers import too_many_response
from ..extensions import db, limiter
from ..models import User
from ..safety import safe_next
from . import bp, throttle
from .forms import ALREADY_REGISTERED, LoginForm, RegisterForm


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _register_limit() -> str:
    return str(current_app.config["REGISTER_RATE_LIMIT"])


def _after_login_target() -> str:
    return safe_next(request.args.get("next"), default=url_for("assessments.dashboard"))


def start_session(user: User) -> None:
    """Sign ``user`` in with a new session (no fixation), keeping the language chosen.

    The CSRF token lives in the session: it is renewed with it, and the next page gets the
    new one.
    """
    lang = session.get("lang")
    session.clear()
    g.pop("csrf_token", None)
    if lang:
        session["lang"] = lang
    login_user(user)
    session[accounts.SESSION_GENERATION_KEY] = user.session_generation


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])  # per client address
def login() -> str | BaseResponse:
    """Sign in; the same answer whether the address or the password is wrong.

    Per account, failures slow the next attempts down (app/auth/throttle.py).
    """
    if current_user.is_authenticated:
        return redirect(_after_login_target())
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        email = accounts.normalise_email(form.email.data)
        wait = throttle.wait_before_attempt(email)
        if wait:
            return too_many_response(wait)
        user = accounts.authenticate(email, form.password.data)
        if user is not None:
            throttle.record_success(email)
            start_session(user)
            flash(_("Vous êtes connecté."), "success")
            return redirect(_after_login_target())
        throttle.record_failure(email)
        current_app.logger.info("failed sign-in attempt from %s", request.remote_addr)
        failed = True
    next_path = safe_next(request.args.get("next"), default="")
    return render_template("auth/login.html", form=form, failed=failed, next_path=next_path)


@bp.post("/logout")
def logout() -> BaseResponse:
    """Sign out (POST only, CSRF-protected) and forget the session, not the language.

    Every session of the account ends, so that a copy of the cookie opens nothing any more.
    """
    lang = session.get("lang")
    if current_user.is_authenticated:
        lang = lang or current_user.locale
        accounts.revoke_sessions(signed_in_user())
        db.session.commit()
        logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Vous êtes déconnecté."), "success")
    return redirect(url_for("main.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])  # slows down probing which addresses exist
def register() -> str | BaseResponse:
    """Create an organisation and its owner's account, then sign the owner in."""
    if current_user.is_authenticated:
        return redirect(url_for("assessments.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(
                form.new_organisation(),
                person=form.name.data.strip(),
                email=form.email.data,
                password=form.password.data,
                locale=session.get("lang"),
            )
            db.session.commit()
        except IntegrityError:  # the same organisation or address registered meanwhile
            db.session.rollback()
            flash(ALREADY_REGISTERED, "error")
            return render_template("auth/register.html", form=form), 409
        start_session(user)
        flash(
            _(
                "Votre organisation « %(name)s » et votre compte sont créés. Vous en êtes "
                "le responsable : vous pouvez inviter vos collègues.",
                name=user.organisation.name,
            ),
            "success",
        )
        return redirect(url_for("assessments.dashboard"))
    return render_template("auth/register.html", form=form)
