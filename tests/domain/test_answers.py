"""The answers format: parse YAML or JSON, check against the grid, export then import losslessly."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.answers import (
    Answer,
    AnswersError,
    AnswersFile,
    check_against_grid,
    dump_json,
    dump_yaml,
    parse_answers,
)
from app.domain.catalogue import Catalogue, load_catalogue
from tests.support import SAMPLE_GRIDS

GOOD = """\
format: repere/answers@1
grid: sample
version: "2026.1"
audience: editeur
service:
  name: "ENT Exemple"
  organisation: "Exemple SAS"
  category: ent
answers:
  INT-ID-01: {level: 3, comment: "Via ÉduConnect", evidence: ["https://example.org/doc"]}
  SEC-HOM-01: {not_applicable: true, justification: "Homologué par la collectivité"}
"""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(SAMPLE_GRIDS)


def problems(text: str, catalogue: Catalogue) -> list[str]:
    with pytest.raises(AnswersError) as info:
        check_against_grid(parse_answers(text, "a.yaml"), catalogue)
    return info.value.problems


def test_yaml_and_json_give_the_same_positioning(catalogue: Catalogue) -> None:
    from_yaml = parse_answers(GOOD)
    from_json = parse_answers(dump_json(from_yaml))
    assert from_json == from_yaml
    assert from_yaml.answers["INT-ID-01"].evidence == ("https://example.org/doc",)
    assert check_against_grid(from_yaml, catalogue).version == "2026.1"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("INT-ID-01: {level: 3", "INT-XX-99: {level: 3", "INT-XX-99: unknown criterion"),
        ("level: 3", "level: 5", "INT-ID-01: level 5 is outside the scale 0–4"),
        ("level: 3", "level: -1", "INT-ID-01: level -1 is outside the scale 0–4"),
        ("grid: sample", "grid: autre", "unknown grid 'autre'"),
        ('version: "2026.1"', 'version: "2030.1"', "has no version '2030.1'"),
        ("audience: editeur", "audience: parent", "unknown audience 'parent'"),
        ("category: ent", "category: jeu", "unknown category 'jeu'"),
    ],
)
def test_mismatches_with_the_grid_name_the_problem(
    catalogue: Catalogue, old: str, new: str, expected: str
) -> None:
    assert any(expected in p for p in problems(GOOD.replace(old, new), catalogue))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (', justification: "Homologué par la collectivité"', "", "needs a justification"),
        ('justification: "Homologué par la collectivité"', 'justification: "  "',
         "needs a justification"),
        ("not_applicable: true,", "not_applicable: true, level: 2,", "not both"),
        ("level: 3", "level: trois", "valid integer"),
        ("level: 3", 'level: "3"', "valid integer"),
        ("level: 3", "niveau: 3", "unknown key 'niveau'"),
        ('version: "2026.1"', "version: 2026.10", 'write version: "2026.10"'),
        ("format: repere/answers@1", "format: repere/answers@9", "repere/answers@1"),
        ("  INT-ID-01:", "  SEC-HOM-01: {level: 1}\n  INT-ID-01:", "duplicate key 'SEC-HOM-01'"),
    ],
)  # fmt: skip
def test_invalid_files_are_refused_with_a_located_message(
    old: str, new: str, expected: str
) -> None:
    text = GOOD.replace(old, new)
    assert text != GOOD
    with pytest.raises(AnswersError) as info:
        parse_answers(text, "a.yaml")
    assert any(expected in p for p in info.value.problems), info.value.problems
    assert all(p.startswith("a.yaml") for p in info.value.problems)


def test_json_syntax_error_and_duplicate_keys() -> None:
    with pytest.raises(AnswersError) as info:
        parse_answers('{"format": "repere/answers@1",\n "grid": }', "a.json")
    assert info.value.problems[0].startswith("a.json:2: JSON syntax error")
    with pytest.raises(AnswersError) as info:
        parse_answers('{"grid": "a", "grid": "b"}', "a.json")
    assert "duplicate key 'grid'" in info.value.problems[0]


def test_not_a_mapping() -> None:
    with pytest.raises(AnswersError):
        parse_answers("- 1\n- 2\n")


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
answers_strategy = st.one_of(
    st.builds(
        Answer,
        level=st.integers(0, 4),
        comment=st.none() | texts,
        evidence=st.lists(texts.filter(bool), max_size=3).map(tuple),
    ),
    st.builds(
        Answer,
        not_applicable=st.just(True),
        justification=texts.filter(lambda t: bool(t.strip())),
        comment=st.none() | texts,
    ),
    st.builds(Answer, comment=texts),  # a comment with no level yet
)


@given(
    st.dictionaries(
        st.sampled_from(["INT-ID-01", "INT-ID-02", "INT-DATA-01", "SEC-HOM-01", "SEC-HOM-02"]),
        answers_strategy,
    ),
    texts.filter(lambda t: bool(t.strip())),
)
def test_export_then_import_is_lossless(answers: dict[str, Answer], name: str) -> None:
    original = AnswersFile.model_validate(
        {
            "grid": "sample",
            "version": "2026.1",
            "audience": "editeur",
            "service": {"name": name.strip(), "category": "ent"},
            "answers": answers,
        }
    )
    assert parse_answers(dump_json(original)) == original
    assert parse_answers(dump_yaml(original)) == original
    assert json.loads(dump_json(original))["format"] == "repere/answers@1"


def test_yaml_export_keeps_unicode_line_separators() -> None:
    original = parse_answers(GOOD.replace("Via ÉduConnect", "a\\x85b\\u2028c"))
    assert original.answers["INT-ID-01"].comment == "a\x85b\u2028c"
    assert parse_answers(dump_yaml(original)) == original
