"""The organisation page (members, invitations), its journal, and accepting an invitation.

Only the signed-in user's own organisation can be reached: any other id answers 404, so that
nobody learns which organisations exist. Inviting, revoking and reading the journal are for
owners: members get 403.
"""

from __future__ import annotations

import datetime as dt

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from .. import accounts
from ..access import signed_in_user
from ..extensions import db
from ..journal_view import describe, format_moment
from ..models import Invitation, JournalEntry, Organisation, User
from . import bp
from .forms import AcceptInvitationForm, InviteForm
from .routes import start_session

JOURNAL_PAGE_SIZE = 25
MAX_JOURNAL_PAGE = 1_000_000  # 25 million entries


def _me() -> User:
    return signed_in_user()


def _own_organisation(organisation_id: int, *, owner: bool = False) -> Organisation:
    """The user's organisation if that is the one asked for: 404 otherwise; 403 for a
    member when ``owner`` is required."""
    user = _me()
    if organisation_id != user.organisation_id:
        abort(404)
    if owner and not user.is_owner:
        abort(403)
    return user.organisation


def _no_store(body: str, status: int = 200) -> Response:
    """A page that must not stay in any cache (it shows a secret link)."""
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_filter("auth_datetime")
def auth_datetime_filter(value: object) -> str:
    """``{{ moment|auth_datetime }}``: 31 janvier 2027, 14:02."""
    return format_moment(value) if isinstance(value, dt.datetime) else "—"


@bp.get("/organisation")
@login_required
def organisation() -> Response:
    """The signed-in user's organisation."""
    return redirect(url_for("auth.organisation_page", organisation_id=_me().organisation_id))


def _render_page(organisation: Organisation, form: InviteForm | None) -> str:
    user = _me()
    members = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id).order_by(User.name, User.id)
    ).all()
    invitations = accounts.pending_invitations(organisation.id) if user.is_owner else []
    return render_template(
        "auth/organisation.html",
        organisation=organisation,
        members=members,
        invitations=invitations,
        form=form if user.is_owner else None,
    )


@bp.get("/organisations/<int:organisation_id>")
@login_required
def organisation_page(organisation_id: int) -> str:
    """Members for everyone in it; pending invitations and the invite form for owners."""
    organisation = _own_organisation(organisation_id)
    return _render_page(organisation, InviteForm())


@bp.post("/organisations/<int:organisation_id>/invitations")
@login_required
def create_invitation(organisation_id: int) -> str | Response:
    """Create a single-use link and show it, once, to the owner."""
    organisation = _own_organisation(organisation_id, owner=True)
    form = InviteForm()
    if form.validate_on_submit():
        if accounts.pending_invitation_for(organisation.id, form.email.data):
            form.email.errors = [
                _(
                    "Une invitation est déjà en attente pour cette adresse. Révoquez-la "
                    "ci-dessous pour en créer une nouvelle."
                )
            ]
            return _render_page(organisation, form)
        invitation, token = accounts.invite(_me(), form.email.data, form.role.data)
        db.session.commit()
        link = url_for("auth.accept_invitation", token=token, _external=True)
        return _no_store(
            render_template(
                "auth/invitation_created.html",
                organisation=organisation,
                invitation=invitation,
                link=link,
            )
        )
    return _render_page(organisation, form)


@bp.post("/organisations/<int:organisation_id>/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(organisation_id: int, invitation_id: int) -> Response:
    """Withdraw a pending invitation of the owner's organisation."""
    organisation = _own_organisation(organisation_id, owner=True)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    if invitation.used_at is not None:
        flash(_("Cette invitation a déjà été acceptée : elle ne peut plus être révoquée."), "error")
    else:
        email = invitation.email
        accounts.revoke(_me(), invitation)
        db.session.commit()
        flash(
            _("L'invitation de %(email)s est révoquée : son lien ne fonctionne plus.", email=email),
            "success",
        )
    return redirect(url_for("auth.organisation_page", organisation_id=organisation.id))


@bp.get("/organisations/<int:organisation_id>/journal")
@login_required
def journal_page(organisation_id: int) -> str:
    """The organisation's journal, newest first, page by page (owners only)."""
    organisation = _own_organisation(organisation_id, owner=True)
    page = request.args.get("page", default=1, type=int)
    if page is None or not 1 <= page <= MAX_JOURNAL_PAGE:
        abort(404)  # a page number that no journal reaches (and that would overflow OFFSET)
    pagination = db.paginate(
        select(JournalEntry)
        .where(JournalEntry.organisation_id == organisation.id)
        .order_by(JournalEntry.at.desc(), JournalEntry.id.desc()),
        page=page,
        per_page=JOURNAL_PAGE_SIZE,
        max_per_page=JOURNAL_PAGE_SIZE,
        error_out=False,
    )
    return render_template(
        "auth/journal.html",
        organisation=organisation,
        pagination=pagination,
        lines=[describe(entry) for entry in pagination.items],
    )


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> str | Response:
    """Join an organisation through an invitation link: a new account for its address."""
    state, invitation = accounts.invitation_state(token)
    if state != "valid" or invitation is None:
        page = render_template("auth/invitation_invalid.html", state=state)
        return _no_store(page, 404 if state == "unknown" else 410)
    if current_user.is_authenticated:
        return _no_store(render_template("auth/accept.html", invitation=invitation, form=None))
    form = AcceptInvitationForm()
    form.account_email = invitation.email
    if form.validate_on_submit():
        if accounts.find_user(invitation.email) is not None:
            page = render_template("auth/invitation_invalid.html", state="account_exists")
            return _no_store(page, 409)
        try:
            user = accounts.accept(
                invitation,
                person=form.name.data.strip(),
                password=form.password.data,
                locale=session.get("lang"),
            )
            if user is None:
                db.session.rollback()
                page = render_template("auth/invitation_invalid.html", state="used")
                return _no_store(page, 410)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            page = render_template("auth/invitation_invalid.html", state="account_exists")
            return _no_store(page, 409)
        start_session(user)
        flash(
            _("Bienvenue ! Vous avez rejoint « %(name)s ».", name=user.organisation.name),
            "success",
        )
        return redirect(url_for("assessments.dashboard"))
    return _no_store(render_template("auth/accept.html", invitation=invitation, form=form))
