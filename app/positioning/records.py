"""Answers as stored and as the domain sees them; live scores, cached per saved version."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Text, bindparam, cast, select

from ..caches import Lru, app_cache
from ..domain.answers import Answer, AnswersFile, ServiceInfo
from ..domain.grid import Grid
from ..domain.scoring import Score, score, scoring_key
from ..extensions import db
from ..models import AnswerRecord, Assessment, User

SCORE_CACHE_SIZE = 1024  # two keys per version: see score_of
ANSWERS_CACHE_SIZE = 512
DOMAIN_ANSWERS_CACHE_SIZE = 2048


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
    def of(cls, record: AnswerRecord | Row[Any] | None) -> AnswerInput:
        """The value stored in ``record`` (an empty answer when there is none)."""
        if record is None:
            return cls()
        return cls(
            record.level,
            record.not_applicable,
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


def stored_of(record: AnswerRecord | Row[Any], by: str | None) -> StoredAnswer:
    """A stored answer as the rest of the application sees it."""
    return StoredAnswer(
        AnswerInput.of(record), record.revision, by, record.updated_at, record.from_vendor
    )


@lru_cache(maxsize=DOMAIN_ANSWERS_CACHE_SIZE)
def _domain_answer(value: AnswerInput) -> Answer | None:
    """The domain's (validated, immutable) answer for a value; the same value gives the same
    object, kept: from one saved version to the next, all answers but one are unchanged."""
    if value.empty:
        return None
    try:
        return value.to_answer()
    except ValueError:  # "not applicable" without a reason cannot be saved; never count it
        return replace(value, not_applicable=False).to_answer()


_ANSWER = AnswerRecord.__table__
# The evidence comes as its JSON text (decoded only for a value not seen before): a row is then
# a key of plain values, for the cache of domain answers below.
_VALUES = select(
    _ANSWER.c.criterion_id,
    _ANSWER.c.level,
    _ANSWER.c.not_applicable,
    _ANSWER.c.justification,
    _ANSWER.c.comment,
    cast(_ANSWER.c.evidence, Text).label("evidence_text"),
).where(_ANSWER.c.assessment_id == bindparam("assessment_id"))


@lru_cache(maxsize=DOMAIN_ANSWERS_CACHE_SIZE)
def _answer_of_row(
    level: int | None,
    not_applicable: bool,
    justification: str | None,
    comment: str | None,
    evidence: str | None,
) -> Answer | None:
    items = json.loads(evidence) if evidence else None
    value = AnswerInput(level, bool(not_applicable), justification, comment, tuple(items or ()))
    return _domain_answer(value)


def _load_answers(assessment_id: int) -> dict[str, Answer]:
    """The stored answers of a positioning, values only (what scoring and exports read)."""
    db.session.flush()  # as a query through the session would: pending answers are written
    rows = db.session.connection().execute(_VALUES, {"assessment_id": assessment_id}).all()
    return answers_of_values(rows)


def _answers_cache() -> Lru[tuple[int, int], dict[str, Answer]]:
    return app_cache("repere_answers", ANSWERS_CACHE_SIZE)


def answers_of(
    assessment: Assessment, stored: dict[str, StoredAnswer] | None = None
) -> dict[str, Answer]:
    """The answers of a positioning in the domain's terms (criterion id → answer).

    Cached per (positioning, version): every change of an answer bumps the version, so a
    version names exactly one set of answers.
    """
    if stored is not None:
        return {c: a for c, item in stored.items() if (a := _domain_answer(item.value))}
    key = (assessment.id, assessment.version)
    cached = _answers_cache().get(key)
    if cached is not None:
        return dict(cached)
    answers = _load_answers(assessment.id)
    _answers_cache().put(key, dict(answers))
    return answers


def cached_answers(assessment_id: int, version: int) -> dict[str, Answer] | None:
    """The answers of a saved version, when this process has them (not to be changed)."""
    return _answers_cache().get((assessment_id, version))


def answers_of_values(rows: Sequence[Any]) -> dict[str, Answer]:
    """The answers in the domain's terms of a positioning's stored answers (all of them), from
    rows of raw values with the evidence as its JSON text (``evidence_text``): each value is
    decoded once per process (see ``_answer_of_row``)."""
    answers = {}
    for row in rows:
        answer = _answer_of_row(
            row.level, row.not_applicable, row.justification, row.comment, row.evidence_text
        )
        if answer is not None:
            answers[row.criterion_id] = answer
    return answers


def answers_after_save(
    previous: dict[str, Answer], changes: dict[str, AnswerInput]
) -> dict[str, Answer]:
    """The answers of a positioning once ``changes`` are written over ``previous``.

    Saves of a positioning are serialised by its version bump (positioning/saving.py): the
    answers of version - 1, plus what the save that made the version wrote, are exactly what
    the database holds at that version.
    """
    answers = dict(previous)
    for criterion_id, value in changes.items():
        answer = _domain_answer(value)
        if answer is None:
            answers.pop(criterion_id, None)
        else:
            answers[criterion_id] = answer
    return answers


def remember_answers(assessment_id: int, version: int, answers: dict[str, Answer]) -> None:
    """Cache the answers of ``version`` once the save that made it has committed."""
    _answers_cache().put((assessment_id, version), dict(answers))


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


def score_of(assessment: Assessment, grid: Grid, answers: dict[str, Answer] | None = None) -> Score:
    """The live score of a positioning, cached two ways.

    By saved version (every change bumps it), so that a page finds it without reading the
    answers; and by what scoring reads of the answers (their levels and "not applicable"), so
    that a save that changes only a comment, a justification or evidence reuses the score this
    process already computed for the same levels, for whichever version (a worker that did
    not make the version before may well have scored the same levels earlier).
    """
    category, audience = assessment.service.category, assessment.audience
    grid_id = (grid.key, grid.checksum)
    by_version = ("version", assessment.id, assessment.version, category, audience, grid_id)
    cache: Lru[tuple[Any, ...], Score] = app_cache("repere_scores", SCORE_CACHE_SIZE)
    result = cache.get(by_version)
    if result is not None:
        return result
    if answers is None:
        answers = answers_of(assessment)
    by_content = ("content", scoring_key(answers), category, audience, grid_id)
    result = cache.get(by_content)
    if result is None:
        result = score(grid, answers, category, audience)
        cache.put(by_content, result)
    cache.put(by_version, result)
    return result
