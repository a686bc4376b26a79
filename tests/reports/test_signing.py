"""Signed reports: a reader can tell who issued a report and that it was not changed."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from reports.signing import SigningError, SigningIdentity, check_signature, sign_pdf
from tests.reports.certificates import make_identity
from tests.reports.support import answers_data


@pytest.fixture
def report_pdf(render: Callable[..., object]) -> bytes:
    rendered = render(answers_data())
    pdf: bytes = rendered.pdf  # type: ignore[attr-defined]
    return pdf


def test_a_signed_report_names_its_issuer_and_is_intact(tmp_path: Path, report_pdf: bytes) -> None:
    key, cert = make_identity(tmp_path)
    signed = sign_pdf(report_pdf, SigningIdentity(key, cert), "Rapport Repère")
    check = check_signature(signed, cert)
    assert check.signed and check.intact and check.whole_document and check.trusted
    assert "Repère test instance" in check.signer
    # still the same report: every page and its text are there
    assert len(PdfReader(io.BytesIO(signed)).pages) == len(PdfReader(io.BytesIO(report_pdf)).pages)


def test_an_unsigned_report_says_so(report_pdf: bytes) -> None:
    assert check_signature(report_pdf, None).signed is False


def test_another_instance_certificate_is_not_trusted(tmp_path: Path, report_pdf: bytes) -> None:
    key, cert = make_identity(tmp_path, "Someone else")
    _, ours = make_identity(tmp_path, "Repère test instance")
    check = check_signature(sign_pdf(report_pdf, SigningIdentity(key, cert), "x"), ours)
    assert check.signed and check.intact and not check.trusted


def test_changed_bytes_break_the_signature(tmp_path: Path, report_pdf: bytes) -> None:
    key, cert = make_identity(tmp_path)
    signed = bytearray(sign_pdf(report_pdf, SigningIdentity(key, cert), "x"))
    # change one byte of the page content inside the signed range (a digit of the first stream)
    position = signed.index(b"stream") + 20
    signed[position] = ord("0") if signed[position] != ord("0") else ord("1")
    assert not check_signature(bytes(signed), cert).intact


def test_a_page_added_after_signing_is_noticed(tmp_path: Path, report_pdf: bytes) -> None:
    key, cert = make_identity(tmp_path)
    signed = sign_pdf(report_pdf, SigningIdentity(key, cert), "x")
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    check = check_signature(out.getvalue(), cert)
    assert check.signed and not check.whole_document


def test_an_unreadable_key_is_a_clear_error(tmp_path: Path, report_pdf: bytes) -> None:
    bad = tmp_path / "key.pem"
    bad.write_text("not a key")
    _, cert = make_identity(tmp_path)
    with pytest.raises(SigningError):
        sign_pdf(report_pdf, SigningIdentity(bad, cert), "x")
