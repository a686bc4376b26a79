"""A received report gives back its attached edition document, or a clear refusal."""

from __future__ import annotations

import pytest

from reports.pdf import EmbeddedFile, html_to_pdf
from reports.verification import UnreadableReport, attached_edition

HTML = '<html lang="fr"><body><p>Rapport</p></body></html>'


def test_the_attached_edition_document_reads_back() -> None:
    raw = '{"format":"repere/edition@1","é":1}'.encode()
    pdf = html_to_pdf(HTML, [EmbeddedFile("edition.json", raw), EmbeddedFile("a.json", b"{}")])
    assert attached_edition(pdf).raw == raw


def test_a_report_without_the_document_is_refused() -> None:
    with pytest.raises(UnreadableReport, match=r"no edition\.json"):
        attached_edition(html_to_pdf(HTML, [EmbeddedFile("a.json", b"{}")]))


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n garbage", b"not a pdf at all"])
def test_something_that_is_not_a_pdf_is_refused(data: bytes) -> None:
    with pytest.raises(UnreadableReport):
        attached_edition(data)
