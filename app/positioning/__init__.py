"""Positionings: the service layer between the models and the domain.

- :mod:`.records`: answers as stored and as the domain sees them, live scores;
- :mod:`.saving`: saving answers without ever overwriting someone's work silently;
- :mod:`.lifecycle`: created (maybe pre-filled), submitted, published, new editions.

Every figure comes from ``domain.scoring``; nothing here computes one.
"""

from .lifecycle import (
    StaleError,
    create_assessment,
    editions_of,
    find_draft,
    new_edition,
    next_edition,
    submit,
    vendor_published,
)
from .publication import IncompleteError, publish, refresh_deadlines, withdraw
from .records import (
    AnswerInput,
    ScoreKey,
    StoredAnswer,
    answers_of,
    load_records,
    score_of,
    score_version,
    to_answers_file,
)
from .saving import FrozenError, Outcome, Saved, SaveRequest, save_answers
from .snapshots import answers_file_of, service_of

start_from_vendor = create_assessment  # a principal's positioning pre-filled from the vendor's

__all__ = [
    "AnswerInput",
    "FrozenError",
    "IncompleteError",
    "Outcome",
    "SaveRequest",
    "Saved",
    "ScoreKey",
    "StaleError",
    "StoredAnswer",
    "answers_file_of",
    "answers_of",
    "create_assessment",
    "editions_of",
    "find_draft",
    "load_records",
    "new_edition",
    "next_edition",
    "publish",
    "refresh_deadlines",
    "save_answers",
    "score_of",
    "score_version",
    "service_of",
    "start_from_vendor",
    "submit",
    "to_answers_file",
    "vendor_published",
    "withdraw",
]
