"""Answers as stored and as the domain sees them; live scores.

The request path's one cache lives here: the live score of a positioning's saved version
(:func:`score_of`). Every change of an answer bumps the positioning's version in the same
transaction (see :mod:`.saving`), and the key also names what else scoring reads (the
service's category, the audience, the grid version and its content hash), so an entry can
never describe anything but what that version holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from flask import current_app
from sqlalchemy import select

from ..caches import Lru
from ..domain.answers import Answer, AnswersFile, ServiceInfo
from ..domain.grid import Grid
from ..domain.scoring import Score, score
from ..extensions import db
from ..models import AnswerRecord, Assessment, User

# Scores of this many saved versions are kept per process (least recently used dropped).
SCORE_CACHE_SIZE = 1024
_SCORES = "repere_scores"


@dataclass(frozen=True)
class AnswerInput:
    """One criterion's answer as people type it, normalised (no blank strings)."""

    level: int | None = None
    not_applicable: bool = False
    justification: str | None = None
    comment: str | None = None
    evidence: tuple[str, ...] = ()

    @classmethod
    def clean(
        cls,
        level: int | None,
        not_applicable: bool,
        justification: str | None,
        comment: str | None,
        evidence: Sequence[str],
    ) -> AnswerInput:
        """Normalise raw input: "not applicable" replaces the level, blanks become None."""
        return cls(
            level=None if not_applicable else level,
            not_applicable=bool(not_applicable),
            justification=_text(justification),
            comment=_text(comment),
            evidence=tuple(line.strip() for line in evidence if line.strip()),
        )

    @classmethod
    def of(cls, record: Any) -> AnswerInput:
        """The value stored in ``record`` (an answer row or object; empty when None)."""
        if record is None:
            return cls()
        return cls(
            record.level,
            bool(record.not_applicable),
            record.justification,
            record.comment,
            tuple(record.evidence or ()),
        )

    @property
    def empty(self) -> bool:
        return self == AnswerInput()

    def to_answer(self) -> Answer:
        """The domain's answer (validated: a justification is needed when not applicable)."""
        return Answer(
            level=self.level,
            not_applicable=self.not_applicable,
            justification=self.justification,
            comment=self.comment,
            evidence=self.evidence,
        )

    def to_data(self) -> dict[str, Any]:
        """Plain data, for the journal and JSON answers."""
        return {
            "level": self.level,
            "not_applicable": self.not_applicable,
            "justification": self.justification,
            "comment": self.comment,
            "evidence": list(self.evidence),
        }

    def digest(self) -> str:
        """A short fingerprint: tells a page that shows this value from one that was edited."""
        data = json.dumps(self.to_data(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()[:16]


def _text(value: str | None) -> str | None:
    cleaned = (value or "").replace("\r\n", "\n").strip()
    return cleaned or None


@dataclass(frozen=True)
class StoredAnswer:
    """What the database holds for one criterion, and who saved it when."""

    value: AnswerInput
    revision: int
    by: str | None = None
    at: dt.datetime | None = None
    from_vendor: bool = False


def load_records(assessment_id: int) -> dict[str, StoredAnswer]:
    """Every stored answer of a positioning with its author's name, in one query."""
    rows = db.session.execute(
        select(AnswerRecord, User.name)
        .outerjoin(User, User.id == AnswerRecord.updated_by_id)
        .where(AnswerRecord.assessment_id == assessment_id)
    ).all()
    return {record.criterion_id: stored_of(record, name) for record, name in rows}


def stored_of(record: Any, by: str | None) -> StoredAnswer:
    """A stored answer (a row or an object) as the rest of the application sees it."""
    return StoredAnswer(
        AnswerInput.of(record), record.revision, by, record.updated_at, record.from_vendor
    )


def domain_answer(value: AnswerInput) -> Answer | None:
    """The domain's answer for a value; None for an empty one.

    "Not applicable" without a reason cannot be saved; should one be stored all the same, it
    counts as unanswered rather than as not applicable.
    """
    if value.empty:
        return None
    try:
        return value.to_answer()
    except ValueError:
        return replace(value, not_applicable=False).to_answer()


def domain_answers(values: Iterable[tuple[str, AnswerInput]]) -> dict[str, Answer]:
    """Criterion id → the domain's answer, for the non-empty values."""
    return {c: answer for c, value in values if (answer := domain_answer(value)) is not None}


_VALUES = (
    AnswerRecord.criterion_id,
    AnswerRecord.level,
    AnswerRecord.not_applicable,
    AnswerRecord.justification,
    AnswerRecord.comment,
    AnswerRecord.evidence,
)


def answers_of(assessment: Assessment) -> dict[str, Answer]:
    """The stored answers of a positioning in the domain's terms (criterion id → answer)."""
    rows = db.session.execute(select(*_VALUES).where(AnswerRecord.assessment_id == assessment.id))
    return domain_answers((row.criterion_id, AnswerInput.of(row)) for row in rows)


def _version_and_answers(assessment_id: int) -> tuple[int | None, dict[str, Answer]]:
    """The positioning's saved version and its answers, read in ONE statement (so that the
    answers are exactly those of that version, whatever commits meanwhile)."""
    rows = db.session.execute(
        select(Assessment.version, *_VALUES)
        .outerjoin(AnswerRecord, AnswerRecord.assessment_id == Assessment.id)
        .where(Assessment.id == assessment_id)
    ).all()
    version = rows[0].version if rows else None
    answers = domain_answers(
        (row.criterion_id, AnswerInput.of(row)) for row in rows if row.criterion_id is not None
    )
    return version, answers


def to_answers_file(assessment: Assessment) -> AnswersFile:
    """The positioning in the answers format (`repere/answers@1`)."""
    service = assessment.service
    return AnswersFile(
        grid=assessment.grid_id,
        version=assessment.grid_version,
        audience=assessment.audience,
        service=ServiceInfo(
            name=service.name,
            organisation=service.organisation.name,
            category=service.category,
            url=service.url or None,
        ),
        answers=answers_of(assessment),
    )


@dataclass(frozen=True)
class ScoreKey:
    """Everything a live score depends on: a saved version of a positioning's answers, the
    service's category, the audience, and the grid version with its content hash."""

    assessment_id: int
    version: int
    category: str
    audience: str
    grid: tuple[str, str, str]

    @classmethod
    def of(cls, assessment: Assessment, grid: Grid, version: int | None = None) -> ScoreKey:
        return cls(
            assessment.id,
            assessment.version if version is None else version,
            assessment.service.category,
            assessment.audience,
            (grid.id, grid.version, grid.checksum),
        )


def _scores() -> Lru[ScoreKey, Score]:
    extensions = current_app.extensions
    if _SCORES not in extensions:
        extensions.setdefault(_SCORES, Lru(SCORE_CACHE_SIZE))
    cache: Lru[ScoreKey, Score] = extensions[_SCORES]
    return cache


def score_of(
    assessment: Assessment, grid: Grid, answers: Mapping[str, Answer] | None = None
) -> Score:
    """The live score of a positioning.

    With ``answers``, those are scored (nothing is cached: they may not be saved yet). Without,
    the score of the saved version, from the cache or from the answers read with the version.
    """
    category, audience = assessment.service.category, assessment.audience
    if answers is not None:
        return score(grid, answers, category, audience)
    key = ScoreKey.of(assessment, grid)
    found = _scores().get(key)
    if found is not None:
        return found
    version, stored = _version_and_answers(assessment.id)
    result = score(grid, stored, category, audience)
    if version is not None:
        _scores().put(ScoreKey.of(assessment, grid, version), result)
    return result


def score_version(key: ScoreKey, grid: Grid, answers: Mapping[str, Answer]) -> Score:
    """The score of a version just committed with ``answers`` (all of them): computed, and
    kept for the pages that show this version next."""
    result = score(grid, answers, key.category, key.audience)
    _scores().put(key, result)
    return result
