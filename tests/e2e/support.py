"""Helpers of the browser tests (no test here): a vendor's draft positioning of the doctrine
grid, signing in as its owner, what the database holds, and axe-core's serious findings."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import AnswerRecord, Assessment, Organisation, Service, User

PASSWORD = "une phrase de passe assez longue"
REFERENTIEL = "interoperabilite"


def seed(app: Flask) -> int:
    """A vendor, its ENT and an empty draft positioning of the doctrine grid."""
    with app.app_context():
        org = Organisation(kind="editeur", name="Exemple SAS", siren="912345675")
        db.session.add(org)
        db.session.flush()
        user = User(
            email="alice@exemple.fr",
            name="Alice",
            password_hash=generate_password_hash(PASSWORD, app.config["PASSWORD_HASH_METHOD"]),
            organisation_id=org.id,
            role="owner",
        )
        service = Service(organisation_id=org.id, name="ENT Exemple", category="ent")
        db.session.add_all([user, service])
        db.session.flush()
        assessment = Assessment(
            service_id=service.id,
            organisation_id=org.id,
            audience="editeur",
            grid_id="doctrine",
            grid_version="2025.1",
        )
        db.session.add(assessment)
        db.session.commit()
        return assessment.id


def stored(app: Flask, assessment_id: int) -> dict[str, AnswerRecord]:
    with app.app_context():
        rows = db.session.scalars(
            select(AnswerRecord).where(AnswerRecord.assessment_id == assessment_id)
        ).all()
        return {row.criterion_id: row for row in rows}


def sign_in(page: Any, server: str) -> None:
    page.goto(f"{server}/login")
    page.fill("input[name=email]", "alice@exemple.fr")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]:not(.link-button)")
    page.wait_for_url(f"{server}/tableau-de-bord*")


def wait_saved(page: Any, criterion: str) -> None:
    page.wait_for_selector(f"#c-{criterion}-state.is-saved", timeout=10_000)


SERIOUS = {"serious", "critical"}


def axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]
