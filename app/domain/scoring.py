"""Scoring: applicability, blockers, verdict, maturity, conformity rate, deadlines.

The ONE implementation: every page, report, export, API answer and command gets its figures
from :func:`score`. The rules, for people, are in ``docs/scoring.md``:

- a criterion applies when the service's category and the audience are among its own (an
  absent list matches everything) and it is not answered "not applicable";
- blockers are applicable mandatory criteria answered below the conformity level;
- verdict: ``non_conforme`` with at least one blocker, else ``incomplet`` while an applicable
  criterion is unanswered, else ``conforme``;
- maturity: weighted mean of the levels of the applicable answered criteria; conformity
  rate: weighted share (0–100) of them at or above the conformity level. The same formulas
  give the figures of an axis, of a référentiel and of the whole grid (all its criteria);
- deadline of a référentiel: its arrêté's publication + its delay (see ``deadlines``); the
  overall deadline is the earliest known among the référentiels that concern the service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from .answers import Answer, AnswersFile
from .deadlines import Deadline, earliest, format_date, referentiel_deadline, summary_label
from .grid import Criterion, Grid, Scale

Verdict = Literal["conforme", "incomplet", "non_conforme"]
VERDICTS: tuple[Verdict, ...] = ("non_conforme", "incomplet", "conforme")


@dataclass(frozen=True)
class Figures:
    """The figures of a set of criteria (an axis, a référentiel, the whole grid)."""

    maturity: float | None  # None while no applicable criterion is answered
    conformity_rate: float | None
    concerned: int  # criteria whose category and audience match, not-applicable included
    applicable: int
    answered: int
    met: int
    not_applicable: int
    blockers: tuple[str, ...]
    unanswered: tuple[str, ...]

    @property
    def progress(self) -> float:
        """Share (0–100) of applicable criteria answered."""
        return 100.0 * self.answered / self.applicable if self.applicable else 100.0


@dataclass(frozen=True)
class AxisScore:
    id: str
    figures: Figures


@dataclass(frozen=True)
class ReferentielScore:
    id: str
    figures: Figures
    deadline: Deadline
    axes: tuple[AxisScore, ...]


@dataclass(frozen=True)
class Score:
    grid: str
    version: str
    audience: str
    category: str
    verdict: Verdict
    figures: Figures
    referentiels: tuple[ReferentielScore, ...]
    deadline: dt.date | None

    def referentiel(self, referentiel_id: str) -> ReferentielScore:
        return next(r for r in self.referentiels if r.id == referentiel_id)

    def deadline_label(self, lang: str = "fr") -> str:
        """The sentence the reports print for the overall deadline."""
        return overall_deadline_label(self, lang)


class _Tally:
    """Accumulates one set of criteria in grid order."""

    __slots__ = (
        "answered",
        "applicable",
        "blockers",
        "concerned",
        "met",
        "not_applicable",
        "unanswered",
        "weight",
        "weight_met",
        "weighted_levels",
    )  # fmt: skip

    def __init__(self) -> None:
        self.concerned = self.applicable = self.answered = self.met = self.not_applicable = 0
        self.weight = self.weighted_levels = self.weight_met = 0.0
        self.blockers: list[str] = []
        self.unanswered: list[str] = []

    def count(
        self,
        criteria: tuple[Criterion, ...],
        answers: Mapping[str, Answer],
        scale: Scale,
        *wider: _Tally,
    ) -> None:
        """Count the criteria of one axis (those that concern the service) into this tally,
        and their weights into ``wider`` (its référentiel, the whole grid) as they come: each
        tally makes the same float additions, in the same order, as if it counted the criteria
        itself. The counts and lists reach ``wider`` once per axis (:meth:`merge_counts`)."""
        concerned = applicable = answered = met = not_applicable = 0
        weight = weighted_levels = weight_met = 0.0
        blockers, unanswered = self.blockers, self.unanswered
        for criterion in criteria:
            answer = answers.get(criterion.id)
            concerned += 1
            if answer is not None and answer.not_applicable:
                not_applicable += 1
                continue
            applicable += 1
            level = answer.level if answer is not None else None
            if level is None:
                unanswered.append(criterion.id)
                continue
            answered += 1
            criterion_weight = criterion.weight
            weighted_level = criterion_weight * level
            is_met = scale.meets(level)
            weight += criterion_weight
            weighted_levels += weighted_level
            if is_met:
                met += 1
                weight_met += criterion_weight
            elif criterion.mandatory:
                blockers.append(criterion.id)
            for tally in wider:
                tally.weight += criterion_weight
                tally.weighted_levels += weighted_level
                if is_met:
                    tally.weight_met += criterion_weight
        self.concerned += concerned
        self.applicable += applicable
        self.answered += answered
        self.met += met
        self.not_applicable += not_applicable
        self.weight += weight
        self.weighted_levels += weighted_levels
        self.weight_met += weight_met

    def merge_counts(self, axis: _Tally) -> None:
        """Add an axis's counts and lists (its weights are already in: see :meth:`count`)."""
        self.concerned += axis.concerned
        self.applicable += axis.applicable
        self.answered += axis.answered
        self.met += axis.met
        self.not_applicable += axis.not_applicable
        self.blockers += axis.blockers
        self.unanswered += axis.unanswered

    def figures(self) -> Figures:
        answered = self.weight > 0
        return Figures(
            maturity=self.weighted_levels / self.weight if answered else None,
            conformity_rate=100.0 * self.weight_met / self.weight if answered else None,
            concerned=self.concerned,
            applicable=self.applicable,
            answered=self.answered,
            met=self.met,
            not_applicable=self.not_applicable,
            blockers=tuple(self.blockers),
            unanswered=tuple(self.unanswered),
        )


def verdict_of(figures: Figures) -> Verdict:
    """The verdict rule, for any set of figures."""
    if figures.blockers:
        return "non_conforme"
    if figures.unanswered:
        return "incomplet"
    return "conforme"


def score(grid: Grid, answers: Mapping[str, Answer], category: str, audience: str) -> Score:
    """Score ``answers`` (criterion id → answer) of a ``category`` service seen by ``audience``."""
    scale = grid.scale
    overall = _Tally()
    referentiels: list[ReferentielScore] = []
    for referentiel, applicable_axes in grid.applicable(category, audience):
        ref_tally = _Tally()
        axes = []
        for axis, criteria in applicable_axes:
            axis_tally = _Tally()
            axis_tally.count(criteria, answers, scale, ref_tally, overall)
            ref_tally.merge_counts(axis_tally)
            overall.merge_counts(axis_tally)
            axes.append(AxisScore(axis.id, axis_tally.figures()))
        referentiels.append(
            ReferentielScore(
                id=referentiel.id,
                figures=ref_tally.figures(),
                deadline=referentiel_deadline(grid, referentiel),
                axes=tuple(axes),
            )
        )
    figures = overall.figures()
    result = Score(
        grid=grid.id,
        version=grid.version,
        audience=audience,
        category=category,
        verdict=verdict_of(figures),
        figures=figures,
        referentiels=tuple(referentiels),
        deadline=None,
    )
    first = earliest(concerned_deadlines(result))
    return replace(result, deadline=first.date if first else None)


def scoring_key(answers: Mapping[str, Answer]) -> str:
    """What :func:`score` reads of ``answers``, as one text: each criterion's level and "not
    applicable", in criterion order.

    Two sets of answers have the same key exactly when these agree, and then score the same on
    a given grid, category and audience: comments, justifications and evidence do not count. A
    change to :func:`score` that reads more of an answer must add it here
    (tests/domain/test_scoring_key.py). A text, not a set of tuples: caches keep many keys, and
    the garbage collector does not have to walk through a text.
    """
    return repr(sorted((c, a.level, a.not_applicable) for c, a in answers.items()))


def score_answers(answers: AnswersFile, grid: Grid) -> Score:
    """Score an answers file against its (already checked) grid."""
    return score(grid, answers.answers, answers.service.category, answers.audience)


def concerned_deadlines(result: Score) -> list[Deadline]:
    """Deadlines of the référentiels that concern the service (all of them if none does)."""
    scores = list(result.referentiels)
    concerned = [r for r in scores if r.figures.concerned] or scores
    return [r.deadline for r in concerned]


def overall_deadline_label(result: Score, lang: str = "fr") -> str:
    """The overall deadline sentence: the earliest known date, or that none is known yet."""
    return summary_label(concerned_deadlines(result), lang)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def score_to_json(result: Score, lang: str = "fr") -> dict[str, Any]:
    """The ``score --json`` object of INTERFACES.md §4 (figures rounded for people)."""
    return {
        "grid": result.grid,
        "version": result.version,
        "audience": result.audience,
        "category": result.category,
        "verdict": result.verdict,
        "maturity": _round(result.figures.maturity, 2),
        "conformity_rate": _round(result.figures.conformity_rate, 1),
        "applicable": result.figures.applicable,
        "answered": result.figures.answered,
        "not_applicable": result.figures.not_applicable,
        "blockers": list(result.figures.blockers),
        "unanswered": list(result.figures.unanswered),
        "referentiels": {
            r.id: {
                "maturity": _round(r.figures.maturity, 2),
                "conformity_rate": _round(r.figures.conformity_rate, 1),
                "applicable": r.figures.applicable,
                "answered": r.figures.answered,
                "blockers": list(r.figures.blockers),
                "deadline": r.deadline.date.isoformat() if r.deadline.date else None,
                "axes": {
                    a.id: {
                        "maturity": _round(a.figures.maturity, 2),
                        "conformity_rate": _round(a.figures.conformity_rate, 1),
                        "applicable": a.figures.applicable,
                        "answered": a.figures.answered,
                        "blockers": list(a.figures.blockers),
                    }
                    for a in r.axes
                },
            }
            for r in result.referentiels
        },
        "deadline": {
            "date": result.deadline.isoformat() if result.deadline else None,
            "label": result.deadline_label(lang),
        },
    }


def format_score_text(result: Score, lang: str = "fr") -> str:
    """A short human summary, for the command line."""

    def number(value: float | None, digits: int) -> str:
        return "—" if value is None else f"{value:.{digits}f}"

    lines = [
        f"{result.grid} {result.version} · {result.audience} · {result.category}",
        f"verdict: {result.verdict}",
        f"maturity: {number(result.figures.maturity, 2)}  "
        f"conformity: {number(result.figures.conformity_rate, 1)} %  "
        f"answered: {result.figures.answered}/{result.figures.applicable}",
    ]
    for r in result.referentiels:
        lines.append(
            f"  {r.id}: maturity {number(r.figures.maturity, 2)}, "
            f"conformity {number(r.figures.conformity_rate, 1)} %, "
            f"blockers {len(r.figures.blockers)}"
            + (f", deadline {format_date(r.deadline.date, lang)}" if r.deadline.date else "")
        )
    if result.figures.blockers:
        lines.append("blockers: " + ", ".join(result.figures.blockers))
    lines.append(result.deadline_label(lang))
    return "\n".join(lines)
