"""Text as people type it, made safe to store on every database and to show in every page.

One rule for every free-text field of every form and JSON body (``clean_text``): control
characters are removed, except tab and line feed; a carriage return becomes a line feed;
lone surrogates (which no UTF-8 database can store) and the bidirectional overrides and
isolates (which can make a text read differently from what it is) are removed. PostgreSQL
refuses NUL in text and SQLite accepts it: removing it here makes both behave the same.
"""

from __future__ import annotations

import re

# C0 controls except tab (09) and line feed (0A); DEL and the C1 controls; UTF-16 surrogates
# (only ever alone in a Python str); bidi embeddings and overrides (U+202A-U+202E) and
# isolates (U+2066-U+2069).
_REMOVED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
_CARRIAGE_RETURN = re.compile("\r\n?")


def clean_text(value: str) -> str:
    """``value`` without the characters that break a database or mislead a reader.

    >>> clean_text("a\\x00b\\r\\nc\\u202ed\\ud800\\te")
    'ab\\ncd\\te'
    """
    return _REMOVED.sub("", _CARRIAGE_RETURN.sub("\n", value))


def has_unsafe_characters(value: str) -> bool:
    """Whether :func:`clean_text` would change ``value``."""
    return "\r" in value or _REMOVED.search(value) is not None
