"""Labels and small helpers of the audit pages (French first, English translations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l

from ..display import VERDICT_LABELS, lang, local_time, number
from ..domain.deadlines import countdown, format_date

REVIEW_LABELS = {
    "non_revu": _l("Non revu"),
    "verifie": _l("Vérifié"),
    "conteste": _l("Contesté"),
    "information_demandee": _l("Information demandée"),
}
OPINION_LABELS = {
    "favorable": _l("Favorable"),
    "favorable_reserves": _l("Favorable avec réserves"),
    "defavorable": _l("Défavorable"),
}
AUDIT_STATE_LABELS = {
    "none": _l("Pas d'audit"),
    "open": _l("Audit en cours"),
    "closed": _l("Avis rendu"),
}


def date_text(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, lang())


def countdown_text(deadline: dt.date | None) -> str:
    return countdown(deadline, dt.date.today(), lang())


def template_helpers() -> dict[str, Any]:
    return {
        "review_labels": REVIEW_LABELS,
        "opinion_labels": OPINION_LABELS,
        "verdict_labels": VERDICT_LABELS,
        "audit_state_labels": AUDIT_STATE_LABELS,
        "number": number,
        "local_time": local_time,
        "date_text": date_text,
        "countdown_text": countdown_text,
        "lang": lang,
    }


def follow_state(service_id: int) -> bool | None:
    """For a collectivité's member: whether it follows the service; None for anyone else."""
    from flask_login import current_user

    from .rules import is_collectivite, is_followed

    if not current_user.is_authenticated or not is_collectivite(current_user):
        return None
    return is_followed(current_user.organisation_id, service_id)


def app_helpers() -> dict[str, Any]:
    return {"follow_state": follow_state}
