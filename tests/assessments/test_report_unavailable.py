"""A PDF the renderer gives up on is a clear 503 page (or JSON error), never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from reports import isolation

from .support import build_world, client_for, new_assessment


@pytest.fixture
def fresh_child() -> Iterator[None]:
    isolation.shutdown()
    yield
    isolation.shutdown()


def test_a_report_past_its_time_limit_gets_a_clear_page(
    app: Flask, make_org: Any, make_user: Any, monkeypatch: pytest.MonkeyPatch, fresh_child: None
) -> None:
    world = build_world(make_org, make_user)
    client = client_for(app, world.alice)
    assessment = new_assessment(client, world.service)
    path = f"/positionnements/{assessment.id}/rapport.pdf"
    # far less than a fresh renderer needs to start: every render goes past it
    monkeypatch.setenv(isolation.TIME_LIMIT_VARIABLE, "0.01")

    page = client.get(path)
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert page.headers["Retry-After"] == "60"
    text = page.get_data(as_text=True)
    assert "Rapport PDF indisponible" in text and "dépassé 0,01 secondes" in text

    english = client.get(path, headers={"Accept-Language": "en"})
    assert english.status_code == 503
    assert "took longer than 0.01 seconds" in english.get_data(as_text=True)

    api = client.get(path, headers={"Accept": "application/json"})
    assert api.status_code == 503
    assert api.get_json()["error"]["code"] == "pdf_unavailable"
    assert "dépassé 0,01 secondes" in api.get_json()["error"]["message"]

    monkeypatch.delenv(isolation.TIME_LIMIT_VARIABLE)
    pdf = client.get(path)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
