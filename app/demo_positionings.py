"""The demo positionings of `flask demo`: answers planned in ``demo_data``, frozen scores
computed by ``app/domain/scoring.py`` (never written by hand)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from . import journal
from .demo_data import DETAIL, Plan, Planned, Showcase, planned_level
from .domain.answers import Answer, AnswersFile, ServiceInfo
from .domain.grid import Criterion, Grid
from .domain.scoring import Score, score, score_answers, score_to_json
from .extensions import db
from .models import AnswerRecord, Assessment, Organisation, Service, User, utcnow
from .positioning.editions import seal
from .positioning.publication import refresh_listing
from .positioning.snapshots import take_snapshot


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
) -> tuple[AnswersFile, Score]:
    """The answers and their score fixed at submission, from the domain's one scoring."""
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
    return answers_file, score_answers(answers_file, grid)


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
    assessment.service = service
    if plan.status in ("submitted", "published"):
        assessment.submitted_at = now - dt.timedelta(days=12)
        assessment.submitted_by_id = owner.id
        answers_file, result = _frozen_score(plan, grid, service, answers)
        assessment.frozen_score = score_to_json(result)
        assessment.snapshot = take_snapshot(assessment, grid, answers_file.answers, result)
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
    if assessment.snapshot is not None:
        seal(assessment)  # its fingerprint and code, as a real submission gets them
    journal.record(
        None,
        "assessment.create",
        "assessment",
        assessment.id,
        organisation_id=organisation.id,
        detail=DETAIL,
        after={"status": plan.status, "audience": plan.audience},
    )
    if plan.status == "published" and plan.audience == "editeur":
        refresh_listing(service.id)
    return assessment, True


def showcase_level(profile: str, criterion: Criterion, position: int, first: bool) -> int | None:
    """The level a showcase profile gives a criterion (None: left unanswered).

    ``position`` counts the applicable criteria of its référentiel; ``first`` marks the first
    mandatory criterion of the référentiel, where the "blocked" and "uneven" profiles fall
    short.
    """
    mandatory = criterion.mandatory
    if profile == "exemplary":
        return 4 if mandatory or position % 4 != 3 else 3
    if profile == "incomplete" and position % 3 == 2:
        return None
    if profile == "uneven":
        if mandatory:
            return 2 if first else 3
        return 1 + position % 3
    if profile == "blocked" and mandatory and first:
        return 1 + position % 2
    return 3 if mandatory or position % 3 != 2 else 2


def showcase_answers(show: Showcase, grid: Grid, category: str) -> dict[str, Answer]:
    """A showcase's answers, built from whatever criteria the grid version has."""
    answers: dict[str, Answer] = {}
    applicable = [
        (referentiel, [criterion for _axis, items in axes for criterion in items])
        for referentiel, axes in grid.applicable(category, "editeur")
    ]
    firsts = [next((c.id for c in criteria if c.mandatory), None) for _r, criteria in applicable]
    with_mandatory = [first for first in firsts if first is not None]
    # "blocked" falls short on one requirement only: that of the second référentiel having one
    blocked_at = with_mandatory[min(1, len(with_mandatory) - 1)] if with_mandatory else None
    for (referentiel, criteria), first in zip(applicable, firsts, strict=True):
        for position, criterion in enumerate(criteria):
            target = blocked_at if show.profile == "blocked" else first
            level = showcase_level(show.profile, criterion, position, criterion.id == target)
            if level is None:
                continue
            if show.profile == "solid" and not criterion.mandatory and position == 1:
                answers[criterion.id] = Answer(
                    not_applicable=True,
                    justification=f"Sans objet pour ce service ({referentiel.title.get('fr')}).",
                )
                continue
            answers[criterion.id] = Answer(
                level=level,
                comment="Décrit dans la documentation publique du service.",
                evidence=(f"https://{show.service}.example/documentation",),
            )
    return answers


def create_showcase(
    show: Showcase, grid: Grid, service: Service, owner: User
) -> tuple[Assessment, bool]:
    """A showcase's published positioning, listed in the catalogue, unless it exists."""
    existing = db.session.scalars(
        select(Assessment).where(
            Assessment.service_id == service.id,
            Assessment.organisation_id == service.organisation_id,
            Assessment.audience == "editeur",
            Assessment.grid_id == grid.id,
            Assessment.grid_version == grid.version,
        )
    ).first()
    if existing is not None:
        return existing, False
    answers = showcase_answers(show, grid, service.category)
    result = score(grid, answers, service.category, "editeur")
    published_at = utcnow() - dt.timedelta(days=show.days_ago)
    assessment = Assessment(
        service_id=service.id,
        organisation_id=service.organisation_id,
        audience="editeur",
        grid_id=grid.id,
        grid_version=grid.version,
        status="published",
        version=len(answers) + 1,
        submitted_at=published_at - dt.timedelta(days=1),
        submitted_by_id=owner.id,
        published_at=published_at,
        incomplete_ack=bool(result.figures.unanswered),
        frozen_score=score_to_json(result),
    )
    assessment.service = service
    assessment.snapshot = take_snapshot(assessment, grid, answers, result)
    for criterion_id, answer in answers.items():
        assessment.answers.append(
            AnswerRecord(
                criterion_id=criterion_id,
                level=answer.level,
                not_applicable=answer.not_applicable,
                justification=answer.justification,
                comment=answer.comment,
                evidence=list(answer.evidence),
                updated_by_id=owner.id,
            )
        )
    db.session.add(assessment)
    db.session.flush()
    seal(assessment)
    journal.record(
        None,
        "assessment.publish",
        "assessment",
        assessment.id,
        organisation_id=service.organisation_id,
        detail=DETAIL,
        after={"status": "published", "verdict": result.verdict},
    )
    refresh_listing(service.id)
    return assessment, True
