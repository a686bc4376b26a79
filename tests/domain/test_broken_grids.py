"""A corpus of broken grids: each is refused, naming the right file and line, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from app.domain.catalogue import load_catalogue
from tests.support import SAMPLE_GRIDS

SAMPLE = SAMPLE_GRIDS / "sample" / "2026.1"

# (case, file, text to replace, replacement, expected file, expected line, expected words)
CORPUS = [
    ("duplicate key", "interop.yaml", "weight: 2\n", "weight: 2\n        weight: 3\n",
     "interop.yaml", 19, "duplicate key 'weight' (first defined on line 18)"),
    ("unquoted version", "grid.yaml", 'version: "2026.1"', "version: 2026.10",
     "grid.yaml", 3, 'must be a quoted string, otherwise 2026.10 would be read as 2026.1'),
    ("unknown key", "interop.yaml", "audiences: [editeur]", "audience: [editeur]",
     "interop.yaml", 28, "unknown key 'audience'"),
    ("missing sources", "securite.yaml",
     '        mandatory: false\n        sources:\n          - {ref: "Déduit", status: deduit}\n',
     "        mandatory: false\n", "securite.yaml", 15, "missing required key 'sources'"),
    ("empty sources", "interop.yaml",
     '        sources:\n          - {ref: "Déduit", status: deduit}\n', "        sources: []\n",
     "interop.yaml", 29, "at least 1 item"),
    ("bad source status", "interop.yaml", "§6.1\", status: texte}", "§6.1\", status: officiel}",
     "interop.yaml", 14, "'texte', 'section' or 'deduit'"),
    ("duplicate criterion id", "securite.yaml", "id: SEC-HOM-02", "id: INT-ID-01",
     "securite.yaml", 15, "criterion id INT-ID-01 already used at"),
    ("delay under ten months", "grid.yaml", "delay_months: 10", "delay_months: 6",
     "grid.yaml", 7, "greater than or equal to 10"),
    ("scale with a gap", "grid.yaml", "{level: 4,", "{level: 5,",
     "grid.yaml", 18, "expected 4, got 5"),
    ("conformity outside the scale", "grid.yaml", "conformity_level: 3", "conformity_level: 7",
     "grid.yaml", 12, "conformity_level 7 must be a level of the scale"),
    ("undeclared category", "interop.yaml", "categories: [ressource]", "categories: [ressources]",
     "interop.yaml", 19, "category 'ressources' is not declared"),
    ("undeclared audience", "interop.yaml", "audiences: [editeur]", "audiences: [collectivite]",
     "interop.yaml", 28, "audience 'collectivite' is not declared"),
    ("no French text", "interop.yaml", 'title: {fr: "Accès GAR"}', 'title: {en: "GAR access"}',
     "interop.yaml", 16, "missing required key 'fr'"),
    ("blank French text", "interop.yaml", '{fr: "Réversibilité"}', '{fr: "   "}',
     "interop.yaml", 26, "at least 1 character"),
    ("référentiel file missing", "grid.yaml", "securite.yaml]", "securite2.yaml]",
     "grid.yaml", 23, "file securite2.yaml not found"),
    ("version unlike its folder", "grid.yaml", 'version: "2026.1"', 'version: "2026.2"',
     "grid.yaml", 3, "does not match its folder"),
    ("alias", "securite.yaml", "    title: {fr: \"Homologation\"}",
     "    title: &t {fr: \"Homologation\"}\n    description: *t", "securite.yaml", 9,
     "aliases"),
    ("syntax error", "interop.yaml", "categories: [ressource]", "categories: [ressource",
     "interop.yaml", 20, "YAML syntax error"),
    ("mandatory not a boolean", "interop.yaml", "        mandatory: true\n        sources",
     "        mandatory: oui\n        sources", "interop.yaml", 12, "valid boolean, got 'oui'"),
    ("wrong format", "grid.yaml", "format: repere/grid@1", "format: repere/grid@2",
     "grid.yaml", 1, "'repere/grid@1'"),
    ("question for another audience", "interop.yaml", "        audiences: [editeur]\n",
     "        audiences: [editeur]\n        question: {etablissement: {fr: \"?\"}}\n",
     "interop.yaml", 29, "question for audience 'etablissement'"),
    ("weight zero", "interop.yaml", "weight: 2", "weight: 0",
     "interop.yaml", 18, "greater than 0"),
    ("impossible date", "grid.yaml", "published: 2026-04-30", "published: 2026-13-01",
     "grid.yaml", 10, "invalid value '2026-13-01'"),
    ("python tag", "grid.yaml", "title: {fr:", "title: !!python/object:os.system {fr:",
     "grid.yaml", 4, "not allowed"),
    ("criterion id of the wrong form", "interop.yaml", "id: INT-DATA-01", "id: int data 01",
     "interop.yaml", 25, "does not have the expected form"),
    ("binding on a recommendation", "interop.yaml", "        mandatory: false\n",
     "        mandatory: false\n        binding: expected\n",
     "interop.yaml", 28, "INT-DATA-01: binding is only for mandatory criteria"),
    ("in force without a texte source", "securite.yaml", "        mandatory: true\n",
     "        mandatory: true\n        binding: in_force\n",
     "securite.yaml", 13, "SEC-HOM-01: binding: in_force needs a binding text in force"),
    ("unknown binding", "interop.yaml", "        mandatory: true\n",
     "        mandatory: true\n        binding: opposable\n",
     "interop.yaml", 13, "'in_force' or 'expected'"),
    ("référentiel delay under ten months", "securite.yaml", "delay_months: 12",
     "delay_months: 6", "securite.yaml", 4, "under the 10 months R. 421-78-3 requires"),
    ("unknown compliance basis", "securite.yaml", "delay_months: 12",
     "delay_months: 12\n  basis: r421-78-5", "securite.yaml", 5, "'r421-78-3' or 'r421-78-4'"),
]  # fmt: skip


def make_broken(root: Path, file: str, old: str, new: str) -> Path:
    target = root / "sample" / "2026.1"
    shutil.copytree(SAMPLE, target)
    path = target / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"corpus case does not apply: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CORPUS) >= 15
    assert len({case[0] for case in CORPUS}) == len(CORPUS)


def test_the_unbroken_sample_is_valid() -> None:
    catalogue = load_catalogue(SAMPLE_GRIDS)
    assert catalogue.errors == [] and len(catalogue) == 1


@pytest.mark.parametrize(
    ("old", "new", "file", "expected_file", "line", "words"),
    [pytest.param(c[2], c[3], c[1], c[4], c[5], c[6], id=c[0]) for c in CORPUS],
)
def test_broken_grid_is_refused_at_the_right_place(
    tmp_path: Path, old: str, new: str, file: str, expected_file: str, line: int, words: str
) -> None:
    folder = make_broken(tmp_path, file, old, new)
    catalogue = load_catalogue(tmp_path)
    assert len(catalogue) == 0
    located = [(Path(e.path).name, e.line) for e in catalogue.errors]
    assert (expected_file, line) in located, [str(e) for e in catalogue.errors]
    message = next(
        e.message for e in catalogue.errors if (Path(e.path).name, e.line) == (expected_file, line)
    )
    assert words in message
    assert str(folder / expected_file) in [e.path for e in catalogue.errors]


@pytest.mark.parametrize("case", CORPUS, ids=[c[0] for c in CORPUS])
def test_grids_check_reports_path_line_without_traceback(
    runner: FlaskCliRunner, tmp_path: Path, case: tuple[str, str, str, str, str, int, str]
) -> None:
    _, file, old, new, expected_file, line, words = case
    folder = make_broken(tmp_path, file, old, new)
    result = runner.invoke(args=["grids", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert f"{folder / expected_file}:{line}: " in result.stderr
    assert words in result.stderr


def test_binding_and_basis_are_accepted_where_the_rules_allow_them(tmp_path: Path) -> None:
    folder = make_broken(
        tmp_path, "securite.yaml", "delay_months: 12", "delay_months: 6\n  basis: r421-78-4"
    )
    interop = folder / "interop.yaml"
    text = interop.read_text(encoding="utf-8")
    mandatory = "        mandatory: true\n"
    text = text.replace(mandatory, mandatory + "        binding: in_force\n", 1)
    text = text.replace(mandatory + "        weight", mandatory + "        binding: expected\n"
                        "        weight")  # fmt: skip
    interop.write_text(text, encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.errors == []
    grid = catalogue.get("sample", "2026.1")
    assert grid is not None
    assert grid.criteria["INT-ID-01"].in_force  # cites a texte source
    assert not grid.criteria["INT-ID-02"].in_force  # expected
    assert not grid.criteria["SEC-HOM-01"].in_force  # no binding: expected by default
    assert [r.basis for r in grid.referentiels] == ["r421-78-3", "r421-78-4"]


def test_missing_grid_yaml_and_empty_folder(runner: FlaskCliRunner, tmp_path: Path) -> None:
    (tmp_path / "orphan" / "1.0").mkdir(parents=True)
    result = runner.invoke(args=["grids", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'orphan' / '1.0' / 'grid.yaml'}: missing grid.yaml" in result.stderr


def test_hostile_files_are_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    bomb = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 40)]
    cases = {
        "bomb": "\n".join(bomb),
        "deep": "[" * 200_000 + "]" * 200_000,
        "huge": "title: " + "x" * (3 * 1024 * 1024),
    }
    for name, text in cases.items():
        folder = tmp_path / name / "1.0"
        folder.mkdir(parents=True)
        (folder / "grid.yaml").write_text(text)
    result = runner.invoke(args=["grids", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "aliases" in result.stderr
    assert "nesting deeper" in result.stderr
    assert "larger than" in result.stderr


def test_versions_sort_by_their_numbers(tmp_path: Path) -> None:
    for version in ("2025.9", "2025.10", "2026.1"):
        target = tmp_path / "sample" / version
        shutil.copytree(SAMPLE, target)
        grid_file = target / "grid.yaml"
        grid_file.write_text(
            grid_file.read_text().replace('version: "2026.1"', f'version: "{version}"')
        )
    catalogue = load_catalogue(tmp_path)
    assert [g.version for g in catalogue.versions("sample")] == ["2025.9", "2025.10", "2026.1"]
    latest = catalogue.latest("sample")
    assert latest is not None and latest.version == "2026.1"
