"""The long report, tidier: what is left to answer in one table, the action plan with the
vendor's comments and evidence, and a word when "conforme" sits beside an axis at 0 %."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.reports.support import answers_data, normalise


def actions_text(rendered: Any) -> str:
    text = normalise(rendered.text)
    return text[text.index("Plan d'action") : text.index("Annexe")]


def test_criteria_to_answer_share_one_table_and_one_deadline(render: Callable[..., Any]) -> None:
    rendered = render(answers_data({"SEC-HOM-01": {"level": 3}}))  # everything else unanswered
    actions = actions_text(rendered)
    assert "Critères à renseigner" in actions
    for criterion_id in ("INT-ID-01", "INT-DATA-01", "SEC-HOM-02"):
        assert criterion_id in actions
    # one caption per deadline, not one sentence per criterion
    assert actions.count("10 mois après la publication de l'arrêté le 30 avril 2026") <= 2


def test_the_action_plan_shows_comments_and_evidence(render: Callable[..., Any]) -> None:
    answers = {
        "INT-ID-01": {
            "level": 1,
            "comment": "Connecteur ÉduConnect prévu en mars",
            "evidence": ["https://exemple.fr/feuille-de-route"],
        }
    }
    actions = actions_text(render(answers_data(answers)))
    assert "Connecteur ÉduConnect prévu en mars" in actions
    assert "https://exemple.fr/feuille-de-route" in actions.replace(" ", "")


def test_a_conforme_verdict_beside_an_axis_at_zero_is_explained(
    render: Callable[..., Any],
) -> None:
    answers = {  # every mandatory criterion met, the recommendation of "Données" at 0
        "INT-ID-01": {"level": 3},
        "INT-DATA-01": {"level": 0},
        "SEC-HOM-01": {"level": 3},
        "SEC-HOM-02": {"level": 3},
    }
    rendered = render(answers_data(answers))
    assert rendered.report.verdict == "conforme"
    text = normalise(rendered.text)
    assert "aucun critère obligatoire applicable" in text and "(Données)" in text
    blocked = render(answers_data(answers | {"INT-ID-01": {"level": 1}}))
    assert "aucun critère obligatoire applicable" not in normalise(blocked.text)
