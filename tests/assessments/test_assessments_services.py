"""Services (vendors' offers), starting a positioning, and the dashboards."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import Assessment, JournalEntry, Service

from .support import (
    World,
    client_for,
    new_assessment,
    publish_it,
    save,
    submit_it,
    token,
)


def _service_form(client: Any, **fields: str) -> dict[str, str]:
    return {
        "csrf_token": token(client),
        "name": "Vie scolaire+",
        "category": "ent",
        "description": "",
        "url": "",
    } | fields


def test_vendor_creates_a_service_journaled(app: Flask, world: World) -> None:
    client = client_for(app, world.mallory)
    page = client.get("/services/nouveau").get_data(as_text=True)
    assert '<option value="ent">ENT</option>' in page
    assert '<option value="ressource">Ressource</option>' in page
    assert '<label for="name">' in page
    response = client.post(
        "/services/nouveau",
        data=_service_form(client, url="https://vie.example.org", description="Pour les lycées"),
    )
    assert response.status_code == 303
    service = db.session.scalars(select(Service).where(Service.name == "Vie scolaire+")).one()
    assert (service.organisation_id, service.category, service.url) == (
        world.vendor.id,
        "ent",
        "https://vie.example.org",
    )
    entry = db.session.scalars(
        select(JournalEntry).where(JournalEntry.action == "service.create")
    ).one()
    assert (entry.object_id, entry.user_id, entry.after["name"]) == (
        service.id,
        world.mallory.id,
        "Vie scolaire+",
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "Indiquez le nom du service."),
        ({"category": "voiture"}, "category", "Choisissez une catégorie de la liste."),
        ({"url": "javascript:alert(1)"}, "url", "https://"),
        ({"url": "ftp://example.org"}, "url", "https://"),
    ],
)
def test_service_form_errors_next_to_the_field_and_in_a_summary(
    app: Flask, world: World, fields: dict[str, str], field: str, message: str
) -> None:
    client = client_for(app, world.alice)
    response = client.post("/services/nouveau", data=_service_form(client, **fields))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page and f'href="#{field}"' in page
    assert f'id="{field}-error"' in page and message in page
    assert db.session.scalars(select(Service).where(Service.name == "Vie scolaire+")).all() == []


def test_only_vendors_describe_services(app: Flask, world: World) -> None:
    for user in (world.paul, world.claire, world.root):
        client = client_for(app, user)
        assert client.get("/services/nouveau").status_code == 403
        assert client.post("/services/nouveau", data=_service_form(client)).status_code == 403


def test_edit_is_journaled_with_before_and_after(app: Flask, world: World) -> None:
    client = client_for(app, world.alice)
    url = f"/services/{world.service.id}/modifier"
    assert 'value="ENT Exemple"' in client.get(url).get_data(as_text=True)
    response = client.post(url, data=_service_form(client, name="ENT Exemple 2"))
    assert response.status_code == 303
    entry = db.session.scalars(
        select(JournalEntry).where(JournalEntry.action == "service.update")
    ).one()
    assert (entry.before["name"], entry.after["name"]) == ("ENT Exemple", "ENT Exemple 2")
    # another vendor cannot
    bob = client_for(app, world.bob)
    assert bob.post(url, data=_service_form(bob, name="pwned")).status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(Service, world.service.id).name == "ENT Exemple 2"


def test_service_names_and_descriptions_are_shown_as_text(app: Flask, world: World) -> None:
    client = client_for(app, world.alice)
    hostile = '<script>alert("x")</script>'
    client.post(
        "/services/nouveau",
        data=_service_form(client, name=hostile, description=hostile, url="https://e.org/?a=<b>"),
    )
    service = db.session.scalars(select(Service).where(Service.name == hostile)).one()
    new_assessment(client, service)
    for url in (f"/services/{service.id}", "/tableau-de-bord", "/positionnements/nouveau"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page, url
        assert "&lt;script&gt;" in page, url


def test_vendor_starts_a_positioning_of_its_own_service_only(app: Flask, world: World) -> None:
    client = client_for(app, world.alice)
    page = client.get(f"/positionnements/nouveau?service={world.service.id}").get_data(as_text=True)
    assert f'<option value="{world.service.id}" selected>' in page
    assert '<option value="sample@2026.1" selected>' in page
    assert 'name="prefill"' not in page  # a vendor answers for itself
    assessment = new_assessment(client, world.service)
    assert (assessment.audience, assessment.grid_id, assessment.grid_version) == (
        "editeur",
        "sample",
        "2026.1",
    )
    assert (assessment.status, assessment.edition, assessment.organisation_id) == (
        "draft",
        1,
        world.vendor.id,
    )
    # again: the existing draft, not a second one
    again = new_assessment(client, world.service)
    assert again.id == assessment.id
    # another vendor's service is not on offer
    rival = Service(organisation_id=world.rival.id, name="Rival ENT", category="ent")
    db.session.add(rival)
    db.session.commit()
    response = client.post(
        "/positionnements/nouveau",
        data={"csrf_token": token(client), "service": str(rival.id), "grid": "sample@2026.1"},
    )
    assert (
        response.status_code == 200
        and "Choisissez un service de la liste." in response.get_data(as_text=True)
    )


def test_audience_follows_the_organisation_kind(app: Flask, world: World) -> None:
    assert new_assessment(client_for(app, world.paul), world.service).audience == "etablissement"
    # the sample grid does not address collectivités: nothing to start, and the page says so
    claire = client_for(app, world.claire)
    assert 'id="no-grid"' in claire.get("/positionnements/nouveau").get_data(as_text=True)
    root = client_for(app, world.root)
    assert root.get("/positionnements/nouveau").status_code == 403


def test_grid_must_know_the_services_category(app: Flask, world: World) -> None:
    client = client_for(app, world.alice)
    world.service.category = "tracteur"
    db.session.commit()
    response = client.post(
        "/positionnements/nouveau",
        data={
            "csrf_token": token(client),
            "service": str(world.service.id),
            "grid": "sample@2026.1",
        },
    )
    assert response.status_code == 200
    assert "ne connaît pas la catégorie" in response.get_data(as_text=True)
    assert db.session.scalars(select(Assessment)).all() == []


def test_vendor_dashboard_lists_services_with_their_latest_positioning(
    app: Flask, world: World
) -> None:
    client = client_for(app, world.alice)
    page = client.get("/tableau-de-bord").get_data(as_text=True)
    assert 'id="new-service"' in page and 'id="new-assessment"' in page
    assert "Pas encore de positionnement" in page
    assessment = new_assessment(client, world.service)
    save(client, assessment.id, "INT-ID-01", 0, level=1)
    page = client.get("/tableau-de-bord").get_data(as_text=True)
    row = page.split('id="services"')[1].split("</tr>", 2)[1]
    assert "ENT Exemple" in row and 'data-status="draft"' in row
    assert 'data-verdict="non_conforme"' in row and "1 bloquant" in row
    assert "1 sur 4 répondus" in row
    assert re.search(r"(dans \d+ jours?|dépassée depuis \d+ jours?|aujourd&#39;hui)", row), row
    submit_it(client, assessment)
    publish_it(client, assessment)
    row = client.get("/tableau-de-bord").get_data(as_text=True).split('id="services"')[1]
    assert 'data-status="published"' in row


def test_collectivite_dashboard_lists_published_positionings(app: Flask, world: World) -> None:
    alice = client_for(app, world.alice)
    assessment = new_assessment(alice, world.service)
    claire = client_for(app, world.claire)
    page = claire.get("/tableau-de-bord").get_data(as_text=True)
    assert "Aucun positionnement publié" in page
    submit_it(alice, assessment)
    publish_it(alice, assessment)
    page = claire.get("/tableau-de-bord").get_data(as_text=True)
    published = page.split('id="published"')[1].split("</table>")[0]
    assert f'href="/positionnements/{assessment.id}"' in published and "Vendor SAS" in published
    admin = client_for(app, world.root).get("/tableau-de-bord").get_data(as_text=True)
    assert f'href="/positionnements/{assessment.id}"' in admin


def test_dashboard_needs_a_signed_in_user(client: Any) -> None:
    response = client.get("/tableau-de-bord")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
