"""The signed-in person's own account: change the password, close every session.

Both end every other session of the account (app/accounts.py raises its session
generation); the browser that asked stays signed in, with a new session.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from .. import accounts
from ..access import signed_in_user
from ..extensions import db
from . import bp
from .forms import ChangePasswordForm
from .routes import start_session


def _page(form: ChangePasswordForm, status: int = 200) -> tuple[str, int]:
    return render_template("auth/account.html", user=signed_in_user(), form=form), status


@bp.get("/compte")
@login_required
def account() -> tuple[str, int]:
    """The account's facts, the password form and the "se déconnecter partout" button."""
    return _page(ChangePasswordForm())


@bp.post("/compte/mot-de-passe")
@login_required
def change_password() -> tuple[str, int] | Response:
    """Replace the password; every other session of the account ends."""
    user = signed_in_user()
    form = ChangePasswordForm()
    form.account_email = user.email
    if not form.validate_on_submit():
        return _page(form, 400 if form.errors else 200)
    if not accounts.check_password(user, form.current_password.data):
        form.current_password.errors = [_("Ce n'est pas votre mot de passe actuel.")]
        return _page(form, 400)
    accounts.change_password(user, form.password.data)
    db.session.commit()
    start_session(user)
    flash(
        _("Votre mot de passe est changé. Vos autres sessions sont fermées."),
        "success",
    )
    return redirect(url_for("auth.account"))


@bp.post("/compte/deconnecter-partout")
@login_required
def sign_out_everywhere() -> Response:
    """Close every session of the account, on every device, and open a new one here."""
    user = signed_in_user()
    accounts.revoke_sessions(user)
    db.session.commit()
    start_session(user)
    flash(
        _("Toutes vos sessions sont fermées, sur tous les appareils. Celle-ci a été rouverte."),
        "success",
    )
    return redirect(url_for("auth.account"))
