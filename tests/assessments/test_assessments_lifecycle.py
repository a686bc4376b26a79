"""Submitting freezes (score fixed, read-only), publishing is a separate step, and
"modifier" starts a new edition while the old one stays readable."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.domain.scoring import score_to_json
from app.extensions import db
from app.grid_registry import get_catalogue
from app.models import AnswerRecord, Assessment, JournalEntry
from app.positioning import answers_of, score_of

from .support import (
    World,
    build_world,
    client_for,
    new_assessment,
    page_fields,
    publish_it,
    save,
    submit_it,
    token,
)


@pytest.fixture
def answered(app: Flask, world: World) -> Assessment:
    """A vendor's draft: one blocker, one not applicable, one unanswered."""
    client = client_for(app, world.alice)
    assessment = new_assessment(client, world.service)
    save(client, assessment.id, "INT-ID-01", 0, level=1, comment="SSO prévu")
    save(
        client, assessment.id, "INT-DATA-01", 0, not_applicable=True, justification="Aucune donnée"
    )
    save(client, assessment.id, "SEC-HOM-01", 0, level=3)
    return assessment


def _fresh(assessment_id: int) -> Assessment:
    db.session.expire_all()
    found = db.session.get(Assessment, assessment_id)
    assert found is not None
    return found


def test_summary_lists_blockers_unanswered_and_justifications(
    app: Flask, world: World, answered: Assessment
) -> None:
    page = client_for(app, world.alice).get(f"/positionnements/{answered.id}/soumettre")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    blockers = html.split('id="blockers"')[1].split("</ul>")[0]
    assert "INT-ID-01" in blockers and "SEC-HOM-01" not in blockers
    assert "SEC-HOM-02" in html.split('id="unanswered"')[1].split("</ul>")[0]
    assert "Aucune donnée" in html.split('id="not-applicable"')[1].split("</dl>")[0]
    assert 'data-verdict="non_conforme"' in html
    assert 'id="submit"' in html


def test_submit_freezes_with_the_score_fixed(
    app: Flask, world: World, answered: Assessment
) -> None:
    client = client_for(app, world.alice)
    response = submit_it(client, answered)
    assert response.status_code == 303
    assessment = _fresh(answered.id)
    assert assessment.status == "submitted" and assessment.frozen
    assert assessment.submitted_by_id == world.alice.id and assessment.submitted_at
    grid = get_catalogue(app).get("sample", "2026.1")
    assert grid is not None
    expected = score_to_json(score_of(assessment, grid, answers_of(assessment)))
    assert assessment.frozen_score == expected
    assert assessment.frozen_score["verdict"] == "non_conforme"
    page = client.get(f"/positionnements/{answered.id}").get_data(as_text=True)
    assert "Soumis" in page and "figé à la soumission" in page
    assert 'id="publish"' in page and 'id="new-edition"' in page and 'id="continue"' not in page


def test_a_frozen_positioning_refuses_every_change(
    app: Flask, world: World, answered: Assessment
) -> None:
    client = client_for(app, world.alice)
    url = f"/positionnements/{answered.id}/questionnaire/interoperabilite"
    stale_page = page_fields(client.get(url).get_data(as_text=True))
    submit_it(client, answered)
    # the questionnaire is now read-only: its page sends to the positioning's page
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/positionnements/{answered.id}")
    # autosave: 409 with a clear message
    response = save(client, answered.id, "INT-ID-01", 1, level=4)
    assert response.status_code == 409
    assert response.get_json()["status"] == "frozen"
    assert "n'est plus modifiable" in response.get_json()["message"]
    # a page saved from a tab opened before: 409, what was typed is still on screen
    stale_page |= {
        "c-INT-ID-01-level": "4",
        "c-INT-ID-01-comment": "trop tard",
        "csrf_token": token(client),
    }
    response = client.post(url, data=stale_page)
    assert response.status_code == 409
    assert 'id="frozen-alert"' in response.get_data(as_text=True)
    assert "trop tard" in response.get_data(as_text=True)
    db.session.expire_all()
    record = db.session.scalars(
        select(AnswerRecord).where(
            AnswerRecord.assessment_id == answered.id, AnswerRecord.criterion_id == "INT-ID-01"
        )
    ).one()
    assert (record.level, record.comment) == (1, "SSO prévu")
    # submitting again does nothing
    response = client.post(
        f"/positionnements/{answered.id}/soumettre",
        data={"csrf_token": token(client), "version": "1"},
    )
    assert response.status_code == 303


def test_submit_refuses_a_stale_summary(app: Flask, world: World, answered: Assessment) -> None:
    client = client_for(app, world.alice)
    page = client.get(f"/positionnements/{answered.id}/soumettre").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version
    save(client_for(app, world.mallory), answered.id, "SEC-HOM-02", 0, level=0)
    response = client.post(
        f"/positionnements/{answered.id}/soumettre",
        data={"csrf_token": token(client), "version": version.group(1)},
    )
    assert response.status_code == 409
    assert "relisez-le" in response.get_data(as_text=True)
    assert _fresh(answered.id).status == "draft"


def test_publish_is_a_separate_explicit_step(
    app: Flask, world: World, answered: Assessment
) -> None:
    alice, bob = client_for(app, world.alice), client_for(app, world.bob)
    assert publish_it(alice, answered).status_code == 303
    assert _fresh(answered.id).status == "draft"  # a draft cannot be published
    submit_it(alice, answered)
    assert bob.get(f"/positionnements/{answered.id}").status_code == 404  # submitted: still private
    publish_it(alice, answered)
    assessment = _fresh(answered.id)
    assert assessment.status == "published" and assessment.published_at is not None
    assert assessment.frozen_score is not None
    page = bob.get(f"/positionnements/{answered.id}")
    assert page.status_code == 200 and "SSO prévu" in page.get_data(as_text=True)
    assert 'id="publish"' not in page.get_data(as_text=True)
    assert save(bob, answered.id, "INT-ID-01", 1, level=4).status_code == 403
    assert publish_it(bob, answered).status_code == 403


def test_modifier_starts_a_new_edition_and_keeps_the_old(
    app: Flask, world: World, answered: Assessment
) -> None:
    client = client_for(app, world.alice)
    submit_it(client, answered)
    publish_it(client, answered)
    response = client.post(
        f"/positionnements/{answered.id}/nouvelle-edition", data={"csrf_token": token(client)}
    )
    assert response.status_code == 303
    new_id = int(re.search(r"/positionnements/(\d+)/", response.headers["Location"]).group(1))
    edition = _fresh(new_id)
    old = _fresh(answered.id)
    assert (edition.edition, edition.previous_id, edition.status) == (2, old.id, "draft")
    assert old.status == "published" and old.frozen_score is not None
    assert answers_of(edition) == answers_of(old)
    # the new edition is editable, the old one is not
    assert save(client, edition.id, "INT-ID-01", 1, level=3).status_code == 200
    assert save(client, old.id, "INT-ID-01", 1, level=3).status_code == 409
    assert answers_of(old)["INT-ID-01"].level == 1
    # both are listed on each page
    page = client.get(f"/positionnements/{old.id}").get_data(as_text=True)
    editions = page.split('id="editions"')[1].split("</ol>")[0]
    assert "Édition 1" in editions and f'href="/positionnements/{edition.id}"' in editions
    assert 'id="next-edition"' in page  # "modifier" again goes to the same new edition
    again = client.post(
        f"/positionnements/{old.id}/nouvelle-edition", data={"csrf_token": token(client)}
    )
    assert f"/positionnements/{edition.id}/" in again.headers["Location"]
    # the rival reads the published edition 1 only
    rival = client_for(app, world.bob).get(f"/positionnements/{old.id}").get_data(as_text=True)
    assert f'href="/positionnements/{edition.id}"' not in rival


def test_lifecycle_is_journaled(app: Flask, world: World, answered: Assessment) -> None:
    client = client_for(app, world.alice)
    submit_it(client, answered)
    publish_it(client, answered)
    client.post(
        f"/positionnements/{answered.id}/nouvelle-edition", data={"csrf_token": token(client)}
    )
    actions = db.session.scalars(
        select(JournalEntry.action)
        .where(JournalEntry.object_type == "assessment")
        .order_by(JournalEntry.id)
    ).all()
    assert actions == [
        "assessment.create",
        "answer.save",
        "answer.save",
        "answer.save",
        "assessment.submit",
        "assessment.publish",
        "assessment.new_edition",
    ]


def test_history_is_shown_to_the_organisations_owners_only(
    app: Flask, world: World, answered: Assessment
) -> None:
    url = f"/positionnements/{answered.id}"
    owner = client_for(app, world.alice).get(url).get_data(as_text=True)
    assert 'id="history"' in owner and "Réponse enregistrée" in owner
    member = client_for(app, world.mallory).get(url).get_data(as_text=True)
    assert "Historique" not in member
    admin = client_for(app, world.root).get(url).get_data(as_text=True)
    assert 'id="history"' in admin


def test_members_other_than_the_submitter_may_submit_but_admins_may_not(
    app: Flask, world: World, answered: Assessment
) -> None:
    assert (
        client_for(app, world.root).get(f"/positionnements/{answered.id}/soumettre").status_code
        == 403
    )
    assert submit_it(client_for(app, world.mallory), answered).status_code == 303


def test_a_frozen_positioning_shows_the_deadline_as_known_today(
    app: Flask, make_org: Any, make_user: Any
) -> None:
    """Figures are frozen at submission; the deadline follows the arrêtés (published later)."""
    world = build_world(make_org, make_user)
    client = client_for(app, world.alice)
    assessment = new_assessment(client, world.service)
    submit_it(client, assessment)
    page = client.get(f"/positionnements/{assessment.id}").get_data(as_text=True)
    assert "28 février 2027" in page  # the sample grid's arrêté: 30 April 2026 + 10 months
    catalogue = get_catalogue(app)
    grid = catalogue.get("sample", "2026.1")
    unpublished = grid.model_copy(
        update={
            "header": grid.header.model_copy(
                update={
                    "compliance": grid.header.compliance.model_copy(
                        update={
                            "arrete": grid.header.compliance.arrete.model_copy(
                                update={"published": None}
                            )
                        }
                    )
                }
            ),
            "referentiels": tuple(
                r.model_copy(update={"compliance": None}) for r in grid.referentiels
            ),
        }
    )
    catalogue.grids[grid.key] = unpublished
    try:
        page = client.get(f"/positionnements/{assessment.id}").get_data(as_text=True)
    finally:
        catalogue.grids[grid.key] = grid
    assert "non publié à ce jour" in page and "28 février 2027" not in page
