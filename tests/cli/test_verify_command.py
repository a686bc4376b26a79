"""`flask verify FILE.pdf`: a buyer's or a collectivité's script checks a report it received."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from flask import Flask
from pypdf import PdfReader, PdfWriter

from app.domain.fingerprint import canonical_json
from reports.verification import attached_edition
from tests.assessments.support import World, client_for
from tests.catalogue.support import BLOCKED, published_positioning
from tests.reports.certificates import make_identity


def verify(app: Flask, path: Path) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["verify", str(path)])
    return result.exit_code, result.output


def published_pdf(app: Flask, world: World, folder: Path) -> Path:
    assessment = published_positioning(app, world.alice, world.service, BLOCKED)
    pdf = client_for(app, world.alice).get(f"/positionnements/{assessment.id}/rapport.pdf").data
    path = folder / "rapport.pdf"
    path.write_bytes(pdf)
    return path


def with_attachment(pdf: bytes, name: str, content: bytes) -> bytes:
    """The same pages, with ``content`` as the only attachment ``name``."""
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer.add_page(page)
    writer.add_attachment(name, content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_published_report_matches_its_edition(app: Flask, world: World, tmp_path: Path) -> None:
    code, output = verify(app, published_pdf(app, world, tmp_path))
    assert code == 0, output
    assert "matches edition 1" in output and "ENT Exemple" in output
    assert "status: published" in output and "signature: none" in output


def test_a_tampered_attachment_fails(app: Flask, world: World, tmp_path: Path) -> None:
    path = published_pdf(app, world, tmp_path)
    pdf = path.read_bytes()
    document = json.loads(attached_edition(pdf).raw)
    document["answers"]["answers"]["INT-ID-01"]["level"] = 4  # the blocker made to disappear
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(with_attachment(pdf, "edition.json", canonical_json(document)))
    code, output = verify(app, tampered)
    assert code == 1 and "matches no edition" in output
    untouched = tmp_path / "copy.pdf"
    untouched.write_bytes(with_attachment(pdf, "edition.json", attached_edition(pdf).raw))
    assert verify(app, untouched)[0] == 0  # the same document re-attached still matches


def test_what_is_not_a_report_exits_2_at_once(app: Flask, tmp_path: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("not a pdf")
    fifo = tmp_path / "fifo.pdf"
    os.mkfifo(fifo)
    for path in (text, Path("/dev/zero"), fifo, tmp_path / "missing.pdf", tmp_path):
        code, output = verify(app, path)
        assert code == 2, (path, output)


def test_a_signed_report_is_checked_against_the_instance_certificate(
    app: Flask, world: World, tmp_path: Path
) -> None:
    key, cert = make_identity(tmp_path)
    app.config.update(SIGNING_KEY=str(key), SIGNING_CERT=str(cert))
    path = published_pdf(app, world, tmp_path)
    code, output = verify(app, path)
    assert code == 0 and "signature: intact, by" in output and "Repère test instance" in output
    # a page added after signing: the fingerprint still matches, the signature does not cover it
    writer = PdfWriter(io.BytesIO(path.read_bytes()), incremental=True)
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    grown = tmp_path / "grown.pdf"
    grown.write_bytes(out.getvalue())
    code, output = verify(app, grown)
    assert code == 1 and "does not cover" in output
    # another instance's key
    other_key, other_cert = make_identity(tmp_path, "Someone else")
    app.config.update(SIGNING_KEY=str(other_key), SIGNING_CERT=str(other_cert))
    assert verify(app, path)[0] == 1
