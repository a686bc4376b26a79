"""Files of the public pages: a plain ASCII name, the right media type, cacheable by no one."""

from __future__ import annotations

import re
import unicodedata

from flask import Response

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def slug(text: str) -> str:
    """``ENT Éxemple`` → ``ent-exemple``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "service"


def download(content: bytes, name: str, suffix_name: str, kind: str) -> Response:
    response = Response(content, mimetype=MEDIA_TYPES[kind])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="repere-{slug(name)}-{suffix_name}.{kind}"'
    )
    # a withdrawn positioning must not live on in shared caches
    response.headers["Cache-Control"] = "no-store"
    return response
