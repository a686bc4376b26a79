"""The application's error handlers, and Flask-Login's answer to a request without a session."""

from __future__ import annotations

import math
import time

from flask import jsonify, redirect, render_template, request
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_login import login_url
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from reports.isolation import RendererUnavailable, RenderTimeout

from ..extensions import db, limiter, login_manager
from . import bp

RENDERER_RETRY_AFTER_SECONDS = 60

# status → (stable code for JSON callers, page title, what happened and what to do)
ERRORS = {
    400: (
        "bad_request",
        _l("Demande invalide"),
        _l("Cette demande n'a pas pu être comprise. Vérifiez votre saisie, puis réessayez."),
    ),
    401: (
        "unauthorized",
        _l("Connexion requise"),
        _l("Votre session a pris fin. Reconnectez-vous pour continuer."),
    ),
    403: (
        "forbidden",
        _l("Accès refusé"),
        _l("Votre compte ne permet pas cette action sur cette page."),
    ),
    404: (
        "not_found",
        _l("Page introuvable"),
        _l("Cette page n'existe pas, ou elle ne vous est pas accessible."),
    ),
    405: (
        "method_not_allowed",
        _l("Action non permise"),
        _l("Cette adresse ne permet pas cette action. Revenez à la page précédente."),
    ),
    413: (
        "payload_too_large",
        _l("Envoi trop volumineux"),
        _l("Ce que vous avez envoyé dépasse la taille permise. Réduisez-le, puis réessayez."),
    ),
    429: ("too_many_requests", _l("Trop de tentatives"), _l("Trop de tentatives.")),
    500: (
        "internal_error",
        _l("Erreur du serveur"),
        _l(
            "Une erreur inattendue est survenue : cette action n'a pas été enregistrée. "
            "Réessayez dans un instant."
        ),
    ),
}


def wants_json() -> bool:
    """A JSON caller: a JSON body, JSON preferred over HTML, or the API."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json" or request.path.startswith("/api/")


def error_response(status: int, code: str, title: str, message: str) -> tuple[Response, int]:
    """The error as JSON for a JSON caller, else as a page in the site's layout."""
    if wants_json():
        return jsonify(error={"code": code, "message": message}), status
    page = render_template("errors/error.html", status=status, title=title, message=message)
    return Response(page, mimetype="text/html"), status


def _known(status: int) -> tuple[str, str, str]:
    code, title, message = ERRORS.get(status, ERRORS[400] if status < 500 else ERRORS[500])
    return code, str(title), str(message)


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> tuple[Response, int] | HTTPException:
    """Every HTTP error raised by a view (abort) or by Werkzeug (no such page, method...)."""
    status = error.code or 500
    if status < 400:
        return error
    code, title, message = _known(status)
    answer = error_response(status, code, title, message)
    if status == 405 and error.get_headers():
        answer[0].headers.update({k: v for k, v in error.get_headers() if k == "Allow"})
    return answer


@bp.app_errorhandler(InternalServerError)
def server_error(error: InternalServerError) -> tuple[Response, int]:
    """An unexpected failure: the transaction is given up, the user told nothing was saved."""
    db.session.rollback()
    return error_response(500, *_known(500))


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError) -> tuple[Response, int]:
    """A form without a valid CSRF token: most often a page left open, or a new session."""
    message = _(
        "Ce formulaire a expiré ou ne provient pas de Repère. Rechargez la page, puis recommencez."
    )
    return error_response(400, "csrf", _("Formulaire expiré"), message)


def _retry_after_seconds(error: HTTPException) -> int:
    current = limiter.current_limit
    if current is not None:
        return max(1, math.ceil(current.reset_at - time.time()))
    if isinstance(error, RateLimitExceeded):
        return max(1, int(error.limit.limit.get_expiry()))
    return 60


@bp.app_errorhandler(429)
def too_many_requests(error: HTTPException) -> tuple[Response, int]:
    """Too many attempts: say when to try again, in the user's language."""
    return too_many_response(_retry_after_seconds(error))


def too_many_response(seconds: int) -> tuple[Response, int]:
    """The 429 answer to a request that must wait ``seconds`` (page or JSON, Retry-After)."""
    if seconds < 120:
        wait = ngettext("%(num)d seconde", "%(num)d secondes", seconds)
    else:
        wait = ngettext("%(num)d minute", "%(num)d minutes", math.ceil(seconds / 60))
    message = _("Trop de tentatives. Réessayez dans %(wait)s.", wait=wait)
    response, status = error_response(429, "too_many_requests", _("Trop de tentatives"), message)
    response.headers["Retry-After"] = str(seconds)
    return response, status


@login_manager.unauthorized_handler
def unauthorized() -> Response | tuple[Response, int]:
    """No session (never signed in, expired, signed out elsewhere): a JSON caller gets 401 and
    the JSON error, never a redirect it could take for a success; a page goes to sign in."""
    if wants_json():
        return error_response(401, *_known(401))
    return redirect(login_url("auth.login", next_url=request.full_path.rstrip("?")))


@bp.app_errorhandler(RendererUnavailable)
def renderer_unavailable(error: RendererUnavailable) -> tuple[Response, int]:
    """The PDF renderer gave up (too long, or stopped twice): 503, saying which and what to do."""
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
    response, status = error_response(
        503, "pdf_unavailable", _("Rapport PDF indisponible"), message
    )
    response.headers["Retry-After"] = str(RENDERER_RETRY_AFTER_SECONDS)
    return response, status
