"""Scoring rules (INTERFACES.md §3), on hand-made cases and on generated grids."""

from __future__ import annotations

import random
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.answers import Answer
from app.domain.catalogue import load_catalogue
from app.domain.grid import Criterion, Grid
from app.domain.scoring import (
    VERDICTS,
    Figures,
    Score,
    declared_not_applicable,
    score,
    score_to_json,
)
from tests.domain.strategies import scored_cases
from tests.support import SAMPLE_GRIDS


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


def counted_plainly(
    criteria: list[Criterion], answers: dict[str, Answer], conformity_level: int
) -> Figures:
    """The figures of some criteria, written again from docs/scoring.md with exact fractions."""
    weight = levels = met_weight = Fraction(0)
    met = not_applicable = 0
    blockers, in_force, unanswered, declared = [], [], [], []
    for criterion in criteria:
        answer = answers.get(criterion.id)
        if answer is not None and answer.not_applicable:
            not_applicable += 1
            if criterion.mandatory:
                declared.append(criterion.id)
        elif answer is None or answer.level is None:
            unanswered.append(criterion.id)
        else:
            weight += Fraction(criterion.weight)
            levels += Fraction(criterion.weight) * answer.level
            if answer.level >= conformity_level:
                met += 1
                met_weight += Fraction(criterion.weight)
            elif criterion.mandatory:
                blockers.append(criterion.id)
                if criterion.binding == "in_force":
                    in_force.append(criterion.id)
    answered = len(criteria) - not_applicable - len(unanswered)
    return Figures(
        maturity=float(levels / weight) if weight else None,
        conformity_rate=float(100 * met_weight / weight) if weight else None,
        concerned=len(criteria),
        applicable=len(criteria) - not_applicable,
        answered=answered,
        met=met,
        not_applicable=not_applicable,
        blockers=tuple(blockers),
        unanswered=tuple(unanswered),
        blockers_in_force=tuple(in_force),
        mandatory_not_applicable=tuple(declared),
    )


def expected_figures(
    grid: Grid, answers: dict[str, Answer], category: str, audience: str
) -> list[Figures]:
    """Every figure of a score, each set counted on its own: the whole grid, then each
    référentiel followed by its axes (the order of :func:`all_figures`)."""
    level = grid.scale.conformity_level

    def concerned(criteria: tuple[Criterion, ...]) -> list[Criterion]:
        return [c for c in criteria if c.applies_to(category, audience)]

    out = [counted_plainly(concerned(tuple(grid.criteria.values())), answers, level)]
    for referentiel in grid.referentiels:
        out.append(counted_plainly(concerned(referentiel.criteria()), answers, level))
        out.extend(counted_plainly(concerned(a.criteria), answers, level) for a in referentiel.axes)
    return out


def same_figures(got: Figures, expected: Figures) -> None:
    for name in ("maturity", "conformity_rate"):
        value, wanted = getattr(got, name), getattr(expected, name)
        assert (value is None) == (wanted is None), name
        if wanted is not None:
            assert value == pytest.approx(wanted, abs=1e-9), name
    exact = ("maturity", "conformity_rate")
    assert replace(got, **dict.fromkeys(exact)) == replace(expected, **dict.fromkeys(exact))


@given(scored_cases())
def test_every_set_of_figures_follows_the_rules(
    case: tuple[Grid, dict[str, Answer], str, str],
) -> None:
    grid, answers, category, audience = case
    result = score(grid, answers, category, audience)
    got = all_figures(result)
    wanted = expected_figures(grid, answers, category, audience)
    assert len(got) == len(wanted)
    for figures, expected in zip(got, wanted, strict=True):
        same_figures(figures, expected)
    assert all_figures(score(grid, answers, category, audience)) == got  # the same again


@given(scored_cases())
def test_blockers_in_force_are_blockers(case: tuple[Grid, dict[str, Answer], str, str]) -> None:
    grid, answers, category, audience = case
    result = score(grid, answers, category, audience)
    for figures in all_figures(result):
        assert set(figures.blockers_in_force) <= set(figures.blockers)
        assert all(grid.criteria[c].binding == "in_force" for c in figures.blockers_in_force)
    data = score_to_json(result)
    assert data["blockers_in_force"] == list(result.figures.blockers_in_force)
    for referentiel in result.referentiels:
        entry = data["referentiels"][referentiel.id]
        assert entry["blockers_in_force"] == list(referentiel.figures.blockers_in_force)


@given(scored_cases(), st.randoms(use_true_random=False))
def test_not_applicable_on_a_mandatory_criterion_removes_its_blocker_and_says_so(
    case: tuple[Grid, dict[str, Answer], str, str], rnd: random.Random
) -> None:
    grid, answers, category, audience = case
    blockers = score(grid, answers, category, audience).figures.blockers
    if not blockers:
        return
    chosen = rnd.choice(blockers)
    marked = dict(answers)
    marked[chosen] = Answer(not_applicable=True, justification="pas de messagerie")
    result = score(grid, marked, category, audience)
    assert chosen not in result.figures.blockers
    assert chosen not in result.figures.blockers_in_force
    assert chosen in result.figures.mandatory_not_applicable
    declared = {d.criterion: d for d in declared_not_applicable(result, grid, marked)}
    assert declared[chosen].justification == "pas de messagerie"
    assert declared[chosen].in_force == (grid.criteria[chosen].binding == "in_force")
    assert chosen in score_to_json(result)["mandatory_not_applicable"]
