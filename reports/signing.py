"""Signed reports: a PAdES signature with the instance's key, and checking one.

An instance that has a key and its certificate (PEM files, ``REPERE_SIGNING_KEY`` and
``REPERE_SIGNING_CERT``) signs every report it issues, so PDF readers show who issued it and
that it was not changed since. Without a key, nothing is signed and nothing else changes.
pyHanko does the work, through its public API only.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

FIELD_NAME = "Repere"


class SigningError(ValueError):
    """The signing key or certificate cannot be used."""


@dataclass(frozen=True)
class SigningIdentity:
    """Where the instance's key and certificate are (PEM files)."""

    key_file: Path
    cert_file: Path


def sign_pdf(pdf: bytes, identity: SigningIdentity, reason: str) -> bytes:
    """``pdf`` with a PAdES signature by ``identity`` added as an incremental update."""
    try:
        signer = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
            str(identity.key_file), str(identity.cert_file)
        )
    except (OSError, ValueError) as exc:
        raise SigningError(f"cannot load the signing key or certificate: {exc}") from None
    if signer is None:
        raise SigningError("cannot load the signing key or certificate")
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    output = signers.sign_pdf(writer, meta, signer=signer)
    signed: bytes = output.getvalue()
    return signed


@dataclass(frozen=True)
class SignatureCheck:
    """What a report's signature says: present, intact, by a trusted certificate."""

    signed: bool
    intact: bool = False  # the signed bytes were not changed
    whole_document: bool = False  # nothing was added after the signature
    trusted: bool = False  # the signer's certificate is the instance's (or chains to it)
    signer: str = ""


def check_signature(pdf: bytes, trusted_cert_file: Path | None) -> SignatureCheck:
    """Check the last signature of ``pdf`` against the instance's certificate, if given."""
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        return SignatureCheck(signed=False)
    roots: list[Any] = []  # asn1crypto certificates (untyped)
    if trusted_cert_file is not None:
        roots.append(load_cert_from_pemder(str(trusted_cert_file)))  # type: ignore[no-untyped-call]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    embedded = signatures[-1]
    status = validate_pdf_signature(embedded, context)
    coverage = status.coverage
    whole = coverage is not None and coverage.name == "ENTIRE_FILE"
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        whole_document=whole,
        trusted=bool(status.trusted) and trusted_cert_file is not None,
        signer=status.signing_cert.subject.human_friendly,
    )
