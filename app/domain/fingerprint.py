"""The fingerprint of a submitted edition: what lets a reader check a report they were sent.

An edition's fingerprint is the SHA-256 of one canonical document (``repere/edition@1``):

- ``answers``: the positioning in the ``repere/answers@1`` format (INTERFACES.md §2);
- ``grid_content_hash``: the SHA-256 of the grid version's files, so that the same answers
  on an edited grid give another fingerprint;
- ``edition``: the edition's metadata (positioning id, edition number, submission date).

Canonical JSON: keys sorted, no spaces, UTF-8, no NaN. The same document always gives the
same bytes, so anyone holding the document (it is attached to the PDF) can recompute the
fingerprint. A report prints its first 16 hex characters, grouped by four: the short code.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

FORMAT = "repere/edition@1"
CODE_LENGTH = 16
_HEX = re.compile(r"[0-9a-f]+")


class EditionDocumentError(ValueError):
    """A document that is not a ``repere/edition@1`` edition."""


def canonical_json(value: Any) -> bytes:
    """``value`` as canonical JSON bytes: sorted keys, no whitespace, UTF-8."""
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def edition_document(
    answers: dict[str, Any], grid_content_hash: str, edition: dict[str, Any]
) -> dict[str, Any]:
    """The document whose hash is an edition's fingerprint."""
    return {
        "format": FORMAT,
        "answers": answers,
        "grid_content_hash": grid_content_hash,
        "edition": edition,
    }


def fingerprint(document: dict[str, Any]) -> str:
    """The SHA-256 (64 hex characters) of the canonical form of ``document``."""
    return hashlib.sha256(canonical_json(document)).hexdigest()


def short_code(full: str) -> str:
    """The code printed on a report: the fingerprint's first 16 hex characters, by four."""
    head = full[:CODE_LENGTH].lower()
    return "-".join(head[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def parse_code(text: str) -> str | None:
    """The 16 hex characters of a code as people type it (any case, spaces or dashes)."""
    compact = re.sub(r"[\s\-]", "", text).lower()
    if len(compact) != CODE_LENGTH or not _HEX.fullmatch(compact):
        return None
    return compact


def read_edition_document(raw: bytes) -> dict[str, Any]:
    """Parse an attached edition document; :class:`EditionDocumentError` if it is not one."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EditionDocumentError(f"not a JSON document: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise EditionDocumentError(f"not a {FORMAT} document")
    if not isinstance(document.get("answers"), dict) or not isinstance(
        document.get("edition"), dict
    ):
        raise EditionDocumentError("the document has no answers or no edition")
    if not isinstance(document.get("grid_content_hash"), str):
        raise EditionDocumentError("the document has no grid content hash")
    return document
