"""The grids: loaded once per application (``init_app``), and the database's record of grid
versions kept in step with the files."""

from __future__ import annotations

import datetime as dt

from flask import Flask, current_app
from sqlalchemy import select

from .domain.catalogue import Catalogue, load_catalogue
from .domain.grid import Grid
from .extensions import db
from .models import GridVersion

_CATALOGUE = "repere_catalogue"


def init_app(app: Flask) -> None:
    """Load every grid version once, at start-up; requests read this catalogue."""
    # A version with problems is left out; `flask grids check` reports them (make run does).
    app.extensions[_CATALOGUE] = load_catalogue(app.config["GRIDS_DIR"])


def get_catalogue(app: Flask | None = None) -> Catalogue:
    """The catalogue of ``app`` (the current application by default)."""
    catalogue: Catalogue = (app or current_app).extensions[_CATALOGUE]
    return catalogue


def get_grid(grid_id: str, version: str) -> Grid | None:
    """One grid version of the current application (None when it is not loaded)."""
    return get_catalogue().get(grid_id, version)


def sync_grid_versions(catalogue: Catalogue) -> list[str]:
    """Record new versions, refresh provisional ones; report official versions edited in place.

    An official version is what people answered against: once recorded, its files must not
    change (publish a new version instead). Provisional versions may still be corrected.
    """
    problems = []
    known = {(r.grid_id, r.version): r for r in db.session.scalars(select(GridVersion))}
    for grid in catalogue:
        record = known.get(grid.key)
        if record is None:
            db.session.add(
                GridVersion(
                    grid_id=grid.id,
                    version=grid.version,
                    status=grid.header.status,
                    checksum=grid.checksum,
                    criteria_count=len(grid.criteria),
                )
            )
            continue
        if record.checksum == grid.checksum and record.status == grid.header.status:
            continue
        if record.status == "official" and record.checksum != grid.checksum:
            problems.append(
                f"{grid.id} {grid.version}: this official version's files changed since they were "
                "recorded; an official version is immutable: publish the change as a new version"
            )
            continue
        record.checksum = grid.checksum
        record.status = grid.header.status
        record.criteria_count = len(grid.criteria)
        record.updated_at = dt.datetime.now(dt.UTC)
    db.session.commit()
    return problems
