"""Small guards used across blueprints."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

# The largest id the database holds (a PostgreSQL integer); a larger one matches no route.
MAX_ID = 2_147_483_647


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` in every route, bounded: an id above ``MAX_ID`` is a 404, never a query
    that overflows the database's integer (a 500 on PostgreSQL)."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(url_map, *args, **kwargs)
        self.max = MAX_ID if self.max is None else min(self.max, MAX_ID)


def bound_ids(app: Flask) -> None:
    """Replace Flask's ``int`` converter app-wide; call before any route is registered."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def trust_proxies(app: Flask) -> None:
    """Read the client's address and scheme from the ``TRUSTED_PROXIES`` proxies in front.

    Werkzeug's ProxyFix keeps only the last N values of X-Forwarded-For (those our own
    proxies added), so ``request.remote_addr`` cannot be chosen by the client. With 0 (the
    default) the headers are ignored: no raw header is ever read for the address.
    """
    count = int(app.config.get("TRUSTED_PROXIES", 0))
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to, never another site (open redirects refused)."""
    if not target:
        return default
    target = target.strip().replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if any(ord(ch) < 32 for ch in target):
        return default
    return target


HSTS = "max-age=31536000; includeSubDomains"


def private_and_transport_headers(response: Response) -> None:
    """HSTS in production (served over HTTPS only, behind the TLS proxy); ``no-store`` on
    every HTML page shown to a signed-in person, so that neither a shared cache nor the
    browser's history keeps a copy once the session ends."""
    if current_app.config["ENV_NAME"] == "production":
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if response.mimetype == "text/html" and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
