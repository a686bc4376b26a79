"""Web workers lay reports out in a child process that is replaced every few dozen reports."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from reports import isolation
from reports.pdf import EmbeddedFile, html_to_pdf


@pytest.fixture
def small_recycling(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    isolation.shutdown()
    monkeypatch.setattr(isolation, "RENDERS_PER_PROCESS", 2)
    yield
    isolation.shutdown()


def test_the_child_is_replaced_after_its_quota(small_recycling: None) -> None:
    pids = [isolation._pool().submit(os.getpid).result() for _ in range(5)]
    assert os.getpid() not in pids
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]


def test_an_isolated_pdf_is_the_same_document(small_recycling: None) -> None:
    html = (
        "<html lang='fr'><head><title>Essai</title></head>"
        "<body><p>Échéance : 28 février 2027</p></body></html>"
    )
    attachment = EmbeddedFile(name="answers.json", content=b'{"a": 1}', description="test")
    isolated = isolation.html_to_pdf_isolated(html, [attachment])
    local = html_to_pdf(html, [attachment])
    texts = [PdfReader(io.BytesIO(pdf)).pages[0].extract_text() for pdf in (isolated, local)]
    assert texts[0] == texts[1] and "28 février 2027" in texts[0]
    assert PdfReader(io.BytesIO(isolated)).attachments["answers.json"] == [b'{"a": 1}']
