"""The demo's audits: one in progress with an answered question, one "favorable avec réserves"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from app.extensions import db
from app.models import Audit, AuditMessage, FollowedService, User
from tests.assessments.support import client_for
from tests.support import ROOT, build_app, migrated


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The test application on the real grids (criteria/), the demo's."""
    with migrated(build_app(database_url, ROOT / "criteria")) as application:
        yield application


def test_the_demo_has_an_audit_in_progress_and_a_finished_one(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["demo", "--password", "mot de passe de démonstration"])
    assert result.exit_code == 0, result.output
    assert "2 audits" in result.output
    audits = db.session.scalars(select(Audit).order_by(Audit.id)).all()
    assert [a.opinion for a in audits] == [None, "favorable_reserves"]
    messages = db.session.scalars(select(AuditMessage).order_by(AuditMessage.id)).all()
    assert len({m.organisation_id for m in messages}) == 2  # asked, and answered by the vendor
    assert db.session.scalar(select(func.count()).select_from(FollowedService)) == 2
    region_user = db.session.scalars(
        select(User).where(User.email == "collectivite@demo.test")
    ).one()
    page = client_for(app, region_user).get("/portefeuille").get_data(as_text=True)
    assert "Audit en cours" in page and "Favorable avec réserves" in page
    vendor = db.session.scalars(select(User).where(User.email == "editeur2@demo.test")).one()
    assert client_for(app, vendor).get(f"/audits/{audits[0].id}").status_code == 200
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "nothing changed" in again.output
    assert db.session.scalar(select(func.count()).select_from(Audit)) == 2
