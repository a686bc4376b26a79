"""Reports a buyer can trust: stamped, verifiable at /verifier/<code>, a short version."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import load_workbook
from pypdf import PdfReader

from app.domain.fingerprint import fingerprint, read_edition_document
from app.extensions import db
from app.models import Assessment, Audit
from reports.verification import attached_edition
from tests.assessments.support import (
    World,
    client_for,
    new_assessment,
    publish_it,
    save,
    submit_it,
    token,
)
from tests.catalogue.support import BLOCKED, published_positioning
from tests.reports.support import decode_pdf_page

CODE = re.compile(r"[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}")


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_a_draft_report_says_brouillon_on_every_page(app: Flask, world: World) -> None:
    alice = client_for(app, world.alice)
    assessment = new_assessment(alice, world.service)
    save(alice, assessment.id, "INT-ID-01", 0, level=2)
    for path in ("rapport.pdf", "synthese.pdf"):
        response = alice.get(f"/positionnements/{assessment.id}/{path}")
        assert response.status_code == 200
        texts = pages(response.data)
        assert all("BROUILLON — document de travail" in text for text in texts), path
        assert not CODE.search(" ".join(texts))  # a draft has no verification code
        with pytest.raises(ValueError):
            attached_edition(response.data)  # nor an edition document


def test_a_published_report_carries_its_code_and_the_code_page_matches(
    app: Flask, world: World, tmp_path: Path
) -> None:
    assessment = published_positioning(app, world.alice, world.service, BLOCKED)
    alice = client_for(app, world.alice)
    pdf = alice.get(f"/positionnements/{assessment.id}/rapport.pdf").data
    text = " ".join(pages(pdf))
    assert "BROUILLON" not in text
    assert "Auto-positionnement déclaré par l'éditeur, non vérifié." in text
    assert "Édition 1" in text
    code = CODE.findall(text)[0]
    assert all(code in page for page in pages(pdf))  # cover and every footer
    assert (
        assessment.fingerprint is not None and code.replace("-", "") == assessment.fingerprint[:16]
    )
    # the attached edition document gives back the fingerprint
    document = read_edition_document(attached_edition(pdf).raw)
    assert fingerprint(document) == assessment.fingerprint
    # the QR code on the cover reads the verification address
    [address] = decode_pdf_page(pdf, tmp_path)
    assert address.endswith(f"/verifier/{code}")

    anonymous = app.test_client()
    page = anonymous.get(f"/verifier/{code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "ENT Exemple" in html and "Non conforme" in html and "Édition publiée" in html
    assert assessment.fingerprint in html
    authentic = anonymous.get(f"/verifier/{code}/rapport.pdf")
    assert authentic.status_code == 200 and code in " ".join(pages(authentic.data))
    # typed another way, the code leads to the same page
    assert anonymous.get(f"/verifier?code={code.upper().replace('-', ' ')}").status_code == 302


def test_the_synthesis_is_short_and_verifiable(app: Flask, world: World) -> None:
    assessment = published_positioning(app, world.alice, world.service, BLOCKED)
    response = client_for(app, world.alice).get(f"/positionnements/{assessment.id}/synthese.pdf")
    assert response.status_code == 200
    texts = pages(response.data)
    assert 1 <= len(texts) <= 2
    joined = " ".join(texts)
    assert "Synthèse du positionnement" in joined and "Non conforme" in joined
    assert "INT-ID-01" in joined  # its blocker
    assert CODE.search(joined)


def test_an_unknown_or_malformed_code_is_a_clear_404(app: Flask) -> None:
    client = app.test_client()
    for code in ("0000-0000-0000-0000", "not-a-code", "1" * 200):
        response = client.get(f"/verifier/{code}")
        assert response.status_code == 404
    form = client.get("/verifier?code=zz")
    assert form.status_code == 200 and "pas la bonne forme" in form.get_data(as_text=True)


def test_a_superseded_edition_says_so_at_its_code(app: Flask, world: World) -> None:
    first = published_positioning(app, world.alice, world.service, BLOCKED)
    alice = client_for(app, world.alice)
    response = alice.post(
        f"/positionnements/{first.id}/nouvelle-edition", data={"csrf_token": token(alice)}
    )
    assert response.status_code in (302, 303)
    db.session.expire_all()
    second = db.session.scalars(
        db.select(Assessment).where(Assessment.previous_id == first.id)
    ).one()
    assert submit_it(alice, second).status_code in (302, 303)
    code = (first.fingerprint or "")[:16]
    assert publish_it(alice, second).status_code == 303
    html = app.test_client().get(f"/verifier/{code}").get_data(as_text=True)
    assert "Édition remplacée" in html
    pdf_text = " ".join(pages(alice.get(f"/positionnements/{first.id}/rapport.pdf").data))
    assert "Remplacée par l'édition 2" in pdf_text


def test_exports_say_which_edition_they_are(app: Flask, world: World) -> None:
    assessment = published_positioning(app, world.alice, world.service, BLOCKED)
    alice = client_for(app, world.alice)
    book = load_workbook(
        io.BytesIO(alice.get(f"/positionnements/{assessment.id}/export.xlsx").data)
    )
    about = dict(book.worksheets[0].iter_rows(values_only=True))
    assert about["Statut du document"] == "Édition publiée" and about["Édition"] == "1"
    assert about["Empreinte SHA-256"] == assessment.fingerprint
    assert about["Statut de la grille"] == "grille officielle"  # words, not "official"
    criteria = list(book["Critères"].iter_rows(values_only=True))
    assert criteria[1][0] == "Interopérabilité"  # titles, not slugs
    csv_text = alice.get(f"/positionnements/{assessment.id}/export.csv").get_data(as_text=True)
    assert f"Empreinte SHA-256;{assessment.fingerprint}" in csv_text


def test_an_audit_opinion_replaces_the_self_declared_notice(app: Flask, world: World) -> None:
    assessment = published_positioning(app, world.alice, world.service, BLOCKED)
    opinion_at = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)
    db.session.add(
        Audit(
            organisation_id=world.claire.organisation_id,
            assessment_id=assessment.id,
            opened_by_id=world.claire.id,
            opinion="favorable_reserves",
            opinion_at=opinion_at,
            opinion_by_id=world.claire.id,
        )
    )
    db.session.commit()
    alice = client_for(app, world.alice)
    for path in ("rapport.pdf", "synthese.pdf"):
        text = " ".join(pages(alice.get(f"/positionnements/{assessment.id}/{path}").data))
        collectivite = world.claire.organisation.name
        assert f"Audité par {collectivite}" in text, path
        assert "Avis favorable avec réserves (3 décembre 2026)" in text
        assert "non vérifié" not in text
