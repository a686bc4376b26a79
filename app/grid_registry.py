"""Keep the database's record of grid versions in step with the files."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from .domain.catalogue import Catalogue
from .extensions import db
from .models import GridVersion


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
