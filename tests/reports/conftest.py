"""Fixtures for the report tests: rendered PDFs and their text, WeasyPrint's log, a listener.

The helpers they are built on (answers documents, ``Rendered``, ``Listener``) are in
tests/reports/support.py."""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.domain.answers import load_answers
from app.domain.catalogue import load_catalogue
from app.domain.scoring import score_answers
from app.report_building import build_report, report_pdf
from tests.reports.support import TODAY, Listener, Rendered, write_answers
from tests.support import SAMPLE_GRIDS


@pytest.fixture
def render(tmp_path: Path) -> Callable[..., Rendered]:
    """Render the report of an answers document through the same path as the command."""

    def run(
        data: dict[str, Any],
        grids: Path = SAMPLE_GRIDS,
        lang: str = "fr",
        today: dt.date = TODAY,
    ) -> Rendered:
        path = write_answers(tmp_path, data)
        answers, grid = load_answers(path, load_catalogue(grids))
        report = build_report(answers, grid, score_answers(answers, grid), lang, today)
        return Rendered(report_pdf(answers, grid, lang, today), report, answers, grid)

    return run


@pytest.fixture
def weasyprint_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """WeasyPrint's log records (warnings and errors), whatever ran before.

    WeasyPrint reports what it could not do (an asset refused, an image without alternative
    text, a missing language) in its log, not by raising. The database fixture's migrations
    configure logging with ``disable_existing_loggers``, which silences that logger for the
    rest of the session: enable it again for the test.
    """
    logger = logging.getLogger("weasyprint")
    disabled = logger.disabled
    logger.disabled = False
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        yield caplog
    logger.disabled = disabled


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.05)
    connections: list[tuple[str, int]] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, address = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connections.append(address)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield Listener(server.getsockname()[1], connections)
    stop.set()
    thread.join(timeout=2)
    server.close()
