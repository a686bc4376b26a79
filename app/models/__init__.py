"""Database models, one module per part of the product. The schema changes only through
migrations (``flask db migrate``); ``tests/test_migrations.py`` checks that the two agree.

- :mod:`.accounts`: organisations, users, invitations;
- :mod:`.positionings`: grid versions, services, positionings, answers, the journal;
- :mod:`.catalogue`: the public catalogue's rows, the establishments' tools;
- :mod:`.audits`: the collectivités' audits and the background jobs.

Import them from here: ``from app.models import Assessment``.
"""

from .accounts import ORGANISATION_KINDS, ROLES, Invitation, Organisation, User
from .audits import (
    OPINIONS,
    REVIEW_STATUSES,
    Audit,
    AuditMessage,
    AuditReservation,
    AuditReview,
    FollowedService,
    Job,
)
from .base import TimestampMixin, utcnow
from .catalogue import CatalogueEntry, CatalogueMaturity, EstablishmentTool
from .positionings import (
    ASSESSMENT_STATUSES,
    AnswerRecord,
    Assessment,
    GridVersion,
    JournalEntry,
    Service,
)

__all__ = [
    "ASSESSMENT_STATUSES",
    "OPINIONS",
    "ORGANISATION_KINDS",
    "REVIEW_STATUSES",
    "ROLES",
    "AnswerRecord",
    "Assessment",
    "Audit",
    "AuditMessage",
    "AuditReservation",
    "AuditReview",
    "CatalogueEntry",
    "CatalogueMaturity",
    "EstablishmentTool",
    "FollowedService",
    "GridVersion",
    "Invitation",
    "Job",
    "JournalEntry",
    "Organisation",
    "Service",
    "TimestampMixin",
    "User",
    "utcnow",
]
