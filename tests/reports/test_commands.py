"""`flask report` (INTERFACES.md §4) and `flask export`, as someone at a terminal uses them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from flask.testing import FlaskCliRunner
from openpyxl import load_workbook
from pypdf import PdfReader

from app.domain.answers import parse_answers
from tests.reports.support import (
    SAMPLE_ANSWERS,
    UNPUBLISHED_GRIDS,
    answers_data,
    normalise,
    write_answers,
)
from tests.support import SAMPLE_GRIDS


def pdf_text(path: Path) -> str:
    return normalise(" ".join(p.extract_text() for p in PdfReader(path).pages))


def test_report_writes_the_pdf(runner: FlaskCliRunner, tmp_path: Path) -> None:
    answers = write_answers(tmp_path, answers_data(SAMPLE_ANSWERS), "answers.yaml")
    output = tmp_path / "rapport.pdf"
    result = runner.invoke(
        args=["report", str(answers), "-o", str(output), "--dir", str(SAMPLE_GRIDS),
              "--date", "2026-12-22"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF-")
    text = pdf_text(output)
    assert "28 février 2027" in text and "dans 68 jours" in text and "Non conforme" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers


def test_report_in_english(runner: FlaskCliRunner, tmp_path: Path) -> None:
    answers = write_answers(tmp_path, answers_data(SAMPLE_ANSWERS))
    output = tmp_path / "report.pdf"
    result = runner.invoke(
        args=["report", str(answers), "-o", str(output), "--dir", str(UNPUBLISHED_GRIDS),
              "--lang", "en"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "at least 10 months from the publication of the arrêté, not published to date."
        in pdf_text(output)
    )


def test_report_of_an_invalid_file_exits_2_naming_the_problem(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    answers = write_answers(
        tmp_path, answers_data({"XXX-NOPE-01": {"level": 2}, "INT-ID-01": {"level": 9}})
    )
    output = tmp_path / "rapport.pdf"
    result = runner.invoke(
        args=["report", str(answers), "-o", str(output), "--dir", str(SAMPLE_GRIDS)]
    )
    assert result.exit_code == 2
    assert "XXX-NOPE-01: unknown criterion in sample 2026.1" in result.stderr
    assert "INT-ID-01: level 9 is outside the scale 0–4" in result.stderr
    assert "Traceback" not in result.output
    assert not output.exists()


def test_report_of_a_missing_file_exits_2(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["report", str(tmp_path / "nope.yaml"), "-o", "x.pdf"])
    assert result.exit_code == 2
    assert "cannot read the file" in result.stderr


def test_report_into_a_missing_folder_says_so(runner: FlaskCliRunner, tmp_path: Path) -> None:
    answers = write_answers(tmp_path, answers_data(SAMPLE_ANSWERS))
    output = tmp_path / "missing" / "rapport.pdf"
    result = runner.invoke(
        args=["report", str(answers), "-o", str(output), "--dir", str(SAMPLE_GRIDS)]
    )
    assert result.exit_code == 1
    assert f"cannot write {output}" in result.output


def test_export_xlsx_csv_and_json(runner: FlaskCliRunner, tmp_path: Path) -> None:
    answers = write_answers(tmp_path, answers_data(SAMPLE_ANSWERS), "answers.yaml")
    grids = ["--dir", str(SAMPLE_GRIDS)]
    for name in ("out.xlsx", "out.csv", "out.json"):
        result = runner.invoke(args=["export", str(answers), "-o", str(tmp_path / name), *grids])
        assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == ["Positionnement", "Critères", "Chiffres"]  # what it is, first
    rows = list(
        csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig")), delimiter=";")
    )
    assert rows[1][:3] == ["Interopérabilité", "Identité", "INT-ID-01"]  # titles, not slugs
    exported = (tmp_path / "out.json").read_text("utf-8")
    assert json.loads(exported)["format"] == "repere/answers@1"
    original = parse_answers(answers.read_text("utf-8"))
    assert parse_answers(exported) == original  # export then import is lossless


def test_export_scores_csv(runner: FlaskCliRunner, tmp_path: Path) -> None:
    answers = write_answers(tmp_path, answers_data(SAMPLE_ANSWERS))
    output = tmp_path / "chiffres.csv"
    result = runner.invoke(
        args=["export", str(answers), "-o", str(output), "--dir", str(SAMPLE_GRIDS), "--scores",
              "--separator", ","]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(output.read_text("utf-8-sig"))))
    assert rows[1][4:6] == ["2.5", "50.0"]


def test_export_refuses_an_unknown_format(runner: FlaskCliRunner, tmp_path: Path) -> None:
    answers = write_answers(tmp_path, answers_data(SAMPLE_ANSWERS))
    result = runner.invoke(args=["export", str(answers), "-o", str(tmp_path / "out.ods")])
    assert result.exit_code == 2
    assert "must end with .xlsx, .csv, .json" in result.output
