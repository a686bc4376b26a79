"""Spreadsheet exports of a positioning: XLSX (openpyxl) and CSV.

One row per criterion (référentiel, axis, criterion, level, not applicable, justification,
comment, evidence) and one row per set of figures (whole grid, référentiel, axis). The
figures are the report's, hence the score's: nothing is recomputed here.

A spreadsheet turns a cell starting with ``=``, ``+``, ``-`` or ``@`` into a formula, which a
stranger's comment must never become. In XLSX every text is written as a string cell
(never a formula, whatever it starts with); in CSV, where the reader decides, a text that
could start a formula is prefixed with an apostrophe, as OWASP recommends.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .i18n import label
from .model import CriterionRow, DeadlineInfo, Figures, Report

Cell = str | int | float | None
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Characters the XLSX format cannot hold at all (control characters but tab and newlines).
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_HEADERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "criteria": (
        ("Référentiel", "Axe", "Critère", "Intitulé", "Obligatoire", "Statut", "Niveau",
         "Libellé du niveau", "Non applicable", "Bloquant", "Justification", "Commentaire",
         "Preuves", "Nature de l'exigence",
         "Non applicable déclaré sur une exigence obligatoire"),
        ("Référentiel", "Axis", "Criterion", "Title", "Mandatory", "Status", "Level",
         "Level label", "Not applicable", "Blocker", "Justification", "Comment", "Evidence",
         "Kind of requirement", "Not applicable declared on a mandatory requirement"),
    ),
    "scores": (
        ("Périmètre", "Référentiel", "Axe", "Intitulé", "Maturité", "Taux de conformité",
         "Applicables", "Renseignés", "Atteints", "Non applicables", "Bloquants",
         "Critères bloquants", "Échéance", "Échéance (texte)",
         "Bloquants : obligations déjà en vigueur",
         "Non applicables déclarés sur une exigence obligatoire"),
        ("Scope", "Référentiel", "Axis", "Title", "Maturity", "Conformity rate",
         "Applicable", "Answered", "Met", "Not applicable", "Blockers",
         "Blocking criteria", "Deadline", "Deadline (text)",
         "Blockers: obligations already in force",
         "Not applicable declared on a mandatory requirement"),
    ),
}  # fmt: skip
_WORDS = {
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "grid": ("grille", "grid"),
    "referentiel": ("référentiel", "référentiel"),
    "axis": ("axe", "axis"),
    "answered": ("renseigné", "answered"),
    "not_applicable": ("non applicable", "not applicable"),
    "unanswered": ("non renseigné", "not answered"),
    "not_concerned": ("ne concerne pas ce service", "does not concern this service"),
    "criteria_sheet": ("Critères", "Criteria"),
    "scores_sheet": ("Chiffres", "Figures"),
    "about_sheet": ("Positionnement", "Positioning"),
}


def _word(key: str, lang: str) -> str:
    french, english = _WORDS[key]
    return english if lang == "en" else french


def headers(kind: str, lang: str) -> tuple[str, ...]:
    """Column titles of the ``criteria`` or ``scores`` table."""
    french, english = _HEADERS[kind]
    return english if lang == "en" else french


def neutralise(text: str) -> str:
    """``text`` made safe for CSV: an apostrophe before anything that could start a formula."""
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def criteria_rows(report: Report) -> Iterator[tuple[Cell, ...]]:
    """One row per criterion of the grid, in grid order."""
    lang = report.lang
    deadlines = {ref.id: ref.deadline for ref in report.referentiels}
    for c in report.criteria:
        yield _criterion_row(c, lang, deadlines.get(c.referentiel_id))


def requirement_kind(c: CriterionRow, deadline: DeadlineInfo | None, lang: str) -> str:
    """ "obligation déjà en vigueur", "exigence attendue de l'arrêté (échéance : …)", or
    nothing for a recommendation."""
    if not c.mandatory:
        return ""
    if c.in_force:
        return label("in_force", lang)
    when = "" if deadline is None else (deadline.date_text or deadline.sentence)
    colon = ":" if lang == "en" else "\u00a0:"
    return f"{label('expected', lang)} ({label('deadline_word', lang)}{colon} {when})"


def _criterion_row(c: CriterionRow, lang: str, deadline: DeadlineInfo | None) -> tuple[Cell, ...]:
    yes, no = _word("yes", lang), _word("no", lang)
    return (
        c.referentiel_title, c.axis_title, c.criterion_id, c.title, yes if c.mandatory else no,
        _word(c.status, lang), c.level, c.level_label or "", yes if c.not_applicable else no,
        yes if c.blocker else no, c.justification or "", c.comment or "", "\n".join(c.evidence),
        requirement_kind(c, deadline, lang), yes if c.declared_not_applicable else no,
    )  # fmt: skip


def _figures_row(
    scope: str, referentiel: str, axis: str, title: str, f: Figures
) -> tuple[Cell, ...]:
    maturity = None if f.maturity is None else round(f.maturity, 2)
    rate = None if f.conformity_rate is None else round(f.conformity_rate, 1)
    return (
        scope, referentiel, axis, title, maturity, rate, f.applicable, f.answered, f.met,
        f.not_applicable, len(f.blockers), " ".join(f.blockers),
    )  # fmt: skip


def _declared_cells(f: Figures) -> tuple[Cell, ...]:
    return " ".join(f.blockers_in_force), " ".join(f.mandatory_not_applicable)


def score_rows(report: Report) -> Iterator[tuple[Cell, ...]]:
    """The figures of the whole grid, then of each référentiel and each of its axes."""
    lang, overall = report.lang, report.deadline
    yield (
        *_figures_row(_word("grid", lang), "", "", report.grid_title, report.figures),
        overall.date.isoformat() if overall.date else "", overall.sentence,
        *_declared_cells(report.figures),
    )  # fmt: skip
    for ref in report.referentiels:
        deadline = ref.deadline
        yield (
            *_figures_row(_word("referentiel", lang), ref.title, "", ref.title, ref.figures),
            deadline.date.isoformat() if deadline.date else "", deadline.sentence,
            *_declared_cells(ref.figures),
        )  # fmt: skip
        for axis in ref.axes:
            row = _figures_row(_word("axis", lang), ref.title, axis.title, axis.title, axis.figures)
            yield (*row, "", "", *_declared_cells(axis.figures))


def about_rows(report: Report) -> list[tuple[str, str]]:
    """What the positioning is about: service, grid, verdict, deadline."""
    en = report.lang == "en"
    deadline = report.deadline
    when = f"{deadline.date_text} ({deadline.countdown})" if deadline.date else deadline.sentence
    pairs = [
        ("Service", report.service_name),
        ("Organisation", report.organisation or ""),
        ("Answered by" if en else "Rempli par", report.audience_label),
        ("Category" if en else "Catégorie", report.category_label),
        ("Grid" if en else "Grille", f"{report.grid_id} {report.grid_version}"),
        (
            "Grid status" if en else "Statut de la grille",
            label(f"grid_{report.grid_status}", report.lang),
        ),
        ("Report date" if en else "Date", report.report_date.isoformat()),
        ("Verdict", label(f"verdict_{report.verdict}", report.lang)),
        ("Deadline" if en else "Échéance", when),
    ]
    return _stamp_rows(report) + pairs


def _stamp_rows(report: Report) -> list[tuple[str, str]]:
    """What the document is: a draft, or which edition, its status and its fingerprint."""
    stamp, lang = report.stamp, report.lang
    if stamp is None:
        return []
    if stamp.draft:
        return [(label("document_status", lang), label("draft_watermark", lang))]
    rows = [
        (label("document_status", lang), label(f"edition_status_{stamp.status}", lang)),
        (label("edition", lang), str(stamp.edition)),
        (label("submitted_on_label", lang), stamp.submitted_text or ""),
    ]
    if stamp.published_text:
        rows.append((label("published_on_label", lang), stamp.published_text))
    if stamp.superseded_by is not None:
        rows.append((label("superseded_by", lang), str(stamp.superseded_by)))
    if stamp.withdrawn_text:
        rows.append((label("withdrawn_on", lang), stamp.withdrawn_text))
    if stamp.fingerprint:
        rows.append((label("fingerprint", lang), stamp.fingerprint))
        rows.append((label("verify_code", lang), stamp.code or ""))
    return rows


def write_csv(rows: Sequence[Sequence[Cell]], head: Sequence[str], delimiter: str = ";") -> bytes:
    """CSV bytes (UTF-8 with BOM, for spreadsheets); texts neutralised, numbers as numbers.

    With ``;`` as separator (what French spreadsheets expect) decimals take a comma.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in head])
    comma = delimiter == ";"
    for row in rows:
        out: list[str] = []
        for value in row:
            if value is None:
                out.append("")
            elif isinstance(value, int | float):
                text = str(value)
                out.append(text.replace(".", ",") if comma else text)
            else:
                out.append(neutralise(value))
        writer.writerow(out)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def criteria_csv(report: Report, delimiter: str = ";") -> bytes:
    """The criteria table as CSV (after the document's status lines, when it has a stamp)."""
    table = write_csv(list(criteria_rows(report)), headers("criteria", report.lang), delimiter)
    return _with_stamp(report, table, delimiter)


def scores_csv(report: Report, delimiter: str = ";") -> bytes:
    """The figures table as CSV (after the document's status lines, when it has a stamp)."""
    table = write_csv(list(score_rows(report)), headers("scores", report.lang), delimiter)
    return _with_stamp(report, table, delimiter)


def _with_stamp(report: Report, table: bytes, delimiter: str) -> bytes:
    """``table`` preceded by the status lines and a blank line, when the report has a stamp."""
    rows = _stamp_rows(report)
    if not rows:
        return table
    head, *rest = rows
    lines = write_csv(rest, head, delimiter)  # BOM first, then "key;value" lines
    return lines + b"\r\n" + table.removeprefix("\ufeff".encode())


def _set(sheet: Worksheet, row: int, column: int, value: Cell) -> None:
    cell = sheet.cell(row=row, column=column)
    if value == "":
        return
    if isinstance(value, str):
        cell.value = _ILLEGAL_XLSX.sub("\ufffd", value)
        cell.data_type = "s"  # a string, never a formula nor an error code
    else:
        cell.value = value


def _fill(
    sheet: Worksheet, head: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[int]
) -> None:
    for column, title in enumerate(head, start=1):
        _set(sheet, 1, column, title)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for row_index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _set(sheet, row_index, column, value)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        if width >= 30:
            for (cell,) in sheet.iter_rows(min_col=column, max_col=column, min_row=2):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def workbook(report: Report) -> bytes:
    """The positioning as an XLSX workbook: criteria, figures, and what it is about."""
    lang = report.lang
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = _word("about_sheet", lang)
    criteria = book.create_sheet(_word("criteria_sheet", lang))
    _fill(criteria, headers("criteria", lang), list(criteria_rows(report)),
          (18, 16, 14, 50, 11, 16, 8, 18, 13, 10, 40, 40, 40))  # fmt: skip
    scores = book.create_sheet(_word("scores_sheet", lang))
    _fill(scores, headers("scores", lang), list(score_rows(report)),
          (12, 18, 16, 40, 10, 12, 11, 11, 9, 13, 10, 30, 12, 50))  # fmt: skip
    for row_index, (key, value) in enumerate(about_rows(report), start=1):
        _set(about, row_index, 1, key)
        _set(about, row_index, 2, value)
        about.cell(row=row_index, column=1).font = Font(bold=True)
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 70
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
