"""Reports and exports keep the two kinds of blockers apart and flag a mandatory criterion
declared not applicable, with its justification."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.domain.answers import load_answers
from app.domain.catalogue import load_catalogue
from app.domain.scoring import score_answers
from app.report_building import build_report
from reports import exports
from reports.model import Report
from tests.reports.support import TODAY, Rendered, answers_data, write_answers
from tests.support import SAMPLE_GRIDS

JUSTIFICATION = "Ressource hors GAR <b>distribuée</b> par l'éditeur"
# a resource: INT-ID-01 (in force in the copy below) and SEC-HOM-01 (expected) block;
# INT-ID-02 (mandatory) is declared not applicable
ANSWERS = {
    "INT-ID-01": {"level": 2},
    "INT-ID-02": {"not_applicable": True, "justification": JUSTIFICATION},
    "SEC-HOM-01": {"level": 1},
}


@pytest.fixture
def grids(tmp_path: Path) -> Path:
    """The sample grid with INT-ID-01 (which cites a texte source) already in force."""
    folder = tmp_path / "grids"
    shutil.copytree(SAMPLE_GRIDS, folder)
    interop = folder / "sample" / "2026.1" / "interop.yaml"
    text = interop.read_text(encoding="utf-8")
    interop.write_text(
        text.replace("mandatory: true\n", "mandatory: true\n        binding: in_force\n", 1),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def report(tmp_path: Path, grids: Path) -> Callable[[str], Report]:
    def make(lang: str) -> Report:
        path = write_answers(tmp_path, answers_data(ANSWERS, category="ressource"))
        parsed, grid = load_answers(path, load_catalogue(grids))
        return build_report(parsed, grid, score_answers(parsed, grid), lang, TODAY)

    return make


def test_the_report_model_carries_both_kinds(report: Callable[[str], Report]) -> None:
    built = report("fr")
    assert built.figures.blockers == ("INT-ID-01", "SEC-HOM-01")
    assert built.figures.blockers_in_force == ("INT-ID-01",)
    assert built.figures.mandatory_not_applicable == ("INT-ID-02",)
    assert [c.criterion_id for c in built.declared_not_applicable] == ["INT-ID-02"]


def test_the_pdf_says_which_blocker_is_in_force_and_which_is_expected(
    render: Callable[..., Rendered], grids: Path
) -> None:
    rendered = render(answers_data(ANSWERS, category="ressource"), grids=grids)
    text = rendered.text
    assert "Bloquants : obligations déjà en vigueur (1)" in text
    assert "Bloquants : exigences attendues de l'arrêté (1)" in text
    # SEC-HOM-01's référentiel has its own arrêté: 31 March 2026 + 12 months
    assert "exigence attendue de l'arrêté (échéance : 31 mars 2027)" in text
    assert "Non applicable déclaré sur une exigence obligatoire" in text
    assert "Ressource hors GAR <b>distribuée</b> par l'éditeur" in text  # as written
    english = render(answers_data(ANSWERS, category="ressource"), grids=grids, lang="en").text
    assert "Blockers: obligations already in force (1)" in english
    assert "Not applicable declared on a mandatory requirement" in english


def test_the_exports_keep_the_two_kinds_apart(report: Callable[[str], Report]) -> None:
    built = report("fr")
    book = load_workbook(io.BytesIO(exports.workbook(built)))
    rows = list(book["Critères"].iter_rows(values_only=True))
    by_id = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    kind = "Nature de l'exigence"
    assert by_id["INT-ID-01"][kind] == "obligation déjà en vigueur"
    assert (
        by_id["SEC-HOM-01"][kind] == "exigence attendue de l'arrêté (échéance\u00a0: 31 mars 2027)"
    )
    assert by_id["SEC-HOM-02"][kind] in ("", None)  # a recommendation
    flag = "Non applicable déclaré sur une exigence obligatoire"
    assert by_id["INT-ID-02"][flag] == "oui" and by_id["INT-ID-01"][flag] == "non"
    assert by_id["INT-ID-02"]["Justification"] == JUSTIFICATION
    scores = list(book["Chiffres"].iter_rows(values_only=True))
    overall = dict(zip(scores[0], scores[1], strict=True))
    assert overall["Bloquants : obligations déjà en vigueur"] == "INT-ID-01"
    assert overall["Non applicables déclarés sur une exigence obligatoire"] == "INT-ID-02"
    text = exports.criteria_csv(report("en")).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert "Kind of requirement" in lines[0]
    assert any("obligation already in force" in line for line in lines)
