"""Helpers of the report tests (no test here): the QR codes a PDF shows, read back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image


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
