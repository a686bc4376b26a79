"""The comparison as an XLSX workbook: a sheet for the matrix, one per service.

Every text is written as a string cell, never a formula: a vendor's comment starting with
``=``, ``+``, ``-`` or ``@`` stays text (the cell's type says so, and the text is not
altered). No cell holds a formula at all.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from ..display import VERDICT_LABELS, number
from .comparison import Cell, Comparison

ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SHEET_NAME = re.compile(r"[\[\]\*\?/\\:]")


def _put(sheet: Worksheet, row: int, column: int, text: str, bold: bool = False) -> None:
    """A text cell, typed as a string whatever it starts with."""
    cell = sheet.cell(row=row, column=column)
    cell.value = ILLEGAL_XLSX.sub("\ufffd", text)
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)


def _write(sheet: Worksheet, rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
    for row_index, row in enumerate(rows, start=1):
        for column, text in enumerate(row, start=1):
            if text:
                _put(sheet, row_index, column, text, bold=row_index == 1)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    sheet.freeze_panes = "C2"


def cell_text(cell: Cell) -> str:
    """What a matrix cell says, in words (the same as the page)."""
    if not cell.concerned:
        return _("ne concerne pas ce service")
    if cell.not_applicable:
        return _("Non applicable : %(why)s", why=cell.justification or "")
    if cell.level is None:
        return _("Sans réponse")
    text = f"{cell.level} — {cell.label}"
    return f"{text} ({_('bloquant')})" if cell.blocker else text


def _figure(value: float | None, digits: int, suffix: str = "") -> str:
    return "—" if value is None else f"{number(value, digits)}{suffix}"


def matrix_rows(result: Comparison, deadlines: list[str]) -> list[list[str]]:
    columns = result.columns
    head = [_("Niveau"), _("Intitulé")] + [f"{c.service_name} ({c.vendor_name})" for c in columns]
    rows = [head]
    for row in result.rows:
        if row.kind == "criterion":
            rows.append([row.id, row.title] + [cell_text(cell) for cell in row.cells])
        else:
            label = _("Référentiel") if row.kind == "referentiel" else _("Axe")
            rows.append(
                [label, row.title]
                + [
                    _("maturité %(m)s", m=_figure((f or {}).get("maturity"), 1))
                    for f in row.figures
                ]
            )
    rows.append([_("Verdict"), ""] + [str(VERDICT_LABELS[c.score["verdict"]]) for c in columns])
    rows.append([_("Maturité"), ""] + [_figure(c.score.get("maturity"), 1) for c in columns])
    rows.append(
        [_("Taux de conformité"), ""]
        + [_figure(c.score.get("conformity_rate"), 1, " %") for c in columns]
    )
    rows.append([_("Bloquants"), ""] + [str(len(c.score.get("blockers") or ())) for c in columns])
    rows.append([_("Échéance"), "", *deadlines])
    return rows


def service_rows(column: object, deadline: str) -> list[list[str]]:
    from ..published import Published

    assert isinstance(column, Published)
    score = column.score
    rows = [
        [_("Service"), column.service_name],
        [_("Éditeur"), column.vendor_name],
        [_("Grille"), f"{column.grid.id} {column.grid.version}"],
        [_("Édition"), str(column.assessment.edition)],
        [_("Verdict"), str(VERDICT_LABELS[score["verdict"]])],
        [_("Maturité"), _figure(score.get("maturity"), 2)],
        [_("Taux de conformité"), _figure(score.get("conformity_rate"), 1, " %")],
        [_("Critères répondus"), f"{score.get('answered')} / {score.get('applicable')}"],
        [_("Bloquants"), ", ".join(score.get("blockers") or ()) or "0"],
        [_("Échéance"), deadline],
    ]
    for referentiel in column.grid.referentiels:
        figures = score["referentiels"].get(referentiel.id) or {}
        rows.append(
            [
                referentiel.id,
                _("maturité %(m)s, conformité %(c)s, bloquants %(b)s",
                  m=_figure(figures.get("maturity"), 2),
                  c=_figure(figures.get("conformity_rate"), 1, " %"),
                  b=len(figures.get("blockers") or ())),
            ]
        )  # fmt: skip
    return rows


def comparison_workbook(result: Comparison, deadlines: list[str], lang: str) -> bytes:
    book = Workbook()
    matrix = book.active
    assert matrix is not None
    matrix.title = _("Comparaison")
    _write(matrix, matrix_rows(result, deadlines), [14, 50] + [30] * len(result.columns))
    used = {matrix.title}
    for index, (column, deadline) in enumerate(zip(result.columns, deadlines, strict=True), 1):
        name = SHEET_NAME.sub(" ", column.service_name)[:25].strip().strip("'") or "Service"
        if name in used:
            name = f"{name[:22]} {index}"
        used.add(name)
        sheet = book.create_sheet(name)
        _write(sheet, service_rows(column, deadline), [22, 70])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
