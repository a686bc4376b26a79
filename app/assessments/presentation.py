"""What the pages show: labels, local times, summaries, the questionnaire's cards and panel.

Figures are never computed here: they are read from ``domain.scoring``'s results (live) or
from a frozen positioning's ``frozen_score`` (the same function's output, stored).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import get_catalogue
from ..caches import Lru, app_cache
from ..domain.deadlines import countdown, format_date
from ..domain.grid import Criterion, Grid, Referentiel
from ..domain.scoring import Figures, Score, score
from ..models import Assessment
from ..positioning import StoredAnswer, score_of
from .forms import CriterionForm, field_name
from .fragments import (
    format_number,
    nav_html,
    panel_html,
    progress_html,
    verdict_html,
)

PARIS = ZoneInfo("Europe/Paris")

STATUS_LABELS = {
    "draft": _l("Brouillon"),
    "submitted": _l("Soumis"),
    "published": _l("Publié"),
    "withdrawn": _l("Retiré"),
}
VERDICT_LABELS = {
    "conforme": _l("Conforme"),
    "incomplet": _l("Incomplet"),
    "non_conforme": _l("Non conforme"),
}
AUDIENCE_LABELS = {
    "editeur": _l("Éditeur"),
    "etablissement": _l("Établissement"),
    "collectivite": _l("Collectivité"),
}
SOURCE_LABELS = {
    "texte": _l("texte de la doctrine"),
    "section": _l("section : le texte traite du sujet, la formulation est la nôtre"),
    "deduit": _l("déduit : formulation provisoire"),
}
GRID_STATUS_LABELS = {
    "provisional": _l("Provisoire"),
    "official": _l("Officielle"),
    "superseded": _l("Remplacée"),
}


def lang() -> str:
    """The language of the current request ("fr" or "en")."""
    return "en" if str(get_locale() or "fr") == "en" else "fr"


def local_time(value: dt.datetime | None) -> str:
    """ "14:02" today, else "3 mars 2026, 14:02" (Paris time; naive values are UTC)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(PARIS)
    clock = local.strftime("%H:%M")
    if local.date() == dt.datetime.now(PARIS).date():
        return clock
    return f"{format_date(local.date(), lang())}, {clock}"


def number(value: float | None, digits: int = 1) -> str:
    """A figure as people read it in their language ("2,4"), or "—" when there is none."""
    return format_number(value, digits, lang())


def saved_label(stored: StoredAnswer | None) -> str:
    """ "Enregistré à 14:02 par Alice" for a stored answer, else nothing."""
    if stored is None or stored.revision == 0:
        return ""
    if stored.by:
        return _("Enregistré à %(at)s par %(by)s", at=local_time(stored.at), by=stored.by)
    return _("Enregistré à %(at)s", at=local_time(stored.at))


def grid_of(assessment: Assessment) -> Grid | None:
    """The grid version a positioning answers (None when it is no longer loaded)."""
    return get_catalogue(current_app).get(assessment.grid_id, assessment.grid_version)


@dataclass(frozen=True)
class Summary:
    """A positioning in a list: verdict, progress, blockers, deadline."""

    verdict: str
    answered: int
    applicable: int
    blockers: int
    deadline: dt.date | None

    @property
    def countdown(self) -> str:
        return countdown(self.deadline, dt.date.today(), lang())

    @property
    def deadline_text(self) -> str:
        return format_date(self.deadline, lang()) if self.deadline else ""


def deadline_of(assessment: Assessment, grid: Grid) -> Score:
    """The deadline part of a positioning's score, as known today.

    It depends on the grid's arrêtés and on which référentiels concern the service, never on
    the answers: a frozen positioning's deadline moves when an arrêté is published.
    """
    return score(grid, {}, assessment.service.category, assessment.audience)


def summary_of(assessment: Assessment) -> Summary | None:
    """The figures of a positioning: fixed ones when frozen, live ones for a draft."""
    frozen = assessment.frozen_score
    grid = grid_of(assessment)
    if assessment.frozen and frozen:
        # the figures are those of the submission; the deadline follows the arrêtés as known now
        deadline = deadline_of(assessment, grid) if grid else None
        return Summary(
            frozen["verdict"],
            frozen["answered"],
            frozen["applicable"],
            len(frozen["blockers"]),
            deadline.deadline if deadline else None,
        )
    if grid is None:
        return None
    result = score_of(assessment, grid)
    figures = result.figures
    return Summary(
        result.verdict, figures.answered, figures.applicable, len(figures.blockers), result.deadline
    )


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


PAGE_URLS_CACHE_SIZE = 4096


def page_url(assessment_id: int, referentiel_id: str) -> str:
    """The path of a questionnaire page, built once per application root (the panel of each
    autosave links every page: url_for costs more than the rest of a link)."""
    key = (request.script_root, assessment_id, referentiel_id)
    cache: Lru[tuple[str, int, str], str] = app_cache("repere_page_urls", PAGE_URLS_CACHE_SIZE)
    url = cache.get(key)
    if url is None:
        url = url_for(
            "assessments.questionnaire", assessment_id=assessment_id, referentiel_id=referentiel_id
        )
        cache.put(key, url)
    return url


def panel(
    assessment: Assessment, grid: Grid, result: Score, current: Referentiel | None
) -> dict[str, Any]:
    """What the side panel shows: overall, per référentiel, per axis of the current page."""
    language = lang()
    referentiels = []
    axes = []
    for referentiel, ref_score in zip(grid.referentiels, result.referentiels, strict=True):
        is_current = current is not None and referentiel.id == current.id
        url = page_url(assessment.id, referentiel.id)
        referentiels.append(
            FiguresView(referentiel.title.get(language), ref_score.figures, url, is_current)
        )
        if is_current:
            axes = [
                FiguresView(axis.title.get(language), axis_score.figures)
                for axis, axis_score in zip(referentiel.axes, ref_score.axes, strict=True)
            ]
    return {
        "overall": FiguresView(_("Ensemble"), result.figures),
        "verdict": result.verdict,
        "referentiels": referentiels,
        "axes": axes,
        "blockers": [grid.criteria[c] for c in result.figures.blockers],
        "deadline_label": result.deadline_label(language),
        "deadline_countdown": countdown(result.deadline, dt.date.today(), language)
        if result.deadline
        else None,
        "scale_max": grid.scale.maximum,
    }


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
            "Obligatoire si « non applicable » : pourquoi ce critère ne concerne pas le service."
        ),
        "comment": _("Commentaire"),
        "comment_hint": _("Facultatif : précisez votre réponse."),
        "evidence": _("Preuves"),
        "evidence_hint": _("Des liens, un par ligne, commençant par https://"),
    }


def template_helpers() -> dict[str, Any]:
    """Names every page of the blueprint may use."""
    return {
        "STATUS_LABELS": STATUS_LABELS,
        "VERDICT_LABELS": VERDICT_LABELS,
        "AUDIENCE_LABELS": AUDIENCE_LABELS,
        "SOURCE_LABELS": SOURCE_LABELS,
        "GRID_STATUS_LABELS": GRID_STATUS_LABELS,
        "local_time": local_time,
        "lang": lang,
        "field_name": field_name,
        "number": number,
        "saved_label": saved_label,
        "progress_html": progress_html,
        "verdict_html": verdict_html,
        "panel_html": panel_html,
        "nav_html": nav_html,
    }
