"""Scoring rules (INTERFACES.md §3), on hand-made cases and on generated grids."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.answers import Answer
from app.domain.catalogue import load_catalogue
from app.domain.grid import Grid
from app.domain.scoring import VERDICTS, Figures, Score, _Tally, score
from tests.conftest import SAMPLE_GRIDS
from tests.domain.strategies import scored_cases


def sample() -> Grid:
    grid = load_catalogue(SAMPLE_GRIDS).get("sample", "2026.1")
    assert grid is not None
    return grid


def lv(level: int) -> Answer:
    return Answer(level=level)


NA = Answer(not_applicable=True, justification="pas concerné")


def test_hand_computed_example() -> None:
    # ENT, vendor: INT-ID-02 (ressource only) does not apply.
    answers = {"INT-ID-01": lv(2), "INT-DATA-01": lv(4), "SEC-HOM-01": lv(3), "SEC-HOM-02": lv(1)}
    result = score(sample(), answers, "ent", "editeur")
    assert result.verdict == "non_conforme"
    assert result.figures.blockers == ("INT-ID-01",)
    assert result.figures.applicable == 4 and result.figures.answered == 4
    assert result.figures.maturity == pytest.approx((2 + 4 + 3 + 1) / 4)
    assert result.figures.conformity_rate == pytest.approx(50.0)
    interop = result.referentiel("interoperabilite")
    assert interop.figures.maturity == pytest.approx(3.0)
    assert interop.figures.conformity_rate == pytest.approx(50.0)
    # the earliest of 2027-02-28 (grid's arrêté) and 2027-03-31 (sécurité's own)
    assert str(result.deadline) == "2027-02-28"


def test_weights_count() -> None:
    # A resource: INT-ID-02 (weight 2) applies.
    answers = {"INT-ID-01": lv(4), "INT-ID-02": lv(1)}
    result = score(sample(), answers, "ressource", "etablissement")
    interop = result.referentiel("interoperabilite").figures
    assert interop.maturity == pytest.approx((4 * 1 + 1 * 2) / 3)
    assert interop.conformity_rate == pytest.approx(100 / 3)
    assert interop.blockers == ("INT-ID-02",)
    # INT-DATA-01 is for vendors only: not counted for an establishment
    assert interop.concerned == 2


def test_verdict_incomplet_then_conforme() -> None:
    answers = {"INT-ID-01": lv(3), "SEC-HOM-01": lv(4)}
    assert score(sample(), answers, "ent", "etablissement").verdict == "incomplet"
    answers["SEC-HOM-02"] = lv(0)  # not mandatory: a gap, not a blocker
    result = score(sample(), answers, "ent", "etablissement")
    assert result.verdict == "conforme" and result.figures.blockers == ()
    assert result.figures.conformity_rate == pytest.approx(200 / 3)


def test_not_applicable_mandatory_criterion_is_no_blocker() -> None:
    answers = {"INT-ID-01": NA, "SEC-HOM-01": NA, "SEC-HOM-02": lv(3)}
    result = score(sample(), answers, "ent", "etablissement")
    assert result.verdict == "conforme"
    assert result.figures.not_applicable == 2 and result.figures.applicable == 1


def test_nothing_answered_has_no_figures_yet() -> None:
    result = score(sample(), {}, "ent", "editeur")
    assert result.figures.maturity is None and result.figures.conformity_rate is None
    assert result.verdict == "incomplet"
    assert result.figures.progress == 0.0


# ---- properties over generated grids -------------------------------------------------------


def all_figures(result: Score) -> list[Figures]:
    out = [result.figures]
    for referentiel in result.referentiels:
        out.append(referentiel.figures)
        out.extend(axis.figures for axis in referentiel.axes)
    return out


def oracle(
    grid: Grid, answers: dict[str, Answer], category: str, audience: str
) -> tuple[Fraction | None, Fraction | None, list[str], str]:
    """The rules written again, plainly and exactly, to check the implementation against."""
    conformity = grid.scale.conformity_level
    weight = levels = met = Fraction(0)
    blockers, unanswered = [], []
    for criterion in grid.criteria.values():
        if criterion.categories is not None and category not in criterion.categories:
            continue
        if criterion.audiences is not None and audience not in criterion.audiences:
            continue
        answer = answers.get(criterion.id)
        if answer is not None and answer.not_applicable:
            continue
        if answer is None or answer.level is None:
            unanswered.append(criterion.id)
            continue
        w = Fraction(criterion.weight)
        weight += w
        levels += w * answer.level
        if answer.level >= conformity:
            met += w
        elif criterion.mandatory:
            blockers.append(criterion.id)
    verdict = "non_conforme" if blockers else "incomplet" if unanswered else "conforme"
    if not weight:
        return None, None, blockers, verdict
    return levels / weight, 100 * met / weight, blockers, verdict


@given(scored_cases())
def test_matches_the_rules_exactly(case: tuple[Grid, dict[str, Answer], str, str]) -> None:
    grid, answers, category, audience = case
    result = score(grid, answers, category, audience)
    maturity, rate, blockers, verdict = oracle(grid, answers, category, audience)
    assert list(result.figures.blockers) == blockers
    assert result.verdict == verdict
    if maturity is None:
        assert result.figures.maturity is None and result.figures.conformity_rate is None
    else:
        assert result.figures.maturity == pytest.approx(float(maturity), abs=1e-9)
        assert result.figures.conformity_rate == pytest.approx(float(rate), abs=1e-9)


@given(scored_cases())
def test_figures_stay_within_the_scale(case: tuple[Grid, dict[str, Answer], str, str]) -> None:
    grid, answers, category, audience = case
    for figures in all_figures(score(grid, answers, category, audience)):
        if figures.maturity is not None:
            assert grid.scale.minimum <= figures.maturity <= grid.scale.maximum
        if figures.conformity_rate is not None:
            assert 0 <= figures.conformity_rate <= 100
        assert 0 <= figures.answered <= figures.applicable <= figures.concerned
        assert 0 <= figures.progress <= 100


@given(scored_cases(), st.randoms(use_true_random=False))
def test_raising_one_level_never_lowers_any_figure(
    case: tuple[Grid, dict[str, Answer], str, str], rnd: random.Random
) -> None:
    grid, answers, category, audience = case
    raisable = [
        c for c, a in answers.items() if a.level is not None and a.level < grid.scale.maximum
    ]
    if not raisable:
        return
    chosen = rnd.choice(raisable)
    before = score(grid, answers, category, audience)
    raised = dict(answers)
    raised[chosen] = Answer(level=(answers[chosen].level or 0) + 1)
    after = score(grid, raised, category, audience)
    assert VERDICTS.index(after.verdict) >= VERDICTS.index(before.verdict)
    for old, new in zip(all_figures(before), all_figures(after), strict=True):
        if old.maturity is not None:
            assert new.maturity is not None and new.maturity >= old.maturity
            assert new.conformity_rate is not None and old.conformity_rate is not None
            assert new.conformity_rate >= old.conformity_rate
        assert set(new.blockers) <= set(old.blockers)
        assert new.met >= old.met


@given(scored_cases(), st.randoms(use_true_random=False))
def test_a_not_applicable_criterion_has_no_influence(
    case: tuple[Grid, dict[str, Answer], str, str], rnd: random.Random
) -> None:
    grid, answers, category, audience = case
    chosen = rnd.choice(list(grid.criteria))
    marked = dict(answers)
    marked[chosen] = Answer(not_applicable=True, justification="sans objet")
    baseline = score(grid, marked, category, audience)
    # scoring is the same as if the criterion were not in the grid at all
    without = {c: a for c, a in marked.items() if c != chosen}
    grid_without_it = grid.model_copy(
        update={
            "referentiels": tuple(
                r.model_copy(
                    update={
                        "axes": tuple(
                            a.model_copy(
                                update={"criteria": tuple(c for c in a.criteria if c.id != chosen)}
                            )
                            for a in r.axes
                        )
                    }
                )
                for r in grid.referentiels
            )
        }
    )
    result = score(grid_without_it, without, category, audience)
    assert result.verdict == baseline.verdict
    assert result.figures.maturity == baseline.figures.maturity
    assert result.figures.conformity_rate == baseline.figures.conformity_rate
    assert result.figures.blockers == baseline.figures.blockers
    assert result.figures.unanswered == baseline.figures.unanswered


@given(scored_cases(), st.randoms(use_true_random=False))
def test_order_of_answers_is_irrelevant(
    case: tuple[Grid, dict[str, Answer], str, str], rnd: random.Random
) -> None:
    grid, answers, category, audience = case
    items = list(answers.items())
    rnd.shuffle(items)
    assert score(grid, dict(items), category, audience) == score(grid, answers, category, audience)


@given(scored_cases())
def test_verdict_rules(case: tuple[Grid, dict[str, Answer], str, str]) -> None:
    grid, answers, category, audience = case
    result = score(grid, answers, category, audience)
    if result.figures.blockers:
        assert result.verdict == "non_conforme"
    elif result.figures.unanswered:
        assert result.verdict == "incomplet"
    else:
        assert result.verdict == "conforme"
    assert result.figures.applicable == result.figures.answered + len(result.figures.unanswered)


def one_tally_at_a_time(
    grid: Grid, answers: dict[str, Answer], category: str, audience: str
) -> list[Figures]:
    """Every figure of a score counted the plain way: each criterion of the grid, in order,
    added to each of its three tallies (its axis, its référentiel, the whole grid) on its own.
    ``score`` spares work; its floats must come out of the very same additions."""
    scale = grid.scale
    overall = _Tally()
    figures = []
    for referentiel in grid.referentiels:
        ref = _Tally()
        axes = []
        for axis in referentiel.axes:
            tally = _Tally()
            for criterion in axis.criteria:
                if not criterion.applies_to(category, audience):
                    continue
                answer = answers.get(criterion.id)
                for each in (tally, ref, overall):
                    each.concerned += 1
                    if answer is not None and answer.not_applicable:
                        each.not_applicable += 1
                        continue
                    each.applicable += 1
                    if answer is None or answer.level is None:
                        each.unanswered.append(criterion.id)
                        continue
                    each.answered += 1
                    each.weight += criterion.weight
                    each.weighted_levels += criterion.weight * answer.level
                    if scale.meets(answer.level):
                        each.met += 1
                        each.weight_met += criterion.weight
                    elif criterion.mandatory:
                        each.blockers.append(criterion.id)
            axes.append(tally.figures())
        figures += [ref.figures(), *axes]
    return [overall.figures(), *figures]


@given(scored_cases())
def test_the_figures_are_exactly_those_counted_one_tally_at_a_time(
    case: tuple[Grid, dict[str, Answer], str, str],
) -> None:
    grid, answers, category, audience = case
    expected = one_tally_at_a_time(grid, answers, category, audience)
    assert all_figures(score(grid, answers, category, audience)) == expected  # floats: ==
    assert all_figures(score(grid, answers, category, audience)) == expected  # memo reused
