"""Browser tests: the real application served on 127.0.0.1, driven in Debian's Chromium.

Chromium comes from Debian (`/usr/bin/chromium`, installed by `scripts/system-deps.sh
--browser`), never downloaded by Playwright. Without it the tests are skipped with a reason,
except in CI (CI=true) where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.support import ROOT, build_app, migrated

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail("Debian's chromium is missing: scripts/system-deps.sh --browser installs it")
    pytest.skip("Debian's chromium is not installed (scripts/system-deps.sh --browser)")


@pytest.fixture
def live_app(database_url: str) -> Iterator[Flask]:
    """The application on a fresh database, with the real doctrine grid."""
    with migrated(build_app(database_url, ROOT / "criteria", TESTING=False)) as application:
        yield application


@pytest.fixture
def server(live_app: Flask) -> Iterator[str]:
    """Serve ``live_app`` on a free port of 127.0.0.1; yields its base URL."""
    http = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
