"""The home page, the health check, the security headers, and the grid registry."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import GridVersion
from tests.support import close_app


def test_home_lists_the_grids_with_their_deadline(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Grille d&#39;essai" in page
    assert "2026.1" in page and "Officielle" in page
    assert "28 février 2027" in page
    assert '<html lang="fr">' in page and 'href="#contenu"' in page


def test_healthz_answers_ok_once_the_database_answers(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok")


def test_healthz_says_when_the_database_is_down(tmp_path: object) -> None:
    from app import create_app

    broken = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        }
    )
    response = broken.test_client().get("/healthz")
    close_app(broken)
    assert response.status_code == 503


def test_security_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_grids_sync_records_versions_and_protects_official_ones(
    app: Flask, runner: FlaskCliRunner
) -> None:
    assert runner.invoke(args=["grids", "sync"]).exit_code == 0
    record = db.session.scalars(select(GridVersion)).one()
    assert (record.grid_id, record.version, record.status, record.criteria_count) == (
        "sample",
        "2026.1",
        "official",
        5,
    )
    assert runner.invoke(args=["grids", "sync"]).exit_code == 0  # idempotent
    record.checksum = "0" * 64  # as if the files had been edited since
    db.session.commit()
    result = runner.invoke(args=["grids", "sync"])
    assert result.exit_code == 1 and "immutable" in result.stderr
