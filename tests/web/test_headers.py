"""Headers: HSTS in production; signed-in HTML pages are never stored by any cache."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.assessments.support import client_for
from tests.support import build_app, close_app


def test_signed_in_pages_are_not_stored(app: Flask, world: Any, draft: Any) -> None:
    client = client_for(app, world.alice)
    for path in (
        "/tableau-de-bord",
        f"/positionnements/{draft.id}",
        f"/organisations/{world.vendor.id}",
        "/compte",
        "/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
        assert "Cookie" in response.headers["Vary"], path


def test_public_pages_and_assets_may_be_cached(app: Flask) -> None:
    client = app.test_client()
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")


def test_hsts_in_production_only(app: Flask, database_url: str) -> None:
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers
    production = build_app(database_url, ENV_NAME="production", WORKERS=1)
    response = production.test_client().get("/login")  # the schema is the app fixture's
    close_app(production)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
