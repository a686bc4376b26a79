"""Requests for information, the opinion, who sees what, and a newer edition."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from app.extensions import db
from app.models import AuditMessage, AuditReservation, JournalEntry
from tests.assessments.support import client_for, token

from .support import audited, get_audit, message, opinion, published_positioning, review


def test_a_request_reaches_the_vendor_who_answers_it(app: Flask, world: Any) -> None:
    _assessment, audit_id, claire = audited(app, world)
    alice = client_for(app, world.alice)
    assert "audit-requests" not in alice.get("/tableau-de-bord").get_data(as_text=True)
    assert message(claire, audit_id, "INT-ID-01", "Quel fournisseur <SSO> ?").status_code == 303
    assert message(claire, audit_id, "SEC-HOM-02", "Preuve du chiffrement ?").status_code == 303
    dashboard = alice.get("/tableau-de-bord").get_data(as_text=True)
    assert 'id="audit-requests-count">2<' in dashboard
    assert f"/audits/{audit_id}#c-INT-ID-01" in dashboard
    page = alice.get(f"/audits/{audit_id}").get_data(as_text=True)
    assert "Quel fournisseur &lt;SSO&gt; ?" in page
    assert message(alice, audit_id, "INT-ID-01", "ÉduConnect, voir la doc").status_code == 303
    dashboard = alice.get("/tableau-de-bord").get_data(as_text=True)
    assert 'id="audit-requests-count">1<' in dashboard
    assert "ÉduConnect, voir la doc" in claire.get(f"/audits/{audit_id}").get_data(as_text=True)
    # journaled, and append-only in the database itself
    actions = db.session.scalars(
        sa.select(JournalEntry.action).where(JournalEntry.object_type == "audit")
    ).all()
    assert actions.count("audit.message") == 3
    with pytest.raises(sa.exc.DatabaseError):
        db.session.execute(sa.update(AuditMessage).values(body="rewritten"))
        db.session.flush()
    db.session.rollback()
    assert message(claire, audit_id, "INT-ID-01", "   ").status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditMessage)) == 3


def test_the_vendor_sees_statuses_and_shared_comments_only(app: Flask, world: Any) -> None:
    _assessment, audit_id, claire = audited(app, world)
    review(claire, audit_id, "INT-ID-01", 0, "conteste", 1, "Pour l'éditeur : SSO absent")
    review(claire, audit_id, "SEC-HOM-02", 0, "verifie", 4, "note interne X", shared=False)
    alice = client_for(app, world.alice)
    page = alice.get(f"/audits/{audit_id}").get_data(as_text=True)
    assert "SSO absent" in page
    assert "note interne X" not in page
    assert 'data-review="verifie"' in page
    assert "review-form" not in page and "opinion-form" not in page
    # the vendor cannot review, nor issue the opinion
    assert review(alice, audit_id, "INT-ID-01", 1, "verifie", 4).status_code == 403
    assert opinion(alice, audit_id, "favorable").status_code == 403
    # nor can anyone outside the two organisations see it
    for user in (world.bob, world.paul, world.root):
        outsider = client_for(app, user)
        assert outsider.get(f"/audits/{audit_id}").status_code == 404
        assert outsider.get(f"/audits/{audit_id}/rapport.pdf").status_code == 404


def test_an_opinion_with_reservations_freezes_the_audit(app: Flask, world: Any) -> None:
    _assessment, audit_id, claire = audited(app, world)
    missing = opinion(claire, audit_id, "favorable_reserves")
    assert missing.status_code == 400
    assert "au moins une réserve" in missing.get_data(as_text=True)
    incomplete = opinion(
        claire, audit_id, "favorable_reserves", **{"reservation-1-text": "Activer le SSO"}
    )
    assert incomplete.status_code == 400
    assert "Réserve 1" in incomplete.get_data(as_text=True)
    fields = {
        "comment": "Bon dossier",
        "reservation-1-text": "Activer le SSO",
        "reservation-1-criteria": ["INT-ID-01", "SEC-HOM-01"],
        "reservation-1-due": "2027-03-31",
    }
    assert opinion(claire, audit_id, "favorable_reserves", **fields).status_code == 303
    audit = get_audit(audit_id)
    assert audit.opinion == "favorable_reserves" and audit.opinion_by_id == world.claire.id
    assert audit.opinion_at is not None
    reservation = db.session.scalars(sa.select(AuditReservation)).one()
    assert reservation.criteria == ["INT-ID-01", "SEC-HOM-01"]
    page = claire.get(f"/audits/{audit_id}").get_data(as_text=True)
    assert "Favorable avec réserves" in page and "31 mars 2027" in page
    assert "lecture seule" in page and "review-form" not in page
    # read-only from now on
    assert review(claire, audit_id, "INT-ID-01", 0, "verifie", 4).status_code == 403
    assert message(claire, audit_id, "INT-ID-01", "encore ?").status_code == 403
    assert opinion(claire, audit_id, "defavorable").status_code == 403
    assert get_audit(audit_id).opinion == "favorable_reserves"


def test_a_newer_edition_shows_what_changed_and_can_be_audited(app: Flask, world: Any) -> None:
    assessment, audit_id, claire = audited(app, world)
    alice = client_for(app, world.alice)
    response = alice.post(
        f"/positionnements/{assessment.id}/nouvelle-edition", data={"csrf_token": token(alice)}
    )
    assert response.status_code in (302, 303)
    db.session.expire_all()
    from app.models import Assessment

    second = db.session.scalars(
        sa.select(Assessment).where(Assessment.previous_id == assessment.id)
    ).one()
    from tests.assessments.support import publish_it, save, submit_it

    record = next(a for a in second.answers if a.criterion_id == "INT-DATA-01")
    assert save(alice, second.id, "INT-DATA-01", record.revision, level=4).status_code == 200
    submit_it(alice, second)
    publish_it(alice, second)
    page = claire.get(f"/audits/{audit_id}").get_data(as_text=True)
    assert 'id="changes"' in page
    assert '<li data-criterion="INT-DATA-01">' in page and "2 → 4" in page
    assert 'data-criterion="INT-ID-01"' not in page
    # the first audit stays on its edition; a new one opens on the newer
    from .support import open_audit

    assert open_audit(claire, second.id) != audit_id


def test_only_collectivites_following_a_published_service_open_audits(
    app: Flask, world: Any
) -> None:
    assessment = published_positioning(app, world)
    claire = client_for(app, world.claire)
    data = {"assessment": str(assessment.id)}
    # not followed yet
    assert (
        claire.post("/audits/nouveau", data={**data, "csrf_token": token(claire)}).status_code
        == 404
    )
    bob = client_for(app, world.bob)
    assert bob.post("/audits/nouveau", data={**data, "csrf_token": token(bob)}).status_code == 403
