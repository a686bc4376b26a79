"""The questionnaire: built from the grid, autosave, validation, the page save without JS."""

from __future__ import annotations

import re
from typing import Any

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
    save,
    token,
)

PAGE = "/positionnements/{id}/questionnaire/{ref}"


def _record(assessment: Assessment, criterion_id: str) -> AnswerRecord:
    db.session.expire_all()
    record = db.session.scalars(
        select(AnswerRecord).where(
            AnswerRecord.assessment_id == assessment.id, AnswerRecord.criterion_id == criterion_id
        )
    ).one()
    return record


def test_page_is_built_from_the_grid_in_the_audience_wording(
    app: Flask, world: World, draft: Assessment
) -> None:
    client = client_for(app, world.alice)
    response = client.get(f"/positionnements/{draft.id}/questionnaire")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(PAGE.format(id=draft.id, ref="interoperabilite"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count("<h1") == 1
    # one card per applicable criterion, the question in the vendor's wording
    assert re.findall(r'<fieldset class="criterion[^"]*" id="c-([A-Z0-9-]+)"', page) == [
        "INT-ID-01",
        "INT-DATA-01",
    ]
    assert "Le service propage-t-il l&#39;identité ?" in page
    assert "Le SSO est-il activé ?" not in page
    # INT-ID-02 concerns resources only: left out, and counted
    assert "INT-ID-02" not in page.split('id="questionnaire"')[1].split("</form>")[0]
    assert "1 critère de ce référentiel ne s'applique pas" in page
    # sources and their status, the scale with labels, NA, comment, evidence
    assert "Doctrine, référentiel d&#39;interopérabilité §6.1" in page
    assert "texte de la doctrine" in page and "déduit : formulation provisoire" in page
    for level, label in enumerate(["Non pris en compte", "Initié", "Partiel", "Conforme"]):
        assert f'id="c-INT-ID-01-level-{level}"' in page
        assert f"{level} — {label}" in page
    assert '<label for="c-INT-ID-01-not_applicable">' in page
    assert '<label for="c-INT-ID-01-justification">' in page
    assert '<label for="c-INT-ID-01-comment">' in page
    assert '<label for="c-INT-ID-01-evidence">' in page
    assert 'name="c-INT-ID-01-revision" value="0"' in page
    # the side panel, figures written, partial ones flagged
    assert "0 sur 2 répondus" in page  # this page
    assert "0 sur 4 répondus" in page  # overall
    assert 'data-verdict="incomplet"' in page
    # the script is a file, deferred; no inline script
    assert re.search(r'<script src="/static/js/autosave.js" defer></script>', page)
    assert "<script>" not in page


def test_establishment_gets_its_own_wording_and_fewer_criteria(app: Flask, world: World) -> None:
    client = client_for(app, world.paul)
    assessment = new_assessment(client, world.service)
    assert assessment.audience == "etablissement"
    page = client.get(PAGE.format(id=assessment.id, ref="interoperabilite")).get_data(as_text=True)
    assert "Le SSO est-il activé ?" in page
    assert 'id="c-INT-DATA-01"' not in page  # editeur only
    assert "2 critères de ce référentiel ne s'appliquent pas" in page


def test_autosave_saves_and_returns_the_new_revision_and_figures(
    app: Flask, world: World, draft: Assessment
) -> None:
    client = client_for(app, world.alice)
    version = draft.version
    response = save(client, draft.id, "INT-ID-01", 0, level=3, comment="SSO via EduConnect")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "saved" and body["revision"] == 1
    assert body["version"] == version + 1
    assert body["saved_label"].startswith("Enregistré à ") and "par Alice" in body["saved_label"]
    assert "1 sur 4 répondus" in body["panel_html"]
    assert "partiel" in body["panel_html"]
    assert "1 sur 2 répondus" in body["nav_html"]
    record = _record(draft, "INT-ID-01")
    assert (record.level, record.comment, record.revision) == (3, "SSO via EduConnect", 1)
    # the next save is based on revision 1
    response = save(client, draft.id, "INT-ID-01", 1, level=2, comment="SSO via EduConnect")
    assert response.get_json()["revision"] == 2
    assert "INT-ID-01" in response.get_json()["panel_html"]  # now a blocker
    assert response.get_json()["verdict"] == "non_conforme"


def test_each_save_is_journaled_with_before_and_after(
    app: Flask, world: World, draft: Assessment
) -> None:
    client = client_for(app, world.alice)
    save(client, draft.id, "SEC-HOM-01", 0, level=1)
    save(client, draft.id, "SEC-HOM-01", 1, level=4)
    entries = db.session.scalars(
        select(JournalEntry)
        .where(JournalEntry.action == "answer.save", JournalEntry.detail == "SEC-HOM-01")
        .order_by(JournalEntry.id)
    ).all()
    assert [(e.before and e.before["level"], e.after["level"]) for e in entries] == [
        (None, 1),
        (1, 4),
    ]
    assert all(e.user_id == world.alice.id and e.object_id == draft.id for e in entries)
    assert all(e.organisation_id == world.vendor.id for e in entries)


@pytest.mark.parametrize(
    ("answer", "field", "message"),
    [
        ({"level": 9}, "level", "Choisissez un niveau de l"),
        ({"level": "trois"}, "level", "Choisissez un niveau de l"),
        ({"not_applicable": True}, "justification", "Expliquez pourquoi"),
        ({"level": 3, "evidence": ["javascript:alert(1)"]}, "evidence", "n&#39;est pas un lien"),
        ({"level": 3, "evidence": ["ftp://example.org/x"]}, "evidence", "https://"),
        ({"level": 3, "comment": "x" * 20001}, "comment", "20 000 caractères"),
    ],
)
def test_invalid_answers_are_refused_with_a_message_per_field(
    app: Flask, world: World, draft: Assessment, answer: dict[str, Any], field: str, message: str
) -> None:
    client = client_for(app, world.alice)
    response = save(client, draft.id, "INT-ID-01", 0, **answer)
    assert response.status_code == 422
    body = response.get_json()
    assert body["status"] == "invalid"
    assert message.replace("&#39;", "'") in " ".join(body["errors"][field])
    assert db.session.scalars(select(AnswerRecord)).all() == []


def test_not_applicable_with_a_justification_replaces_the_level(
    app: Flask, world: World, draft: Assessment
) -> None:
    client = client_for(app, world.alice)
    response = save(
        client,
        draft.id,
        "INT-DATA-01",
        0,
        level=2,
        not_applicable=True,
        justification="Pas de données",
    )
    assert response.status_code == 200
    record = _record(draft, "INT-DATA-01")
    assert (record.level, record.not_applicable, record.justification) == (
        None,
        True,
        "Pas de données",
    )


def test_autosave_wants_a_json_object_and_a_csrf_token(
    app: Flask, world: World, draft: Assessment
) -> None:
    client = client_for(app, world.alice)
    url = f"/positionnements/{draft.id}/reponses/INT-ID-01"
    assert client.post(url, json=[1, 2], headers={"X-CSRFToken": token(client)}).status_code == 400
    assert client.post(url, json={"level": 3, "revision": 0}).status_code == 400  # no token
    assert db.session.scalars(select(AnswerRecord)).all() == []


def test_unknown_or_inapplicable_criterion_is_404(
    app: Flask, world: World, draft: Assessment
) -> None:
    client = client_for(app, world.alice)
    assert save(client, draft.id, "NOPE-01", 0, level=3).status_code == 404
    assert save(client, draft.id, "INT-ID-02", 0, level=3).status_code == 404  # ressource only


def test_page_save_without_javascript(app: Flask, world: World, draft: Assessment) -> None:
    client = client_for(app, world.alice)
    url = PAGE.format(id=draft.id, ref="interoperabilite")
    fields = page_fields(client.get(url).get_data(as_text=True))
    fields.update(
        {
            "c-INT-ID-01-level": "3",
            "c-INT-ID-01-evidence": "https://example.org/sso\r\nhttps://example.org/doc",
            "c-INT-DATA-01-comment": "Export CSV\r\nsur demande",
            "csrf_token": token(client),
        }
    )
    response = client.post(url, data=fields)
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    page = client.get(url).get_data(as_text=True)
    assert "2 réponses enregistrées." in page
    assert _record(draft, "INT-ID-01").evidence == [
        "https://example.org/sso",
        "https://example.org/doc",
    ]
    assert _record(draft, "INT-DATA-01").comment == "Export CSV\nsur demande"
    # saving the page again untouched changes nothing
    fields = page_fields(page) | {"csrf_token": token(client)}
    client.post(url, data=fields)
    assert "Aucune modification" in client.get(url).get_data(as_text=True)
    assert _record(draft, "INT-ID-01").revision == 1


def test_save_and_next_goes_to_the_next_referentiel(
    app: Flask, world: World, draft: Assessment
) -> None:
    client = client_for(app, world.alice)
    url = PAGE.format(id=draft.id, ref="interoperabilite")
    fields = page_fields(client.get(url).get_data(as_text=True))
    response = client.post(url, data=fields | {"csrf_token": token(client), "go": "next"})
    assert response.headers["Location"].endswith(PAGE.format(id=draft.id, ref="securite"))


def test_page_save_shows_errors_next_to_fields_and_saves_the_rest(
    app: Flask, world: World, draft: Assessment
) -> None:
    client = client_for(app, world.alice)
    url = PAGE.format(id=draft.id, ref="interoperabilite")
    fields = page_fields(client.get(url).get_data(as_text=True))
    fields.update(
        {
            "c-INT-ID-01-not_applicable": "y",
            "c-INT-ID-01-comment": "mon commentaire",
            "c-INT-DATA-01-level": "2",
            "csrf_token": token(client),
        }
    )
    response = client.post(url, data=fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page
    assert 'href="#c-INT-ID-01-justification"' in page
    assert 'id="c-INT-ID-01-justification-error"' in page
    assert 'aria-describedby="c-INT-ID-01-justification-error"' in page
    assert "mon commentaire" in page  # what was typed stays on screen
    assert "1 réponse enregistrée." in page
    assert _record(draft, "INT-DATA-01").level == 2


def test_html_in_answers_is_shown_as_text(app: Flask, world: World, draft: Assessment) -> None:
    client = client_for(app, world.alice)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    save(client, draft.id, "INT-ID-01", 0, level=3, comment=hostile)
    save(client, draft.id, "INT-DATA-01", 0, not_applicable=True, justification=hostile)
    for url in (
        PAGE.format(id=draft.id, ref="interoperabilite"),
        f"/positionnements/{draft.id}",
        f"/positionnements/{draft.id}/soumettre",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page, url


def test_evidence_is_a_link_only_when_it_is_http(
    app: Flask, world: World, draft: Assessment
) -> None:
    client = client_for(app, world.alice)
    save(client, draft.id, "INT-ID-01", 0, level=3, evidence=["https://example.org/preuve"])
    # a value that did not come through the form (an import, an older version): never a link
    db.session.add(
        AnswerRecord(
            assessment_id=draft.id,
            criterion_id="SEC-HOM-01",
            level=3,
            evidence=["javascript:alert(1)"],
        )
    )
    db.session.commit()
    page = client.get(f"/positionnements/{draft.id}").get_data(as_text=True)
    assert (
        '<a href="https://example.org/preuve" rel="noopener noreferrer">'
        "https://example.org/preuve</a>" in page
    )
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page
