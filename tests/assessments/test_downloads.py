"""The report and exports of a positioning, downloaded from its page."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import Flask
from openpyxl import load_workbook
from pypdf import PdfReader

from app.domain.answers import parse_answers

from .support import build_world, client_for, new_assessment, save


def test_a_positioning_page_offers_its_report_and_exports(
    app: Flask, make_org: Any, make_user: Any
) -> None:
    world = build_world(make_org, make_user)
    client = client_for(app, world.alice)
    assessment = new_assessment(client, world.service)
    assert (
        save(client, assessment.id, "INT-ID-01", level=1, comment='=HYPERLINK("x")').status_code
        == 200
    )
    assert save(client, assessment.id, "SEC-HOM-01", level=4).status_code == 200
    page = client.get(f"/positionnements/{assessment.id}").get_data(as_text=True)
    for link in ("rapport.pdf", "export.xlsx", "export.csv", "export.json"):
        assert f"/positionnements/{assessment.id}/{link}" in page

    pdf = client.get(f"/positionnements/{assessment.id}/rapport.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"] == (
        'attachment; filename="repere-ent-exemple-edition-1.pdf"'
    )
    assert "no-store" in pdf.headers["Cache-Control"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "ENT Exemple" in text and "28 février 2027" in text
    assert "INT-ID-01" in text  # a blocker in the action plan

    exported = client.get(f"/positionnements/{assessment.id}/export.json")
    answers = parse_answers(exported.get_data(as_text=True))
    assert answers.answers["INT-ID-01"].level == 1 and answers.service.name == "ENT Exemple"
    assert json.loads(exported.data)["format"] == "repere/answers@1"

    sheet = load_workbook(
        io.BytesIO(client.get(f"/positionnements/{assessment.id}/export.xlsx").data)
    )
    about = dict(sheet.worksheets[0].iter_rows(values_only=True))  # first: what it is
    assert about["Statut du document"] == "BROUILLON — document de travail"
    values = [c.value for row in sheet["Critères"].iter_rows() for c in row]
    assert "INT-ID-01" in values
    cells = [
        c
        for row in sheet["Critères"].iter_rows()
        for c in row
        if c.value and "HYPERLINK" in str(c.value)
    ]
    assert cells and all(c.data_type == "s" for c in cells)  # text, never a formula

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/positionnements/{assessment.id}/export.csv").get_data(as_text=True)
            ),
            delimiter=";",
        )
    )
    assert rows[0] == ["\ufeffStatut du document", "BROUILLON — document de travail"]
    assert any("INT-ID-01" in row for row in rows)
    assert not any(cell.startswith("=") for row in rows for cell in row)

    assert client.get(f"/positionnements/{assessment.id}/export.exe").status_code == 404


def test_another_vendor_cannot_download_a_draft(app: Flask, make_org: Any, make_user: Any) -> None:
    world = build_world(make_org, make_user)
    assessment = new_assessment(client_for(app, world.alice), world.service)
    bob = client_for(app, world.bob)
    for path in ("rapport.pdf", "export.xlsx", "export.csv", "export.json"):
        assert bob.get(f"/positionnements/{assessment.id}/{path}").status_code == 404
