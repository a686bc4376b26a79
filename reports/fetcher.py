"""The only way the PDF renderer may read anything: our own assets and ``data:`` URLs.

WeasyPrint fetches whatever a document points at (images, stylesheets, fonts, SVG
references). A report contains text written by strangers, so the renderer is given this
fetcher: it serves the few files listed in :data:`ASSETS` from this package and decodes
``data:`` URLs, and refuses everything else — no network, no other ``file://`` path, no
``..``, no redirects. A refusal stops the rendering (``fail_on_errors``): a report that tried
to fetch something it should not is a bug to see, not a warning to skip.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from .engine import URLFetcher, URLFetcherResponse

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_URL = PACKAGE_DIR.as_uri() + "/"

# Every file the renderer may read, relative to this package, with its media type.
ASSETS: dict[str, str] = {
    "report.css": "text/css",
    "fonts/DejaVuSans.ttf": "font/ttf",
    "fonts/DejaVuSans-Bold.ttf": "font/ttf",
}
MAX_DATA_URL = 2 * 1024 * 1024


class ForbiddenResource(ValueError):
    """A URL the report renderer must not fetch."""


def asset_url(name: str) -> str:
    """The URL under which the renderer finds one of our assets."""
    if name not in ASSETS:
        raise ForbiddenResource(f"not one of the report's assets: {name}")
    return BASE_URL + name


def _asset(url: str) -> tuple[bytes, str]:
    if not url.startswith(BASE_URL):
        raise ForbiddenResource(f"refused: {url[:200]}")
    name = url[len(BASE_URL) :]
    parts = urlsplit(url)
    if parts.query or parts.fragment or parts.netloc not in ("", "localhost"):
        raise ForbiddenResource(f"refused: {url[:200]}")
    # Compare the name as written, never a path resolved from it: no "..", "%2e" or symlink
    # can then lead outside the list.
    if name not in ASSETS:
        raise ForbiddenResource(f"refused: {url[:200]}")
    return (PACKAGE_DIR / name).read_bytes(), ASSETS[name]


def decode_data_url(url: str) -> tuple[bytes, str]:
    """The bytes and media type of a ``data:`` URL (RFC 2397)."""
    if len(url) > MAX_DATA_URL:
        raise ForbiddenResource("data: URL too large")
    header, comma, payload = url[len("data:") :].partition(",")
    if not comma:
        raise ForbiddenResource("malformed data: URL")
    params = header.split(";")
    media_type = params[0].strip().lower() or "text/plain"
    raw = unquote_to_bytes(payload)
    if "base64" in (p.strip().lower() for p in params[1:]):
        try:
            return base64.b64decode(raw, validate=False), media_type
        except binascii.Error:
            raise ForbiddenResource("malformed base64 in data: URL") from None
    return raw, media_type


class AssetFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """A WeasyPrint URL fetcher restricted to our assets and ``data:`` URLs."""

    def __init__(self) -> None:
        super().__init__(
            timeout=1, allowed_protocols=("file", "data"), allow_redirects=False,
            fail_on_errors=True,
        )  # fmt: skip

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Serve an asset or a ``data:`` URL; raise :class:`ForbiddenResource` otherwise."""
        if url.startswith("data:"):
            body, media_type = decode_data_url(url)
        elif url.startswith("file:"):
            body, media_type = _asset(url)
        else:
            raise ForbiddenResource(f"refused: {url[:200]}")
        return URLFetcherResponse(url, body, {"Content-Type": media_type})

    def open(self, url: Any, data: Any = None, timeout: Any = None) -> URLFetcherResponse:
        """Never reach urllib's openers, whatever calls us."""
        return self.fetch(url if isinstance(url, str) else url.full_url)

    def __call__(self, url: str) -> URLFetcherResponse:
        return self.fetch(url)
