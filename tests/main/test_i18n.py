"""French by default, English available, the choice remembered; the shipped catalogue is
compiled and complete for the accounts pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Organisation, User
from tests.auth.support import csrf_token, fresh, sign_in, submit

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


@pytest.fixture
def user(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> User:
    return make_user(make_org("editeur", "Exemple SAS", siren="912345675"), "ines@exemple.fr")


def choose(client: FlaskClient, lang: str) -> None:
    response = client.post("/lang", data={"csrf_token": csrf_token(client), "lang": lang})
    assert response.status_code == 302


def test_french_by_default(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Se connecter à Repère" in page


def test_english_when_the_browser_asks_for_it(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert '<html lang="en">' in page and "Sign in to Repère" in page
    assert "E-mail address" in page and "Skip to content" in page


def test_an_anonymous_choice_is_remembered_over_the_browser(client: FlaskClient) -> None:
    choose(client, "en")
    page = client.get("/register", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Register your organisation" in page
    choose(client, "fr")
    page = client.get("/register", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Inscrire votre organisation" in page


def test_an_unknown_language_is_ignored(client: FlaskClient) -> None:
    choose(client, "de")
    assert '<html lang="fr">' in client.get("/login").get_data(as_text=True)


def test_a_signed_in_choice_is_saved_in_the_account(
    app: Flask, client: FlaskClient, user: User
) -> None:
    sign_in(client, user)
    choose(client, "en")
    assert fresh(user).locale == "en"
    elsewhere = app.test_client()  # another browser, which prefers French
    sign_in(elsewhere, user)
    page = elsewhere.get("/organisation", follow_redirects=True, headers={"Accept-Language": "fr"})
    assert "My organisation" in page.get_data(as_text=True)


def test_the_anonymous_choice_survives_signing_in_and_out(client: FlaskClient, user: User) -> None:
    choose(client, "en")
    response = submit(client, "/login", email=user.email, password="not the password")
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)
    sign_in(client, user)
    assert "You are signed in." in client.get("/").get_data(as_text=True)
    submit(client, "/logout")
    page = client.get("/").get_data(as_text=True)
    assert "You are signed out." in page and '<html lang="en">' in page


def test_form_errors_are_translated(client: FlaskClient) -> None:
    choose(client, "en")
    page = submit(client, "/register", kind="collectivite", territory_kind="region").text
    assert "Enter your e-mail address." in page and "The form has errors" in page
    assert "Enter the INSEE code of the local authority." in page


def _translations(catalog: Catalog) -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    """msgid → translation, for the entries that are translated (an untranslated plural form
    falls back to the French msgid, as compiling does)."""
    found: dict[str | tuple[str, ...], str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, str):
            if message.string:
                found[message.id] = message.string
            continue
        ids = tuple(message.id)
        strings = tuple(s or ids[min(n, 1)] for n, s in enumerate(message.string))
        if strings != ids[: len(strings)]:
            found[ids] = strings
    return found


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    """The application reads the .mo: it must say exactly what the .po says (recompile
    with `pybabel compile -d app/translations` after editing the .po; see babel.cfg)."""
    with PO.open("rb") as po_file:
        po = read_po(po_file, locale="en")
    with MO.open("rb") as mo_file:
        mo = read_mo(mo_file)
    assert _translations(mo) == _translations(po), "stale .mo: pybabel compile -d app/translations"
    assert not po.fuzzy, "the catalogue is marked fuzzy: pybabel compile would skip it"


def _msgid(message: str | tuple[str, ...] | list[str]) -> str:
    return message if isinstance(message, str) else message[0]


def _messages_of_the_accounts_pages() -> set[str]:
    """Every msgid of app/auth (code and templates) and of base.html."""
    app_dir = ROOT / "app"
    found = {
        _msgid(message)
        for _, _, message, _, _ in extract_from_dir(
            app_dir / "auth",
            method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
            keywords=KEYWORDS,
        )
    }
    base = extract_from_file("jinja2", app_dir / "templates" / "base.html")
    return found | {_msgid(message) for _, message, _, _ in base}


def test_every_message_of_the_accounts_pages_is_translated() -> None:
    with PO.open("rb") as po_file:
        po = read_po(po_file, locale="en")
    with MO.open("rb") as mo_file:
        mo = read_mo(mo_file)
    messages = _messages_of_the_accounts_pages()
    assert len(messages) > 150
    for msgid in messages:
        entry = mo.get(msgid)
        assert entry is not None and entry.string, f"not translated in the .mo: {msgid!r}"
    problems = [(m.id, errors) for m, errors in po.check() if m.id in mo]
    assert problems == [], problems  # e.g. a %(name)s placeholder lost in translation


def test_the_language_chosen_before_registering_is_kept_in_the_account(
    client: FlaskClient,
) -> None:
    choose(client, "en")
    response = submit(
        client,
        "/register",
        kind="etablissement",
        organisation_name="Lycée",
        uai="0750654D",
        name="Nadia",
        email="nadia@exemple.fr",
        password="une phrase de passe assez longue",
        password_confirm="une phrase de passe assez longue",
    )
    assert response.status_code == 302
    assert db.session.scalars(select(User.locale)).one() == "en"
