"""Rate limits: per account, growing delays that the owner gets through; per address, generous
and read through the trusted proxies only; per person, on the autosave and the PDF report;
production refuses a storage that each worker would keep to itself."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.models import Organisation, User
from tests.assessments.support import build_world, client_for, new_assessment, save
from tests.auth.support import PASSWORD, csrf_token


@pytest.fixture
def owner(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> User:
    return make_user(make_org("editeur", "Org A", siren="912345675"), "a@exemple.fr")


def _login(client: FlaskClient, email: str, password: str, ip: str = "10.1.0.1") -> int:
    response = client.post(
        "/login",
        data={"csrf_token": csrf_token(client), "email": email, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )
    return response.status_code


def test_failures_slow_an_account_down_from_any_address(
    app: Flask, client: FlaskClient, owner: User
) -> None:
    app.config.update(LOGIN_FREE_FAILURES=3, LOGIN_MAX_DELAY_SECONDS=60)
    codes = [_login(client, owner.email, f"mauvais essai {n}", f"10.1.1.{n}") for n in range(3)]
    assert codes == [200, 200, 200]  # three free failures, from three addresses
    # then one attempt per delay: inside it, even the right password is not examined
    response = client.post(
        "/login",
        data={"csrf_token": csrf_token(client), "email": owner.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.1.1.9"},
    )
    assert response.status_code == 429
    assert "Réessayez dans 1 seconde" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "1"
    assert _login(client, "Autre@exemple.fr", "mauvais essai") == 200  # other accounts: free


def test_the_owner_with_the_right_password_gets_through_after_the_delay(
    app: Flask, client: FlaskClient, owner: User
) -> None:
    app.config.update(LOGIN_FREE_FAILURES=2, LOGIN_MAX_DELAY_SECONDS=1)
    assert [_login(client, owner.email, "mauvais essai") for _ in range(2)] == [200, 200]
    # a guesser hammering during the delay: refused, not examined, not counted
    assert {_login(client, owner.email, "encore faux") for _ in range(5)} == {429}
    time.sleep(1.1)
    assert _login(client, owner.email, PASSWORD) == 302
    # a success forgets the failures: the next mistakes are free again
    other = client.application.test_client()
    assert [_login(other, owner.email, "faute de frappe") for _ in range(2)] == [200, 200]


def test_the_delays_grow_with_each_failure_up_to_the_maximum(app: Flask) -> None:
    from app.auth.throttle import delay_after

    app.config.update(LOGIN_FREE_FAILURES=5, LOGIN_MAX_DELAY_SECONDS=60)
    with app.test_request_context():
        assert [delay_after(n) for n in range(4, 13)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]


def test_the_client_address_comes_from_the_trusted_proxies_only(
    database_url: str, app: Flask
) -> None:
    from tests.support import build_app, close_app

    def codes(application: Flask, forwarded: list[str]) -> list[int]:
        client = application.test_client()
        results = []
        for n, address in enumerate(forwarded):
            response = client.post(
                "/login",
                data={
                    "csrf_token": csrf_token(client),
                    "email": f"x{n}@exemple.fr",
                    "password": "mauvais essai",
                },
                headers={"X-Forwarded-For": address},
                environ_base={"REMOTE_ADDR": "10.2.0.1"},
            )
            results.append(response.status_code)
        return results

    addresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
    direct = build_app(database_url, LOGIN_RATE_LIMIT="2 per minute")
    # no proxy trusted: the header is ignored, all three come from 10.2.0.1
    assert codes(direct, addresses) == [200, 200, 429]
    behind = build_app(database_url, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=1)
    # one proxy trusted: three clients
    assert codes(behind, addresses) == [200, 200, 200]
    # a client cannot prepend addresses: only the value the proxy added counts
    assert codes(behind, ["1.1.1.1, 192.0.2.9", "2.2.2.2, 192.0.2.9", "192.0.2.9"]) == [
        200,
        200,
        429,
    ]
    close_app(direct)
    close_app(behind)


def test_the_autosave_is_limited_per_person(app: Flask, make_org: Any, make_user: Any) -> None:
    app.config["AUTOSAVE_RATE_LIMIT"] = "3 per minute"
    world = build_world(make_org, make_user)
    alice = client_for(app, world.alice)
    assessment = new_assessment(alice, world.service)
    codes = [save(alice, assessment.id, "INT-ID-01", n, level=1).status_code for n in range(4)]
    assert 429 not in codes[:3] and codes[3] == 429
    # from another device, the same person is counted together
    again = client_for(app, world.alice)
    refused = save(again, assessment.id, "INT-ID-01", 3, level=2)
    assert refused.status_code == 429 and refused.is_json
    # another person of the organisation saves freely
    mallory = client_for(app, world.mallory)
    assert save(mallory, assessment.id, "SEC-HOM-01", 0, level=2).status_code == 200


def test_pdf_reports_are_limited_per_person(app: Flask, make_org: Any, make_user: Any) -> None:
    app.config["DOWNLOAD_RATE_LIMIT"] = "1 per minute"
    world = build_world(make_org, make_user)
    alice = client_for(app, world.alice)
    assessment = new_assessment(alice, world.service)
    assert alice.get("/positionnements/2147483000/rapport.pdf").status_code == 404
    response = alice.get(f"/positionnements/{assessment.id}/rapport.pdf")
    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)


def _production(**settings: Any) -> Flask:
    return create_app(
        {
            "ENV_NAME": "production",
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            **settings,
        }
    )


def test_production_refuses_a_per_worker_storage_with_several_workers() -> None:
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI=redis://"):
        _production(RATELIMIT_STORAGE_URI="memory://", WORKERS=2)
    assert _production(RATELIMIT_STORAGE_URI="memory://", WORKERS=1)
    assert _production(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/13", WORKERS=4)
