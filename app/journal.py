"""The append-only journal: who changed what, when, before and after."""

from __future__ import annotations

from typing import Any

from .extensions import db
from .models import JournalEntry, User


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
) -> JournalEntry:
    """Add one entry to the current transaction (committed with the change it describes)."""
    entry = JournalEntry(
        user_id=user.id if user else None,
        organisation_id=organisation_id
        if organisation_id is not None
        else (user.organisation_id if user else None),
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry
