"""The synthesis: one or two pages that say what they are, and can be checked."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from reports.edition import DRAFT, AuditOpinion, EditionStamp
from reports.pdf import html_to_pdf
from reports.qr import qr_data_url
from reports.synthesis import render_synthesis_html
from tests.reports.support import SAMPLE_ANSWERS, answers_data, decode_pdf_page, normalise

ADDRESS = "https://repere.example/verifier/1a2b-3c4d-5e6f-7a8b"
PUBLISHED = EditionStamp(
    status="published",
    edition=2,
    submitted_text="1 décembre 2026",
    published_text="2 décembre 2026",
    code="1a2b-3c4d-5e6f-7a8b",
    verify_url=ADDRESS,
    qr_data_url=qr_data_url(ADDRESS),
)


def pages_text(pdf: bytes) -> list[str]:
    return [normalise(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def synthesis(render: Callable[..., Any], stamp: EditionStamp, **service: Any) -> bytes:
    report = render(answers_data(SAMPLE_ANSWERS, **service)).report
    return html_to_pdf(render_synthesis_html(dataclasses.replace(report, stamp=stamp)))


def test_a_draft_says_so_on_every_page(render: Callable[..., Any]) -> None:
    pages = pages_text(synthesis(render, DRAFT))
    assert 1 <= len(pages) <= 2
    assert all("BROUILLON — document de travail" in page for page in pages)
    assert "Code de vérification" not in " ".join(pages)


def test_a_published_edition_prints_its_stamp_figures_and_code(
    render: Callable[..., Any], tmp_path: Path
) -> None:
    pdf = synthesis(render, PUBLISHED)
    pages = pages_text(pdf)
    text = " ".join(pages)
    assert len(pages) <= 2 and "BROUILLON" not in text
    assert "Édition 2" in text and "publiée le 2 décembre 2026" in text
    assert "Auto-positionnement déclaré par l'éditeur, non vérifié." in text
    assert "Non conforme" in text and "INT-ID-01" in text  # the verdict and its blocker
    assert "Bloquants : exigences attendues de l'arrêté (1)" in text  # not yet law
    assert all("1a2b-3c4d-5e6f-7a8b" in page for page in pages)  # on the cover and footer
    assert ADDRESS in text.replace(" ", "")  # the address may wrap at a slash
    assert decode_pdf_page(pdf, tmp_path) == [ADDRESS]


def test_superseded_withdrawn_and_audited_editions_say_so(render: Callable[..., Any]) -> None:
    superseded = EditionStamp(**{**PUBLISHED.__dict__, "status": "superseded", "superseded_by": 3})
    assert "Remplacée par l'édition 3" in " ".join(pages_text(synthesis(render, superseded)))
    withdrawn = EditionStamp(
        **{**PUBLISHED.__dict__, "status": "withdrawn", "withdrawn_text": "3 décembre 2026"}
    )
    assert "Retirée le 3 décembre 2026" in " ".join(pages_text(synthesis(render, withdrawn)))
    opinion = AuditOpinion("Région Exemple", "Favorable avec réserves", "4 décembre 2026")
    audited = EditionStamp(**{**PUBLISHED.__dict__, "audit": opinion})
    text = " ".join(pages_text(synthesis(render, audited)))
    assert "Audité par Région Exemple : Favorable avec réserves (4 décembre 2026)" in text
    assert "non vérifié" not in text


def test_what_the_vendor_wrote_is_escaped(render: Callable[..., Any]) -> None:
    hostile = '<img src="https://evil.example/x.png"> & <b>ENT</b>'
    text = " ".join(pages_text(synthesis(render, DRAFT, name=hostile)))
    assert '<img src="https://evil.example/x.png"> & <b>ENT</b>' in text  # written, not obeyed
