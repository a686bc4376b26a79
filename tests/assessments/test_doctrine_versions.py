"""With the shipped grids, a new positioning starts on doctrine 2026.1; one made on 2025.1 stays
on 2025.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.support import ROOT, build_app, migrated

from .support import World, client_for, new_assessment, save


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    with migrated(build_app(database_url, grids_dir=ROOT / "criteria")) as application:
        yield application


def test_new_positionings_start_on_the_newest_provisional_version(app: Flask, world: World) -> None:
    client = client_for(app, world.alice)
    page = client.get("/positionnements/nouveau").get_data(as_text=True)
    assert '<option value="doctrine@2026.1" selected>' in page
    assert '<option value="doctrine@2025.1">' in page  # still offered


def test_a_positioning_on_2025_1_keeps_working_on_it(app: Flask, world: World) -> None:
    client = client_for(app, world.alice)
    old = new_assessment(client, world.service, grid=("doctrine", "2025.1"))
    assert (old.grid_id, old.grid_version) == ("doctrine", "2025.1")
    # SOC-CRDC-01 is still a requirement there (it no longer is on 2026.1)
    assert save(client, old.id, "SOC-CRDC-01", 0, level=0).status_code == 200
    summary = client.get(f"/positionnements/{old.id}/soumettre").get_data(as_text=True)
    assert "SOC-CRDC-01" in summary.split('id="blockers"')[1].split("</ul>")[0]
    new = new_assessment(client, world.service, grid=("doctrine", "2026.1"))
    assert new.grid_version == "2026.1"
    save(client, new.id, "SOC-CRDC-01", 0, level=0)
    summary = client.get(f"/positionnements/{new.id}/soumettre").get_data(as_text=True)
    blockers = (
        summary.split('id="blockers"')[1].split("</ul>")[0] if 'id="blockers"' in summary else ""
    )
    assert "SOC-CRDC-01" not in blockers
