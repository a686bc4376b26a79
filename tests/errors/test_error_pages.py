"""Error pages in the site's layout (French, English on request, a way back), JSON errors of
one shape for JSON callers, and 401 (never a redirect) for a JSON request without a session."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.assessments.support import client_for, new_assessment, save
from tests.auth.support import csrf_token

JSON = {"Accept": "application/json"}


def error_of(response: Any) -> dict[str, str]:
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    error: dict[str, str] = body["error"]
    return error


def test_an_unknown_page_is_a_page_of_the_site_with_ways_back(client: FlaskClient) -> None:
    response = client.get("/nulle-part")
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Page introuvable" in page and 'class="site-header"' in page
    assert 'id="ways-back"' in page and "Retour à l'accueil" in page
    english = client.get("/nulle-part", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Page not found" in english and "Back to the home page" in english


def test_json_callers_get_json_errors(client: FlaskClient) -> None:
    response = client.get("/nulle-part", headers=JSON)
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    response = client.get("/logout", headers=JSON)  # POST only
    assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_a_wrong_method_is_a_page_too(client: FlaskClient) -> None:
    response = client.get("/logout")
    assert response.status_code == 405 and "Action non permise" in response.text


def test_another_organisations_draft_is_not_found_and_a_frozen_action_forbidden(
    app: Flask, world: Any
) -> None:
    draft = new_assessment(client_for(app, world.alice), world.service)
    rival = client_for(app, world.bob)
    page = rival.get(f"/positionnements/{draft.id}")
    assert page.status_code == 404 and "Page introuvable" in page.text
    answer = save(rival, draft.id, "INT-ID-01", 0, level=2)
    assert answer.status_code == 404 and error_of(answer)["code"] == "not_found"
    paul = client_for(app, world.paul)  # sees the vendor's service, may not change it
    page = paul.get(f"/services/{world.service.id}/modifier")
    assert page.status_code == 403 and "Accès refusé" in page.text
    assert 'id="ways-back"' in page.text and "/tableau-de-bord" in page.text


def test_an_expired_form_says_so_in_a_page_or_in_json(client: FlaskClient) -> None:
    page = client.post("/lang", data={"lang": "en"})
    assert page.status_code == 400 and "Ce formulaire a expiré" in page.text
    response = client.post("/lang", json={"lang": "en"}, headers=JSON)
    assert response.status_code == 400 and error_of(response)["code"] == "csrf"


def test_a_body_too_large_is_refused_with_413(app: Flask, client: FlaskClient) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/lang", data={"lang": "x" * 4096})
    assert response.status_code == 413 and "Envoi trop volumineux" in response.text
    response = client.post("/lang", json={"lang": "x" * 4096}, headers=JSON)
    assert response.status_code == 413 and error_of(response)["code"] == "payload_too_large"


def test_an_unexpected_failure_is_a_500_page_and_the_transaction_is_given_up(
    database_url: str,
) -> None:
    from tests.support import build_app, migrated

    application = build_app(database_url, TESTING=False)

    @application.get("/essai-panne")
    def broken() -> str:
        raise RuntimeError("boom")

    with migrated(application):
        client = application.test_client()
        response = client.get("/essai-panne")
        assert response.status_code == 500 and "Erreur du serveur" in response.text
        assert "boom" not in response.text
        response = client.get("/essai-panne", headers=JSON)
        assert response.status_code == 500 and error_of(response)["code"] == "internal_error"


def test_a_json_request_without_a_session_gets_401_never_a_redirect(app: Flask, world: Any) -> None:
    draft = new_assessment(client_for(app, world.alice), world.service)
    anonymous = app.test_client()
    response = anonymous.post(
        f"/positionnements/{draft.id}/reponses/INT-ID-01",
        json={"revision": 0, "level": 2},
        headers={"X-CSRFToken": csrf_token(anonymous, "/login")},
    )
    assert response.status_code == 401 and "Location" not in response.headers
    assert error_of(response)["code"] == "unauthorized"


@pytest.mark.parametrize("path", ["/tableau-de-bord"])
def test_a_page_without_a_session_still_goes_to_sign_in(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
