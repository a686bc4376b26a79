"""Helpers of the catalogue tests: published positionings made through the pages."""

from __future__ import annotations

import io
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from app.extensions import db
from app.models import Assessment, Service, User
from tests.assessments.support import client_for, new_assessment, publish_it, save, submit_it


def published_positioning(
    app: Flask, user: User, service: Service, answers: dict[str, dict[str, Any]]
) -> Assessment:
    """``user``'s positioning of ``service`` with ``answers``, submitted and published."""
    client = client_for(app, user)
    assessment = new_assessment(client, service)
    for criterion_id, answer in answers.items():
        assert save(client, assessment.id, criterion_id, 0, **answer).status_code == 200
    assert submit_it(client, assessment).status_code in (302, 303)
    assert publish_it(client, assessment).status_code == 303
    db.session.expire_all()
    found = db.session.get(Assessment, assessment.id)
    assert found is not None and found.status == "published"
    return found


def new_service(user: User, name: str, category: str = "ent") -> Service:
    service = Service(organisation_id=user.organisation_id, name=name, category=category)
    db.session.add(service)
    db.session.commit()
    return service


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def catalogue_ids(client: FlaskClient, query: str = "") -> list[int]:
    """The positionings a catalogue page lists, in order."""
    response = client.get("/catalogue" + query)
    assert response.status_code == 200
    return [int(i) for i in re.findall(r'<tr data-id="(\d+)">', response.get_data(as_text=True))]


FULL = {  # every criterion of an ``ent`` answered by a vendor: conforme
    "INT-ID-01": {"level": 4, "comment": "SSO ÉduConnect", "evidence": ["https://doc.example/sso"]},
    "INT-DATA-01": {"level": 3},
    "SEC-HOM-01": {"level": 3},
    "SEC-HOM-02": {"level": 2},
}
BLOCKED = {  # one blocker (INT-ID-01 below the conformity level)
    "INT-ID-01": {"level": 1, "comment": "prévu"},
    "INT-DATA-01": {"not_applicable": True, "justification": "Aucune donnée échangée"},
    "SEC-HOM-01": {"level": 4},
    "SEC-HOM-02": {"level": 4},
}
PARTIAL = {"INT-ID-01": {"level": 3}, "SEC-HOM-01": {"level": 3}}  # incomplet
