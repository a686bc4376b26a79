"""The shipped provisional doctrine grid: what the foundation promises about it."""

from __future__ import annotations

from collections import Counter

import pytest

from app.domain.catalogue import load_catalogue
from app.domain.deadlines import grid_deadlines
from app.domain.grid import Grid
from tests.support import ROOT


@pytest.fixture(scope="module", params=["2025.1", "2026.1"])
def doctrine(request: pytest.FixtureRequest) -> Grid:
    catalogue = load_catalogue(ROOT / "criteria")
    assert catalogue.errors == []
    grid = catalogue.get("doctrine", request.param)
    assert grid is not None
    return grid


def test_four_referentiels_and_enough_criteria(doctrine: Grid) -> None:
    assert [r.id for r in doctrine.referentiels] == [
        "interoperabilite",
        "securite",
        "numerique-responsable",
        "services-socles",
    ]
    assert len(doctrine.criteria) >= 70
    assert all(len(r.axes) >= 1 for r in doctrine.referentiels)


def test_provisional_and_unpublished(doctrine: Grid) -> None:
    assert doctrine.header.status == "provisional"
    assert doctrine.header.compliance.arrete.published is None
    assert doctrine.header.compliance.delay_months >= 10
    assert all(d.date is None for d in grid_deadlines(doctrine))
    assert doctrine.scale.conformity_level == 3 and doctrine.scale.maximum == 4


def test_every_criterion_cites_sources_with_an_honest_status(doctrine: Grid) -> None:
    statuses = Counter(s.status for c in doctrine.criteria.values() for s in c.sources)
    assert set(statuses) <= {"texte", "section", "deduit"}
    assert all(c.sources for c in doctrine.criteria.values())
    # a criterion supported only by our inference is never presented as mandatory
    for criterion in doctrine.criteria.values():
        if {s.status for s in criterion.sources} == {"deduit"}:
            assert not criterion.mandatory, criterion.id


def test_deconnexion_rules_are_separate_criteria(doctrine: Grid) -> None:
    titles = {c.id: c.title.fr for c in doctrine.criteria.values() if c.id.startswith("NR-DEC-")}
    assert len(titles) >= 11
    text = " ".join(titles.values())
    for words in ("20 h", "vendredi 20 h au lundi 7 h", "vacances", "24 h"):
        assert words in text, words


def test_category_rules(doctrine: Grid) -> None:
    gar = [c for c in doctrine.criteria.values() if c.id.startswith("SOC-GAR-")]
    assert any(c.categories == ("ressource",) for c in gar)
    dnma = doctrine.criteria["SOC-DNMA-01"]
    assert dnma.categories is not None and set(dnma.categories) >= {"ent", "vie-scolaire"}


def test_wording_differs_for_vendors_and_principals(doctrine: Grid) -> None:
    both = [
        c
        for c in doctrine.criteria.values()
        if "editeur" in c.question and "etablissement" in c.question
    ]
    assert len(both) >= 20
    assert all(c.question["editeur"].fr != c.question["etablissement"].fr for c in both)


def test_crdc_says_nothing_invented(doctrine: Grid) -> None:
    crdc = [c for c in doctrine.criteria.values() if "CRDC" in c.id]
    assert len(crdc) == 1
