"""The renderer's URL fetcher serves our assets and data: URLs, and nothing else."""

from __future__ import annotations

import base64

import pytest

from reports.fetcher import ASSETS, BASE_URL, AssetFetcher, ForbiddenResource, asset_url
from tests.reports.support import Listener


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_serves_each_of_our_assets(name: str) -> None:
    response = AssetFetcher().fetch(asset_url(name))
    assert response.read()
    assert response.content_type == ASSETS[name]


def test_decodes_data_urls() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    fetcher = AssetFetcher()
    encoded = fetcher.fetch("data:image/svg+xml;base64," + base64.b64encode(svg).decode())
    assert encoded.read() == svg
    assert encoded.content_type == "image/svg+xml"
    assert fetcher.fetch("data:,hello%20world").read() == b"hello world"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        BASE_URL + "../app/config.py",
        BASE_URL + "%2e%2e/app/config.py",
        BASE_URL + "fonts/../report.css",  # the right file, by a path we never write
        BASE_URL + "report.css?x=1",
        BASE_URL + "report.css#x",
        BASE_URL + "pdf.py",
        BASE_URL + "templates/report.html",
        BASE_URL + "fonts/LICENSE-DejaVu.txt",
        "http://example.org/style.css",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
        "javascript:alert(1)",
        "data:text/plain,no comma-less" + "x" * (3 * 1024 * 1024),
        "data:text/plain;base64",  # no comma: malformed
        "relative.css",
    ],
)
def test_refuses_everything_else(url: str) -> None:
    with pytest.raises(ForbiddenResource):
        AssetFetcher().fetch(url)


def test_never_opens_a_connection(listener: Listener) -> None:
    from urllib.request import Request

    fetcher = AssetFetcher()
    local = f"http://127.0.0.1:{listener.port}/x"
    for attempt in (lambda: fetcher(local), lambda: fetcher.open(Request(local))):
        with pytest.raises(ForbiddenResource):
            attempt()
    assert listener.connections == []


def test_asset_url_knows_only_our_assets() -> None:
    assert asset_url("report.css") == BASE_URL + "report.css"
    with pytest.raises(ForbiddenResource):
        asset_url("../wsgi.py")
