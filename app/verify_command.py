"""``flask --app wsgi verify FILE.pdf``: is this report one that was issued, and is it intact?

The command reads the edition document attached to the report, recomputes its fingerprint and
looks for the edition with that fingerprint. A report whose attachment was changed gives a
fingerprint that matches nothing. When the report is signed, the signature is checked too,
against the instance's certificate (``REPERE_SIGNING_CERT``) when it has one.

Exit codes (INTERFACES.md §4): 0 the report matches an edition (and its signature, if any,
is intact); 1 it matches none, or was altered; 2 it is not a readable report.
"""

from __future__ import annotations

import stat
from pathlib import Path

import click
from flask import current_app

from reports.signing import check_signature
from reports.verification import UnreadableReport, attached_edition

from .domain.fingerprint import (
    EditionDocumentError,
    fingerprint,
    read_edition_document,
    short_code,
)
from .positioning.editions import by_fingerprint, state_of

MAX_PDF_BYTES = 50 * 1024 * 1024
STATUS_WORDS = {
    "submitted": "submitted (not published)",
    "published": "published",
    "superseded": "superseded by edition {n}",
    "withdrawn": "withdrawn",
}


def read_pdf(path: Path) -> bytes:
    """The bytes of a regular file of reasonable size; exit 2 otherwise (never hangs)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise click.exceptions.Exit(_fail(f"{path}: cannot read: {exc.strerror}", 2)) from None
    if not stat.S_ISREG(info.st_mode):
        raise click.exceptions.Exit(_fail(f"{path}: not a regular file", 2))
    if info.st_size > MAX_PDF_BYTES:
        raise click.exceptions.Exit(_fail(f"{path}: larger than 50 MiB, not a report", 2))
    with path.open("rb") as stream:
        return stream.read(MAX_PDF_BYTES + 1)


def _fail(message: str, code: int) -> int:
    click.echo(message, err=True)
    return code


@click.command("verify")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def verify_command(file: Path) -> None:
    """Check that a PDF report matches an edition issued by this instance."""
    pdf = read_pdf(file)
    try:
        document = read_edition_document(attached_edition(pdf).raw)
    except (UnreadableReport, EditionDocumentError) as exc:
        raise click.exceptions.Exit(_fail(f"{file}: not a verifiable report: {exc}", 2)) from None
    full = fingerprint(document)
    assessment = by_fingerprint(full)
    if assessment is None:
        message = f"{file}: fingerprint {short_code(full)} matches no edition (altered or unknown)"
        raise click.exceptions.Exit(_fail(message, 1))
    state = state_of(assessment)
    snapshot = assessment.snapshot or {}
    status = STATUS_WORDS[state.status].format(n=state.superseded_by)
    click.echo(
        f"{file}: matches edition {assessment.edition} of «{snapshot['service']['name']}» "
        f"({snapshot['vendor']['name']}), code {short_code(full)}, status: {status}"
    )
    cert = current_app.config.get("SIGNING_CERT")
    signature = check_signature(pdf, Path(cert) if cert else None)
    if not signature.signed:
        click.echo("signature: none")
        return
    if not (signature.intact and signature.whole_document):
        raise click.exceptions.Exit(_fail(f"{file}: the signature does not cover this file", 1))
    if cert and not signature.trusted:
        message = f"{file}: signed by {signature.signer}, not by this instance's certificate"
        raise click.exceptions.Exit(_fail(message, 1))
    trust = (
        "this instance's certificate" if signature.trusted else "no certificate to check against"
    )
    click.echo(f"signature: intact, by {signature.signer} ({trust})")
