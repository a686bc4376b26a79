"""The append-only journal: who changed what, when, before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert

from .extensions import db
from .models import JournalEntry, User, utcnow

_TABLE = JournalEntry.__table__
_COLUMNS = (
    "at",
    "user_id",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "detail",
    "before",
    "after",
)
# Built once, a parameter for each column written; each entry is its values. Inline: the new
# entry's id is not needed, so no RETURNING.
_INSERT = (
    insert(_TABLE)
    .inline()
    .values({name: bindparam(name, type_=_TABLE.c[name].type) for name in _COLUMNS})
)


def record(
    user: User | None,
    action: str,
    object_type: str,
    object_id: int | None,
    *,
    organisation_id: int | None = None,
    detail: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write one entry in the current transaction (committed with the change it describes).

    A plain INSERT, at once (no object for the session to track: the autosave writes one per
    save), after the session's pending changes.
    """
    db.session.flush()  # what the entry refers to is written first (a new account, say)
    db.session.execute(
        _INSERT,
        {
            "at": utcnow(),
            "user_id": user.id if user else None,
            "organisation_id": organisation_id
            if organisation_id is not None
            else (user.organisation_id if user else None),
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "detail": detail,
            "before": before,
            "after": after,
        },
    )
