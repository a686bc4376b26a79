"""The provisional grid doctrine 2026.1: what is law today, what the arrêtés will bring."""

from __future__ import annotations

import pytest

from app.domain.answers import Answer
from app.domain.catalogue import load_catalogue
from app.domain.deadlines import grid_deadlines
from app.domain.grid import Criterion, Grid
from app.domain.scoring import score
from tests.support import ROOT

# binding texts in force today (2 December 2026): the RGPD, the accessibility law and its
# décret, the EU AI Act (art. 5 since 2 February 2025, art. 50 since 2 August 2026), the RGS
BINDING_TEXTS = ("(UE) 2016/679", "n° 2005-102", "n° 2019-768", "(UE) 2024/1689", "n° 2010-112")


@pytest.fixture(scope="module")
def grids() -> dict[str, Grid]:
    catalogue = load_catalogue(ROOT / "criteria")
    assert catalogue.errors == []
    return {g.version: g for g in catalogue.versions("doctrine")}


@pytest.fixture(scope="module")
def grid(grids: dict[str, Grid]) -> Grid:
    return grids["2026.1"]


def texts(criterion: Criterion) -> list[str]:
    """Every sentence of a criterion a person reads, in both languages."""
    out = [criterion.title.fr, criterion.title.en or ""]
    out += [q.fr for q in criterion.question.values()] + [
        q.en or "" for q in criterion.question.values()
    ]
    if criterion.description:
        out += [criterion.description.fr, criterion.description.en or ""]
    return out


def test_both_versions_load_and_2025_1_is_left_as_it_was(grids: dict[str, Grid]) -> None:
    assert list(grids) == ["2025.1", "2026.1"]
    old = grids["2025.1"]
    # positionings made on 2025.1 stay on it: no binding, no basis was added there
    assert all(c.binding is None for c in old.criteria.values())
    assert all(r.compliance is None for r in old.referentiels)
    assert grids["2026.1"].header.status == "provisional"


def test_no_question_says_hors_plages(grid: Grid) -> None:
    for criterion in grid.criteria.values():
        for sentence in texts(criterion):
            assert "hors plages" not in sentence.lower(), criterion.id


def test_in_force_only_where_a_binding_text_is_cited_as_texte(grid: Grid) -> None:
    in_force = [c for c in grid.criteria.values() if c.in_force]
    assert len(in_force) >= 10
    for criterion in in_force:
        assert criterion.mandatory
        cited = [s.ref for s in criterion.sources if s.status == "texte"]
        assert any(text in ref for ref in cited for text in BINDING_TEXTS), criterion.id
    expected = [c for c in grid.criteria.values() if c.mandatory and not c.in_force]
    assert expected, "the doctrine's own requirements are expected with the arrêté"
    # the doctrine, the IGÉSR report, the Q&A sheet, guides and the RGESN bind nobody yet
    for criterion in grid.criteria.values():
        cited = [s.ref for s in criterion.sources if s.status == "texte"]
        if not any(text in ref for ref in cited for text in BINDING_TEXTS):
            assert not criterion.in_force, criterion.id


def test_mandatory_flags_without_a_basis_are_gone(grid: Grid) -> None:
    for criterion_id in (
        "SOC-CRDC-01", "SOC-SCOPE-01", "SEC-AUTH-01", "NR-ID-02", "INT-DATA-01",
        "SOC-GAR-01", "SOC-GAR-02", "SEC-HOM-04",
    ):  # fmt: skip
        assert not grid.criteria[criterion_id].mandatory, criterion_id
    crdc = grid.criteria["SOC-CRDC-01"]
    assert crdc.question["editeur"].fr == "Le produit s'appuie-t-il sur le CRDC ?"
    # a criterion resting only on `section` or `deduit` sources is never a requirement
    for criterion in grid.criteria.values():
        if criterion.mandatory and criterion.id.startswith(("SOC-", "INT-")):
            statuses = {s.status for s in criterion.sources}
            assert statuses != {"deduit"}, criterion.id


def test_ai_transparency_is_in_force_and_says_only_what_art_50_requires(grid: Grid) -> None:
    transparency = grid.criteria["NR-IA-01"]
    assert transparency.in_force and transparency.audiences == ("editeur",)
    assert "2 août 2026" in transparency.sources[0].ref
    assert "finalités" not in transparency.title.fr
    purposes = grid.criteria["NR-IA-06"]
    assert not purposes.mandatory and "finalités" in purposes.title.fr


def test_texte_only_where_the_text_states_the_requirement(grid: Grid) -> None:
    data = grid.criteria["INT-DATA-03"]
    assert "format ouvert" not in data.title.fr and "au choix" in data.title.fr
    for criterion_id, words in (
        ("SEC-HOM-05", "communs"),
        ("SOC-AGT-01", "recommandation n° 4"),
        ("INT-COM-01", "recommandation n° 3"),
        ("INT-MOD-02", "§4"),
        ("SEC-HOM-04", "RGPD"),
    ):
        source = next(s for s in grid.criteria[criterion_id].sources if words in s.ref)
        assert source.status != "texte", criterion_id


def test_stretched_scope_and_wording_are_corrected(grid: Grid) -> None:
    assert grid.criteria["SOC-EDU-01"].categories == ("ent",)
    others = grid.criteria["SOC-EDU-05"]
    assert others.categories is not None and "ent" not in others.categories
    assert all(s.status != "texte" for s in others.sources)
    assert "école" not in grid.criteria["SOC-EDU-04"].title.fr
    dnma = grid.criteria["SOC-DNMA-01"]
    assert dnma.description is not None
    assert "d'ici 2027" not in dnma.description.fr and "cible 2027" in dnma.description.fr
    socles = next(r for r in grid.referentiels if r.id == "services-socles")
    assert "SOC-AAF-01" not in {c.id for c in socles.criteria()}
    interop = next(r for r in grid.referentiels if r.id == "interoperabilite")
    assert "SOC-AAF-01" in {c.id for c in interop.criteria()}


def test_emergency_rule_is_the_head_of_establishment_alone(grid: Grid) -> None:
    emergency = grid.criteria["NR-DEC-05"]
    assert "chef d'établissement" in emergency.title.fr
    assert "direction" not in emergency.question["etablissement"].fr
    assert all(s.status != "deduit" for s in emergency.sources)  # logging is NR-DEC-17
    assert not grid.criteria["NR-DEC-17"].mandatory


def test_missing_criteria_and_sources_are_added(grid: Grid) -> None:
    homework = grid.criteria["NR-DEC-18"]
    assert any("recommandation n° 2" in s.ref for s in homework.sources)
    refs = " ".join(s.ref for c in grid.criteria.values() for s in c.sources)
    assert "Circulaire du 10 juillet 2025 « Promouvoir un numérique raisonné à l'École »" in refs
    assert "Circulaire de rentrée 2025 du 3 juillet 2025" in refs
    for criterion_id in ("NR-DEC-04", "NR-DEC-05", "NR-DEC-06", "NR-DEC-07"):
        criterion = grid.criteria[criterion_id]
        assert criterion.applies_to("ent", "collectivite"), criterion_id
        assert "collectivite" in criterion.question, criterion_id


def test_the_decret_and_the_arretes_are_said_exactly(grid: Grid) -> None:
    every_text = " ".join(
        [s.ref for c in grid.criteria.values() for s in c.sources]
        + [grid.header.description.fr if grid.header.description else ""]
    )
    assert "publié le 5 décembre 2025" in every_text
    assert "décret du 5 décembre" not in every_text.lower()
    assert "non publié" in grid.header.compliance.arrete.reference
    socles = next(r for r in grid.referentiels if r.id == "services-socles")
    assert socles.basis == "r421-78-4"
    assert [r.basis for r in grid.referentiels].count("r421-78-3") == 3
    deadlines = dict(zip([r.id for r in grid.referentiels], grid_deadlines(grid), strict=True))
    assert deadlines["services-socles"].label() == "Délai fixé par l'arrêté, non publié à ce jour."
    assert deadlines["securite"].label().startswith("au moins 10 mois à compter")


def test_a_vendor_with_nothing_done_sees_the_obligations_in_force_apart(grid: Grid) -> None:
    answers = {c.id: Answer(level=0) for c in grid.criteria.values()}
    result = score(grid, answers, "ia", "editeur")
    in_force = set(result.figures.blockers_in_force)
    assert {"NR-IA-01", "NR-IA-05", "SEC-RGPD-04"} <= in_force
    assert in_force < set(result.figures.blockers)
    assert "INT-SSO-01" in set(result.figures.blockers) - in_force  # expected with the arrêté
    # not applicable on a mandatory criterion removes its blocker, and is listed
    answers["NR-IA-05"] = Answer(not_applicable=True, justification="aucune analyse du visage")
    again = score(grid, answers, "ia", "editeur")
    assert "NR-IA-05" not in again.figures.blockers
    assert again.figures.mandatory_not_applicable == ("NR-IA-05",)
    assert "échéance" not in result.deadline_label() and "au moins 10 mois" in (
        result.deadline_label()
    )
