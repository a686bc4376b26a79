"""``scoring_key``: answers with the same key score the same (the live score's cache uses it)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain.answers import Answer
from app.domain.grid import Grid
from app.domain.scoring import score, scoring_key
from tests.domain.strategies import scored_cases

WORDS = st.text(alphabet="abc<>é&", min_size=1, max_size=12)  # never blank


def _reworded(draw: st.DrawFn, answer: Answer) -> Answer:
    """The same level and "not applicable", other comment, justification and evidence."""
    justification = draw(WORDS) if answer.not_applicable else draw(st.none() | WORDS)
    return Answer(
        level=answer.level,
        not_applicable=answer.not_applicable,
        justification=justification,
        comment=draw(st.none() | WORDS),
        evidence=tuple(f"https://exemple.fr/preuve/{n}" for n in range(draw(st.integers(0, 3)))),
    )


@given(scored_cases(), st.data())
def test_comments_justifications_and_evidence_change_neither_the_key_nor_the_score(
    case: tuple[Grid, dict[str, Answer], str, str], data: st.DataObject
) -> None:
    grid, answers, category, audience = case
    reworded = {c: _reworded(data.draw, a) for c, a in answers.items()}
    assert scoring_key(reworded) == scoring_key(answers)
    assert score(grid, reworded, category, audience) == score(grid, answers, category, audience)


@given(scored_cases(), st.data())
def test_a_changed_level_or_not_applicable_changes_the_key(
    case: tuple[Grid, dict[str, Answer], str, str], data: st.DataObject
) -> None:
    grid, answers, _category, _audience = case
    criterion_id = data.draw(st.sampled_from(sorted(grid.criteria)))
    before = answers.get(criterion_id)
    choices = [Answer(level=n) for n in range(grid.scale.maximum + 1)]
    choices.append(Answer(not_applicable=True, justification="hors champ"))
    after = data.draw(
        st.sampled_from(choices).filter(
            lambda a: (
                before is None
                or (a.level, a.not_applicable) != (before.level, before.not_applicable)
            )
        )
    )
    changed = {**answers, criterion_id: after}
    assert scoring_key(changed) != scoring_key(answers)
