"""Helpers of the service layer's tests (no test here): a vendor, its owner and a draft
positioning, made straight in the database."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from app.extensions import db
from app.models import Assessment, Organisation, Service, User


@dataclass
class Draft:
    user: User
    assessment: Assessment


def make_draft(app: Flask) -> Draft:
    """A vendor, its owner, its ENT and a draft positioning of the sample grid, committed."""
    vendor = Organisation(kind="editeur", name="Vendor SAS", siren="732829320")
    db.session.add(vendor)
    db.session.flush()
    user = User(
        email="alice@vendor.test",
        name="Alice",
        password_hash="-",  # never signs in: these tests call the service layer
        organisation_id=vendor.id,
        role="owner",
    )
    service = Service(organisation_id=vendor.id, name="ENT", category="ent")
    db.session.add_all([user, service])
    db.session.flush()
    assessment = Assessment(
        service_id=service.id,
        organisation_id=vendor.id,
        audience="editeur",
        grid_id="sample",
        grid_version="2026.1",
    )
    db.session.add(assessment)
    db.session.commit()
    return Draft(user, assessment)
