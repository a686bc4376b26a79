"""Is my tool concerned? The décret's scope as a few questions and one answer.

The décret published on 5 December 2025 creates two articles of the code de l'éducation
(seed 000, §II.1, "Texte du décret"):

- art. R. 421-78-3: the information systems, services and digital tools used in public
  collèges and lycées for their educational missions must conform to the référentiels
  (interopérabilité, sécurité, numérique responsable) defined by arrêté, with at least ten
  months to comply; not applicable to tools designed for the professional world and needed
  only for technological and vocational teaching;
- art. R. 421-78-4: the minister may, by arrêté, make the use of national services (the
  services socles) mandatory.

The scope presented by the DNE: France except Nouvelle-Calédonie and Polynésie française;
public second-degree establishments of the ministries of education, the armed forces and
agriculture (MASA); not private schools under contract (the Q&A sheet, seed 003); écoles
(first degree) are outside the décret. It applies whoever chose the tool: the establishment,
the collectivité or the State; no sanction is foreseen for a collectivité (seed 003).

Pure Python: the page (app/main) asks the questions and words the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

ESTABLISHMENTS = ("public", "agricole", "armees", "prive-sous-contrat", "ecole", "autre")
TERRITORIES = ("france", "nouvelle-caledonie", "polynesie-francaise")
YES_NO = ("oui", "non")
QUESTIONS: dict[str, tuple[str, ...]] = {
    "etablissement": ESTABLISHMENTS,
    "territoire": TERRITORIES,
    "missions": YES_NO,  # the tool serves the establishment's educational missions
    "professionnel": YES_NO,  # a professional-world tool needed only for techno/pro teaching
}

Verdict = Literal["concerne", "non-concerne", "incomplet"]
# why a tool is not concerned, in the order the questions are asked
Reason = Literal[
    "prive-sous-contrat", "ecole", "autre", "territoire", "hors-missions", "professionnel"
]

EXCLUDED_ESTABLISHMENTS: dict[str, Reason] = {
    "prive-sous-contrat": "prive-sous-contrat",  # not concerned, as the Q&A sheet says
    "ecole": "ecole",  # the first degree is outside the décret
    "autre": "autre",  # the décret speaks of public collèges and lycées only
}


@dataclass(frozen=True)
class ScopeQuestions:
    """The answers given so far; None for a question not answered (or answered oddly)."""

    etablissement: str | None = None
    territoire: str | None = None
    missions: str | None = None
    professionnel: str | None = None

    @property
    def answered(self) -> bool:
        """Whether at least one question has an answer (the page then shows one)."""
        return any(getattr(self, name) is not None for name in QUESTIONS)


@dataclass(frozen=True)
class ScopeAnswer:
    verdict: Verdict
    reason: Reason | None = None  # set when not concerned
    missing: tuple[str, ...] = ()  # the questions still to answer when incomplete


def read_questions(query: Mapping[str, str]) -> ScopeQuestions:
    """The answers of a query string; a value that is not one of the choices is ignored."""
    values = {
        name: (query.get(name) if query.get(name) in choices else None)
        for name, choices in QUESTIONS.items()
    }
    return ScopeQuestions(**values)


def decide(questions: ScopeQuestions) -> ScopeAnswer:
    """Whether the décret concerns the tool.

    A tool is outside the décret as soon as one answer says so (whatever the others); it is
    concerned when every answer keeps it inside; otherwise the answer waits for the missing
    questions."""
    excluded = EXCLUDED_ESTABLISHMENTS.get(questions.etablissement or "")
    if excluded is not None:
        return ScopeAnswer("non-concerne", excluded)
    if questions.territoire in ("nouvelle-caledonie", "polynesie-francaise"):
        return ScopeAnswer("non-concerne", "territoire")
    if questions.missions == "non":
        return ScopeAnswer("non-concerne", "hors-missions")
    if questions.professionnel == "oui":
        return ScopeAnswer("non-concerne", "professionnel")
    missing = tuple(name for name in QUESTIONS if getattr(questions, name) is None)
    if missing:
        return ScopeAnswer("incomplet", missing=missing)
    return ScopeAnswer("concerne")
