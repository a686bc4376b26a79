"""Security of the accounts pages: CSRF, cookies, headers, redirects, who may see which
organisation, and HTML in names shown as text (credentials: test_auth_credentials.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.config import Config
from app.extensions import db
from app.models import Invitation, Organisation, User
from tests.support import close_app

from .support import PASSWORD, csrf_token, sign_in, submit

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
NEW_PASSWORD = "une phrase de passe assez longue"


@pytest.fixture
def owner(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> User:
    return make_user(make_org("editeur", "Org A", siren="912345675"), "a@exemple.fr")


@pytest.fixture
def other_owner(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> User:
    return make_user(make_org("editeur", "Org B", siren="987654324"), "b@exemple.fr")


def _invitation(owner: User, email: str = "x@exemple.fr") -> Invitation:
    from app import accounts

    invitation, _ = accounts.invite(owner, email, "member")
    db.session.commit()
    return invitation


# --- CSRF -------------------------------------------------------------------------------


def test_every_form_of_the_accounts_pages_refuses_a_post_without_csrf_token(
    app: Flask, client: FlaskClient, owner: User
) -> None:
    from app import accounts

    invitation, token = accounts.invite(owner, "x@exemple.fr", "member")
    db.session.commit()
    anonymous = {
        "/login": {"email": owner.email, "password": PASSWORD},
        "/register": {"kind": "editeur", "organisation_name": "X", "siren": "552081317"},
        "/lang": {"lang": "en"},
        f"/invitation/{token}": {"name": "X", "password": NEW_PASSWORD},
    }
    for path, data in anonymous.items():
        response = client.post(path, data=data)
        assert response.status_code == 400, path
        assert "Ce formulaire a expiré" in response.get_data(as_text=True)
    sign_in(client, owner)
    org = owner.organisation_id
    for path in (
        "/logout",
        "/lang",
        f"/organisations/{org}/invitations",
        f"/organisations/{org}/invitations/{invitation.id}/revoke",
    ):
        assert client.post(path, data={"email": "y@exemple.fr"}).status_code == 400, path
        assert client.post(path, data={"csrf_token": "forged"}).status_code == 400, path
    assert len(db.session.scalars(select(Invitation)).all()) == 1
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)  # still signed in


def test_a_csrf_failure_answers_json_to_scripts(client: FlaskClient) -> None:
    response = client.post("/lang", json={"lang": "en"}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf"


# --- cookies and headers ----------------------------------------------------------------


def test_session_cookie_flags(client: FlaskClient, owner: User) -> None:
    response = submit(client, "/login", email=owner.email, password=PASSWORD)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    monkeypatch.setenv("REPERE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "production-secret")
    monkeypatch.setenv("REPERE_WORKERS", "1")  # in-memory rate limits: one worker only
    config = Config()
    assert config.SESSION_COOKIE_SECURE and config.REMEMBER_COOKIE_SECURE
    assert config.SESSION_COOKIE_HTTPONLY and config.REMEMBER_COOKIE_HTTPONLY
    production = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    response = production.test_client().get("/login")
    close_app(production)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_have_strict_headers_and_no_inline_script_or_style(
    client: FlaskClient, owner: User
) -> None:
    invitation_page = "/invitation/unknown"
    pages = ["/login", "/register", invitation_page]
    bodies = [client.get(path) for path in pages]
    sign_in(client, owner)
    org = owner.organisation_id
    bodies += [client.get(f"/organisations/{org}"), client.get(f"/organisations/{org}/journal")]
    for response in bodies:
        csp = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        page = response.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), "inline script"
        assert " style=" not in page and "<style" not in page, "inline style"
        assert not re.search(r"\son[a-z]+=", page), "inline event handler"


# --- redirects ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["//evil.test", "https://evil.test", "/\\evil.test", "javascript:alert(1)", "http:/evil.test"],
)
def test_open_redirects_are_refused(client: FlaskClient, owner: User, target: str) -> None:
    page = client.get("/login", query_string={"next": target}).get_data(as_text=True)
    assert '<form method="post" action="/login" novalidate>' in page  # the target is dropped
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"csrf_token": csrf_token(client), "email": owner.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/tableau-de-bord"
    response = client.post("/lang", data={"csrf_token": csrf_token(client), "next": target})
    assert response.headers["Location"] == "/"


# --- who may see which organisation -------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client: FlaskClient, owner: User) -> None:
    org = owner.organisation_id
    for path in ("/organisation", f"/organisations/{org}", f"/organisations/{org}/journal"):
        response = client.get(path)
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_a_member_cannot_reach_the_owner_pages(
    client: FlaskClient, owner: User, make_user: Callable[..., User]
) -> None:
    invitation = _invitation(owner)
    member = make_user(owner.organisation, "m@exemple.fr", role="member")
    sign_in(client, member)
    org = owner.organisation_id
    page = client.get(f"/organisations/{org}").get_data(as_text=True)
    assert "m@exemple.fr" in page and "Inviter une personne" not in page
    assert "x@exemple.fr" not in page  # pending invitations are the owners' business
    assert client.get(f"/organisations/{org}/journal").status_code == 403
    assert submit(client, f"/organisations/{org}/invitations", email="z@e.fr").status_code == 403
    path = f"/organisations/{org}/invitations/{invitation.id}/revoke"
    assert submit(client, path).status_code == 403
    assert db.session.get(Invitation, invitation.id) is not None


def test_an_owner_cannot_see_or_touch_another_organisation(
    client: FlaskClient, owner: User, other_owner: User
) -> None:
    theirs = _invitation(other_owner, "theirs@exemple.fr")
    sign_in(client, owner)
    org_b, org_a = other_owner.organisation_id, owner.organisation_id
    for path in (f"/organisations/{org_b}", f"/organisations/{org_b}/journal"):
        response = client.get(path)
        assert response.status_code == 404 and "Org B" not in response.get_data(as_text=True)
    assert submit(client, f"/organisations/{org_b}/invitations", email="z@e.fr").status_code == 404
    for org in (org_a, org_b):  # neither through B's id nor by slipping it under A's
        path = f"/organisations/{org}/invitations/{theirs.id}/revoke"
        assert submit(client, path).status_code == 404
    assert db.session.get(Invitation, theirs.id) is not None
    journal = client.get(f"/organisations/{org_a}/journal").get_data(as_text=True)
    assert "theirs@exemple.fr" not in journal and "b@exemple.fr" not in journal


# --- HTML in names ------------------------------------------------------------------------


def test_html_in_names_is_shown_as_text_everywhere(app: Flask, client: FlaskClient) -> None:
    response = submit(
        client,
        "/register",
        kind="editeur",
        organisation_name=SCRIPT,
        siren="552081317",
        name=SCRIPT,
        email="xss@exemple.fr",
        password=NEW_PASSWORD,
        password_confirm=NEW_PASSWORD,
    )
    assert response.status_code == 302
    owner = db.session.scalars(select(User)).one()
    pages = [client.get("/")]  # the welcome message, the header
    org = owner.organisation_id
    pages += [client.get(f"/organisations/{org}"), client.get(f"/organisations/{org}/journal")]
    link_page = submit(client, f"/organisations/{org}/invitations", email="guest@exemple.fr")
    pages.append(link_page)
    link = re.search(r'value="http://localhost(/invitation/[^"]+)"', link_page.text)
    assert link
    guest = app.test_client()
    pages.append(guest.get(link.group(1)))
    for response in pages:
        page = response.get_data(as_text=True)
        assert SCRIPT not in page, response.request.path
        assert ESCAPED in page, response.request.path


def test_an_email_with_markup_is_refused(client: FlaskClient) -> None:
    response = submit(client, "/login", email=f"{SCRIPT}@evil.test", password="x")
    assert SCRIPT not in response.get_data(as_text=True)
    page = submit(
        client,
        "/register",
        kind="editeur",
        organisation_name="X",
        siren="552081317",
        name="X",
        email=f"{SCRIPT}@evil.test",
        password=NEW_PASSWORD,
        password_confirm=NEW_PASSWORD,
    ).get_data(as_text=True)
    assert "adresse électronique valide" in page and SCRIPT not in page
