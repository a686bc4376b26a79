"""A published positioning as the public sees it, read from its snapshot only.

Everything here is read from the snapshot taken at submission (service, vendor, grid
version, answers, score): today's rows of the service or the answers are never read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .display import lang
from .domain.answers import Answer
from .domain.deadlines import format_date, in_paris
from .domain.grid import Axis, Criterion, Grid, Referentiel
from .domain.scoring import score
from .extensions import db
from .grid_registry import get_catalogue
from .models import Assessment, CatalogueEntry

VERDICT_SYMBOLS = {"conforme": "✓", "incomplet": "…", "non_conforme": "✗"}
BLOCKER_SYMBOL = "⚠"
PUBLIC_STATUSES = ("published", "withdrawn")
CATEGORY_FALLBACK = _l("Catégorie inconnue")


@dataclass(frozen=True)
class Line:
    """One criterion of a published positioning, with its answer (None: unanswered)."""

    referentiel: Referentiel
    axis: Axis
    criterion: Criterion
    answer: Answer | None
    blocker: bool


@dataclass(frozen=True)
class Published:
    """A published (or withdrawn) positioning's public content."""

    assessment: Assessment
    snapshot: dict[str, Any]
    grid: Grid
    lines: tuple[Line, ...]
    by_id: dict[str, Line]

    @property
    def score(self) -> dict[str, Any]:
        score: dict[str, Any] = self.snapshot["score"]
        return score

    @property
    def service_name(self) -> str:
        return str(self.snapshot["service"]["name"])

    @property
    def vendor_name(self) -> str:
        return str(self.snapshot["vendor"]["name"])

    @property
    def category(self) -> str:
        return str(self.snapshot["service"]["category"])

    @property
    def grid_status(self) -> str:
        return str(self.snapshot["grid"]["status"])

    def category_label(self, lang: str) -> str:
        category = self.grid.category(self.category)
        return category.label.get(lang) if category else self.category


def is_public(assessment: Assessment | None) -> bool:
    """A vendor's positioning that was published (it may have been withdrawn since)."""
    return (
        assessment is not None
        and assessment.status in PUBLIC_STATUSES
        and assessment.published_at is not None
        and assessment.snapshot is not None
        and assessment.audience == "editeur"
    )


def public_assessment(assessment_id: int) -> Assessment:
    """A positioning that was published, else 404: never reveal that a draft exists."""
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or not is_public(assessment):
        abort(404)
    return assessment


def grid_of_snapshot(snapshot: dict[str, Any]) -> Grid | None:
    """The loaded grid version a snapshot was answered against."""
    grid: Grid | None = get_catalogue(current_app).get(
        snapshot["grid"]["id"], snapshot["grid"]["version"]
    )
    return grid


def published_of(assessment: Assessment) -> Published:
    """The public content of a positioning with a snapshot (404 if its grid is not loaded)."""
    snapshot = assessment.snapshot or {}
    grid = grid_of_snapshot(snapshot)
    if grid is None:
        abort(404)
    # the snapshot was validated when it was taken, and never changes: read, not re-validated
    answers = {
        criterion_id: Answer.model_construct(
            **{**data, "evidence": tuple(data.get("evidence", ()))}
        )
        for criterion_id, data in snapshot["answers"].get("answers", {}).items()
    }
    blockers = set(snapshot["score"].get("blockers") or ())
    category, audience = snapshot["service"]["category"], snapshot["audience"]
    lines = tuple(
        Line(referentiel, axis, criterion, answers.get(criterion.id), criterion.id in blockers)
        for referentiel, axis, criterion in grid.placed_criteria
        if criterion.applies_to(category, audience)
    )
    return Published(assessment, snapshot, grid, lines, {line.criterion.id: line for line in lines})


def listed_entry(service_id: int) -> CatalogueEntry | None:
    """The service's row in the catalogue today, if it has one."""
    return db.session.scalars(
        select(CatalogueEntry).where(CatalogueEntry.service_id == service_id)
    ).first()


def public_editions(assessment: Assessment) -> list[Assessment]:
    """The service's vendor editions that were published, oldest first (its history)."""
    return list(
        db.session.scalars(
            select(Assessment)
            .where(
                Assessment.service_id == assessment.service_id,
                Assessment.organisation_id == assessment.organisation_id,
                Assessment.audience == "editeur",
                Assessment.status.in_(PUBLIC_STATUSES),
                Assessment.published_at.is_not(None),
                Assessment.snapshot.is_not(None),
            )
            .order_by(Assessment.published_at, Assessment.id)
        )
    )


def format_day(value: dt.date | dt.datetime | None) -> str:
    """ "31 janvier 2027" (a moment is read in Paris time)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = in_paris(value).date()
    return format_date(value, lang())


def deadline_label(content: Published) -> str:
    """The deadline sentence as known today (it follows the arrêtés, not the answers)."""
    return score(content.grid, {}, content.category, content.snapshot["audience"]).deadline_label(
        lang()
    )


def template_helpers() -> dict[str, Any]:
    return {
        "VERDICT_SYMBOLS": VERDICT_SYMBOLS,
        "BLOCKER_SYMBOL": BLOCKER_SYMBOL,
        "format_day": format_day,
    }
