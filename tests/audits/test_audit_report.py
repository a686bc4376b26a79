"""The audit report (PDF): opinion, reservations, figures, reviewed criteria, threads."""

from __future__ import annotations

import io
from typing import Any

from flask import Flask
from pypdf import PdfReader

from tests.assessments.support import client_for

from .support import audited, message, opinion, review


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def test_the_report_says_the_opinion_figures_reviews_and_threads(app: Flask, world: Any) -> None:
    _assessment, audit_id, claire = audited(app, world)
    review(claire, audit_id, "INT-ID-01", 0, "conteste", 1, "SSO <absent> du contrat")
    review(claire, audit_id, "SEC-HOM-02", 0, "verifie", 4, "Chiffrement constaté")
    review(claire, audit_id, "INT-DATA-01", 0, "verifie", 2, "interne Q", shared=False)
    message(claire, audit_id, "INT-ID-01", "Quel fournisseur d'identité ?")
    fields = {
        "reservation-1-text": "Brancher ÉduConnect",
        "reservation-1-criteria": ["INT-ID-01"],
        "reservation-1-due": "2027-01-15",
    }
    assert opinion(claire, audit_id, "favorable_reserves", **fields).status_code == 303
    response = claire.get(f"/audits/{audit_id}/rapport.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _text(response.data)
    for expected in (
        "Rapport d'audit",
        "ENT Exemple",
        "Favorable avec réserves",
        "Brancher ÉduConnect",
        "15 janvier 2027",
        "Chiffres déclarés et audités",
        "SSO <absent> du contrat",  # escaped in the HTML, so printed as typed
        "Chiffrement constaté",
        "Quel fournisseur d'identité ?",
        "en attente de l'éditeur",
    ):
        assert expected in text, expected
    # the vendor's copy leaves out the comments not meant for it
    vendor_text = _text(client_for(app, world.alice).get(f"/audits/{audit_id}/rapport.pdf").data)
    assert "interne Q" in text and "interne Q" not in vendor_text
    assert "Favorable avec réserves" in vendor_text
