"""Passwords: the most common ones and those that contain the address are refused, saying
why, wherever a password is chosen (registration, invitation, change, demo command)."""

from __future__ import annotations

from collections.abc import Callable
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from app.extensions import db
from app.models import Organisation, User
from app.passwords import common_passwords, password_problem

from .support import PASSWORD, fresh, invite, register_form, sign_in, submit

COMMON = "Ce mot de passe fait partie des plus courants"
CONTAINS_EMAIL = "Le mot de passe ne doit pas contenir votre adresse électronique"


@pytest.mark.parametrize(
    "password",
    ["azertyuiop123", "Motdepasse2024!", "password1234", "1q2w3e4r5t6y", "Azerty-Uiop 2024"],
)
def test_common_passwords_are_refused_at_registration(client: FlaskClient, password: str) -> None:
    response = submit(
        client, "/register", **register_form(password=password, password_confirm=password)
    )
    assert response.status_code == 200
    assert COMMON in unescape(response.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    "password", ["jeanne.dupont@exemple.fr", "JeanneDupont2024!", "moi jeanne.dupont"]
)
def test_a_password_containing_the_address_is_refused(client: FlaskClient, password: str) -> None:
    form = register_form(email="jeanne.dupont@exemple.fr", password=password)
    form["password_confirm"] = password
    response = submit(client, "/register", **form)
    assert response.status_code == 200
    assert CONTAINS_EMAIL in unescape(response.get_data(as_text=True))


def test_the_register_page_says_the_rules_next_to_the_field(client: FlaskClient) -> None:
    page = unescape(client.get("/register").get_data(as_text=True))
    assert "Les mots de passe les plus courants et ceux qui contiennent" in page


def test_an_invited_person_cannot_choose_the_address_as_password(
    app: Flask, client: FlaskClient, make_org: Callable[..., Organisation], make_user: Callable
) -> None:
    owner = make_user(make_org("editeur", "Exemple SAS", siren="912345675"), "o@exemple.fr")
    sign_in(client, owner)
    link = invite(client, owner, "nina.nouvelle@exemple.fr")
    guest = app.test_client()
    bad = "nina.nouvelle@exemple.fr!"
    response = submit(guest, link, name="Nina", password=bad, password_confirm=bad)
    assert response.status_code == 200
    assert CONTAINS_EMAIL in unescape(response.get_data(as_text=True))
    good = "une phrase que Nina retiendra"
    assert submit(guest, link, name="Nina", password=good, password_confirm=good).status_code == 302


def test_a_common_new_password_is_refused_on_the_account_page(
    client: FlaskClient, make_org: Callable[..., Organisation], make_user: Callable
) -> None:
    owner = make_user(make_org("editeur", "Exemple SAS", siren="912345675"), "o@exemple.fr")
    sign_in(client, owner)
    before = fresh(owner).password_hash
    response = submit(
        client,
        "/compte/mot-de-passe",
        current_password=PASSWORD,
        password="qwertyuiop123",
        password_confirm="qwertyuiop123",
    )
    assert response.status_code == 400
    assert COMMON in unescape(response.get_data(as_text=True))
    assert fresh(owner).password_hash == before


def test_the_demo_command_refuses_a_common_password(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["demo", "--password", "azertyuiop123"])
    assert result.exit_code != 0
    assert "one of the most common passwords" in result.output


def test_the_shipped_list_is_the_full_one_and_phrases_pass(app: Flask) -> None:
    assert len(common_passwords()) > 19_000
    assert password_problem("correct horse battery staple", "a@exemple.fr") is None
    assert password_problem("une phrase de passe assez longue", None) is None
    assert password_problem("Soleil 2025 !!", None) == "common"
    # a short part before the @ ("jo") is too common a syllable to refuse every password with it
    assert password_problem("joyeux anniversaire 1987", "jo@exemple.fr") is None
    assert password_problem("le mot de passe de jo@exemple.fr", "JO@Exemple.fr") == "email"
