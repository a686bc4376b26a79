"""The figures an autosave answers with are those of what the database holds, save after save."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.domain.scoring import score
from app.extensions import db
from app.grid_registry import get_catalogue
from app.models import Assessment, Service
from app.positioning import answers_of

from .support import build_world, client_for, new_assessment, save


@pytest.fixture
def positioning(app: Flask, make_org: Any, make_user: Any) -> tuple[FlaskClient, Assessment]:
    """A vendor's owner signed in, and a new draft positioning of its service."""
    world = build_world(make_org, make_user)
    client = client_for(app, world.alice)
    return client, new_assessment(client, world.service)


def test_each_save_answers_with_the_verdict_of_the_stored_answers(
    app: Flask, positioning: tuple[FlaskClient, Assessment]
) -> None:
    client, assessment = positioning
    steps = [
        ("INT-ID-01", 0, {"level": 2}),
        ("SEC-HOM-01", 0, {"level": 4}),
        ("INT-ID-01", 1, {"level": 3, "comment": "revu"}),
        ("SEC-HOM-02", 0, {"not_applicable": True, "justification": "hors champ"}),
        ("SEC-HOM-01", 1, {"level": None}),  # cleared: no longer answered
    ]
    grid = get_catalogue(app).get("sample", "2026.1")
    assert grid is not None
    verdicts = []
    for criterion_id, revision, answer in steps:
        response = save(client, assessment.id, criterion_id, revision, **answer)
        assert response.status_code == 200, response.get_json()
        db.session.expire_all()
        fresh = db.session.get(Assessment, assessment.id)
        assert fresh is not None
        expected = score(grid, answers_of(fresh), "ent", "editeur")
        assert response.get_json()["verdict"] == expected.verdict
        assert response.get_json()["version"] == fresh.version
        verdicts.append(expected.verdict)
    assert set(answers_of(fresh)) == {"INT-ID-01", "SEC-HOM-02"}
    assert "non_conforme" in verdicts and "incomplet" in verdicts


def test_a_comment_alone_leaves_the_figures_as_they_were(
    positioning: tuple[FlaskClient, Assessment],
) -> None:
    client, assessment = positioning
    first = save(client, assessment.id, "INT-ID-01", 0, level=2).get_json()
    second = save(client, assessment.id, "INT-ID-01", 1, level=2, comment="précisé").get_json()
    assert second["status"] == "saved" and second["version"] == first["version"] + 1
    assert (second["panel_html"], second["nav_html"]) == (first["panel_html"], first["nav_html"])
    third = save(client, assessment.id, "INT-ID-01", 2, level=4, comment="précisé").get_json()
    assert third["panel_html"] != second["panel_html"]


def test_positionings_with_the_same_answers_keep_their_own_links(
    app: Flask, make_org: Any, make_user: Any
) -> None:
    """They have the same figures, never the same panel: its links are each one's."""
    world = build_world(make_org, make_user)
    client = client_for(app, world.alice)
    other = Service(organisation_id=world.vendor.id, name="Autre ENT", category="ent")
    db.session.add(other)
    db.session.commit()
    first, second = new_assessment(client, world.service), new_assessment(client, other)
    for mine, theirs in ((first, second), (second, first)):
        body = save(client, mine.id, "INT-ID-01", 0, level=2).get_json()
        assert f"/positionnements/{mine.id}/" in body["nav_html"]
        assert f"/positionnements/{theirs.id}/" not in body["nav_html"] + body["panel_html"]
