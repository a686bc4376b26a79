"""The catalogue's query: filters, sort and page, read from the query string.

Everything is filtered and sorted on ``catalogue_entry``'s indexed columns (and
``catalogue_maturity`` for "at least N in a référentiel"): the page never reads a snapshot.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..domain.scoring import VERDICTS
from ..extensions import db
from ..models import CatalogueEntry, CatalogueMaturity
from ..positioning.publication import fold

PAGE_SIZE = 20
MAX_PAGE = 100_000
MAX_QUERY_LENGTH = 100
SORTS = {
    "recent": (CatalogueEntry.published_at.desc(), CatalogueEntry.assessment_id.desc()),
    "nom": (CatalogueEntry.service_name, CatalogueEntry.assessment_id),
    "maturite": (
        CatalogueEntry.maturity.desc().nulls_last(),
        CatalogueEntry.assessment_id.desc(),
    ),
    "bloquants": (CatalogueEntry.blockers_count, CatalogueEntry.assessment_id.desc()),
    "echeance": (CatalogueEntry.deadline.nulls_last(), CatalogueEntry.assessment_id.desc()),
}
BLOCKER_FILTERS = ("avec", "sans")


@dataclass(frozen=True)
class Filters:
    """What the reader asked for, cleaned: unknown values are dropped, never trusted."""

    text: str = ""
    category: str = ""
    verdict: str = ""
    grid: str = ""  # "doctrine@2025.1"
    blockers: str = ""  # "avec" | "sans"
    minimum: dict[str, float] = field(default_factory=dict)  # référentiel id -> maturity
    sort: str = "recent"
    page: int = 1

    def query_args(self, **changes: object) -> dict[str, object]:
        """The query string of these filters (with ``changes``), empty values left out."""
        args: dict[str, object] = {
            "q": self.text,
            "categorie": self.category,
            "verdict": self.verdict,
            "grille": self.grid,
            "bloquants": self.blockers,
            "tri": self.sort if self.sort != "recent" else "",
            "page": self.page if self.page > 1 else "",
        }
        for referentiel_id, value in self.minimum.items():
            args[f"min_{referentiel_id}"] = f"{value:g}"
        args.update(changes)
        return {key: value for key, value in args.items() if value not in ("", None)}


def _number(text: str | None, maximum: float) -> float | None:
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 < value <= maximum else None


def read_filters(
    args: Mapping[str, str],
    categories: set[str],
    grids: set[str],
    referentiels: set[str],
    scale_max: float,
) -> Filters:
    """The filters of a query string, keeping only values the catalogue knows."""
    minimum = {}
    for referentiel_id in sorted(referentiels):
        value = _number(args.get(f"min_{referentiel_id}"), scale_max)
        if value is not None:
            minimum[referentiel_id] = value
    page_text = args.get("page", "1")
    page = int(page_text) if page_text.isdigit() and 0 < len(page_text) <= 6 else 1
    return Filters(
        text=" ".join(args.get("q", "").split())[:MAX_QUERY_LENGTH],
        category=args.get("categorie", "") if args.get("categorie") in categories else "",
        verdict=args.get("verdict", "") if args.get("verdict") in VERDICTS else "",
        grid=args.get("grille", "") if args.get("grille") in grids else "",
        blockers=args.get("bloquants", "") if args.get("bloquants") in BLOCKER_FILTERS else "",
        minimum=minimum,
        sort=args.get("tri", "") if args.get("tri") in SORTS else "recent",
        page=max(1, min(page, MAX_PAGE)),
    )


def _filtered(filters: Filters) -> Select[tuple[CatalogueEntry]]:
    query = select(CatalogueEntry)
    if filters.text:
        query = query.where(
            CatalogueEntry.search_text.contains(fold(filters.text), autoescape=True)
        )
    if filters.category:
        query = query.where(CatalogueEntry.category == filters.category)
    if filters.verdict:
        query = query.where(CatalogueEntry.verdict == filters.verdict)
    if filters.grid:
        grid_id, _sep, version = filters.grid.partition("@")
        query = query.where(
            CatalogueEntry.grid_id == grid_id, CatalogueEntry.grid_version == version
        )
    if filters.blockers == "avec":
        query = query.where(CatalogueEntry.blockers_count > 0)
    elif filters.blockers == "sans":
        query = query.where(CatalogueEntry.blockers_count == 0)
    for referentiel_id, value in filters.minimum.items():
        query = query.where(
            select(CatalogueMaturity.assessment_id)
            .where(
                CatalogueMaturity.assessment_id == CatalogueEntry.assessment_id,
                CatalogueMaturity.referentiel_id == referentiel_id,
                CatalogueMaturity.maturity >= value,
            )
            .exists()
        )
    return query


@dataclass(frozen=True)
class Page:
    entries: list[CatalogueEntry]
    total: int
    page: int
    pages: int


def catalogue_page(filters: Filters, page_size: int = PAGE_SIZE) -> Page:
    """The entries of the requested page, with the count of all that match."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, math.ceil(total / page_size))
    page = min(filters.page, pages)
    entries = list(
        db.session.scalars(
            query.options(selectinload(CatalogueEntry.maturities))
            .order_by(*SORTS[filters.sort])
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
    )
    return Page(entries, total, page, pages)
