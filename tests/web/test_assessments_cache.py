"""The per-version answers cache gives exactly what the database holds, save after save."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from app import get_catalogue
from app.domain.scoring import score
from app.extensions import db
from app.models import Assessment, Service
from app.positioning import answers_of, load_records
from app.positioning.records import _domain_answer

from .assessments_support import build_world, client_for, new_assessment, save, token


def from_database(assessment: Assessment) -> dict[str, Any]:
    records = load_records(assessment.id)
    return {c: a for c, item in records.items() if (a := _domain_answer(item.value))}


@pytest.fixture
def positioning(app: Flask, make_org: Any, make_user: Any) -> tuple[FlaskClient, Assessment]:
    """A vendor's owner signed in, and a new draft positioning of its service."""
    world = build_world(make_org, make_user)
    client = client_for(app, world.alice)
    return client, new_assessment(client, world.service)


def test_cached_answers_follow_every_save(
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
    for criterion_id, revision, answer in steps:
        response = save(client, assessment.id, criterion_id, revision, **answer)
        assert response.status_code == 200, response.get_json()
        db.session.expire_all()
        fresh = db.session.get(Assessment, assessment.id)
        assert fresh is not None
        cached = answers_of(fresh)
        assert cached == from_database(fresh)
        expected = score(grid, from_database(fresh), "ent", "editeur")
        assert response.get_json()["verdict"] == expected.verdict
    assert set(answers_of(fresh)) == {"INT-ID-01", "SEC-HOM-02"}


def test_a_save_without_the_previous_version_cached_caches_what_it_wrote(
    app: Flask, positioning: tuple[FlaskClient, Assessment]
) -> None:
    """Another worker made the previous version: the save reads the answers in its own
    transaction, so what it caches includes what it has just written."""
    client, assessment = positioning
    steps = [
        ("INT-ID-01", 0, {"level": 2}),
        ("SEC-HOM-01", 0, {"level": 4}),
        ("INT-ID-01", 1, {"level": None}),
    ]
    for criterion_id, revision, answer in steps:
        csrf = token(client)  # may read the page, and cache the answers as they are
        app.extensions.pop("repere_answers", None)  # as if another worker had saved them
        response = client.post(
            f"/positionnements/{assessment.id}/reponses/{criterion_id}",
            json={"revision": revision, **answer},
            headers={"X-CSRFToken": csrf},
        )
        assert response.status_code == 200, response.get_json()
        db.session.expire_all()
        fresh = db.session.get(Assessment, assessment.id)
        assert fresh is not None
        cached = app.extensions["repere_answers"].items()
        assert [key for key, _answers in cached] == [(fresh.id, fresh.version)]
        assert cached[0][1] == from_database(fresh)
    assert set(from_database(fresh)) == {"SEC-HOM-01"}


@pytest.mark.parametrize("cached", [True, False], ids=["version before cached", "not cached"])
def test_a_save_reads_the_stored_answers_once(
    app: Flask, positioning: tuple[FlaskClient, Assessment], cached: bool
) -> None:
    """Cached: only the answer being saved is read. Not cached: all the stored answers are,
    in that same statement (the answer being saved among them), and no other."""
    client, assessment = positioning
    assert save(client, assessment.id, "SEC-HOM-01", 0, level=4).status_code == 200
    csrf = token(client)
    if not cached:
        app.extensions.pop("repere_answers", None)
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        response = client.post(
            f"/positionnements/{assessment.id}/reponses/INT-ID-01",
            json={"revision": 0, "level": 2},
            headers={"X-CSRFToken": csrf},
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert response.status_code == 200, response.get_json()
    reads = [s for s in sent if s.lstrip().startswith("SELECT") and "FROM answer \n" in s]
    assert len(reads) == 1
    assert ("criterion_id" in reads[0].split("WHERE", 1)[1]) is cached  # one answer, or all
    db.session.expire_all()
    fresh = db.session.get(Assessment, assessment.id)
    assert fresh is not None
    assert app.extensions["repere_answers"].items()[-1] == (
        (fresh.id, fresh.version),
        from_database(fresh),
    )
    assert set(from_database(fresh)) == {"SEC-HOM-01", "INT-ID-01"}


def test_a_save_of_a_comment_alone_reuses_the_score_and_panel_of_the_version_before(
    app: Flask, positioning: tuple[FlaskClient, Assessment]
) -> None:
    client, assessment = positioning
    first = save(client, assessment.id, "INT-ID-01", 0, level=2).get_json()
    second = save(client, assessment.id, "INT-ID-01", 1, level=2, comment="précisé").get_json()
    assert second["status"] == "saved" and second["version"] == first["version"] + 1
    assert (second["panel_html"], second["nav_html"]) == (first["panel_html"], first["nav_html"])
    scores = app.extensions["repere_scores"]
    by_version = {k[2]: s for k, s in scores.items() if k[:2] == ("version", assessment.id)}
    assert by_version[second["version"]] is by_version[first["version"]]

    third = save(client, assessment.id, "INT-ID-01", 2, level=4, comment="précisé").get_json()
    assert third["panel_html"] != second["panel_html"]
    by_version = {k[2]: s for k, s in scores.items() if k[:2] == ("version", assessment.id)}
    assert by_version[third["version"]] is not by_version[second["version"]]


def test_positionings_with_the_same_answers_keep_their_own_links(
    app: Flask, make_org: Any, make_user: Any
) -> None:
    """They share a score (the same answers), never a panel: its links are each one's."""
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
