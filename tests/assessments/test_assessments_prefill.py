"""A principal starts from the vendor's published answers, each marked until confirmed."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import AnswerRecord, Assessment, JournalEntry

from .support import (
    World,
    client_for,
    new_assessment,
    page_fields,
    publish_it,
    save,
    submit_it,
    token,
)

PAGE = "/positionnements/{id}/questionnaire/{ref}"


@pytest.fixture
def vendor_positioning(app: Flask, world: World) -> Assessment:
    client = client_for(app, world.alice)
    assessment = new_assessment(client, world.service)
    save(client, assessment.id, "INT-ID-01", 0, level=3, comment="SSO <EduConnect>")
    save(client, assessment.id, "INT-DATA-01", 0, level=2)  # editeur only: not copied
    save(client, assessment.id, "SEC-HOM-01", 0, level=4, evidence=["https://example.org/h"])
    return assessment


def _records(assessment_id: int) -> dict[str, AnswerRecord]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(AnswerRecord).where(AnswerRecord.assessment_id == assessment_id)
    )
    return {r.criterion_id: r for r in rows}


def _publish(app: Flask, world: World, assessment: Assessment) -> None:
    client = client_for(app, world.alice)
    assert submit_it(client, assessment).status_code == 303
    assert publish_it(client, assessment).status_code == 303


def test_prefill_copies_the_published_answers_marked_as_the_vendors(
    app: Flask, world: World, vendor_positioning: Assessment
) -> None:
    _publish(app, world, vendor_positioning)
    client = client_for(app, world.paul)
    assessment = new_assessment(client, world.service, prefill=True)
    assert (assessment.audience, assessment.prefilled_from_id) == (
        "etablissement",
        vendor_positioning.id,
    )
    records = _records(assessment.id)
    assert sorted(records) == ["INT-ID-01", "SEC-HOM-01"]
    assert all(r.from_vendor and r.revision == 1 for r in records.values())
    assert records["SEC-HOM-01"].evidence == ["https://example.org/h"]
    page = client.get(PAGE.format(id=assessment.id, ref="interoperabilite")).get_data(as_text=True)
    assert "Déclaré par l&#39;éditeur" in page or "Déclaré par l'éditeur" in page
    assert 'id="c-INT-ID-01-confirm"' in page and 'value="INT-ID-01"' in page
    assert "SSO &lt;EduConnect&gt;" in page
    created = db.session.scalars(
        select(JournalEntry)
        .where(JournalEntry.action == "assessment.create")
        .order_by(JournalEntry.id.desc())
    ).first()
    assert created is not None and created.after["answers_copied"] == 2


def test_confirming_clears_the_mark_and_is_journaled(
    app: Flask, world: World, vendor_positioning: Assessment
) -> None:
    _publish(app, world, vendor_positioning)
    client = client_for(app, world.paul)
    assessment = new_assessment(client, world.service, prefill=True)
    # autosave "Confirmer": the same value, confirmed
    response = save(
        client, assessment.id, "INT-ID-01", 1, level=3, comment="SSO <EduConnect>", confirm=True
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "saved" and body["from_vendor"] is False and body["revision"] == 2
    # changing an answer also makes it the principal's own
    save(client, assessment.id, "SEC-HOM-01", 1, level=2, evidence=["https://example.org/h"])
    records = _records(assessment.id)
    assert not records["INT-ID-01"].from_vendor and records["INT-ID-01"].level == 3
    assert not records["SEC-HOM-01"].from_vendor and records["SEC-HOM-01"].level == 2
    actions = db.session.scalars(
        select(JournalEntry.action)
        .where(JournalEntry.object_id == assessment.id)
        .order_by(JournalEntry.id)
    ).all()
    assert actions == ["assessment.create", "answer.confirm", "answer.save"]
    page = client.get(PAGE.format(id=assessment.id, ref="interoperabilite")).get_data(as_text=True)
    assert 'id="c-INT-ID-01-confirm"' not in page


def test_confirm_button_without_javascript(
    app: Flask, world: World, vendor_positioning: Assessment
) -> None:
    _publish(app, world, vendor_positioning)
    client = client_for(app, world.paul)
    assessment = new_assessment(client, world.service, prefill=True)
    url = PAGE.format(id=assessment.id, ref="securite")
    fields = page_fields(client.get(url).get_data(as_text=True))
    # saving the page untouched does not confirm anything
    assert client.post(url, data=fields | {"csrf_token": token(client)}).status_code == 303
    assert _records(assessment.id)["SEC-HOM-01"].from_vendor
    # the card's "Confirmer" button posts the page with confirm=<criterion>
    response = client.post(
        url, data=fields | {"csrf_token": token(client), "confirm": "SEC-HOM-01"}
    )
    assert response.status_code == 303
    records = _records(assessment.id)
    assert not records["SEC-HOM-01"].from_vendor and records["SEC-HOM-01"].level == 4
    assert records["INT-ID-01"].from_vendor  # another page, untouched


def test_prefill_uses_only_published_answers(
    app: Flask, world: World, vendor_positioning: Assessment
) -> None:
    client = client_for(app, world.paul)
    submit_it(client_for(app, world.alice), vendor_positioning)  # submitted, not published
    response = client.post(
        "/positionnements/nouveau",
        data={
            "csrf_token": token(client),
            "service": str(world.service.id),
            "grid": "sample@2026.1",
            "prefill": "y",
        },
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "n&#39;a pas publié" in page or "n'a pas publié" in page
    assessment = db.session.scalars(
        select(Assessment).where(Assessment.organisation_id == world.school.id)
    ).one()
    assert assessment.prefilled_from_id is None and _records(assessment.id) == {}


def test_vendor_submitted_and_published_answers_show_on_the_principals_dashboard(
    app: Flask, world: World, vendor_positioning: Assessment
) -> None:
    _publish(app, world, vendor_positioning)
    client = client_for(app, world.paul)
    new_assessment(client, world.service, prefill=True)
    page = client.get("/tableau-de-bord").get_data(as_text=True)
    assert "Les outils de mon établissement" in page
    tools = page.split('id="tools"')[1].split("</table>")[0]
    assert "ENT Exemple" in tools and "Vendor SAS" in tools
    assert f'href="/positionnements/{vendor_positioning.id}"' in tools  # the vendor's published
    assert 'data-status="draft"' in tools
