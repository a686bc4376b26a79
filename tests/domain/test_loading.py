"""Safe YAML loading: what yaml.safe_load lets through, we refuse, naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.loading import MAX_DEPTH, MAX_FILE_BYTES, LoadError, parse_yaml, read_yaml


def error_of(text: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        parse_yaml(text, "f.yaml")
    return info.value


def test_values_and_lines_are_kept() -> None:
    document = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2026-04-30}\n", "f.yaml")
    assert document.data == {"a": 1, "b": ["x", {"c": __import__("datetime").date(2026, 4, 30)}]}
    assert document.line_of(("b", 1, "c")) == 4
    assert document.line_of(("b", 0)) == 3
    # a missing key points at its parent
    assert document.line_of(("b", 1, "missing")) == 4


def test_duplicate_key_names_both_lines() -> None:
    error = error_of("id: a\ntitle: x\nid: b\n")
    assert error.line == 3
    assert error.message.startswith("duplicate key 'id' (first defined on line 1)")


def test_duplicate_key_in_nested_mapping() -> None:
    assert error_of("a:\n  b: 1\n  c: 2\n  b: 3\n").line == 4


def test_unquoted_version_is_refused_with_the_fix() -> None:
    error = error_of("format: x\nversion: 2025.10\n")
    assert error.line == 2
    assert 'write version: "2025.10"' in error.message
    assert "2025.1" in error.message


def test_quoted_version_is_kept_exactly() -> None:
    assert parse_yaml('version: "2025.10"\n', "f").data == {"version": "2025.10"}


def test_aliases_and_merge_keys_are_refused() -> None:
    assert error_of("a: &x [1, 2]\nb: *x\n").line == 2
    assert "merge" in error_of("a: {k: 1}\nb:\n  <<: {k: 2}\n").message


def test_billion_laughs_is_refused_at_first_alias() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    error = error_of("\n".join(lines))
    assert error.line == 2 and "aliases" in error.message


def test_deep_nesting_is_refused() -> None:
    error = error_of("[" * 100_000 + "]" * 100_000)
    assert f"deeper than {MAX_DEPTH}" in error.message


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(LoadError) as info:
        read_yaml(path)
    error = info.value
    assert "larger than" in error.message and error.line is None


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("titre: é".encode("latin-1"))
    with pytest.raises(LoadError) as info:
        read_yaml(path)
    assert "UTF-8" in info.value.message


def test_syntax_error_names_the_line() -> None:
    error = error_of("a: 1\nb: [1, 2\nc: 3\n")
    assert error.line is not None and "syntax" in error.message


def test_impossible_date_is_refused() -> None:
    assert "2026-02-30" in error_of("published: 2026-02-30\n").message


def test_several_documents_are_refused() -> None:
    assert error_of("a: 1\n---\nb: 2\n").line == 2


def test_python_tags_are_refused() -> None:
    error = error_of("a: !!python/object/apply:os.system ['true']\n")
    assert error.line == 1


def test_str_gives_path_and_line() -> None:
    assert str(error_of("a: 1\na: 2\n")).startswith("f.yaml:2: duplicate key")


def test_too_many_values_are_refused() -> None:
    assert "values: refused" in error_of("[" + ",".join(["a"] * 150_000) + "]").message
