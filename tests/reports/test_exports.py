"""Spreadsheet exports, read back the way a spreadsheet or a script would read them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.domain.answers import load_answers
from app.domain.catalogue import load_catalogue
from app.domain.scoring import score_answers, score_to_json
from app.report_building import build_report
from reports import exports
from reports.model import Report
from tests.reports.support import SAMPLE_ANSWERS, TODAY, answers_data, write_answers
from tests.support import SAMPLE_GRIDS

FORMULAS = ["=1+1", "+33 1 23 45 67 89", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", " =1+1",
            '=HYPERLINK("http://example.invalid","clic")', "#N/A"]  # fmt: skip


@pytest.fixture
def make_report(tmp_path: Path) -> Callable[..., Report]:
    def make(answers: dict, lang: str = "fr", **service: str) -> Report:
        path = write_answers(tmp_path, answers_data(answers, **service))
        parsed, grid = load_answers(path, load_catalogue(SAMPLE_GRIDS))
        return build_report(parsed, grid, score_answers(parsed, grid), lang, TODAY)

    return make


def line_ends(text: str) -> str:
    """``text`` with every line end as "\n", however an XML reader gives them back."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def hostile_answers() -> dict:
    return {
        "INT-ID-01": {"level": 2, "comment": FORMULAS[0], "evidence": FORMULAS[1:4]},
        "SEC-HOM-01": {"level": 3, "comment": FORMULAS[4]},
        "SEC-HOM-02": {"not_applicable": True, "justification": FORMULAS[5]},
        "INT-DATA-01": {"level": 1, "comment": FORMULAS[6], "evidence": [FORMULAS[8]]},
    }


def test_xlsx_has_one_row_per_criterion(make_report: Callable[..., Report]) -> None:
    book = load_workbook(io.BytesIO(exports.workbook(make_report(SAMPLE_ANSWERS))))
    sheet = book["Critères"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == exports.headers("criteria", "fr")
    assert [r[2] for r in rows[1:]] == ["INT-ID-01", "INT-ID-02", "INT-DATA-01", "SEC-HOM-01",
                                        "SEC-HOM-02"]  # fmt: skip
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Référentiel"] == "Interopérabilité" and first["Axe"] == "Identité"
    assert (first["Niveau"], first["Libellé du niveau"], first["Bloquant"]) == (2, "Partiel", "oui")
    assert first["Commentaire"] == "SSO en cours" and first["Preuves"] == "https://exemple.fr/sso"
    na = dict(zip(rows[0], rows[5], strict=True))
    assert (na["Non applicable"], na["Justification"]) == ("oui", "Pas de référent dédié")
    assert dict(zip(rows[0], rows[2], strict=True))["Statut"] == "ne concerne pas ce service"


def test_xlsx_never_holds_a_formula(make_report: Callable[..., Report]) -> None:
    report = make_report(hostile_answers(), name=FORMULAS[0], organisation=FORMULAS[7])
    book = load_workbook(io.BytesIO(exports.workbook(report)))
    texts = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert cell.data_type != "e", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    texts.append(cell.value)
    # Every text is kept as the user wrote it (line ends aside: see line_ends).
    found = line_ends("\n".join(texts))
    for text in FORMULAS:
        assert line_ends(text) in found, text
    assert book["Critères"]["L2"].value == "=1+1"


def test_xlsx_drops_characters_the_format_cannot_hold(make_report: Callable[..., Report]) -> None:
    report = make_report({"INT-ID-01": {"level": 2, "comment": "avant\x00\x07après"}})
    book = load_workbook(io.BytesIO(exports.workbook(report)))
    assert book["Critères"]["L2"].value == "avant\ufffd\ufffdaprès"


def test_xlsx_figures_are_the_scores(make_report: Callable[..., Report]) -> None:
    report = make_report(SAMPLE_ANSWERS)
    book = load_workbook(io.BytesIO(exports.workbook(report)))
    rows = list(book["Chiffres"].iter_rows(values_only=True))
    overall = dict(zip(rows[0], rows[1], strict=True))
    assert (overall["Maturité"], overall["Taux de conformité"]) == (2.5, 50.0)
    assert (overall["Bloquants"], overall["Critères bloquants"]) == (1, "INT-ID-01")
    assert overall["Échéance"] == "2027-02-28"
    securite = next(dict(zip(rows[0], r, strict=True)) for r in rows if r[1] == "Sécurité")
    assert securite["Échéance"] == "2027-03-31"
    about = dict(book["Positionnement"].iter_rows(values_only=True))
    assert about["Verdict"] == "Non conforme"
    assert about["Échéance"] == "28 février 2027 (dans 68 jours)"


def test_xlsx_matches_score_json_for_every_axis(tmp_path: Path) -> None:
    path = write_answers(tmp_path, answers_data(SAMPLE_ANSWERS))
    answers, grid = load_answers(path, load_catalogue(SAMPLE_GRIDS))
    score = score_answers(answers, grid)
    report = build_report(answers, grid, score, "fr", TODAY)
    book = load_workbook(io.BytesIO(exports.workbook(report)))
    rows = list(book["Chiffres"].iter_rows(values_only=True))[1:]
    expected = score_to_json(score)
    titles = {ref.id: ref.title.get("fr") for ref in grid.referentiels} | {
        axis.id: axis.title.get("fr") for ref in grid.referentiels for axis in ref.axes
    }
    for ref_id, data in expected["referentiels"].items():
        ref_row = next(r for r in rows if r[0] == "référentiel" and r[1] == titles[ref_id])
        assert (ref_row[4], ref_row[5]) == (data["maturity"], data["conformity_rate"])
        for axis_id, axis in data["axes"].items():
            row = next(r for r in rows if r[0] == "axe" and r[2] == titles[axis_id])
            assert (row[4], row[5], row[6], row[7]) == (
                axis["maturity"],
                axis["conformity_rate"],
                axis["applicable"],
                axis["answered"],
            )


def read_csv(content: bytes, delimiter: str = ";") -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # BOM: spreadsheets read it as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_csv_neutralises_formulas_and_keeps_the_text(make_report: Callable[..., Report]) -> None:
    rows = read_csv(exports.criteria_csv(make_report(hostile_answers())))
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=1+1" in cells and "'\t=cmd" in cells and "' =1+1" in cells
    assert "'+33 1 23 45 67 89\n-2+3\n@SUM(A1)" in cells  # evidence, one per line


def test_csv_rows_numbers_and_separators(make_report: Callable[..., Report]) -> None:
    report = make_report(SAMPLE_ANSWERS)
    rows = read_csv(exports.criteria_csv(report))
    assert len(rows) == 1 + 5 and rows[1][6] == "2"
    scores = read_csv(exports.scores_csv(report))
    assert scores[1][4:6] == ["2,5", "50,0"]  # ';' separator: decimal commas
    comma = read_csv(exports.scores_csv(report, ","), ",")
    assert comma[1][4:6] == ["2.5", "50.0"]


def test_english_headers(make_report: Callable[..., Report]) -> None:
    rows = read_csv(exports.criteria_csv(make_report(SAMPLE_ANSWERS, lang="en")))
    assert rows[0][:4] == ["Référentiel", "Axis", "Criterion", "Title"]
    assert rows[1][5] == "answered"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(comment=st.text(min_size=1, max_size=60))
def test_any_comment_survives_both_exports_as_text(
    make_report: Callable[..., Report], comment: str
) -> None:
    report = make_report({"INT-ID-01": {"level": 2, "comment": comment}})
    cell = load_workbook(io.BytesIO(exports.workbook(report)))["Critères"]["L2"]
    assert cell.data_type == "s"
    # Characters XML cannot hold at all are replaced; line ends may be read back as "\n"
    # (openpyxl with its own XML parser) or kept as written (with lxml installed).
    expected = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", comment)
    assert line_ends(cell.value or "") == line_ends(expected)
    written = read_csv(exports.criteria_csv(report))[1][11]
    assert not written.startswith(exports.FORMULA_TRIGGERS)
    assert written == comment or written == "'" + comment
