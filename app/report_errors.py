"""The page a reader gets when the PDF renderer gives up (too long, or stopped twice).

``reports.isolation`` raises :class:`~reports.isolation.RendererUnavailable`; the web layer
answers 503 with a page (or the JSON error of INTERFACES.md §5) that says what happened and
what to do, instead of a 500 or a worker killed by gunicorn's timeout.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import _, format_decimal

from reports.isolation import RendererUnavailable, RenderTimeout

RETRY_AFTER_SECONDS = 60


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json" or request.path.startswith("/api/")


def renderer_unavailable(error: RendererUnavailable) -> tuple[str | Response, int, dict[str, str]]:
    """503, with a message that says whether the document was too long or the renderer failed."""
    if isinstance(error, RenderTimeout):
        message = _(
            "La mise en page du rapport PDF a dépassé %(seconds)s secondes et a été arrêtée. "
            "Le positionnement contient sans doute des textes très longs : raccourcissez les "
            "commentaires les plus longs, ou téléchargez l'export XLSX, puis réessayez.",
            seconds=format_decimal(error.limit),
        )
    else:
        message = _(
            "Le service de mise en page des rapports PDF s'est arrêté deux fois de suite. "
            "Réessayez dans une minute ; si cela se reproduit, prévenez l'administrateur."
        )
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if _wants_json():
        return jsonify(error={"code": "pdf_unavailable", "message": message}), 503, headers
    return render_template("errors/report_unavailable.html", message=message), 503, headers


def init_app(app: Flask) -> None:
    """Answer a renderer that gave up with a clear 503 page."""
    app.register_error_handler(RendererUnavailable, renderer_unavailable)
