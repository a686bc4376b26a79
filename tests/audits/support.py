"""Shared set-up of the audit tests: a vendor's published positioning, followed and audited."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import Assessment, Audit, Service
from tests.assessments.support import (
    World,
    client_for,
    new_assessment,
    publish_it,
    save,
    submit_it,
    token,
)

# The sample grid, an ENT answered by its vendor: four criteria apply.
DECLARED = {
    "INT-ID-01": {"level": 3, "comment": "SSO via ÉduConnect"},
    "INT-DATA-01": {"level": 2},
    "SEC-HOM-01": {"not_applicable": True, "justification": "pas de données <b>sensibles</b>"},
    "SEC-HOM-02": {"level": 4},
}


def published_positioning(
    app: Flask, world: World, service: Service | None = None, answers: dict[str, Any] = DECLARED
) -> Assessment:
    """The vendor answers, submits and publishes a positioning, through its pages."""
    alice = client_for(app, world.alice)
    assessment = new_assessment(alice, service or world.service)
    for criterion_id, answer in answers.items():
        assert save(alice, assessment.id, criterion_id, 0, **answer).status_code == 200
    assert submit_it(alice, assessment).status_code in (302, 303)
    assert publish_it(alice, assessment).status_code in (302, 303)
    db.session.expire_all()
    return assessment


def follow(client: FlaskClient, service_id: int) -> TestResponse:
    return client.post(
        "/portefeuille/suivre", data={"csrf_token": token(client), "service": str(service_id)}
    )


def open_audit(client: FlaskClient, assessment_id: int) -> int:
    response = client.post(
        "/audits/nouveau", data={"csrf_token": token(client), "assessment": str(assessment_id)}
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    match = re.search(r"/audits/(\d+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def review(
    client: FlaskClient,
    audit_id: int,
    criterion_id: str,
    revision: int,
    status: str,
    level: int | None = None,
    comment: str = "",
    shared: bool = True,
) -> TestResponse:
    data = {
        "csrf_token": token(client),
        "revision": str(revision),
        "status": status,
        "level": "" if level is None else str(level),
        "comment": comment,
    }
    if shared:
        data["shared"] = "y"
    return client.post(f"/audits/{audit_id}/criteres/{criterion_id}", data=data)


def message(client: FlaskClient, audit_id: int, criterion_id: str, body: str) -> TestResponse:
    return client.post(
        f"/audits/{audit_id}/criteres/{criterion_id}/messages",
        data={"csrf_token": token(client), "body": body},
    )


def opinion(client: FlaskClient, audit_id: int, value: str, **fields: Any) -> TestResponse:
    return client.post(
        f"/audits/{audit_id}/avis",
        data={"csrf_token": token(client), "opinion": value, **fields},
    )


def audited(app: Flask, world: World) -> tuple[Assessment, int, FlaskClient]:
    """The vendor's published positioning, followed and audited by the région (Claire)."""
    assessment = published_positioning(app, world)
    claire = client_for(app, world.claire)
    assert follow(claire, world.service.id).status_code == 303
    return assessment, open_audit(claire, assessment.id), claire


def get_audit(audit_id: int) -> Audit:
    db.session.expire_all()
    audit = db.session.get(Audit, audit_id)
    assert audit is not None
    return audit
