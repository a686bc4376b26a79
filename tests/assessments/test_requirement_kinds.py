"""The submission summary and the positioning's page keep blockers in force apart from those
expected from the arrêté, and flag a mandatory criterion declared not applicable."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from flask import Flask

from app.models import Assessment
from tests.catalogue.support import new_service, published_positioning
from tests.support import SAMPLE_GRIDS, build_app, migrated

from .support import World, client_for, new_assessment, save, submit_it

JUSTIFICATION = "Homologation portée par la collectivité <i>"


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The sample grid with INT-ID-01 in force and INT-DATA-01 made a requirement."""
    grids = tmp_path / "grids"
    shutil.copytree(SAMPLE_GRIDS, grids)
    interop = grids / "sample" / "2026.1" / "interop.yaml"
    text = interop.read_text(encoding="utf-8")
    text = text.replace("mandatory: true\n", "mandatory: true\n        binding: in_force\n", 1)
    text = text.replace("mandatory: false\n        audiences: [editeur]", "mandatory: true\n"
                        "        audiences: [editeur]")  # fmt: skip
    interop.write_text(text, encoding="utf-8")
    with migrated(build_app(database_url, grids_dir=grids)) as application:
        yield application


@pytest.fixture
def answered(app: Flask, world: World) -> Assessment:
    client = client_for(app, world.alice)
    assessment = new_assessment(client, world.service)
    save(client, assessment.id, "INT-ID-01", 0, level=1)
    save(client, assessment.id, "INT-DATA-01", 0, level=1)
    save(client, assessment.id, "SEC-HOM-01", 0, not_applicable=True, justification=JUSTIFICATION)
    return assessment


def _part(html: str, start: str, end: str) -> str:
    return html.split(start)[1].split(end)[0]


def test_the_summary_tells_the_two_kinds_apart(
    app: Flask, world: World, answered: Assessment
) -> None:
    html = client_for(app, world.alice).get(f"/positionnements/{answered.id}/soumettre")
    page = html.get_data(as_text=True)
    in_force, expected = unescape(_part(page, 'id="blockers"', "</ul>")).split("<li>")[1:]
    assert "INT-ID-01" in in_force and "obligation déjà en vigueur" in in_force
    assert "INT-DATA-01" in expected
    assert "exigence attendue de l'arrêté (échéance : Mise en conformité au plus tard" in expected
    declared = _part(page, 'id="not-applicable"', "</dl>")
    assert "non applicable déclaré sur une exigence obligatoire" in unescape(declared)
    assert "Homologation portée par la collectivité &lt;i&gt;" in declared  # escaped


def test_the_positioning_page_keeps_them_apart_once_frozen(
    app: Flask, world: World, answered: Assessment
) -> None:
    client = client_for(app, world.alice)
    assert submit_it(client, answered).status_code in (302, 303)
    page = client.get(f"/positionnements/{answered.id}").get_data(as_text=True)
    items = unescape(_part(page, 'id="blockers"', "</ul>")).split("<li>")[1:]
    assert "INT-ID-01" in items[0] and "obligation déjà en vigueur" in items[0]
    assert "INT-DATA-01" in items[1] and "exigence attendue de l'arrêté" in items[1]
    declared = _part(page, 'id="declared-not-applicable"', "</dl>")
    assert "SEC-HOM-01" in declared
    assert "Homologation portée par la collectivité &lt;i&gt;" in declared
    english = client.get(f"/positionnements/{answered.id}", headers={"Accept-Language": "en"})
    assert "obligation already in force" in english.get_data(as_text=True)


def test_the_published_page_keeps_the_two_kinds_apart_and_flags_declared_na(
    app: Flask, world: World
) -> None:
    answers = {
        "INT-ID-01": {"level": 1},
        "INT-DATA-01": {"level": 1},
        "SEC-HOM-01": {"not_applicable": True, "justification": JUSTIFICATION},
    }
    assessment = published_positioning(app, world.alice, world.service, answers)
    html = unescape(app.test_client().get(f"/catalogue/{assessment.id}").get_data(as_text=True))
    blockers = _part(html, 'id="public-blockers"', "</ul>")
    in_force, expected = blockers.split("<li>")[1:]
    assert "INT-ID-01" in in_force and "obligation déjà en vigueur" in in_force
    assert "INT-DATA-01" in expected and "exigence attendue de l'arrêté (échéance :" in expected
    declared = _part(html, 'id="public-declared-na"', "</ul>")
    assert "SEC-HOM-01" in declared and JUSTIFICATION in declared


def test_the_comparison_flags_a_mandatory_criterion_declared_not_applicable(
    app: Flask, world: World
) -> None:
    declared = published_positioning(
        app,
        world.alice,
        world.service,
        {"SEC-HOM-01": {"not_applicable": True, "justification": JUSTIFICATION}},
    )
    other = published_positioning(
        app, world.alice, new_service(world.alice, "Autre ENT"), {"SEC-HOM-01": {"level": 3}}
    )
    page = app.test_client().get(f"/comparaison?ids={declared.id},{other.id}")
    html = unescape(page.get_data(as_text=True))
    row = _part(html, 'data-criterion="SEC-HOM-01"', "</tr>")
    assert "Non applicable déclaré sur une exigence obligatoire" in row and JUSTIFICATION in row
