"""The demo positionings of `flask demo`: answers planned in ``demo_data``, frozen scores
computed by ``app/domain/scoring.py`` (never written by hand)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from . import journal
from .demo_data import DETAIL, Plan, Planned, planned_level
from .domain.answers import Answer, AnswersFile, ServiceInfo
from .domain.grid import Grid
from .domain.scoring import score_answers, score_to_json
from .extensions import db
from .models import AnswerRecord, Assessment, Organisation, Service, User, utcnow


def _own_answers(plan: Plan, grid: Grid, category: str) -> dict[str, tuple[Planned, bool]]:
    """criterion id → (planned answer, from the vendor?) for a plan answered by itself."""
    answers: dict[str, tuple[Planned, bool]] = {}
    unfinished = [r.id for r in grid.referentiels if plan.answered and r.id not in plan.answered]
    for referentiel in grid.referentiels:
        applicable = [c for c in referentiel.criteria() if c.applies_to(category, plan.audience)]
        if plan.answered is not None and referentiel.id not in plan.answered:
            applicable = applicable[: plan.partly] if referentiel.id == unfinished[0] else []
        for position, criterion in enumerate(applicable):
            level = planned_level(plan, referentiel.id, criterion.mandatory, position)
            answers[criterion.id] = (plan.specific.get(criterion.id, Planned(level)), False)
    return answers


def _prefilled_answers(
    plan: Plan, grid: Grid, category: str, source: Assessment
) -> dict[str, tuple[Planned, bool]]:
    """The source's answers that concern this audience, marked as the vendor's until
    confirmed; the organisation's own answers replace them."""
    answers: dict[str, tuple[Planned, bool]] = {}
    for record in source.answers:
        criterion = grid.criteria.get(record.criterion_id)
        if criterion is None or not criterion.applies_to(category, plan.audience):
            continue
        planned = Planned(
            record.level, record.comment, tuple(record.evidence or ()), record.justification
        )
        answers[record.criterion_id] = (planned, record.criterion_id not in plan.confirmed)
    for criterion_id, planned in plan.specific.items():
        answers[criterion_id] = (planned, False)
    return answers


def _frozen_score(
    plan: Plan, grid: Grid, service: Service, answers: dict[str, tuple[Planned, bool]]
) -> dict[str, Any]:
    """The score fixed at submission, from the domain's one scoring implementation."""
    answers_file = AnswersFile(
        grid=grid.id,
        version=grid.version,
        audience=plan.audience,
        service=ServiceInfo(
            name=service.name, organisation=service.organisation.name, category=service.category
        ),
        answers={
            criterion_id: Answer(
                level=planned.level,
                not_applicable=planned.level is None,
                justification=planned.justification,
                comment=planned.comment,
                evidence=planned.evidence,
            )
            for criterion_id, (planned, _) in answers.items()
        },
    )
    return score_to_json(score_answers(answers_file, grid))


def create_positioning(
    plan: Plan,
    grid: Grid,
    service: Service,
    organisation: Organisation,
    owner: User,
    done: dict[str, Assessment],
) -> tuple[Assessment, bool]:
    """The plan's positioning, created with its answers unless it exists: (it, created?)."""
    existing = db.session.scalars(
        select(Assessment).where(
            Assessment.service_id == service.id,
            Assessment.organisation_id == organisation.id,
            Assessment.audience == plan.audience,
            Assessment.grid_id == grid.id,
            Assessment.grid_version == grid.version,
        )
    ).first()
    if existing is not None:
        return existing, False
    if plan.prefilled_from:
        answers = _prefilled_answers(plan, grid, service.category, done[plan.prefilled_from])
    else:
        answers = _own_answers(plan, grid, service.category)
    now = utcnow()
    assessment = Assessment(
        service_id=service.id,
        organisation_id=organisation.id,
        audience=plan.audience,
        grid_id=grid.id,
        grid_version=grid.version,
        status=plan.status,
        version=len(answers) + 1,
        prefilled_from_id=done[plan.prefilled_from].id if plan.prefilled_from else None,
    )
    if plan.status in ("submitted", "published"):
        assessment.submitted_at = now - dt.timedelta(days=12)
        assessment.submitted_by_id = owner.id
        assessment.frozen_score = _frozen_score(plan, grid, service, answers)
    if plan.status == "published":
        assessment.published_at = now - dt.timedelta(days=10)
    for criterion_id, (planned, from_vendor) in answers.items():
        assessment.answers.append(
            AnswerRecord(
                criterion_id=criterion_id,
                level=planned.level,
                not_applicable=planned.level is None,
                justification=planned.justification,
                comment=planned.comment,
                evidence=list(planned.evidence),
                from_vendor=from_vendor,
                updated_by_id=owner.id,
            )
        )
    db.session.add(assessment)
    db.session.flush()
    journal.record(
        None,
        "assessment.create",
        "assessment",
        assessment.id,
        organisation_id=organisation.id,
        detail=DETAIL,
        after={"status": plan.status, "audience": plan.audience},
    )
    return assessment, True
