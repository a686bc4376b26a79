"""A catalogue row's deadline follows the arrêtés: one published after the edition moves it
at the next ``flask grids sync``, while the edition's figures stay those of its snapshot."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.grid_registry import get_grid
from app.models import CatalogueEntry
from app.positioning import publish, submit
from tests.support import SAMPLE_GRIDS, build_app, close_app, migrated

from .support import make_draft

GRID_DIR = Path("sample") / "2026.1"
PUBLISHED = {
    "grid.yaml": "    published: 2026-04-30",
    "securite.yaml": 'arrete: {reference: "Arrêté sécurité", published: 2026-03-31}',
}


def grids_with_arretes(folder: Path, published: bool) -> Path:
    """The sample grids, provisional, with their arrêtés published or not yet."""
    target = folder / "grids"
    if not target.exists():
        shutil.copytree(SAMPLE_GRIDS, target)
    for name, line in PUBLISHED.items():
        path = target / GRID_DIR / name
        text = (SAMPLE_GRIDS / GRID_DIR / name).read_text(encoding="utf-8")
        assert line in text
        if not published:
            text = text.replace(
                line, line.replace("2026-04-30", "null").replace("2026-03-31", "null")
            )
        path.write_text(text.replace("status: official", "status: provisional"), encoding="utf-8")
    return target


def row() -> CatalogueEntry:
    return db.session.scalars(select(CatalogueEntry)).one()


def test_an_arrete_published_after_the_edition_moves_its_catalogue_deadline(
    database_url: str, tmp_path: Path
) -> None:
    before = build_app(database_url, grids_with_arretes(tmp_path, published=False))
    with migrated(before):
        draft = make_draft(before)
        grid = get_grid("sample", "2026.1")
        assert grid is not None
        submit(draft.assessment, draft.user, grid, draft.assessment.version)
        publish(draft.assessment, draft.user, incomplete_ack=True)
        listed = row()
        assert listed.deadline is None  # no arrêté yet: no deadline
        figures = (listed.verdict, listed.blockers_count, listed.maturity)

        after = build_app(database_url, grids_with_arretes(tmp_path, published=True))
        try:
            with after.app_context():
                result = after.test_cli_runner().invoke(args=["grids", "sync"])
                assert result.exit_code == 0, result.output
                assert "1 catalogue deadline(s) updated" in result.output
                entry = row()
                # the sample grid's arrêté, 30 April 2026, + 10 months
                assert entry.deadline == dt.date(2027, 2, 28)
                assert (entry.verdict, entry.blockers_count, entry.maturity) == figures
                again = after.test_cli_runner().invoke(args=["grids", "sync"])
                assert again.exit_code == 0 and "deadline" not in again.output
        finally:
            close_app(after)
