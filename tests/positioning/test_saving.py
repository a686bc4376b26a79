"""Saving answers: each save is kept, a stale one is refused, nothing is merged silently."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AnswerRecord, Assessment, JournalEntry
from app.positioning import AnswerInput, FrozenError, SaveRequest, save_answers

from .support import Draft


def level(value: int | None, comment: str | None = None) -> AnswerInput:
    return AnswerInput.clean(value, False, None, comment, [])


def stored_level(draft: Draft, criterion_id: str) -> int | None:
    return db.session.scalar(
        select(AnswerRecord.level).where(
            AnswerRecord.assessment_id == draft.assessment.id,
            AnswerRecord.criterion_id == criterion_id,
        )
    )


def test_a_save_is_stored_journaled_and_makes_a_new_version(draft: Draft) -> None:
    version = draft.assessment.version
    saved = save_answers(draft.assessment, draft.user, [SaveRequest("INT-ID-01", level(2), 0)])
    assert [o.status for o in saved.outcomes] == ["saved"]
    assert saved.version == version + 1
    assert saved.answers["INT-ID-01"].level == 2
    assert stored_level(draft, "INT-ID-01") == 2
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 1
    fresh = db.session.get(Assessment, draft.assessment.id)
    assert fresh is not None and fresh.version == version + 1


def test_a_save_based_on_an_old_revision_is_refused_and_changes_nothing(draft: Draft) -> None:
    save_answers(draft.assessment, draft.user, [SaveRequest("INT-ID-01", level(2), 0)])
    stale = save_answers(draft.assessment, draft.user, [SaveRequest("INT-ID-01", level(4), 0)])
    (outcome,) = stale.outcomes
    assert outcome.status == "conflict"
    assert outcome.stored.value.level == 2 and outcome.stored.by == "Alice"
    assert stale.version is None
    assert stored_level(draft, "INT-ID-01") == 2


def test_saving_the_stored_value_again_is_unchanged_and_keeps_the_version(draft: Draft) -> None:
    first = save_answers(draft.assessment, draft.user, [SaveRequest("INT-ID-01", level(2), 0)])
    again = save_answers(draft.assessment, draft.user, [SaveRequest("INT-ID-01", level(2), 0)])
    assert [o.status for o in again.outcomes] == ["unchanged"]
    fresh = db.session.get(Assessment, draft.assessment.id)
    assert fresh is not None and fresh.version == first.version


def test_the_answers_of_a_version_are_all_the_stored_ones(draft: Draft) -> None:
    save_answers(draft.assessment, draft.user, [SaveRequest("SEC-HOM-01", level(4), 0)])
    saved = save_answers(
        draft.assessment,
        draft.user,
        [SaveRequest("INT-ID-01", level(1), 0), SaveRequest("SEC-HOM-01", level(None), 1)],
    )
    assert set(saved.answers) == {"INT-ID-01"}  # cleared: no longer answered


def test_a_submitted_positioning_refuses_every_save(draft: Draft) -> None:
    draft.assessment.status = "submitted"
    db.session.commit()
    with pytest.raises(FrozenError):
        save_answers(draft.assessment, draft.user, [SaveRequest("INT-ID-01", level(2), 0)])
    assert stored_level(draft, "INT-ID-01") is None
