"""The portfolio: the services a collectivité follows, with their latest published verdict,
its audit and opinion, blockers, deadline and last change. Read in three queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select

from ..domain.scoring import score
from ..extensions import db
from ..grid_registry import get_catalogue
from ..models import Assessment, Audit, FollowedService, Organisation, Service

SORTS = ("deadline", "verdict", "blockers", "last_change", "name")
VERDICT_ORDER = {"non_conforme": 0, "incomplet": 1, "conforme": 2}
FAR_FUTURE = dt.date.max
LONG_AGO = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class PortfolioRow:
    service_id: int
    service_name: str
    vendor_name: str
    assessment_id: int | None  # the latest published edition
    edition: int | None
    verdict: str | None
    blockers: tuple[str, ...]
    deadline: dt.date | None
    audit_id: int | None
    audit_state: str  # none | open | closed
    opinion: str | None
    last_change: dt.datetime | None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _latest_published(organisation_id: int) -> dict[int, Any]:
    """The latest published vendor edition of each followed service (plain rows)."""
    latest: dict[int, Any] = {}
    rows = db.session.execute(
        select(
            Assessment.id,
            Assessment.service_id,
            Assessment.edition,
            Assessment.grid_id,
            Assessment.grid_version,
            Assessment.frozen_score,
            Assessment.published_at,
        )
        .join(FollowedService, FollowedService.service_id == Assessment.service_id)
        .where(
            FollowedService.organisation_id == organisation_id,
            Assessment.status == "published",
            Assessment.audience == "editeur",
        )
        .order_by(Assessment.published_at, Assessment.id)
    )
    for row in rows:  # oldest first: the last one wins
        latest[row.service_id] = row
    return latest


def _latest_audits(organisation_id: int) -> dict[int, Any]:
    by_service: dict[int, Any] = {}
    rows = db.session.execute(
        select(Audit.id, Audit.opinion, Audit.updated_at, Assessment.service_id)
        .join(Assessment, Assessment.id == Audit.assessment_id)
        .where(Audit.organisation_id == organisation_id)
        .order_by(Audit.opened_at, Audit.id)
    )
    for row in rows:
        by_service[row.service_id] = row
    return by_service


def portfolio_rows(organisation_id: int) -> list[PortfolioRow]:
    """Every followed service of the organisation, by name (three queries, plain rows)."""
    services = db.session.execute(
        select(Service.id, Service.name, Service.category, Organisation.name.label("vendor"))
        .join(FollowedService, FollowedService.service_id == Service.id)
        .join(Organisation, Organisation.id == Service.organisation_id)
        .where(FollowedService.organisation_id == organisation_id)
    ).all()
    published = _latest_published(organisation_id)
    audits = _latest_audits(organisation_id)
    deadlines: dict[tuple[Any, ...], dt.date | None] = {}
    catalogue = get_catalogue(current_app)
    rows = []
    for service in services:
        assessment = published.get(service.id)
        audit = audits.get(service.id)
        deadline = None
        frozen = (assessment.frozen_score or {}) if assessment else {}
        if assessment is not None:
            key = (assessment.grid_id, assessment.grid_version, service.category)
            if key not in deadlines:
                grid = catalogue.get(assessment.grid_id, assessment.grid_version)
                # the deadline depends on the arrêtés, never on the answers (see scoring)
                deadlines[key] = (
                    score(grid, {}, service.category, "editeur").deadline if grid else None
                )
            deadline = deadlines[key]
        changes = [
            _aware(assessment.published_at) if assessment else None,
            _aware(audit.updated_at) if audit else None,
        ]
        known = [c for c in changes if c is not None]
        rows.append(
            PortfolioRow(
                service_id=service.id,
                service_name=service.name,
                vendor_name=service.vendor,
                assessment_id=assessment.id if assessment else None,
                edition=assessment.edition if assessment else None,
                verdict=frozen.get("verdict"),
                blockers=tuple(frozen.get("blockers", ())),
                deadline=deadline,
                audit_id=audit.id if audit else None,
                audit_state="none" if audit is None else ("closed" if audit.opinion else "open"),
                opinion=audit.opinion if audit else None,
                last_change=max(known) if known else None,
            )
        )
    rows.sort(key=lambda row: (row.service_name.casefold(), row.service_id))
    return rows


def sort_rows(rows: list[PortfolioRow], sort: str, descending: bool) -> list[PortfolioRow]:
    """Rows in the order asked (unknown values last whichever the direction)."""
    keys = {
        "deadline": lambda r: (r.deadline is None, r.deadline or FAR_FUTURE),
        "verdict": lambda r: (r.verdict is None, VERDICT_ORDER.get(r.verdict or "", 3)),
        "blockers": lambda r: (r.verdict is None, len(r.blockers)),
        "last_change": lambda r: (r.last_change is None, r.last_change or LONG_AGO),
        "name": lambda r: (False, r.service_name.casefold()),
    }
    key = keys.get(sort, keys["name"])
    known = [r for r in rows if not key(r)[0]]
    unknown = [r for r in rows if key(r)[0]]
    return sorted(known, key=lambda r: key(r)[1], reverse=descending) + unknown


def filter_rows(
    rows: list[PortfolioRow], verdict: str = "", audit_state: str = "", text: str = ""
) -> list[PortfolioRow]:
    needle = text.casefold().strip()
    return [
        r
        for r in rows
        if (not verdict or r.verdict == verdict)
        and (not audit_state or r.audit_state == audit_state)
        and (
            not needle or needle in r.service_name.casefold() or needle in r.vendor_name.casefold()
        )
    ]
