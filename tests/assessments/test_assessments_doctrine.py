"""The questionnaire of the real doctrine grid (criteria/) shows every applicable criterion."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from app.domain.grid import Grid
from app.extensions import db
from app.grid_registry import get_catalogue
from app.models import Service
from tests.support import ROOT, build_app, migrated

from .support import build_world, client_for, new_assessment, save


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The application with the real grids."""
    with migrated(build_app(database_url, ROOT / "criteria")) as application:
        yield application


def _doctrine(app: Flask) -> Grid:
    grids = get_catalogue(app).versions("doctrine")
    assert grids, "the doctrine grid does not load: run flask grids check"
    return grids[-1]


@pytest.mark.parametrize(
    ("kind", "category"),
    [
        ("editeur", "ent"),
        ("editeur", "ia"),
        ("etablissement", "vie-scolaire"),
        ("collectivite", "ressource"),
    ],
)
def test_every_applicable_criterion_is_asked_and_the_others_counted(
    app: Flask, make_org: Any, make_user: Any, kind: str, category: str
) -> None:
    world = build_world(make_org, make_user)
    user = {"editeur": world.alice, "etablissement": world.paul, "collectivite": world.claire}[kind]
    world.service.category = category
    db.session.commit()
    client = client_for(app, user)
    page = client.get("/positionnements/nouveau").get_data(as_text=True)
    grid = _doctrine(app)
    assert f'<option value="doctrine@{grid.version}" selected>' in page  # the default
    assessment = new_assessment(client, world.service, grid=("doctrine", grid.version))
    assert assessment.audience == kind
    asked_total = 0
    for referentiel in grid.referentiels:
        url = f"/positionnements/{assessment.id}/questionnaire/{referentiel.id}"
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        applicable = [c for c in referentiel.criteria() if c.applies_to(category, kind)]
        asked = re.findall(r'<fieldset class="criterion[^"]*" id="c-([A-Z0-9-]+)"', html)
        assert asked == [c.id for c in applicable], referentiel.id
        for criterion in applicable:
            legend = criterion.question_for(kind).get("fr")
            assert legend.replace("'", "&#39;").replace('"', "&#34;") in html, criterion.id
        skipped = len(referentiel.criteria()) - len(applicable)
        if skipped:
            assert re.search(rf"\b{skipped} critères? de ce référentiel ne s", html), referentiel.id
        asked_total += len(asked)
        assert html.count("<h1") == 1
    assert asked_total == sum(1 for c in grid.criteria.values() if c.applies_to(category, kind))
    assert asked_total > 0


def test_largest_page_saves_and_scores(app: Flask, make_org: Any, make_user: Any) -> None:
    world = build_world(make_org, make_user)
    grid = _doctrine(app)
    client = client_for(app, world.alice)
    assessment = new_assessment(client, world.service, grid=("doctrine", grid.version))
    largest = max(
        grid.referentiels,
        key=lambda r: sum(1 for c in r.criteria() if c.applies_to("ent", "editeur")),
    )
    criteria = [c for c in largest.criteria() if c.applies_to("ent", "editeur")]
    for criterion in criteria:
        assert save(client, assessment.id, criterion.id, 0, level=3).status_code == 200
    html = client.get(f"/positionnements/{assessment.id}/questionnaire/{largest.id}").get_data(
        as_text=True
    )
    assert f"{len(criteria)} sur {len(criteria)} répondus" in html
    assert html.count(" checked>") == len(criteria)
    service = db.session.get(Service, world.service.id)
    assert service is not None
