"""Build the plain report model (``reports.model.Report``) from the domain's objects.

The one place where a positioning becomes a report: the command line and the web pages call
:func:`build_report` (or :func:`report_pdf`), and the renderers in ``reports/`` only lay out
what they are given. Every figure comes from ``domain.scoring``; dates and deadline
sentences come from ``domain.deadlines``.
"""

from __future__ import annotations

import datetime as dt

from reports import i18n
from reports.model import (
    ActionItem,
    AnswerStatus,
    AxisSummary,
    CriterionRow,
    DeadlineInfo,
    Figures,
    ReferentielSummary,
    Report,
    ScaleLevel,
    SourceRef,
)
from reports.pdf import EmbeddedFile, render_pdf

from .domain.answers import AnswersFile, dump_json
from .domain.deadlines import Deadline, countdown, days_remaining, earliest, format_date
from .domain.grid import Axis, Criterion, Grid, Referentiel
from .domain.scoring import Figures as ScoreFigures
from .domain.scoring import Score, concerned_deadlines, score_answers

ATTACHMENT_NAME = "repere-answers.json"


def _figures(figures: ScoreFigures) -> Figures:
    return Figures(
        maturity=figures.maturity,
        conformity_rate=figures.conformity_rate,
        applicable=figures.applicable,
        answered=figures.answered,
        met=figures.met,
        not_applicable=figures.not_applicable,
        blockers=figures.blockers,
        unanswered=figures.unanswered,
        blockers_in_force=figures.blockers_in_force,
        mandatory_not_applicable=figures.mandatory_not_applicable,
    )


def deadline_info(
    date: dt.date | None, delay_months: int | None, sentence: str, today: dt.date, lang: str
) -> DeadlineInfo:
    """A deadline as the report shows it, counted from ``today``."""
    return DeadlineInfo(
        date=date,
        date_text=format_date(date, lang) if date else None,
        countdown=countdown(date, today, lang) if date else None,
        days_remaining=days_remaining(date, today) if date else None,
        sentence=sentence,
        delay_months=delay_months,
    )


def _from_deadline(deadline: Deadline, today: dt.date, lang: str) -> DeadlineInfo:
    return deadline_info(deadline.date, deadline.delay_months, deadline.label(lang), today, lang)


def _overall_deadline(score: Score, today: dt.date, lang: str) -> DeadlineInfo:
    deadlines = concerned_deadlines(score)
    first = earliest(deadlines)
    known = [d.delay_months for d in deadlines if d.delay_months is not None]
    delay = first.delay_months if first else min(known, default=None)
    return deadline_info(score.deadline, delay, score.deadline_label(lang), today, lang)


def _row(
    placed: tuple[Referentiel, Axis, Criterion],
    answers: AnswersFile,
    grid: Grid,
    blockers: frozenset[str],
    lang: str,
) -> CriterionRow:
    referentiel, axis, criterion = placed
    answer = answers.answers.get(criterion.id)
    status: AnswerStatus
    if not criterion.applies_to(answers.service.category, answers.audience):
        status = "not_concerned"
    elif answer is not None and answer.not_applicable:
        status = "not_applicable"
    elif answer is not None and answer.level is not None:
        status = "answered"
    else:
        status = "unanswered"
    level = answer.level if answer is not None and status == "answered" else None
    question = criterion.question_for(answers.audience).get(lang)
    description = criterion.description.get(lang) if criterion.description else None
    asks = question if not description or description == question else f"{question} {description}"
    return CriterionRow(
        referentiel_id=referentiel.id,
        referentiel_title=referentiel.title.get(lang),
        axis_id=axis.id,
        axis_title=axis.title.get(lang),
        criterion_id=criterion.id,
        title=criterion.title.get(lang),
        asks=asks,
        description=description,
        evidence_expected=criterion.evidence.get(lang) if criterion.evidence else None,
        mandatory=criterion.mandatory,
        sources=tuple(
            SourceRef(s.ref, s.status, i18n.label(f"status_{s.status}", lang), s.url)
            for s in criterion.sources
        ),
        status=status,
        level=level,
        level_label=grid.scale.label(level, lang) if level is not None else None,
        blocker=criterion.id in blockers,
        # per criterion, to list the non-mandatory gaps: the scale's rule, as the score uses it
        below_conformity=level is not None and not grid.scale.meets(level),
        justification=answer.justification if answer is not None else None,
        comment=answer.comment if answer is not None else None,
        evidence=answer.evidence if answer is not None else (),
        in_force=criterion.in_force,
    )


def _actions(
    rows: tuple[CriterionRow, ...], deadlines: dict[str, DeadlineInfo]
) -> tuple[ActionItem, ...]:
    """Blockers, then other gaps (lowest level first, then grid order), then unanswered."""
    order = {row.criterion_id: index for index, row in enumerate(rows)}

    def by_level(row: CriterionRow) -> tuple[int, int]:
        return (row.level if row.level is not None else -1, order[row.criterion_id])

    blockers = sorted((r for r in rows if r.blocker), key=by_level)
    gaps = sorted((r for r in rows if r.below_conformity and not r.blocker), key=by_level)
    unanswered = [r for r in rows if r.status == "unanswered"]
    items = [ActionItem("blocker", r, deadlines[r.referentiel_id]) for r in blockers]
    items += [ActionItem("gap", r, deadlines[r.referentiel_id]) for r in gaps]
    items += [ActionItem("unanswered", r, deadlines[r.referentiel_id]) for r in unanswered]
    return tuple(items)


def build_report(
    answers: AnswersFile, grid: Grid, score: Score, lang: str = "fr", today: dt.date | None = None
) -> Report:
    """The report of a positioning, in ``lang``, dated ``today`` (default: the current date)."""
    lang = "en" if lang == "en" else "fr"
    today = today or dt.date.today()
    overall = _overall_deadline(score, today, lang)
    summaries: list[ReferentielSummary] = []
    for referentiel, result in zip(grid.referentiels, score.referentiels, strict=True):
        info = _from_deadline(result.deadline, today, lang)
        differs = info.date != overall.date or (
            info.date is None and info.delay_months != overall.delay_months
        )
        axes = tuple(
            AxisSummary(axis.id, axis.title.get(lang), _figures(axis_score.figures))
            for axis, axis_score in zip(referentiel.axes, result.axes, strict=True)
        )
        summaries.append(
            ReferentielSummary(
                referentiel.id, referentiel.title.get(lang), _figures(result.figures), info,
                differs, axes,
            )
        )  # fmt: skip
    blockers = frozenset(score.figures.blockers)
    rows = tuple(_row(placed, answers, grid, blockers, lang) for placed in grid.placed_criteria)
    category = grid.category(answers.service.category)
    header = grid.header
    scale = grid.scale
    return Report(
        lang=lang,
        report_date=today,
        report_date_text=format_date(today, lang),
        service_name=answers.service.name,
        organisation=answers.service.organisation,
        service_url=answers.service.url,
        category_label=category.label.get(lang) if category else answers.service.category,
        audience=answers.audience,
        audience_label=i18n.label_or(f"audience_{answers.audience}", lang, answers.audience),
        grid_id=grid.id,
        grid_version=grid.version,
        grid_title=header.title.get(lang),
        grid_status=header.status,
        arrete_reference=header.compliance.arrete.reference,
        verdict=score.verdict,
        figures=_figures(score.figures),
        deadline=overall,
        referentiels=tuple(summaries),
        actions=_actions(rows, {s.id: s.deadline for s in summaries}),
        criteria=rows,
        scale=tuple(
            ScaleLevel(
                level.level,
                level.label.get(lang),
                level.description.get(lang) if level.description else None,
            )
            for level in scale.levels
        ),
        conformity_level=scale.conformity_level,
        conformity_label=scale.label(scale.conformity_level, lang),
    )


def report_pdf(
    answers: AnswersFile,
    grid: Grid,
    lang: str = "fr",
    today: dt.date | None = None,
    *,
    isolated: bool = False,
) -> bytes:
    """Score a positioning and render its PDF report, the answers file attached.

    ``isolated``: lay it out in a recycled child process (web workers; see reports.isolation).
    """
    report = build_report(answers, grid, score_answers(answers, grid), lang, today)
    attachment = EmbeddedFile(
        name=ATTACHMENT_NAME,
        content=dump_json(answers, grid).encode("utf-8"),
        description=i18n.label("attachment_description", report.lang),
    )
    return render_pdf(report, [attachment], isolated=isolated)
