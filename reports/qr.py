"""The QR code printed on a report: the verification address, drawn by segno as SVG.

The SVG is embedded as a ``data:`` URL, which the renderer's fetcher decodes itself: nothing
is fetched to draw it.
"""

from __future__ import annotations

import segno


def qr_data_url(text: str) -> str:
    """A ``data:`` URL of an SVG QR code that reads ``text`` (error correction M)."""
    code = segno.make(text, error="m", micro=False)
    url: str = code.svg_data_uri(scale=4, border=2, dark="#000000", light="#ffffff")
    return url
