"""Credentials: sign-in attempts rate-limited, the same answer (and about the same time) for
a wrong address and a wrong password, passwords stored hashed only."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import check_password_hash

from app.extensions import db
from app.models import JournalEntry, Organisation, User

from .support import PASSWORD, csrf_token, submit

NEW_PASSWORD = "une phrase de passe assez longue"


@pytest.fixture
def owner(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> User:
    return make_user(make_org("editeur", "Org A", siren="912345675"), "a@exemple.fr")


# --- rate limiting ------------------------------------------------------------------------


def _attempt(client: FlaskClient, email: str, ip: str) -> int:
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": "wrong password!"},
        environ_base={"REMOTE_ADDR": ip},
    )
    return response.status_code


def test_sign_in_attempts_are_limited_per_address_ip(app: Flask, client: FlaskClient) -> None:
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    codes = [_attempt(client, f"user{n}@exemple.fr", "10.0.0.1") for n in range(4)]
    assert codes == [200, 200, 200, 429]
    assert _attempt(client, "other@exemple.fr", "10.0.0.2") == 200  # another IP
    token = csrf_token(client)
    response = client.post(
        "/login", data={"csrf_token": token}, environ_base={"REMOTE_ADDR": "10.0.0.1"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and "Trop de tentatives" in page
    assert re.search(r"Réessayez dans \d+ secondes?\.", page)
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/login", environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 200


def test_an_address_sharing_school_is_not_locked_out_by_default(
    app: Flask, client: FlaskClient
) -> None:
    """The default per-address limit lets a whole school behind one address sign in."""
    assert app.config["LOGIN_RATE_LIMIT"] == "100 per minute"
    codes = [_attempt(client, f"prof{n}@exemple.fr", "10.0.3.1") for n in range(40)]
    assert set(codes) == {200}


# --- credentials --------------------------------------------------------------------------


def _normalised(page: str, email: str) -> str:
    """The page without what differs by design: the CSRF token (signed with the time: two
    requests a second apart get different ones, in every form of the page) and the address."""
    token = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert token is not None
    return page.replace(token.group(1), "TOKEN").replace(email, "EMAIL")


def test_a_wrong_address_and_a_wrong_password_get_the_same_answer(
    client: FlaskClient, owner: User
) -> None:
    wrong_password = submit(client, "/login", email=owner.email, password="not the password")
    wrong_address = submit(client, "/login", email="nobody@exemple.fr", password=PASSWORD)
    assert wrong_password.status_code == wrong_address.status_code == 200
    assert _normalised(wrong_password.get_data(as_text=True), owner.email) == _normalised(
        wrong_address.get_data(as_text=True), "nobody@exemple.fr"
    )


def test_a_wrong_address_costs_a_password_hash_too(
    app: Flask, client: FlaskClient, owner: User
) -> None:
    """Without a dummy hash, an unknown address would answer many times faster."""
    from app import accounts

    app.config["PASSWORD_HASH_METHOD"] = "scrypt"
    with app.test_request_context():
        owner.password_hash = accounts.hash_password(PASSWORD)
    db.session.commit()

    def best_of_three(email: str) -> float:
        times = []
        for _ in range(3):
            token = csrf_token(client)
            start = time.perf_counter()
            client.post("/login", data={"csrf_token": token, "email": email, "password": "x"})
            times.append(time.perf_counter() - start)
        return min(times)

    known, unknown = best_of_three(owner.email), best_of_three("nobody@exemple.fr")
    assert unknown > 0.4 * known, (known, unknown)


def test_passwords_are_stored_hashed(client: FlaskClient) -> None:
    submit(
        client,
        "/register",
        kind="editeur",
        organisation_name="Exemple",
        siren="552081317",
        name="Jeanne",
        email="jeanne@exemple.fr",
        password=NEW_PASSWORD,
        password_confirm=NEW_PASSWORD,
    )
    stored = db.session.scalars(select(User.password_hash)).one()
    assert NEW_PASSWORD not in stored and check_password_hash(stored, NEW_PASSWORD)
    for table in (Organisation.__table__, User.__table__, JournalEntry.__table__):
        for row in db.session.execute(select(table)).all():
            assert NEW_PASSWORD not in repr(row)


def test_registrations_are_limited_too(app: Flask, client: FlaskClient) -> None:
    app.config["REGISTER_RATE_LIMIT"] = "2 per minute"
    codes = [submit(client, "/register", email=f"x{n}@exemple.fr").status_code for n in range(3)]
    assert codes == [200, 200, 429]
