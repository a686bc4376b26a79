"""Every file the site hands out (reports, syntheses, exports, comparisons, audits, the
portfolio): a plain ASCII name, the right media type, and stored by no cache, shared or the
browser's (a draft, an audit or a portfolio is private; a withdrawn edition must not live on).
"""

from __future__ import annotations

import re
import unicodedata

from flask import Response

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def slug(text: str) -> str:
    """``ENT Éxemple`` → ``ent-exemple`` (``service`` when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "service"


def download(content: bytes, stem: str, kind: str) -> Response:
    """``content`` as the attachment ``<stem>.<kind>``; ``stem`` is plain ASCII already."""
    response = Response(content, mimetype=MEDIA_TYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def edition_download(
    content: bytes, service_name: str, edition: int, kind: str, part: str = ""
) -> Response:
    """A positioning's file: ``repere-ent-exemple[-synthese]-edition-2.pdf``."""
    middle = f"-{part}" if part else ""
    return download(content, f"repere-{slug(service_name)}{middle}-edition-{edition}", kind)
