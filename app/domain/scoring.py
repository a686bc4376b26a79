"""Scoring: applicability, blockers, verdict, maturity, conformity rate, deadlines.

The ONE implementation: every page, report, export, API answer and command gets its figures
from :func:`score`. The rules, for people, are in ``docs/scoring.md``:

- a criterion applies when the service's category and the audience are among its own (an
  absent list matches everything) and it is not answered "not applicable";
- blockers are applicable mandatory criteria answered below the conformity level; those that
  are obligations already in force (``binding: in_force``) are also listed apart
  (``blockers_in_force``), and mandatory criteria answered "not applicable" are listed
  (``mandatory_not_applicable``; :func:`declared_not_applicable` adds their justification);
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .answers import Answer, AnswersFile
from .deadlines import Deadline, earliest, referentiel_deadline, summary_label
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
    blockers_in_force: tuple[str, ...] = ()  # the blockers that are obligations in force today
    # mandatory criteria answered "not applicable": no blocker, but the reports flag them
    mandatory_not_applicable: tuple[str, ...] = ()

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
class DeclaredNotApplicable:
    """A mandatory criterion answered "not applicable", with the justification given: it
    blocks nothing, so every page and report that lists blockers shows it beside them."""

    criterion: str
    justification: str
    in_force: bool  # an obligation already in force (binding: in_force)


def declared_not_applicable(
    result: Score, grid: Grid, answers: Mapping[str, Answer]
) -> tuple[DeclaredNotApplicable, ...]:
    """The mandatory criteria of a score answered "not applicable", with their justification
    read from ``answers`` (the score itself holds only what :func:`scoring_key` reads)."""
    return tuple(
        DeclaredNotApplicable(
            criterion_id,
            (answer.justification or "") if (answer := answers.get(criterion_id)) else "",
            grid.criteria[criterion_id].in_force,
        )
        for criterion_id in result.figures.mandatory_not_applicable
    )


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


@dataclass
class Tally:
    """The running sums of some criteria that concern the service (docs/scoring.md, "How the
    count goes"): what the figures are computed from."""

    concerned: int = 0
    not_applicable: int = 0
    answered: int = 0
    met: int = 0
    total_weight: float = 0.0
    weighted_levels: float = 0.0
    met_weight: float = 0.0
    blockers: list[str] = field(default_factory=list)
    blockers_in_force: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    mandatory_not_applicable: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Add the sums of another set of criteria (an axis to its référentiel…)."""
        self.concerned += other.concerned
        self.not_applicable += other.not_applicable
        self.answered += other.answered
        self.met += other.met
        self.total_weight += other.total_weight
        self.weighted_levels += other.weighted_levels
        self.met_weight += other.met_weight
        self.blockers += other.blockers
        self.blockers_in_force += other.blockers_in_force
        self.unanswered += other.unanswered
        self.mandatory_not_applicable += other.mandatory_not_applicable

    def figures(self) -> Figures:
        """Maturity = weighted levels / total weight; conformity rate = 100 × met weight /
        total weight; both None while nothing is answered."""
        answered = self.answered > 0
        return Figures(
            maturity=self.weighted_levels / self.total_weight if answered else None,
            conformity_rate=100.0 * self.met_weight / self.total_weight if answered else None,
            concerned=self.concerned,
            applicable=self.concerned - self.not_applicable,
            answered=self.answered,
            met=self.met,
            not_applicable=self.not_applicable,
            blockers=tuple(self.blockers),
            unanswered=tuple(self.unanswered),
            blockers_in_force=tuple(self.blockers_in_force),
            mandatory_not_applicable=tuple(self.mandatory_not_applicable),
        )


def count(criteria: Sequence[Criterion], answers: Mapping[str, Answer], scale: Scale) -> Tally:
    """Count some criteria that concern the service, one at a time, in grid order."""
    tally = Tally(concerned=len(criteria))
    for criterion in criteria:
        answer = answers.get(criterion.id)
        if answer is not None and answer.not_applicable:
            # not applicable: as if the criterion were not in the grid, but said out loud
            tally.not_applicable += 1
            if criterion.mandatory:
                tally.mandatory_not_applicable.append(criterion.id)
            continue
        if answer is None or answer.level is None:
            tally.unanswered.append(criterion.id)
            continue
        tally.answered += 1
        tally.total_weight += criterion.weight
        tally.weighted_levels += criterion.weight * answer.level
        if scale.meets(answer.level):
            tally.met += 1
            tally.met_weight += criterion.weight
        elif criterion.mandatory:
            tally.blockers.append(criterion.id)
            if criterion.in_force:
                tally.blockers_in_force.append(criterion.id)
    return tally


def verdict_of(figures: Figures) -> Verdict:
    """The verdict rule, for any set of figures."""
    if figures.blockers:
        return "non_conforme"
    if figures.unanswered:
        return "incomplet"
    return "conforme"


def score(grid: Grid, answers: Mapping[str, Answer], category: str, audience: str) -> Score:
    """Score ``answers`` (criterion id → answer) of a ``category`` service seen by ``audience``.

    Each axis is counted from its criteria that concern the service; a référentiel's sums are
    those of its axes, the grid's those of its référentiels: the same formulas then give the
    figures of each (not an average of averages)."""
    scale = grid.scale
    overall = Tally()
    referentiels: list[ReferentielScore] = []
    for referentiel, applicable_axes in grid.applicable(category, audience):
        referentiel_tally = Tally()
        axes = []
        for axis, criteria in applicable_axes:
            axis_tally = count(criteria, answers, scale)
            referentiel_tally.add(axis_tally)
            axes.append(AxisScore(axis.id, axis_tally.figures()))
        overall.add(referentiel_tally)
        referentiels.append(
            ReferentielScore(
                id=referentiel.id,
                figures=referentiel_tally.figures(),
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
        "blockers_in_force": list(result.figures.blockers_in_force),
        "unanswered": list(result.figures.unanswered),
        "mandatory_not_applicable": list(result.figures.mandatory_not_applicable),
        "referentiels": {
            r.id: {
                "maturity": _round(r.figures.maturity, 2),
                "conformity_rate": _round(r.figures.conformity_rate, 1),
                "applicable": r.figures.applicable,
                "answered": r.figures.answered,
                "blockers": list(r.figures.blockers),
                "blockers_in_force": list(r.figures.blockers_in_force),
                "deadline": r.deadline.date.isoformat() if r.deadline.date else None,
                "axes": {
                    a.id: {
                        "maturity": _round(a.figures.maturity, 2),
                        "conformity_rate": _round(a.figures.conformity_rate, 1),
                        "applicable": a.figures.applicable,
                        "answered": a.figures.answered,
                        "blockers": list(a.figures.blockers),
                        "blockers_in_force": list(a.figures.blockers_in_force),
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
