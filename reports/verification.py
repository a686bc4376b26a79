"""Reading a report someone received: its attached edition document and its signature.

A submitted or published report carries, attached, the edition document whose SHA-256 is the
edition's fingerprint (``app.domain.fingerprint``). Reading it back needs nothing but the PDF:
the fingerprint is recomputed from the attachment, never read from the page, so a changed
attachment gives a fingerprint that matches no edition.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError

EDITION_ATTACHMENT = "edition.json"
MAX_ATTACHMENT = 8 * 1024 * 1024


class UnreadableReport(ValueError):
    """Not a PDF, or a PDF without a readable edition document."""


@dataclass(frozen=True)
class AttachedEdition:
    """The edition document attached to a report, as bytes (parsed by the domain)."""

    raw: bytes


def attached_edition(pdf: bytes) -> AttachedEdition:
    """The edition document attached to ``pdf``; :class:`UnreadableReport` if there is none."""
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        attachments = reader.attachments
        contents = attachments.get(EDITION_ATTACHMENT)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableReport(f"not a readable PDF: {exc}") from None
    if not contents:
        raise UnreadableReport(f"no {EDITION_ATTACHMENT} is attached to this PDF")
    if len(contents) > 1:
        raise UnreadableReport(f"several {EDITION_ATTACHMENT} are attached to this PDF")
    raw = contents[0]
    if len(raw) > MAX_ATTACHMENT:
        raise UnreadableReport(f"{EDITION_ATTACHMENT} is too large")
    return AttachedEdition(raw)
