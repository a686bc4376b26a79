"""Sessions end for real: signing out, changing the password or "se déconnecter partout"
turn every copy of the session cookie into nothing; a header cannot end a session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.models import JournalEntry, Organisation, User

from .support import PASSWORD, fresh, sign_in, submit

NEW_PASSWORD = "une autre phrase de passe assez longue"
DASHBOARD = "/tableau-de-bord"


@pytest.fixture
def owner(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> User:
    return make_user(make_org("editeur", "Org A", siren="912345675"), "a@exemple.fr")


def _copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _signed_in(client: FlaskClient) -> bool:
    response = client.get(DASHBOARD)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def test_a_cookie_copied_before_logout_opens_nothing_after_it(
    app: Flask, client: FlaskClient, owner: User
) -> None:
    sign_in(client, owner)
    copy = _copy_of(app, client)
    assert _signed_in(copy)  # the copy works while the session lives
    assert submit(client, "/logout").status_code == 302
    assert not _signed_in(copy)
    assert not _signed_in(client)
    sign_in(client, owner)  # and the owner signs in again as usual
    assert _signed_in(client)


def test_signing_out_everywhere_ends_the_other_sessions_only(
    app: Flask, client: FlaskClient, owner: User
) -> None:
    sign_in(client, owner)
    laptop = app.test_client()
    sign_in(laptop, owner)
    copy = _copy_of(app, client)
    page = client.get("/compte").get_data(as_text=True)
    assert "Se déconnecter partout" in page
    response = submit(client, "/compte/deconnecter-partout")
    assert response.status_code == 302
    assert "Toutes vos sessions sont fermées" in client.get("/compte").get_data(as_text=True)
    assert not _signed_in(laptop)
    assert not _signed_in(copy)
    assert _signed_in(client)


def test_signing_out_everywhere_needs_the_csrf_token(client: FlaskClient, owner: User) -> None:
    sign_in(client, owner)
    assert client.post("/compte/deconnecter-partout").status_code == 400
    assert _signed_in(client)


def test_changing_the_password_ends_the_other_sessions(
    app: Flask, client: FlaskClient, owner: User
) -> None:
    sign_in(client, owner)
    laptop = app.test_client()
    sign_in(laptop, owner)
    response = submit(
        client,
        "/compte/mot-de-passe",
        current_password=PASSWORD,
        password=NEW_PASSWORD,
        password_confirm=NEW_PASSWORD,
    )
    assert response.status_code == 302
    assert "Votre mot de passe est changé" in client.get("/compte").get_data(as_text=True)
    assert not _signed_in(laptop)
    assert _signed_in(client)
    other = app.test_client()
    assert submit(other, "/login", email=owner.email, password=PASSWORD).status_code == 200
    sign_in(other, owner, NEW_PASSWORD)
    actions = [entry.action for entry in JournalEntry.query.filter_by(user_id=owner.id)]
    assert "user.password" in actions


def test_a_wrong_current_password_changes_nothing(
    app: Flask, client: FlaskClient, owner: User
) -> None:
    sign_in(client, owner)
    laptop = app.test_client()
    sign_in(laptop, owner)
    before = fresh(owner).password_hash
    response = submit(
        client,
        "/compte/mot-de-passe",
        current_password="pas le bon mot de passe",
        password=NEW_PASSWORD,
        password_confirm=NEW_PASSWORD,
    )
    assert response.status_code == 400
    assert "pas votre mot de passe actuel" in response.get_data(as_text=True)
    assert fresh(owner).password_hash == before
    assert _signed_in(laptop)


def test_a_forwarded_for_header_neither_ends_nor_moves_a_session(
    client: FlaskClient, owner: User
) -> None:
    """Flask-Login's "strong" protection read X-Forwarded-For: anyone could end a session."""
    sign_in(client, owner)
    response = client.get(
        DASHBOARD,
        headers={"X-Forwarded-For": "203.0.113.9", "User-Agent": "another browser"},
    )
    assert response.status_code == 200
    assert _signed_in(client)


def test_the_account_page_needs_a_session(client: FlaskClient) -> None:
    response = client.get("/compte")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
