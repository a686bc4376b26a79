"""An edition's fingerprint: stable for the same document, different for any change."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.fingerprint import (
    EditionDocumentError,
    canonical_json,
    edition_document,
    fingerprint,
    parse_code,
    read_edition_document,
    short_code,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def document(**answers: Any) -> dict[str, Any]:
    data = {"format": "repere/answers@1", "grid": "doctrine", "version": "2026.1"}
    return edition_document(data | {"answers": answers}, "ab" * 32, {"assessment": 7, "edition": 2})


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_key_order_never_changes_the_fingerprint(value: dict[str, Any]) -> None:
    reversed_order = dict(reversed(list(value.items())))
    assert canonical_json(value) == canonical_json(reversed_order)
    assert fingerprint(value) == fingerprint(reversed_order)


def test_any_change_of_an_answer_changes_the_fingerprint() -> None:
    base = fingerprint(document(**{"INT-ID-01": {"level": 3}}))
    assert base == fingerprint(document(**{"INT-ID-01": {"level": 3}}))
    assert base != fingerprint(document(**{"INT-ID-01": {"level": 2}}))
    assert base != fingerprint(document(**{"INT-ID-01": {"level": 3, "comment": " "}}))
    assert len(base) == 64


@given(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
def test_the_short_code_reads_back_however_it_is_typed(full: str) -> None:
    code = short_code(full)
    assert len(code) == 19 and code.count("-") == 3
    assert parse_code(code) == full[:16]
    assert parse_code(code.upper().replace("-", " ")) == full[:16]


@pytest.mark.parametrize("typed", ["", "1234", "zzzz-zzzz-zzzz-zzzz", "1a2b-3c4d-5e6f-7a8b0"])
def test_a_code_that_is_not_one_is_refused(typed: str) -> None:
    assert parse_code(typed) is None


def test_an_attached_document_reads_back_to_the_same_fingerprint() -> None:
    original = document(**{"SEC-RGPD-01": {"not_applicable": True, "justification": "é"}})
    assert fingerprint(read_edition_document(canonical_json(original))) == fingerprint(original)


@pytest.mark.parametrize(
    "raw", [b"\xff", b"[]", b'{"format": "other"}', b'{"format": "repere/edition@1"}']
)
def test_something_else_is_not_an_edition_document(raw: bytes) -> None:
    with pytest.raises(EditionDocumentError):
        read_edition_document(raw)
