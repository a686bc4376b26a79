"""Following services; the portfolio page, its sorting, filters and XLSX export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from flask import Flask
from openpyxl import load_workbook

from app.domain.deadlines import countdown
from app.extensions import db
from app.models import Assessment, Service
from tests.assessments.support import client_for, token

from .support import audited, follow, opinion, published_positioning

# the sample grid's arrêté: published 2026-04-30, ten months' delay
DEADLINE = dt.date(2027, 2, 28)


def test_following_needs_a_published_positioning_and_a_collectivite(app: Flask, world: Any) -> None:
    claire = client_for(app, world.claire)
    assert follow(claire, world.service.id).status_code == 404  # nothing published yet
    assessment = published_positioning(app, world)
    page = claire.get(f"/positionnements/{assessment.id}").get_data(as_text=True)
    assert "Suivre ce service" in page
    assert follow(claire, world.service.id).status_code == 303
    page = claire.get(f"/positionnements/{assessment.id}").get_data(as_text=True)
    assert "Ne plus suivre ce service" in page and 'id="open-audit"' in page
    bob = client_for(app, world.bob)
    assert follow(bob, world.service.id).status_code == 403
    assert "Suivre ce service" not in bob.get(f"/positionnements/{assessment.id}").get_data(
        as_text=True
    )
    assert bob.get("/portefeuille").status_code == 404
    assert bob.get("/portefeuille.xlsx").status_code == 404
    response = claire.post(
        "/portefeuille/ne-plus-suivre",
        data={"csrf_token": token(claire), "service": str(world.service.id)},
    )
    assert response.status_code == 303
    assert 'data-service="' not in claire.get("/portefeuille").get_data(as_text=True)


def _second_service(app: Flask, world: Any, name: str, levels: dict[str, Any]) -> Assessment:
    service = Service(organisation_id=world.vendor.id, name=name, category="ent")
    db.session.add(service)
    db.session.commit()
    return published_positioning(app, world, service, levels)


def test_the_portfolio_lists_sorts_and_filters(app: Flask, world: Any) -> None:
    _assessment, audit_id, claire = audited(app, world)  # ENT Exemple: conforme
    bad = _second_service(
        app,
        world,
        "=HYPERLINK(\"http://evil\")",
        {"INT-ID-01": {"level": 4}, "INT-DATA-01": {"level": 3}, "SEC-HOM-01": {"level": 1},
         "SEC-HOM-02": {"level": 3}},
    )  # fmt: skip
    assert follow(claire, bad.service_id).status_code == 303
    fields = {"reservation-1-text": "x", "reservation-1-criteria": ["INT-ID-01"],
              "reservation-1-due": "2027-01-01"}  # fmt: skip
    assert opinion(claire, audit_id, "favorable_reserves", **fields).status_code == 303
    page = claire.get("/portefeuille").get_data(as_text=True)
    assert page.count('<tr data-service="') == 2
    assert "Favorable avec réserves" in page and "Avis rendu" in page
    assert countdown(DEADLINE, dt.date.today(), "fr") in page  # "dans 88 jours" on 2 Dec 2026
    by_verdict = claire.get("/portefeuille?tri=verdict").get_data(as_text=True)
    assert by_verdict.index("HYPERLINK") < by_verdict.index("ENT Exemple")  # non conforme first
    by_verdict_desc = claire.get("/portefeuille?tri=verdict&ordre=desc").get_data(as_text=True)
    assert by_verdict_desc.index("ENT Exemple") < by_verdict_desc.index("HYPERLINK")
    assert '1 <span class="muted">(SEC-HOM-01)</span>' in page  # the blockers
    only_conforme = claire.get("/portefeuille?verdict=conforme").get_data(as_text=True)
    assert "HYPERLINK" not in only_conforme and "ENT Exemple" in only_conforme
    not_audited = claire.get("/portefeuille?audit=none&q=hyper").get_data(as_text=True)
    assert not_audited.count('<tr data-service="') == 1
    # the export: the same rows, text cells only
    response = claire.get("/portefeuille.xlsx?tri=name")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Service" and len(rows) == 3
    names = [row[0] for row in rows[1:]]
    assert names == ['=HYPERLINK("http://evil")', "ENT Exemple"]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type in ("s", "inlineStr"), cell.coordinate  # never "f"
    assert rows[2][8] == "Favorable avec réserves"


def _menu(client: Any) -> str:
    page = client.get("/catalogue").get_data(as_text=True)
    return page.split('<nav class="site-nav"')[1].split("</nav>")[0]


def test_the_menu_leads_a_collectivite_to_its_portfolio(app: Flask, world: Any) -> None:
    link = 'href="/portefeuille"'
    assert link in _menu(client_for(app, world.claire))
    for other in (world.alice, world.paul):
        assert link not in _menu(client_for(app, other))


def test_a_collectivites_files_are_kept_by_no_cache(app: Flask, world: Any) -> None:
    _assessment, audit_id, claire = audited(app, world)
    for path in (f"/audits/{audit_id}/rapport.pdf", "/portefeuille.xlsx"):
        response = claire.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
