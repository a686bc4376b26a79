"""What an audit page and its report show: rows per criterion, declared and audited figures.

Both sets of figures come from ``domain.scoring.score``: the declared answers, and the same
answers with each reviewed level in place of the declared one.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app
from sqlalchemy import select

from ..domain.answers import Answer
from ..domain.grid import Axis, Criterion, Grid, Referentiel
from ..domain.scoring import Score, score
from ..extensions import db
from ..grid_registry import get_catalogue
from ..models import Audit, AuditMessage, AuditReservation
from .editions import (
    ChangedAnswer,
    DeclaredEdition,
    changed_answers,
    declared_edition,
    newer_editions,
)
from .reviews import ReviewValue, StoredReview, audited_answers, load_reviews
from .rules import Role
from .threads import awaiting_vendor, threads_of


@dataclass(frozen=True)
class Row:
    """One criterion of the audit: the declared answer, its review, its thread."""

    referentiel: Referentiel
    axis: Axis
    criterion: Criterion
    declared: Answer | None
    review: ReviewValue
    revision: int
    thread: list[AuditMessage]
    open_request: bool

    @property
    def na_mandatory(self) -> bool:
        """Answered "non applicable" although mandatory: shown first, to be checked."""
        return (
            self.criterion.mandatory and self.declared is not None and self.declared.not_applicable
        )


@dataclass(frozen=True)
class AuditView:
    audit: Audit
    role: Role
    grid: Grid
    edition: DeclaredEdition
    rows: list[Row]
    declared: Score
    audited: Score
    reservations: list[AuditReservation]
    newer: DeclaredEdition | None
    changes: list[ChangedAnswer]

    def referentiel_title(self, referentiel_id: str, language: str) -> str:
        referentiel = next(r for r in self.grid.referentiels if r.id == referentiel_id)
        return referentiel.title.get(language)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.review.status] = counts.get(row.review.status, 0) + 1
        return counts


def grid_for(edition: DeclaredEdition) -> Grid:
    grid = get_catalogue(current_app).get(edition.grid_id, edition.grid_version)
    if grid is None:
        abort(404)
    return grid


def _visible(review: ReviewValue, role: Role) -> ReviewValue:
    """The vendor reads the comments meant for it only."""
    if role == "vendor" and not review.shared:
        return ReviewValue(review.status, review.level, "", False)
    return review


def build_view(audit: Audit, role: Role) -> AuditView:
    """Everything an audit's page or report shows, for the user's part in it."""
    edition = declared_edition(audit.assessment)
    grid = grid_for(edition)
    reviews = load_reviews(audit.id)
    threads = threads_of(audit.id)
    rows = []
    for referentiel, axis, criterion in grid.placed_criteria:
        if not criterion.applies_to(edition.category, edition.audience):
            continue
        stored = reviews.get(criterion.id) or StoredReview(ReviewValue(), 0)
        thread = threads.get(criterion.id, [])
        rows.append(
            Row(
                referentiel,
                axis,
                criterion,
                edition.answers.get(criterion.id),
                _visible(stored.value, role),
                stored.revision,
                thread,
                awaiting_vendor(thread, audit.organisation_id),
            )
        )
    rows.sort(key=lambda row: not row.na_mandatory)  # stable: grid order otherwise
    later = newer_editions(audit.assessment)
    newer = declared_edition(later[-1]) if later else None
    reservations = list(
        db.session.scalars(
            select(AuditReservation)
            .where(AuditReservation.audit_id == audit.id)
            .order_by(AuditReservation.due_date, AuditReservation.id)
        )
    )
    return AuditView(
        audit=audit,
        role=role,
        grid=grid,
        edition=edition,
        rows=rows,
        declared=score(grid, edition.answers, edition.category, edition.audience),
        audited=score(
            grid, audited_answers(edition.answers, reviews), edition.category, edition.audience
        ),
        reservations=reservations,
        newer=newer,
        changes=changed_answers(edition, newer) if newer else [],
    )
