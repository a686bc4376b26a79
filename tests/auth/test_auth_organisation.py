"""The organisation page, invitations by single-use link, and the organisation's journal."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import journal
from app.extensions import db
from app.models import Invitation, JournalEntry, Organisation, User

from .support import fresh, invite, sign_in, submit

NEW_PASSWORD = "une phrase de passe assez longue"


@pytest.fixture
def owner(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> User:
    organisation = make_org("editeur", "Exemple SAS", siren="912345675")
    return make_user(organisation, "owner@exemple.fr", name="Olivia Owner")


def test_organisation_page_lists_members_for_the_owner(
    client: FlaskClient, owner: User, make_user: Callable[..., User]
) -> None:
    make_user(owner.organisation, "membre@exemple.fr", role="member", name="Marc Membre")
    sign_in(client, owner)
    response = client.get("/organisation")
    assert response.headers["Location"] == f"/organisations/{owner.organisation_id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count("<h1>") == 1 and "<h1>Exemple SAS</h1>" in page
    assert "Olivia Owner" in page and "Marc Membre" in page and "912345675" in page
    assert "Inviter une personne" in page and "Aucun courriel n'est envoyé" in page
    assert 'class="breadcrumb"' in page


def test_an_owner_invites_and_the_link_works_once(
    app: Flask, client: FlaskClient, owner: User
) -> None:
    sign_in(client, owner)
    link = invite(client, owner, "  Nouvelle@Exemple.fr ")
    invitation = db.session.scalars(select(Invitation)).one()
    token = link.rsplit("/", 1)[1]
    assert invitation.email == "nouvelle@exemple.fr"
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash  # only the digest is stored
    pending = client.get(f"/organisations/{owner.organisation_id}").get_data(as_text=True)
    assert "nouvelle@exemple.fr" in pending and token not in pending  # shown only once

    guest = app.test_client()
    page = guest.get(link).get_data(as_text=True)
    assert "Rejoindre « Exemple SAS »" in page and "nouvelle@exemple.fr" in page
    response = submit(
        guest, link, name="Nina Nouvelle", password=NEW_PASSWORD, password_confirm=NEW_PASSWORD
    )
    assert response.status_code == 302
    user = db.session.scalars(select(User).where(User.email == "nouvelle@exemple.fr")).one()
    assert (user.role, user.organisation_id) == ("member", owner.organisation_id)
    assert fresh(invitation).used_at is not None
    assert "Nina Nouvelle" in guest.get("/").get_data(as_text=True)  # signed in

    again = app.test_client()
    response = again.get(link)
    assert response.status_code == 410 and "déjà été utilisé" in response.get_data(as_text=True)
    response = submit(again, link, name="X", password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert response.status_code == 410
    assert len(db.session.scalars(select(User)).all()) == 2


def test_an_owner_can_invite_another_owner(app: Flask, client: FlaskClient, owner: User) -> None:
    sign_in(client, owner)
    link = invite(client, owner, "co@exemple.fr", role="owner")
    guest = app.test_client()
    submit(guest, link, name="Co", password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert db.session.scalars(select(User.role).where(User.email == "co@exemple.fr")).one() == (
        "owner"
    )


def test_an_expired_link_says_so(app: Flask, client: FlaskClient, owner: User) -> None:
    sign_in(client, owner)
    link = invite(client, owner, "tard@exemple.fr")
    invitation = db.session.scalars(select(Invitation)).one()
    invitation.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db.session.commit()
    guest = app.test_client()
    response = guest.get(link)
    assert response.status_code == 410 and "a expiré" in response.get_data(as_text=True)
    response = submit(guest, link, name="T", password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert response.status_code == 410
    assert db.session.scalars(select(User).where(User.email == "tard@exemple.fr")).first() is None
    # an expired invitation is no longer pending, and a new one can be made
    assert "tard@exemple.fr" not in client.get(f"/organisations/{owner.organisation_id}").text
    invite(client, owner, "tard@exemple.fr")


def test_an_unknown_link_says_so(client: FlaskClient) -> None:
    response = client.get("/invitation/not-a-real-token")
    assert response.status_code == 404
    assert "n'est pas reconnu" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_accepting_asks_for_a_valid_password(app: Flask, client: FlaskClient, owner: User) -> None:
    sign_in(client, owner)
    link = invite(client, owner, "n@exemple.fr")
    guest = app.test_client()
    response = submit(guest, link, name="N", password="court", password_confirm="court")
    assert response.status_code == 200
    assert "de 12 à 200 caractères" in response.get_data(as_text=True)
    assert db.session.scalars(select(Invitation.used_at)).one() is None


def test_a_signed_in_person_is_asked_to_sign_out_first(client: FlaskClient, owner: User) -> None:
    sign_in(client, owner)
    link = invite(client, owner, "n@exemple.fr")
    page = client.get(link).get_data(as_text=True)
    assert "déconnectez-vous puis ouvrez à nouveau le lien" in page
    assert 'name="password"' not in page


def test_the_link_page_tells_there_is_no_mail_server(client: FlaskClient, owner: User) -> None:
    sign_in(client, owner)
    response = submit(
        client, f"/organisations/{owner.organisation_id}/invitations", email="n@exemple.fr"
    )
    page = response.get_data(as_text=True)
    assert "Repère n'envoie pas de courriel" in page and "une seule fois" in page
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("owner@exemple.fr", "déjà un compte Repère"),
        ("pas une adresse", "adresse électronique valide"),
        ("", "Indiquez votre adresse électronique"),
    ],
)
def test_invalid_invitations_are_explained(
    client: FlaskClient, owner: User, email: str, message: str
) -> None:
    sign_in(client, owner)
    path = f"/organisations/{owner.organisation_id}/invitations"
    page = submit(client, path, email=email, role="member").get_data(as_text=True)
    assert message in page and 'class="error-summary"' in page
    assert db.session.scalars(select(Invitation)).first() is None


def test_a_second_pending_invitation_for_the_same_address_is_refused(
    client: FlaskClient, owner: User
) -> None:
    sign_in(client, owner)
    invite(client, owner, "n@exemple.fr")
    path = f"/organisations/{owner.organisation_id}/invitations"
    page = submit(client, path, email="N@exemple.fr", role="member").get_data(as_text=True)
    assert "déjà en attente" in page
    assert len(db.session.scalars(select(Invitation)).all()) == 1


def test_an_owner_revokes_an_invitation(app: Flask, client: FlaskClient, owner: User) -> None:
    sign_in(client, owner)
    link = invite(client, owner, "n@exemple.fr")
    invitation_id = db.session.scalars(select(Invitation.id)).one()
    path = f"/organisations/{owner.organisation_id}/invitations/{invitation_id}/revoke"
    response = submit(client, path)
    assert response.status_code == 302
    assert "est révoquée" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert app.test_client().get(link).status_code == 404
    actions = db.session.scalars(select(JournalEntry.action).order_by(JournalEntry.id)).all()
    assert actions == ["invitation.create", "invitation.revoke"]


def test_the_journal_shows_who_did_what_newest_first(
    app: Flask, client: FlaskClient, owner: User
) -> None:
    sign_in(client, owner)
    link = invite(client, owner, "n@exemple.fr")
    submit(
        app.test_client(), link, name="Nina", password=NEW_PASSWORD, password_confirm=NEW_PASSWORD
    )
    page = client.get(f"/organisations/{owner.organisation_id}/journal").get_data(as_text=True)
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert "Création d&#39;un compte" in rows[0] and "Invitation acceptée" in rows[1]
    assert "Invitation créée" in rows[2] and "Olivia Owner" in rows[2]
    assert "adresse électronique</span> : n@exemple.fr" in rows[0]
    assert "rôle</span> : membre" in rows[0]


def test_the_journal_is_paginated(client: FlaskClient, owner: User) -> None:
    for number in range(30):
        journal.record(
            owner,
            "organisation.update",
            "organisation",
            owner.organisation_id,
            before={"name": f"Nom {number}"},
            after={"name": f"Nom {number + 1}"},
        )
    db.session.commit()
    sign_in(client, owner)
    base = f"/organisations/{owner.organisation_id}/journal"
    first = client.get(base).get_data(as_text=True)
    assert "Nom 29 → Nom 30" in first and "Page 1 sur 2" in first and "Nom 0 → " not in first
    second = client.get(base + "?page=2").get_data(as_text=True)
    assert "Nom 0 → Nom 1" in second and "Page 2 sur 2" in second
    assert client.get(base + "?page=abc").status_code == 200
