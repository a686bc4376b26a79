"""The command line, as INTERFACES.md §4 describes it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from flask.testing import FlaskCliRunner

from app.domain.schema import schemas
from tests.support import ROOT, SAMPLE_GRIDS

from .support import ANSWERS, write


def test_score_json_is_the_contract(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, ANSWERS)
    result = runner.invoke(args=["score", str(path), "--dir", str(SAMPLE_GRIDS), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("grid", "version", "audience", "category", "verdict")} == {
        "grid": "sample",
        "version": "2026.1",
        "audience": "editeur",
        "category": "ent",
        "verdict": "non_conforme",
    }
    assert data["maturity"] == 3.0  # (2 + 4 + 3) / 3
    assert data["conformity_rate"] == 66.7
    assert (data["applicable"], data["answered"], data["blockers"]) == (3, 3, ["INT-ID-01"])
    assert data["referentiels"]["interoperabilite"] | {"axes": None} == {
        "maturity": 3.0,
        "conformity_rate": 50.0,
        "applicable": 2,
        "answered": 2,
        "blockers": ["INT-ID-01"],
        "blockers_in_force": [],  # INT-ID-01 is expected with the arrêté, not in force
        "deadline": "2027-02-28",
        "axes": None,
    }
    assert data["blockers_in_force"] == []
    assert data["referentiels"]["securite"]["deadline"] == "2027-03-31"
    assert data["deadline"]["date"] == "2027-02-28"
    assert "28 février 2027" in data["deadline"]["label"]


def test_score_json_lists_the_blockers_in_force_apart(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    grids = tmp_path / "grids"
    shutil.copytree(SAMPLE_GRIDS, grids)
    interop = grids / "sample" / "2026.1" / "interop.yaml"
    text = interop.read_text(encoding="utf-8")  # INT-ID-01 cites a texte source
    interop.write_text(
        text.replace("mandatory: true\n", "mandatory: true\n        binding: in_force\n", 1),
        encoding="utf-8",
    )
    answers = ANSWERS.replace(
        "  SEC-HOM-01: {level: 3}",
        '  SEC-HOM-01: {not_applicable: true, justification: "Pas homologable"}',
    )
    path = write(tmp_path, answers)
    result = runner.invoke(args=["score", str(path), "--dir", str(grids), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["blockers"] == ["INT-ID-01"]
    assert data["blockers_in_force"] == ["INT-ID-01"]
    assert data["referentiels"]["interoperabilite"]["blockers_in_force"] == ["INT-ID-01"]
    assert data["referentiels"]["securite"]["blockers_in_force"] == []
    # a mandatory criterion declared not applicable blocks nothing, and is listed
    assert data["mandatory_not_applicable"] == ["SEC-HOM-01"]
    text_result = runner.invoke(args=["score", str(path), "--dir", str(grids)])
    assert "blockers in force today: INT-ID-01" in text_result.output
    assert "mandatory criteria declared not applicable: SEC-HOM-01" in text_result.output


def test_score_accepts_json_answers(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, ANSWERS)
    first = runner.invoke(args=["score", str(path), "--dir", str(SAMPLE_GRIDS), "--json"])
    as_json = write(tmp_path, json.dumps(_yaml_to_data(path)), "answers.json")
    second = runner.invoke(args=["score", str(as_json), "--dir", str(SAMPLE_GRIDS), "--json"])
    assert second.exit_code == 0 and json.loads(second.stdout) == json.loads(first.stdout)


def _yaml_to_data(path: Path) -> dict[str, object]:
    from app.domain.answers import read_answers, to_data

    return to_data(read_answers(path))


def test_score_text_output(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        args=["score", str(write(tmp_path, ANSWERS)), "--dir", str(SAMPLE_GRIDS)]
    )
    assert result.exit_code == 0
    assert "verdict: non_conforme" in result.stdout and "blockers: INT-ID-01" in result.stdout


def test_score_invalid_file_exits_2_naming_the_problem(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    cases = {
        "level: 4}": ("level: 9}", "INT-DATA-01: level 9 is outside the scale 0–4"),
        "INT-ID-01:": ("INT-ID-99:", "INT-ID-99: unknown criterion"),
        'justification: "Pas de référent : hors champ"': ("justification: ''", "justification"),
    }
    for old, (new, expected) in cases.items():
        path = write(tmp_path, ANSWERS.replace(old, new))
        result = runner.invoke(args=["score", str(path), "--dir", str(SAMPLE_GRIDS), "--json"])
        assert result.exit_code == 2, (old, result.output)
        assert expected in result.stderr and str(path) in result.stderr
        assert result.stdout == "" and "Traceback" not in result.stderr
    missing = runner.invoke(args=["score", str(tmp_path / "nope.yaml"), "--json"])
    assert missing.exit_code == 2 and "cannot read the file" in missing.stderr


def test_grids_list_json(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["grids", "list", "--dir", str(SAMPLE_GRIDS), "--json"])
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)
    assert row | {"title": None, "deadline_label": None} == {
        "id": "sample",
        "version": "2026.1",
        "status": "official",
        "title": None,
        "criteria": 5,
        "referentiels": 2,
        "deadline": "2027-02-28",
        "deadline_label": None,
    }


def test_grids_list_text(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["grids", "list", "--dir", str(SAMPLE_GRIDS)])
    assert result.exit_code == 0 and "sample" in result.stdout and "2027-02-28" in result.stdout


def test_grids_check_passes_on_the_shipped_grids(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["grids", "check", "--dir", str(ROOT / "criteria")])
    assert result.exit_code == 0, result.stderr
    assert "valid" in result.stdout


def test_grids_check_on_an_empty_folder_fails(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["grids", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1 and "no grid version found" in result.stderr
    result = runner.invoke(args=["grids", "check", "--dir", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "no such folder" in result.stderr


def test_grids_schema_matches_the_committed_files(runner: FlaskCliRunner) -> None:
    for kind in ("grid", "referentiel", "answers"):
        result = runner.invoke(args=["grids", "schema", "--kind", kind])
        assert result.exit_code == 0
        assert json.loads(result.stdout) == schemas()[kind]
        committed = ROOT / "docs" / "schema" / f"{kind}.schema.json"
        assert json.loads(committed.read_text()) == schemas()[kind], (
            f"{committed} is stale: run flask --app wsgi grids schema --kind {kind} -o {committed}"
        )
    props = schemas()["grid"]["properties"]
    assert {"format", "id", "version", "compliance", "scale", "referentiels"} <= set(props)
