"""Shared set-up for the positioning tests: organisations of every kind, a service, helpers.

The sample grid (tests/fixtures/grids/sample/2026.1) has five criteria: INT-ID-01 (mandatory,
every category), INT-ID-02 (ressource only), INT-DATA-01 (editeur only), SEC-HOM-01
(mandatory) and SEC-HOM-02; a service of category ``ent`` answered by a vendor has four.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import Assessment, Organisation, Service, User
from tests.auth.support import csrf_token, login_as

GRID = ("sample", "2026.1")


@dataclass
class World:
    """Two vendors, an establishment, a collectivité and the administrators."""

    vendor: Organisation
    alice: User  # vendor owner
    mallory: User  # vendor member
    rival: Organisation
    bob: User  # the other vendor's owner
    school: Organisation
    paul: User  # the principal
    region: Organisation
    claire: User
    admins: Organisation
    root: User
    service: Service  # the vendor's, category ent


def build_world(make_org: Any, make_user: Any) -> World:
    """Create the organisations, users and one service of the vendor."""
    vendor = make_org("editeur", "Vendor SAS", siren="732829320")
    rival = make_org("editeur", "Rival SARL", siren="552100554")
    school = make_org("etablissement", "Lycée Test", uai="0750654D")
    region = make_org("collectivite", "Région Test", territory_kind="region", territory_code="11")
    admins = make_org("admin", "Repère")
    world = World(
        vendor=vendor,
        alice=make_user(vendor, "alice@vendor.test", "owner", "Alice"),
        mallory=make_user(vendor, "mallory@vendor.test", "member", "Mallory"),
        rival=rival,
        bob=make_user(rival, "bob@rival.test", "owner", "Bob"),
        school=school,
        paul=make_user(school, "paul@school.test", "owner", "Paul"),
        region=region,
        claire=make_user(region, "claire@region.test", "owner", "Claire"),
        admins=admins,
        root=make_user(admins, "root@repere.test", "owner", "Root"),
        service=Service(organisation_id=vendor.id, name="ENT Exemple", category="ent"),
    )
    db.session.add(world.service)
    db.session.commit()
    return world


def client_for(app: Flask, user: User) -> FlaskClient:
    """A browser of its own, signed in as ``user``."""
    client = app.test_client()
    login_as(client, user)
    return client


def token(client: FlaskClient) -> str:
    return csrf_token(client, "/tableau-de-bord")


def new_assessment(
    client: FlaskClient, service: Service, prefill: bool = False, grid: tuple[str, str] = GRID
) -> Assessment:
    """Start a positioning through the form, as the client's user."""
    data = {"csrf_token": token(client), "service": str(service.id), "grid": "@".join(grid)}
    if prefill:
        data["prefill"] = "y"
    response = client.post("/positionnements/nouveau", data=data)
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    match = re.search(r"/positionnements/(\d+)/questionnaire", response.headers["Location"])
    assert match, response.headers["Location"]
    assessment = db.session.get(Assessment, int(match.group(1)))
    assert assessment is not None
    return assessment


def save(
    client: FlaskClient, assessment_id: int, criterion_id: str, revision: int = 0, **answer: Any
) -> TestResponse:
    """Autosave one answer as the script does (JSON, X-CSRFToken)."""
    return client.post(
        f"/positionnements/{assessment_id}/reponses/{criterion_id}",
        json={"revision": revision, **answer},
        headers={"X-CSRFToken": token(client)},
    )


def page_fields(html: str) -> dict[str, str]:
    """The answer fields a browser would post back from a questionnaire page (no token)."""
    fields: dict[str, str] = {}
    for name, value in re.findall(
        r'<input type="hidden" [^>]*name="([^"]+)" value="([^"]*)"', html
    ):
        fields[name] = value
    for name, value in re.findall(r'<textarea [^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        fields[name] = value
    for name, value in re.findall(
        r'<input type="radio" [^>]*name="([^"]+)" value="([^"]*)" checked>', html
    ):
        fields[name] = value
    for name in re.findall(r'<input type="checkbox" [^>]*name="([^"]+)" value="y" checked', html):
        fields[name] = "y"
    return {name: unescape(value) for name, value in fields.items() if name.startswith("c-")}


def submit_it(client: FlaskClient, assessment: Assessment) -> TestResponse:
    """Submit a positioning from its summary page."""
    page = client.get(f"/positionnements/{assessment.id}/soumettre").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version, page
    return client.post(
        f"/positionnements/{assessment.id}/soumettre",
        data={"csrf_token": token(client), "version": version.group(1)},
    )


def publish_it(
    client: FlaskClient, assessment: Assessment, incomplete: bool = True
) -> TestResponse:
    """Publish from the confirmation page; ``incomplete`` ticks "I publish it incomplete"
    (needed when criteria are unanswered, ignored otherwise)."""
    data = {"csrf_token": token(client)}
    if incomplete:
        data["incomplete"] = "y"
    return client.post(f"/positionnements/{assessment.id}/publier", data=data)
