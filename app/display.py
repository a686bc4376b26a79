"""What every page shows the same way: labels, the request's language, local times, numbers,
and a positioning's summary in a list (verdict, progress, blockers, deadline).

Blueprints call this module (and the templates get its helpers through
:func:`template_helpers`); it calls down to the positionings, the grids and the domain.
Figures are never computed here: they come from ``domain.scoring``'s results (live) or from
a frozen positioning's ``frozen_score`` (the same function's output, stored).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_decimal
from flask import abort
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from .domain.deadlines import PARIS, countdown, format_date, in_paris
from .domain.grid import Grid
from .domain.scoring import Score, score
from .grid_registry import get_grid
from .models import Assessment
from .positioning import score_of

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
    local = in_paris(value)
    clock = local.strftime("%H:%M")
    if local.date() == dt.datetime.now(PARIS).date():
        return clock
    return f"{format_date(local.date(), lang())}, {clock}"


def number(value: float | None, digits: int = 1) -> str:
    """A figure as people read it in their language ("2,4"), or "—" when there is none."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(round(value, digits), format=pattern, locale=lang()))


def grid_of(assessment: Assessment) -> Grid | None:
    """The grid version a positioning answers (None when it is no longer loaded)."""
    return get_grid(assessment.grid_id, assessment.grid_version)


def grid_or_404(assessment: Assessment) -> Grid:
    """The positioning's grid version (404 when it is no longer loaded)."""
    grid = grid_of(assessment)
    if grid is None:
        abort(404)
    return grid


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


def template_helpers() -> dict[str, Any]:
    """Names every page may use: the labels, ``lang``, ``local_time`` and ``number``."""
    return {
        "STATUS_LABELS": STATUS_LABELS,
        "VERDICT_LABELS": VERDICT_LABELS,
        "AUDIENCE_LABELS": AUDIENCE_LABELS,
        "SOURCE_LABELS": SOURCE_LABELS,
        "GRID_STATUS_LABELS": GRID_STATUS_LABELS,
        "local_time": local_time,
        "lang": lang,
        "number": number,
    }
