"""The public catalogue (``GET /catalogue``) and a published positioning's page and PDF."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, current_app, render_template, request
from werkzeug.datastructures import MultiDict

from ..display import lang, template_helpers
from ..domain.grid import Grid
from ..downloads import edition_download
from ..edition_pdf import positioning_pdf
from ..extensions import limit_per_user
from ..grid_registry import get_catalogue
from ..models import CatalogueEntry
from ..published import (
    deadline_label,
    listed_entry,
    public_assessment,
    public_editions,
    published_of,
)
from . import bp
from .listing import SORTS, catalogue_page, read_filters

bp.context_processor(template_helpers)


@dataclass(frozen=True)
class Row:
    """A catalogue entry with what its line shows beside the stored figures."""

    entry: CatalogueEntry
    category_label: str
    bars: list[tuple[str, float | None]]  # référentiel title, maturity
    scale_max: int


def _grids() -> list[Grid]:
    return list(get_catalogue(current_app))


def _reference_grid(grids: list[Grid], chosen: str) -> Grid | None:
    """The grid version whose référentiels the filters offer: the chosen one, else the newest
    version of the doctrine grid (else of any grid)."""
    by_key = {f"{g.id}@{g.version}": g for g in grids}
    if chosen in by_key:
        return by_key[chosen]
    doctrine = [g for g in grids if g.id == "doctrine"]
    return (doctrine or grids or [None])[-1]


def _row(entry: CatalogueEntry, grids: dict[tuple[str, str], Grid], language: str) -> Row:
    grid = grids.get((entry.grid_id, entry.grid_version))
    titles = {r.id: r.title.get(language) for r in grid.referentiels} if grid else {}
    category = grid.category(entry.category) if grid else None
    return Row(
        entry=entry,
        category_label=category.label.get(language) if category else entry.category,
        bars=[
            (titles.get(m.referentiel_id, m.referentiel_id), m.maturity) for m in entry.maturities
        ],
        scale_max=grid.scale.maximum if grid else 4,
    )


@bp.get("/catalogue")
def catalogue() -> str:
    """Published positionings, the latest edition per service; filters in the query string."""
    language = lang()
    grids = _grids()
    reference = _reference_grid(grids, request.args.get("grille", ""))
    categories = {c.id: c.label.get(language) for g in grids for c in g.header.categories}
    referentiels = reference.referentiels if reference else ()
    filters = read_filters(
        MultiDict(request.args),
        set(categories),
        {f"{g.id}@{g.version}" for g in grids},
        {r.id for r in referentiels},
        float(reference.scale.maximum) if reference else 4.0,
    )
    page = catalogue_page(filters)
    by_key = {g.key: g for g in grids}
    return render_template(
        "catalogue/list.html",
        filters=filters,
        page=page,
        rows=[_row(entry, by_key, language) for entry in page.entries],
        categories=sorted(categories.items(), key=lambda item: item[1]),
        grids=grids,
        referentiels=referentiels,
        scale_max=reference.scale.maximum if reference else 4,
        sorts=list(SORTS),
    )


@bp.get("/catalogue/<int:assessment_id>")
def published(assessment_id: int) -> str:
    """One published positioning, from its snapshot; a withdrawn or replaced one says so."""
    assessment = public_assessment(assessment_id)
    content = published_of(assessment)
    listed = listed_entry(assessment.service_id)
    replaced_by = (
        listed
        if assessment.status == "published" and listed and listed.assessment_id != assessment.id
        else None
    )
    return render_template(
        "catalogue/published.html",
        content=content,
        assessment=assessment,
        replaced_by=replaced_by,
        editions=public_editions(assessment),
        deadline_label=deadline_label(content),
    )


@bp.get("/catalogue/<int:assessment_id>/rapport.pdf")
@limit_per_user("DOWNLOAD_RATE_LIMIT")
def published_report(assessment_id: int) -> Response:
    """The PDF report of a published positioning, from its snapshot (none once withdrawn)."""
    assessment = public_assessment(assessment_id)
    if assessment.status != "published":
        abort(404)
    content = published_of(assessment)
    pdf = positioning_pdf(assessment, content.grid, lang())
    return edition_download(pdf, content.service_name, assessment.edition, "pdf")
