"""The décret's scope: every combination of answers gives the answer the sources give."""

from __future__ import annotations

import itertools

import pytest

from app.domain.scope import (
    ESTABLISHMENTS,
    TERRITORIES,
    ScopeAnswer,
    ScopeQuestions,
    decide,
    read_questions,
)

INSIDE = ScopeQuestions("public", "france", "oui", "non")


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        (INSIDE, ScopeAnswer("concerne")),
        # public lycées of agriculture (MASA) and of the armed forces are in scope (seed 000)
        (ScopeQuestions("agricole", "france", "oui", "non"), ScopeAnswer("concerne")),
        (ScopeQuestions("armees", "france", "oui", "non"), ScopeAnswer("concerne")),
        # private under contract: not concerned (Q&A sheet, seed 003)
        (ScopeQuestions("prive-sous-contrat", "france", "oui", "non"),
         ScopeAnswer("non-concerne", "prive-sous-contrat")),
        # écoles: the décret speaks of collèges and lycées
        (ScopeQuestions("ecole", "france", "oui", "non"), ScopeAnswer("non-concerne", "ecole")),
        (ScopeQuestions("autre", "france", "oui", "non"), ScopeAnswer("non-concerne", "autre")),
        (ScopeQuestions("public", "nouvelle-caledonie", "oui", "non"),
         ScopeAnswer("non-concerne", "territoire")),
        (ScopeQuestions("public", "polynesie-francaise", "oui", "non"),
         ScopeAnswer("non-concerne", "territoire")),
        (ScopeQuestions("public", "france", "non", "non"),
         ScopeAnswer("non-concerne", "hors-missions")),
        # R. 421-78-3, third paragraph: professional-world tools for techno/pro teaching only
        (ScopeQuestions("public", "france", "oui", "oui"),
         ScopeAnswer("non-concerne", "professionnel")),
        # one excluding answer is enough, whatever is still unanswered
        (ScopeQuestions("ecole"), ScopeAnswer("non-concerne", "ecole")),
        (ScopeQuestions(territoire="polynesie-francaise"),
         ScopeAnswer("non-concerne", "territoire")),
        (ScopeQuestions("public", "france"),
         ScopeAnswer("incomplet", missing=("missions", "professionnel"))),
        (ScopeQuestions(), ScopeAnswer("incomplet", missing=(
            "etablissement", "territoire", "missions", "professionnel"))),
    ],
)  # fmt: skip
def test_each_answer_that_matters(questions: ScopeQuestions, expected: ScopeAnswer) -> None:
    assert decide(questions) == expected


def test_every_combination_follows_the_rules() -> None:
    """All 7 × 4 × 3 × 3 combinations (None included), against the rules said plainly."""
    seen = set()
    for establishment, territory, missions, professional in itertools.product(
        (*ESTABLISHMENTS, None), (*TERRITORIES, None), ("oui", "non", None),
        ("oui", "non", None),
    ):  # fmt: skip
        answer = decide(ScopeQuestions(establishment, territory, missions, professional))
        seen.add(answer.verdict)
        excluded = (
            establishment in ("prive-sous-contrat", "ecole", "autre")
            or territory in ("nouvelle-caledonie", "polynesie-francaise")
            or missions == "non"
            or professional == "oui"
        )
        complete = None not in (establishment, territory, missions, professional)
        if excluded:
            assert answer.verdict == "non-concerne" and answer.reason is not None
        elif complete:
            assert answer == ScopeAnswer("concerne")
            assert establishment in ("public", "agricole", "armees")
        else:
            assert answer.verdict == "incomplet" and answer.missing
    assert seen == {"concerne", "non-concerne", "incomplet"}


def test_the_query_string_is_read_safely() -> None:
    assert read_questions(
        {
            "etablissement": "armees",
            "territoire": "france",
            "missions": "oui",
            "professionnel": "non",
        }
    ) == ScopeQuestions("armees", "france", "oui", "non")
    odd = read_questions({"etablissement": "<script>", "territoire": "", "missions": "OUI"})
    assert odd == ScopeQuestions() and not odd.answered
    assert read_questions({"missions": "non"}).answered
