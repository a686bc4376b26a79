"""Live scores: always those of the stored answers, even when another process saved them."""

from __future__ import annotations

import sqlalchemy
from flask import Flask
from sqlalchemy import insert, update
from sqlalchemy.pool import NullPool

from app.domain.scoring import score
from app.extensions import db
from app.grid_registry import get_grid
from app.models import AnswerRecord, Assessment
from app.positioning import AnswerInput, SaveRequest, answers_of, save_answers, score_of

from .support import Draft


def level(value: int | None) -> AnswerInput:
    return AnswerInput.clean(value, False, None, None, [])


def test_the_live_score_is_that_of_the_stored_answers(draft: Draft) -> None:
    grid = get_grid("sample", "2026.1")
    assert grid is not None
    for criterion_id, value in (("INT-ID-01", 1), ("SEC-HOM-01", 4), ("INT-ID-01", 3)):
        current = db.session.get(Assessment, draft.assessment.id)
        assert current is not None
        revision = 1 if criterion_id == "INT-ID-01" and value == 3 else 0
        save_answers(current, draft.user, [SaveRequest(criterion_id, level(value), revision)])
        fresh = db.session.get(Assessment, draft.assessment.id)
        assert fresh is not None
        assert score_of(fresh, grid) == score(grid, answers_of(fresh), "ent", "editeur")
    assert score_of(fresh, grid).figures.answered == 2


def test_a_score_known_to_one_process_never_hides_a_save_made_by_another(
    app: Flask, draft: Draft, database_url: str
) -> None:
    """Two workers on one database: the first shows a version, the second saves a new one
    (its own connection: the version bumped and the answer written in one transaction); the
    first then shows the new figures, not the ones it had."""
    grid = get_grid("sample", "2026.1")
    assert grid is not None
    before = score_of(draft.assessment, grid)
    assert before.figures.answered == 0
    db.session.commit()
    other_worker = sqlalchemy.create_engine(database_url, poolclass=NullPool)
    try:
        with other_worker.begin() as connection:
            assessments, answers = Assessment.__table__, AnswerRecord.__table__
            connection.execute(
                update(assessments)
                .where(assessments.c.id == draft.assessment.id)
                .values(version=assessments.c.version + 1)
            )
            connection.execute(
                insert(answers).values(
                    assessment_id=draft.assessment.id,
                    criterion_id="INT-ID-01",
                    level=1,
                    not_applicable=False,
                    evidence=[],
                    revision=1,
                    from_vendor=False,
                    updated_by_id=draft.user.id,
                )
            )
    finally:
        other_worker.dispose()
    db.session.expire_all()
    fresh = db.session.get(Assessment, draft.assessment.id)
    assert fresh is not None
    after = score_of(fresh, grid)
    assert after.figures.answered == 1
    assert "INT-ID-01" in after.figures.blockers
