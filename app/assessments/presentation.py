"""The questionnaire's view model: which criteria a page asks, its cards (:func:`page_context`),
the side panel and navigation of a positioning and its score, and the "saved at" line. The
templates render it; what every page shows the same way (labels, language, times, numbers,
summaries) is in ``app/display.py``.

Figures are never computed here: they are read from ``domain.scoring``'s results. The views
(``questionnaire.py``, ``autosave.py``) read and write through ``app/positioning`` and call
this module; it calls down to ``app/display.py``, the positionings, the grids and the domain,
never back to a view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from .. import display
from ..display import SOURCE_LABELS, lang, local_time
from ..domain.deadlines import countdown
from ..domain.grid import Axis, Criterion, Grid, Referentiel
from ..domain.scoring import Figures, Score
from ..models import Assessment
from ..positioning import AnswerInput, Outcome, StoredAnswer, load_records, score_of
from .forms import CriterionForm, field_name, form_data, page_form_class


def saved_label(stored: StoredAnswer | None) -> str:
    """ "Enregistré à 14:02 par Alice" for a stored answer, else nothing."""
    if stored is None or stored.revision == 0:
        return ""
    if stored.by:
        return _("Enregistré à %(at)s par %(by)s", at=local_time(stored.at), by=stored.by)
    return _("Enregistré à %(at)s", at=local_time(stored.at))


@dataclass(frozen=True)
class Card:
    """One criterion of a questionnaire page: its text, its form, what is stored."""

    criterion: Criterion
    question: str
    form: CriterionForm
    stored: StoredAnswer | None

    @property
    def dom_id(self) -> str:
        return field_name(self.criterion.id)

    @property
    def has_errors(self) -> bool:
        return any(field.errors for field in self.form)


@dataclass(frozen=True)
class FiguresView:
    """A set of figures as the panel prints them, partial ones flagged."""

    title: str
    figures: Figures
    url: str | None = None
    current: bool = False

    @property
    def partial(self) -> bool:
        return self.figures.answered < self.figures.applicable


@dataclass(frozen=True)
class Panel:
    """The questionnaire's side panel and navigation: overall figures, verdict, blockers,
    deadline, each référentiel (its page's link) and the axes of the current page."""

    overall: FiguresView
    verdict: str
    referentiels: list[FiguresView]
    axes: list[FiguresView]
    blockers: list[Criterion]
    deadline_label: str
    deadline_countdown: str | None
    scale_max: int


def panel(assessment_id: int, grid: Grid, result: Score, current: Referentiel | None) -> Panel:
    """What the side panel and the navigation show: overall, per référentiel, per axis of the
    current page."""
    language = lang()
    referentiels = []
    axes: list[FiguresView] = []
    for referentiel, ref_score in zip(grid.referentiels, result.referentiels, strict=True):
        is_current = current is not None and referentiel.id == current.id
        url = url_for(
            "assessments.questionnaire", assessment_id=assessment_id, referentiel_id=referentiel.id
        )
        referentiels.append(
            FiguresView(referentiel.title.get(language), ref_score.figures, url, is_current)
        )
        if is_current:
            axes = [
                FiguresView(axis.title.get(language), axis_score.figures)
                for axis, axis_score in zip(referentiel.axes, ref_score.axes, strict=True)
                if axis_score.figures.concerned
            ]
    return Panel(
        overall=FiguresView(_("Ensemble"), result.figures),
        verdict=result.verdict,
        referentiels=referentiels,
        axes=axes,
        blockers=[grid.criteria[c] for c in result.figures.blockers],
        deadline_label=result.deadline_label(language),
        deadline_countdown=countdown(result.deadline, dt.date.today(), language)
        if result.deadline
        else None,
        scale_max=grid.scale.maximum,
    )


def card_texts(grid: Grid) -> dict[str, Any]:
    """The texts every card of a page repeats, translated once per page (not once per card)."""
    language = lang()
    return {
        "lang": language,
        "levels": [
            (
                level.level,
                level.label.get(language),
                level.description.get(language) if level.description else None,
            )
            for level in grid.scale.levels
        ],
        "conformity_level": grid.scale.conformity_level,
        "sources": {key: str(label) for key, label in SOURCE_LABELS.items()},
        "mandatory": _("Obligatoire"),
        "recommended": _("Recommandé"),
        "source": _("Source :"),
        "details": _("Précisions et preuve attendue"),
        "evidence_expected": _("Preuve attendue :"),
        "from_vendor": _("Déclaré par l'éditeur"),
        "from_vendor_hint": _(
            "Vérifiez cette réponse pour votre établissement, puis confirmez-la ou changez-la."
        ),
        "confirm": _("Confirmer"),
        "level": _("Niveau atteint"),
        "threshold": _("seuil de conformité"),
        "not_applicable": _("Non applicable à ce service"),
        "not_applicable_hint": _("Remplace le niveau ; une justification est alors obligatoire."),
        "justification": _("Justification"),
        "justification_hint": _(
            "Obligatoire si « non applicable » : pourquoi ce critère ne concerne pas le service "
            "(20 000 caractères au plus)."
        ),
        "comment": _("Commentaire"),
        "comment_hint": _("Facultatif : précisez votre réponse (20 000 caractères au plus)."),
        "evidence": _("Preuves"),
        "evidence_hint": _("Des liens, un par ligne, commençant par https:// (20 au plus)"),
    }


def template_helpers() -> dict[str, Any]:
    """Names every page of the blueprint may use: the shared ones, and the questionnaire's."""
    return {**display.template_helpers(), "field_name": field_name, "saved_label": saved_label}


def concerned(grid: Grid, assessment: Assessment, referentiel: Referentiel) -> list[Criterion]:
    """The criteria of a référentiel that apply to the service's category and the audience."""
    category = assessment.service.category
    return [c for c in referentiel.criteria() if c.applies_to(category, assessment.audience)]


def referentiel_of(grid: Grid, criterion_id: str) -> Referentiel:
    """The référentiel a criterion belongs to."""
    return next(r for r, _axis, c in grid.placed_criteria if c.id == criterion_id)


def page_of(
    assessment: Assessment, grid: Grid, referentiel: Referentiel
) -> tuple[list[Criterion], type[FlaskForm]]:
    """The criteria a référentiel's page asks this positioning, and its form class."""
    criteria = concerned(grid, assessment, referentiel)
    return criteria, page_form_class(grid.scale, criteria, lang())


def page_context(
    assessment: Assessment,
    grid: Grid,
    referentiel: Referentiel,
    criteria: Sequence[Criterion],
    page_class: type[Any],
    *,
    posted: Any = None,
    invalid: Sequence[str] = (),
    conflicts: Sequence[Outcome] = (),
    saved: int = 0,
    frozen: bool = False,
) -> tuple[dict[str, Any], int]:
    """What a questionnaire page shows, and its HTTP status: the stored values, except the
    user's own input where it could not be saved (invalid, or frozen meanwhile)."""
    stored = load_records(assessment.id)
    empty = StoredAnswer(AnswerInput(), 0)
    data = {
        field_name(c.id): form_data(item.value, item.revision)
        for c in criteria
        for item in [stored.get(c.id, empty)]
    }
    fresh = page_class(formdata=None, data=data)
    keep_posted = set(invalid) | ({c.id for c in criteria} if frozen else set())
    language = lang()
    cards: dict[str, Card] = {}
    for criterion in criteria:
        source = posted if criterion.id in keep_posted else fresh
        cards[criterion.id] = Card(
            criterion,
            criterion.question_for(assessment.audience).get(language),
            source[field_name(criterion.id)].form,
            stored.get(criterion.id),
        )
    sections: list[tuple[Axis, list[Card]]] = [
        (axis, [cards[c.id] for c in axis.criteria if c.id in cards]) for axis in referentiel.axes
    ]
    result = score_of(assessment, grid)
    status = 409 if conflicts or frozen else 422 if invalid else 200
    return dict(
        assessment=assessment,
        service=assessment.service,
        grid=grid,
        referentiel=referentiel,
        form=fresh,
        sections=[(axis, items) for axis, items in sections if items],
        skipped=len(referentiel.criteria()) - len(criteria),
        errors=[cards[cid] for cid in invalid],
        conflicts=[(cards[o.criterion_id], o) for o in conflicts],
        saved=saved,
        frozen=frozen,
        panel=panel(assessment.id, grid, result, referentiel),
        t=card_texts(grid),
    ), status
