"""The comparison of 2 to 10 published positionings of one grid version, as a matrix:
référentiel > axis > criterion in rows, services in columns. Every figure is read from the
snapshots' scores (``score_to_json`` of the domain's scoring); nothing is computed here but
which rows to show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select

from ..domain.grid import Grid
from ..extensions import db
from ..models import Assessment
from ..published import Published, is_public, published_of

MIN_SERVICES, MAX_SERVICES = 2, 10
MAX_ID_DIGITS = 9


class ComparisonError(Exception):
    """A comparison that cannot be made, with what to tell the reader."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def parse_ids(values: list[str]) -> list[int]:
    """Ids from ``ids=1,2,3`` and/or ``ids=1&ids=2``, in order, without repeats.

    Raises ComparisonError("count") for fewer than 2 or more than 10, ("ids") for a value that
    is not an id.
    """
    ids: list[int] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > MAX_ID_DIGITS:
                raise ComparisonError("ids")
            if int(part) not in ids:
                ids.append(int(part))
            if len(ids) > MAX_SERVICES:
                raise ComparisonError("count", count=len(ids))
    if len(ids) < MIN_SERVICES:
        raise ComparisonError("count", count=len(ids))
    return ids


def load_published(ids: list[int]) -> list[Published]:
    """The positionings, in the order asked, each currently published (not withdrawn).

    Raises ComparisonError("unknown") when one is not (never saying whether it exists), and
    ("versions") when they were answered against different grid versions.
    """
    found = {
        a.id: a
        for a in db.session.scalars(select(Assessment).where(Assessment.id.in_(ids)))
        if is_public(a) and a.status == "published"
    }
    if len(found) != len(ids):
        raise ComparisonError("unknown")
    assessments = [found[i] for i in ids]
    versions = sorted({(a.grid_id, a.grid_version) for a in assessments})
    if len(versions) > 1:
        raise ComparisonError("versions", versions=[f"{g} {v}" for g, v in versions])
    return [published_of(a) for a in assessments]


@dataclass(frozen=True)
class Cell:
    """One service's answer to one criterion."""

    concerned: bool  # the criterion applies to the service's category and audience
    level: int | None
    label: str
    not_applicable: bool
    justification: str | None
    blocker: bool

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.concerned, self.level, self.not_applicable)


@dataclass(frozen=True)
class Row:
    kind: Literal["referentiel", "axis", "criterion"]
    id: str
    title: str
    mandatory: bool = False
    cells: tuple[Cell, ...] = ()
    figures: tuple[dict[str, Any] | None, ...] = ()  # référentiel/axis figures per service


@dataclass(frozen=True)
class Comparison:
    grid: Grid
    columns: tuple[Published, ...]
    rows: tuple[Row, ...]
    differences_only: bool
    blockers_only: bool

    @property
    def ids(self) -> str:
        return ",".join(str(c.assessment.id) for c in self.columns)


def _cell(content: Published, criterion_id: str, lang: str) -> Cell:
    criterion = content.grid.criteria[criterion_id]
    concerned = criterion.applies_to(content.category, content.snapshot["audience"])
    line = content.by_id.get(criterion_id)
    answer = line.answer if line else None
    level = answer.level if answer is not None else None
    return Cell(
        concerned=concerned,
        level=level,
        label=content.grid.scale.label(level, lang) if level is not None else "",
        not_applicable=bool(answer is not None and answer.not_applicable),
        justification=answer.justification if answer is not None else None,
        blocker=bool(line and line.blocker),
    )


def build_comparison(
    columns: list[Published], lang: str, *, differences_only: bool, blockers_only: bool
) -> Comparison:
    """The matrix, keeping only differing rows and/or rows with a blocker when asked."""
    grid = columns[0].grid
    rows: list[Row] = []
    for referentiel in grid.referentiels:
        ref_figures = tuple(c.score["referentiels"].get(referentiel.id) for c in columns)
        ref_rows: list[Row] = []
        for axis in referentiel.axes:
            axis_rows = []
            for criterion in axis.criteria:
                cells = tuple(_cell(c, criterion.id, lang) for c in columns)
                if not any(cell.concerned for cell in cells):
                    continue
                if differences_only and len({cell.key for cell in cells}) == 1:
                    continue
                if blockers_only and not any(cell.blocker for cell in cells):
                    continue
                axis_rows.append(
                    Row("criterion", criterion.id, criterion.title.get(lang),
                        criterion.mandatory, cells)
                )  # fmt: skip
            if axis_rows:
                figures = tuple(
                    (f or {}).get("axes", {}).get(axis.id) if f else None for f in ref_figures
                )
                ref_rows.append(Row("axis", axis.id, axis.title.get(lang), figures=figures))
                ref_rows.extend(axis_rows)
        if ref_rows:
            rows.append(
                Row("referentiel", referentiel.id, referentiel.title.get(lang), figures=ref_figures)
            )
            rows.extend(ref_rows)
    return Comparison(grid, tuple(columns), tuple(rows), differences_only, blockers_only)
