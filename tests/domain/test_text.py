"""clean_text: the one rule every free-text field goes through (app/domain/text.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.text import clean_text, has_unsafe_characters

REMOVED = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]]
REMOVED += ["\ud800", "\udbff", "\udc00", "\udfff", *map(chr, range(0x202A, 0x202F))]
REMOVED += [chr(c) for c in range(0x2066, 0x206A)]


@pytest.mark.parametrize("character", REMOVED)
def test_controls_surrogates_and_bidi_overrides_are_removed(character: str) -> None:
    assert clean_text(f"a{character}b") == "ab"


def test_tab_and_line_feed_stay_and_carriage_returns_become_line_feeds() -> None:
    assert clean_text("a\tb\nc\r\nd\re") == "a\tb\nc\nd\ne"


def test_ordinary_text_is_unchanged() -> None:
    text = "Élève « ENT » — 20 000 € · 日本語 ✓ \u200f (RLM, a mark, not an override)"
    assert clean_text(text) == text and not has_unsafe_characters(text)


@given(
    st.text(alphabet=st.characters(codec=None)) | st.lists(st.sampled_from(REMOVED)).map("".join)
)
def test_what_comes_out_is_clean_and_stable(text: str) -> None:
    cleaned = clean_text(text)
    assert not has_unsafe_characters(cleaned)
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")  # storable: no lone surrogate left
