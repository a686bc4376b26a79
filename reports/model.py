"""The plain model of a positioning report: what the PDF and the exports print.

Frozen dataclasses of strings, numbers and dates only. The application builds one from its
domain objects (``app/report_building.py``); the renderers never compute a figure themselves,
they only lay out what they are given. Texts are already in the report's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .edition import EditionStamp

Verdict = Literal["conforme", "incomplet", "non_conforme"]
AnswerStatus = Literal["answered", "not_applicable", "unanswered", "not_concerned"]
ActionKind = Literal["blocker", "gap", "unanswered"]


@dataclass(frozen=True)
class DeadlineInfo:
    """A compliance deadline as people read it: known date and countdown, or the rule alone."""

    date: dt.date | None  # None while the arrêté is unpublished
    date_text: str | None  # "28 février 2027"
    countdown: str | None  # "dans 68 jours", "dépassée depuis 3 jours"
    days_remaining: int | None  # negative once passed
    sentence: str  # the full sentence the domain writes for this deadline
    delay_months: int | None  # None: set by an arrêté under R. 421-78-4, not known yet

    @property
    def passed(self) -> bool:
        """Whether the known date is already behind the report's date."""
        return self.days_remaining is not None and self.days_remaining < 0


@dataclass(frozen=True)
class Figures:
    """Figures of a set of criteria, copied from the score (never recomputed here)."""

    maturity: float | None  # None while nothing applicable is answered
    conformity_rate: float | None  # 0–100
    applicable: int
    answered: int
    met: int
    not_applicable: int
    blockers: tuple[str, ...]
    unanswered: tuple[str, ...]
    blockers_in_force: tuple[str, ...] = ()  # the blockers that are obligations in force today
    mandatory_not_applicable: tuple[str, ...] = ()  # declared not applicable, yet mandatory


@dataclass(frozen=True)
class AxisSummary:
    id: str
    title: str
    figures: Figures


@dataclass(frozen=True)
class ReferentielSummary:
    id: str
    title: str
    figures: Figures
    deadline: DeadlineInfo
    deadline_differs: bool  # its deadline is not the report's overall one
    axes: tuple[AxisSummary, ...]


@dataclass(frozen=True)
class SourceRef:
    ref: str
    status: str  # texte | section | deduit
    status_label: str
    url: str | None = None


@dataclass(frozen=True)
class CriterionRow:
    """One criterion of the grid with the answer given to it (or the lack of one)."""

    referentiel_id: str
    referentiel_title: str
    axis_id: str
    axis_title: str
    criterion_id: str
    title: str
    asks: str  # what the criterion asks: the audience's question, then its description
    description: str | None
    evidence_expected: str | None
    mandatory: bool
    sources: tuple[SourceRef, ...]
    status: AnswerStatus
    level: int | None
    level_label: str | None
    blocker: bool
    below_conformity: bool
    justification: str | None
    comment: str | None
    evidence: tuple[str, ...]
    in_force: bool = False  # a mandatory criterion already in force through a binding text

    @property
    def not_applicable(self) -> bool:
        return self.status == "not_applicable"

    @property
    def declared_not_applicable(self) -> bool:
        """A mandatory criterion answered "not applicable": it blocks nothing, so it is shown."""
        return self.mandatory and self.status == "not_applicable"


@dataclass(frozen=True)
class ActionItem:
    """A line of the action plan: a criterion to work on, and by when."""

    kind: ActionKind
    criterion: CriterionRow
    deadline: DeadlineInfo


@dataclass(frozen=True)
class ScaleLevel:
    level: int
    label: str
    description: str | None


@dataclass(frozen=True)
class Report:
    """Everything a positioning report shows, in one language."""

    lang: str  # "fr" or "en"
    report_date: dt.date
    report_date_text: str
    service_name: str
    organisation: str | None
    service_url: str | None
    category_label: str
    audience: str
    audience_label: str
    grid_id: str
    grid_version: str
    grid_title: str
    grid_status: str  # provisional | official | superseded
    arrete_reference: str
    verdict: Verdict
    figures: Figures
    deadline: DeadlineInfo
    referentiels: tuple[ReferentielSummary, ...]
    actions: tuple[ActionItem, ...]
    criteria: tuple[CriterionRow, ...]  # every criterion of the grid, in grid order
    scale: tuple[ScaleLevel, ...]
    conformity_level: int
    conformity_label: str
    stamp: EditionStamp | None = None  # what the document is: a draft, or which edition

    @property
    def max_level(self) -> int:
        return self.scale[-1].level if self.scale else 0

    @property
    def axes_at_zero(self) -> tuple[AxisSummary, ...]:
        """Answered axes whose conformity rate is 0 %: beside a "conforme" verdict, they need a
        word (none of their applicable criteria is mandatory)."""
        return tuple(
            axis
            for ref in self.referentiels
            for axis in ref.axes
            if axis.figures.answered and axis.figures.conformity_rate == 0
        )

    @property
    def declared_not_applicable(self) -> tuple[CriterionRow, ...]:
        """The mandatory criteria declared not applicable, with their justification."""
        return tuple(c for c in self.criteria if c.declared_not_applicable)

    @property
    def concerned_criteria(self) -> tuple[CriterionRow, ...]:
        """The criteria that concern this service and audience (not-applicable included)."""
        return tuple(c for c in self.criteria if c.status != "not_concerned")
