"""The QR code of a report reads back as the verification address, from the PDF itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.pdf import html_to_pdf
from reports.qr import qr_data_url
from tests.reports.support import decode_pdf_page


@pytest.mark.parametrize(
    "address", ["https://repere.example/verifier/1a2b-3c4d-5e6f-7a8b", "http://127.0.0.1/v/0"]
)
def test_the_qr_in_a_pdf_decodes_to_the_address(tmp_path: Path, address: str) -> None:
    image = f'<img src="{qr_data_url(address)}" alt="">'
    html = f'<html lang="fr"><body><p>Vérifier</p>{image}</body></html>'
    assert decode_pdf_page(html_to_pdf(html), tmp_path) == [address]
