"""A submitted edition's identity: its fingerprint, its verification code, its status today.

At submission, the edition is sealed: its fingerprint is the SHA-256 of one canonical
document (``domain.fingerprint``) made from its snapshot: the answers in ``repere/answers@1``,
the grid version's content hash, and the edition's metadata. The document is attached to the
edition's reports, so anyone can recompute the fingerprint and find the edition again
(``/verifier/<code>``, ``flask verify``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select

from ..domain import fingerprint as fp
from ..extensions import db
from ..models import Assessment, CatalogueEntry

Status = Literal["draft", "submitted", "published", "superseded", "withdrawn"]


def edition_document(assessment: Assessment) -> dict[str, Any] | None:
    """The canonical document of a frozen edition (None for a draft or without snapshot)."""
    snapshot = assessment.snapshot
    if not assessment.frozen or not snapshot or assessment.submitted_at is None:
        return None
    edition = {
        "positioning": assessment.id,
        "edition": assessment.edition,
        "service": assessment.service_id,
        "submitted_at": assessment.submitted_at.isoformat(),
    }
    return fp.edition_document(snapshot["answers"], snapshot["grid"]["sha256"], edition)


def seal(assessment: Assessment) -> None:
    """Give a just-submitted edition its fingerprint and code (the caller commits)."""
    document = edition_document(assessment)
    if document is None:
        raise ValueError("only a submitted edition with its snapshot can be sealed")
    full = fp.fingerprint(document)
    assessment.fingerprint = full
    assessment.verification_code = full[: fp.CODE_LENGTH]


def by_code(code: str) -> Assessment | None:
    """The edition whose code is ``code`` (as typed: any case, dashes or spaces)."""
    compact = fp.parse_code(code)
    if compact is None:
        return None
    return db.session.scalars(
        select(Assessment).where(Assessment.verification_code == compact)
    ).first()


def by_fingerprint(full: str) -> Assessment | None:
    """The edition whose whole fingerprint is ``full``."""
    return db.session.scalars(select(Assessment).where(Assessment.fingerprint == full)).first()


@dataclass(frozen=True)
class EditionState:
    """Where an edition stands today."""

    status: Status
    superseded_by: int | None = None  # the edition number that replaced it in the catalogue


def state_of(assessment: Assessment) -> EditionState:
    """Draft, submitted, published, superseded (a newer edition is listed) or withdrawn."""
    if assessment.status in ("draft", "submitted", "withdrawn"):
        return EditionState(assessment.status)  # type: ignore[arg-type]
    listed = db.session.scalars(
        select(CatalogueEntry).where(CatalogueEntry.service_id == assessment.service_id)
    ).first()
    if listed is not None and listed.edition > assessment.edition:
        return EditionState("superseded", listed.edition)
    return EditionState("published")
