"""Publishing, withdrawing, and the catalogue's row of each service.

The catalogue lists, per service, its vendor's latest published positioning. Its row
(``CatalogueEntry``) is copied from that edition's snapshot whenever an edition of the
service is published or withdrawn; figures come from the snapshot's score (the domain's
``score_to_json``), never from a formula here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from sqlalchemy import delete, select, update

from .. import journal
from ..domain.catalogue import Catalogue
from ..domain.grid import Grid
from ..domain.scoring import score
from ..extensions import db
from ..models import Assessment, CatalogueEntry, CatalogueMaturity, Service, User, utcnow
from .editions import seal
from .lifecycle import StaleError
from .records import answers_of, score_of
from .snapshots import take_snapshot


class IncompleteError(Exception):
    """Criteria are unanswered and the vendor has not said it publishes it incomplete."""


def fold(text: str) -> str:
    """Text as the catalogue's search compares it: no accents, case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def frozen_figures(assessment: Assessment) -> dict[str, Any]:
    """The score fixed at submission (the snapshot's, else the stored ``frozen_score``)."""
    if assessment.snapshot:
        score: dict[str, Any] = assessment.snapshot["score"]
        return score
    return dict(assessment.frozen_score or {})


def unanswered_of(assessment: Assessment) -> list[str]:
    """The applicable criteria left unanswered in the frozen score."""
    return list(frozen_figures(assessment).get("unanswered") or ())


def ensure_snapshot(assessment: Assessment, grid: Grid) -> None:
    """Give a positioning frozen before snapshots existed the snapshot it lacks: its answers
    no longer change; its service is described as it is now (the best there is)."""
    if assessment.snapshot is None and assessment.frozen:
        answers = answers_of(assessment)
        assessment.snapshot = take_snapshot(
            assessment, grid, answers, score_of(assessment, grid, answers)
        )
    if assessment.frozen and assessment.snapshot is not None and assessment.fingerprint is None:
        seal(assessment)
    db.session.commit()


def publish(assessment: Assessment, user: User, *, incomplete_ack: bool = False) -> None:
    """Publish a submitted positioning: it enters the catalogue, replacing the service's
    older published edition there. With unanswered criteria, only when ``incomplete_ack``.

    Raises IncompleteError, or StaleError when it is not a submitted positioning any more.
    """
    incomplete = bool(unanswered_of(assessment))
    if incomplete and not incomplete_ack:
        raise IncompleteError
    result = db.session.execute(
        update(Assessment)
        .where(Assessment.id == assessment.id, Assessment.status == "submitted")
        .values(status="published", published_at=utcnow(), incomplete_ack=incomplete)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise StaleError
    journal.record(
        user,
        "assessment.publish",
        "assessment",
        assessment.id,
        organisation_id=assessment.organisation_id,
        before={"status": "submitted"},
        after={"status": "published", "incomplete": incomplete},
    )
    db.session.flush()
    db.session.refresh(assessment)
    refresh_listing(assessment.service_id)
    db.session.commit()


def withdraw(assessment: Assessment, user: User) -> None:
    """Withdraw a published positioning: it leaves the catalogue (the service's previous
    published edition, if any, is listed again); its page says it was withdrawn."""
    result = db.session.execute(
        update(Assessment)
        .where(Assessment.id == assessment.id, Assessment.status == "published")
        .values(status="withdrawn", withdrawn_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise StaleError
    journal.record(
        user,
        "assessment.withdraw",
        "assessment",
        assessment.id,
        organisation_id=assessment.organisation_id,
        before={"status": "published"},
        after={"status": "withdrawn"},
    )
    db.session.flush()
    db.session.refresh(assessment)
    refresh_listing(assessment.service_id)
    db.session.commit()


def latest_published(service: Service) -> Assessment | None:
    """The vendor's latest published positioning of ``service``, whatever the grid version."""
    return db.session.scalars(
        select(Assessment)
        .where(
            Assessment.service_id == service.id,
            Assessment.organisation_id == service.organisation_id,
            Assessment.audience == "editeur",
            Assessment.status == "published",
            Assessment.snapshot.is_not(None),
        )
        .order_by(Assessment.published_at.desc(), Assessment.id.desc())
        .limit(1)
    ).first()


def refresh_listing(service_id: int) -> None:
    """Make the service's catalogue row that of its latest published edition (or none)."""
    service = db.session.get(Service, service_id)
    if service is None:
        return
    latest = latest_published(service)
    listed = db.session.scalar(
        select(CatalogueEntry.assessment_id).where(CatalogueEntry.service_id == service_id)
    )
    if latest is not None and listed == latest.id:
        return
    if listed is not None:
        db.session.execute(
            delete(CatalogueMaturity).where(CatalogueMaturity.assessment_id == listed)
        )
        db.session.execute(delete(CatalogueEntry).where(CatalogueEntry.assessment_id == listed))
    if latest is not None:
        db.session.add(entry_of(latest))
    db.session.flush()


def _deadline(score: dict[str, Any]) -> dt.date | None:
    date = (score.get("deadline") or {}).get("date")
    return dt.date.fromisoformat(date) if date else None


def entry_of(assessment: Assessment) -> CatalogueEntry:
    """The catalogue row of a published positioning, copied from its snapshot."""
    snapshot = assessment.snapshot or {}
    score = snapshot["score"]
    service_name = snapshot["service"]["name"]
    vendor_name = snapshot["vendor"]["name"]
    assert assessment.published_at is not None
    entry = CatalogueEntry(
        assessment_id=assessment.id,
        service_id=assessment.service_id,
        organisation_id=assessment.organisation_id,
        service_name=service_name,
        vendor_name=vendor_name,
        search_text=fold(f"{service_name} {vendor_name}")[:420],
        category=snapshot["service"]["category"],
        grid_id=snapshot["grid"]["id"],
        grid_version=snapshot["grid"]["version"],
        grid_status=snapshot["grid"]["status"],
        edition=assessment.edition,
        verdict=score["verdict"],
        blockers_count=len(score.get("blockers") or ()),
        incomplete=bool(score.get("unanswered")),
        maturity=score.get("maturity"),
        conformity_rate=score.get("conformity_rate"),
        deadline=_deadline(score),
        published_at=assessment.published_at,
    )
    entry.maturities = [
        CatalogueMaturity(referentiel_id=ref_id, position=position, maturity=ref.get("maturity"))
        for position, (ref_id, ref) in enumerate((score.get("referentiels") or {}).items())
    ]
    return entry


def refresh_deadlines(catalogue: Catalogue) -> int:
    """Bring the catalogue's deadlines up to date with the arrêtés as the grids say today;
    return how many rows changed. The committer is the caller (``flask grids sync``).

    A row's deadline is copied from the snapshot at publication; an arrêté published since
    moves it, as it moves the deadline on the edition's own page. The figures stay frozen: a
    deadline depends only on the grid's arrêtés and the service's category, never on answers.
    """
    groups = db.session.execute(
        select(
            CatalogueEntry.grid_id, CatalogueEntry.grid_version, CatalogueEntry.category
        ).distinct()
    ).all()
    changed = 0
    for grid_id, version, category in groups:
        grid = catalogue.get(grid_id, version)
        if grid is None:
            continue
        deadline = score(grid, {}, category, "editeur").deadline  # the catalogue's: vendors'
        result = db.session.execute(
            update(CatalogueEntry)
            .where(
                CatalogueEntry.grid_id == grid_id,
                CatalogueEntry.grid_version == version,
                CatalogueEntry.category == category,
                CatalogueEntry.deadline.is_distinct_from(deadline),
            )
            .values(deadline=deadline)
        )
        changed += result.rowcount
    return changed
