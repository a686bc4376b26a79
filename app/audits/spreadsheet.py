"""The portfolio as XLSX: text cells only, never a formula, whatever a name starts with."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook


def workbook_bytes(title: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """One sheet: a header row, then ``rows``; every cell a string (data type "s")."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    for row_number, values in enumerate([head, *rows], start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column, value=str(value))
            cell.data_type = "s"  # a string, never a formula: "=HYPERLINK(…)" stays text
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
