"""The QR code of a report reads back as the verification address, from the PDF itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from reports.pdf import html_to_pdf
from reports.qr import qr_data_url


def decode_pdf_page(pdf: bytes, folder: Path) -> list[str]:
    """Every QR code found on the first page of ``pdf``, rendered at 150 dpi."""
    source = folder / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(source), str(folder / "p")],
        check=True,
    )
    image = Image.open(next(folder.glob("p*.png")))
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize(
    "address", ["https://repere.example/verifier/1a2b-3c4d-5e6f-7a8b", "http://127.0.0.1/v/0"]
)
def test_the_qr_in_a_pdf_decodes_to_the_address(tmp_path: Path, address: str) -> None:
    image = f'<img src="{qr_data_url(address)}" alt="">'
    html = f'<html lang="fr"><body><p>Vérifier</p>{image}</body></html>'
    assert decode_pdf_page(html_to_pdf(html), tmp_path) == [address]
