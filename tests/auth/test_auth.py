"""Registration, sign-in and sign-out, as a person does them in the browser (CSRF on)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import JournalEntry, Organisation, User

from .support import NEW_PASSWORD, PASSWORD, csrf_token, register_form, submit


def count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_register_page_has_labelled_fields_and_hints(client: FlaskClient) -> None:
    page = client.get("/register").get_data(as_text=True)
    assert page.count("<h1>") == 1
    for field in ("organisation_name", "siren", "uai", "territory_code", "name", "email"):
        assert f'<label for="{field}">' in page and f'id="{field}"' in page
    assert 'aria-describedby="siren-hint"' in page and 'id="siren-hint"' in page
    assert 'autocomplete="new-password"' in page and 'autocomplete="email"' in page
    assert "<legend>Vous représentez</legend>" in page


def test_a_vendor_registers_and_becomes_the_owner(app: Flask, client: FlaskClient) -> None:
    response = submit(client, "/register", **register_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/tableau-de-bord")
    organisation = db.session.scalars(select(Organisation)).one()
    assert (organisation.kind, organisation.siren, organisation.name) == (
        "editeur",
        "912345675",
        "Exemple SAS",
    )
    user = db.session.scalars(select(User)).one()
    assert user.email == "jeanne.dupont@exemple.fr"  # trimmed and lower-cased
    assert user.role == "owner" and user.organisation_id == organisation.id
    assert user.password_hash.startswith("pbkdf2:sha256") and NEW_PASSWORD not in user.password_hash
    actions = db.session.scalars(select(JournalEntry.action).order_by(JournalEntry.id)).all()
    assert actions == ["organisation.create", "user.create"]
    assert "Mon organisation" in client.get("/organisation", follow_redirects=True).get_data(
        as_text=True
    )  # signed in


def test_the_password_hash_uses_the_configured_method(app: Flask, client: FlaskClient) -> None:
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"
    submit(client, "/register", **register_form())
    assert db.session.scalars(select(User.password_hash)).one().startswith("scrypt:")


@pytest.mark.parametrize(
    ("fields", "stored"),
    [
        ({"kind": "etablissement", "uai": " 0750654d "}, {"uai": "0750654D"}),
        (
            {"kind": "collectivite", "territory_kind": "region", "territory_code": "11"},
            {"territory_kind": "region", "territory_code": "11"},
        ),
        (
            {"kind": "collectivite", "territory_kind": "departement", "territory_code": "2a"},
            {"territory_kind": "departement", "territory_code": "2A"},
        ),
        (
            {"kind": "collectivite", "territory_kind": "departement", "territory_code": "974"},
            {"territory_kind": "departement", "territory_code": "974"},
        ),
    ],
)
def test_principals_and_collectivites_register_with_their_identifier(
    client: FlaskClient, fields: dict[str, str], stored: dict[str, str]
) -> None:
    response = submit(client, "/register", **register_form(siren="", **fields))
    assert response.status_code == 302, response.get_data(as_text=True)
    organisation = db.session.scalars(select(Organisation)).one()
    assert organisation.kind == fields["kind"] and organisation.siren is None
    for key, value in stored.items():
        assert getattr(organisation, key) == value


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"siren": "912345676"}, "siren", "clé de contrôle"),
        ({"siren": "12345"}, "siren", "9 chiffres"),
        ({"kind": "etablissement", "uai": "0750654E"}, "uai", "lettre clé attendue est D"),
        ({"kind": "etablissement", "uai": ""}, "uai", "est vide"),
        (
            {"kind": "collectivite", "territory_kind": "region", "territory_code": "12"},
            "territory_code",
            "n&#39;est pas un code de région",
        ),
        (
            {"kind": "collectivite", "territory_kind": "departement", "territory_code": "20"},
            "territory_code",
            "2A ou 2B",
        ),
        (
            {"kind": "collectivite", "territory_kind": "departement", "territory_code": "977"},
            "territory_code",
            "n&#39;est pas un code de département",
        ),
        ({"kind": "collectivite", "territory_code": "11"}, "territory_kind", "région ou"),
        ({"kind": "admin"}, "kind", "Choisissez le type"),
        ({"kind": ""}, "kind", "Choisissez le type"),
        ({"email": "pas-une-adresse"}, "email", "adresse électronique valide"),
        ({"password": "court", "password_confirm": "court"}, "password", "de 12 à 200"),
        ({"password_confirm": "autre chose encore"}, "password_confirm", "pas identiques"),
        ({"name": ""}, "name", "prénom et nom"),
    ],
)
def test_a_wrong_field_is_explained_next_to_it_and_in_the_summary(
    client: FlaskClient, fields: dict[str, str], field_id: str, message: str
) -> None:
    response = submit(client, "/register", **register_form(**fields))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page and "<title>Erreur" in page
    error_block = page.split(f'id="{field_id}-error"', 1)[1].split("</p>", 1)[0]
    assert message in error_block
    anchor = f"{field_id}-0" if field_id in ("kind", "territory_kind") else field_id
    assert f'href="#{anchor}"' in page
    if field_id not in ("kind", "territory_kind"):
        assert 'aria-invalid="true"' in page and f"{field_id}-error" in page
    assert count(Organisation) == 0 and count(User) == 0


def test_the_identifier_message_follows_the_language(client: FlaskClient) -> None:
    response = client.post(
        "/register",
        data={"csrf_token": csrf_token(client), **register_form(siren="912345676")},
        headers={"Accept-Language": "en"},
    )
    assert "The SIREN number 912345676 is invalid" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "editeur", "siren": "912345675"},
        {"kind": "etablissement", "uai": "0750654D"},
        {"kind": "collectivite", "territory_kind": "region", "territory_code": "11"},
    ],
)
def test_an_organisation_registered_twice_says_to_ask_for_an_invitation(
    client: FlaskClient, make_org: Callable[..., Organisation], fields: dict[str, str]
) -> None:
    existing = {k: v for k, v in fields.items() if k != "kind"}
    make_org(fields["kind"], "Déjà là", **existing)
    response = submit(client, "/register", **register_form(**fields))
    page = response.get_data(as_text=True)
    assert "déjà inscrite sur Repère" in page and "inviter" in page
    assert count(Organisation) == 1 and count(User) == 0


def test_an_address_already_used_is_refused(
    client: FlaskClient, make_org: Callable[..., Organisation], make_user: Callable[..., User]
) -> None:
    make_user(make_org(), "jeanne.dupont@exemple.fr")
    page = submit(client, "/register", **register_form()).get_data(as_text=True)
    assert "Un compte existe déjà avec cette adresse" in page
    assert count(Organisation) == 1


def login(client: FlaskClient, email: str, password: str = PASSWORD, path: str = "/login") -> Any:
    return submit(client, path, email=email, password=password)


def test_sign_in_then_out(
    client: FlaskClient, make_org: Callable[..., Organisation], make_user: Callable[..., User]
) -> None:
    make_user(make_org(), "ines@exemple.fr")
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page and 'name="csrf_token"' in page
    response = login(client, "  INES@exemple.fr ")
    assert response.status_code == 302 and response.headers["Location"] == "/tableau-de-bord"
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)
    assert client.get("/login").status_code == 302  # already signed in
    response = submit(client, "/logout")
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Vous êtes déconnecté" in home and "Se connecter" in home
    assert client.get("/organisation").status_code == 302  # back to the login page


def test_logout_is_post_only(client: FlaskClient) -> None:
    assert client.get("/logout").status_code == 405


def test_a_wrong_password_shows_one_message(
    client: FlaskClient, make_org: Callable[..., Organisation], make_user: Callable[..., User]
) -> None:
    make_user(make_org(), "ines@exemple.fr")
    response = login(client, "ines@exemple.fr", "mauvais mot de passe")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in page
    assert 'role="alert"' in page and 'value="ines@exemple.fr"' in page


def test_an_inactive_account_cannot_sign_in(
    client: FlaskClient, make_org: Callable[..., Organisation], make_user: Callable[..., User]
) -> None:
    user = make_user(make_org(), "ines@exemple.fr")
    user.active = False
    db.session.commit()
    page = login(client, "ines@exemple.fr").get_data(as_text=True)
    assert "Adresse électronique ou mot de passe incorrect." in page


def test_empty_fields_are_explained(client: FlaskClient) -> None:
    page = login(client, "", "").get_data(as_text=True)
    assert "Indiquez votre adresse électronique." in page
    assert "Indiquez votre mot de passe." in page


def test_next_is_honoured_when_local(
    client: FlaskClient, make_org: Callable[..., Organisation], make_user: Callable[..., User]
) -> None:
    make_user(make_org(), "ines@exemple.fr")
    response = client.get("/organisation")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    form_page = client.get("/login?next=/organisation").get_data(as_text=True)
    assert 'action="/login?next=/organisation"' in form_page
    response = login(client, "ines@exemple.fr", path="/login?next=/organisation")
    assert response.headers["Location"] == "/organisation"


def test_the_session_is_renewed_on_sign_in_and_csrf_still_works(
    client: FlaskClient, make_org: Callable[..., Organisation], make_user: Callable[..., User]
) -> None:
    make_user(make_org(), "ines@exemple.fr")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = csrf_token(client)
    login(client, "ines@exemple.fr")
    with client.session_transaction() as session:
        assert "planted" not in session
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)  # signed in
    after = csrf_token(client)
    # the form token of the session before sign-in opens nothing in the new one
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)  # still signed in
    assert client.post("/logout", data={"csrf_token": after}).status_code == 302
