"""What a report says about itself: a working draft, or which edition, when, and its status.

A draft's report carries "BROUILLON — document de travail" on every page. A submitted or
published edition's report carries its edition number, its dates, its status when printed
(superseded, withdrawn), the code that verifies it and the QR code of its verification
address. The cover says plainly that the positioning is the vendor's own declaration, unless
a collectivité's audit gave an opinion on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EditionStatus = Literal["draft", "submitted", "published", "superseded", "withdrawn"]


@dataclass(frozen=True)
class AuditOpinion:
    """A collectivité's opinion on the edition, as the cover names it."""

    collectivite: str
    opinion: str  # already in the report's language: "Favorable avec réserves"
    date_text: str


@dataclass(frozen=True)
class EditionStamp:
    """The status stamp of a report. Texts are already in the report's language."""

    status: EditionStatus
    edition: int | None = None
    submitted_text: str | None = None  # "2 décembre 2026"
    published_text: str | None = None
    superseded_by: int | None = None  # the edition that replaced this one
    withdrawn_text: str | None = None
    fingerprint: str | None = None  # the SHA-256 of the edition document, 64 hex characters
    code: str | None = None  # its first 16, by four: "1a2b-3c4d-5e6f-7a8b"
    verify_url: str | None = None  # the address the code and the QR lead to
    qr_data_url: str | None = None  # the QR code, an SVG data: URL (nothing fetched)
    audit: AuditOpinion | None = None
    vendor_declared: bool = True  # the audience answering is the vendor

    @property
    def draft(self) -> bool:
        return self.status == "draft"


DRAFT = EditionStamp(status="draft")
