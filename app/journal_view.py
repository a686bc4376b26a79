"""The organisation's journal as people read it: who, when, what, before → after."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from babel.dates import format_datetime, get_timezone
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .accounts import aware
from .models import JournalEntry

# Times are shown as they are lived in metropolitan France, whatever the server's clock says.
DISPLAY_TIMEZONE = get_timezone("Europe/Paris")

ACTIONS = {
    "organisation.create": _l("Création de l'organisation"),
    "organisation.update": _l("Modification de l'organisation"),
    "user.create": _l("Création d'un compte"),
    "user.update": _l("Modification d'un compte"),
    "user.password": _l("Changement de mot de passe"),
    "invitation.create": _l("Invitation créée"),
    "invitation.revoke": _l("Invitation révoquée"),
    "invitation.accept": _l("Invitation acceptée"),
    "service.create": _l("Création d'un service"),
    "service.update": _l("Modification d'un service"),
    "assessment.create": _l("Création d'un positionnement"),
    "assessment.submit": _l("Positionnement soumis"),
    "assessment.publish": _l("Positionnement publié"),
    "answer.save": _l("Réponse enregistrée"),
}
OBJECTS = {
    "organisation": _l("organisation"),
    "user": _l("compte"),
    "invitation": _l("invitation"),
    "service": _l("service"),
    "assessment": _l("positionnement"),
    "answer": _l("réponse"),
}
FIELDS = {
    "kind": _l("type"),
    "name": _l("nom"),
    "email": _l("adresse électronique"),
    "role": _l("rôle"),
    "siren": _l("SIREN"),
    "uai": _l("UAI"),
    "territory_kind": _l("type de collectivité"),
    "territory_code": _l("code INSEE"),
    "expires_at": _l("expire le"),
    "level": _l("niveau"),
    "status": _l("statut"),
    "comment": _l("commentaire"),
    "justification": _l("justification"),
    "not_applicable": _l("non applicable"),
    "evidence": _l("preuves"),
    "category": _l("catégorie"),
    "description": _l("description"),
    "url": _l("adresse du service"),
}
VALUES = {
    "owner": _l("responsable"),
    "member": _l("membre"),
    "editeur": _l("éditeur"),
    "etablissement": _l("établissement"),
    "collectivite": _l("collectivité"),
    "admin": _l("administration"),
    "region": _l("région"),
    "departement": _l("département"),
    "draft": _l("brouillon"),
    "submitted": _l("soumis"),
    "published": _l("publié"),
}


def format_moment(moment: dt.datetime | None) -> str:
    """``31 janvier 2027, 14:02`` (Paris time), in the page's language."""
    if moment is None:
        return "—"
    return format_datetime(
        aware(moment), "d MMMM y, HH:mm", tzinfo=DISPLAY_TIMEZONE, locale=str(get_locale())
    )


def format_value(value: Any) -> str:
    """A value of a before/after record as plain text (the template escapes it)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, str):
        if value in VALUES:
            return str(VALUES[value])
        try:
            return format_moment(dt.datetime.fromisoformat(value)) if "T" in value else value
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return ", ".join(format_value(item) for item in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@dataclass(frozen=True)
class Change:
    """One field of an entry: its label, its value before and after."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class JournalLine:
    """One entry of the journal, ready to be shown."""

    at: str
    who: str
    action: str
    subject: str
    changes: tuple[Change, ...]


def describe(entry: JournalEntry) -> JournalLine:
    """The readable form of a journal entry."""
    before = entry.before or {}
    after = entry.after or {}
    keys = list(dict.fromkeys([*before, *after]))
    changes = tuple(
        Change(
            field=str(FIELDS.get(key, key)),
            before=format_value(before.get(key)) if entry.before is not None else "",
            after=format_value(after.get(key)) if entry.after is not None else "",
        )
        for key in keys
    )
    subject = str(OBJECTS.get(entry.object_type, entry.object_type))
    if entry.object_id is not None:
        subject = _("%(object)s n° %(id)s", object=subject, id=entry.object_id)
    if entry.detail:
        subject = f"{subject} ({entry.detail})"
    who = f"{entry.user.name} <{entry.user.email}>" if entry.user else _("Repère (automatique)")
    return JournalLine(
        at=format_moment(entry.at),
        who=who,
        action=str(ACTIONS.get(entry.action, entry.action)),
        subject=subject,
        changes=changes,
    )
