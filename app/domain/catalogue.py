"""Find, load and cross-check every grid version under a criteria folder.

Layout: ``<root>/<grid-id>/<version>/grid.yaml`` plus the référentiel files it lists. A
version with any problem is left out of the catalogue and its problems are reported, each
as ``PATH:LINE: message``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .grid import MINIMUM_DELAY_MONTHS, Criterion, Grid, GridFile, Referentiel
from .loading import Document, LoadError, Location, read_yaml
from .validation import validate

GRID_FILE = "grid.yaml"


@dataclass
class Catalogue:
    """The valid grid versions found under a folder, and the problems of the others."""

    root: Path
    grids: dict[tuple[str, str], Grid] = field(default_factory=dict)
    errors: list[LoadError] = field(default_factory=list)

    def get(self, grid_id: str, version: str) -> Grid | None:
        return self.grids.get((grid_id, version))

    def versions(self, grid_id: str) -> list[Grid]:
        """The versions of one grid, oldest first (2025.9 before 2025.10)."""
        return [g for g in self if g.id == grid_id]

    def latest(self, grid_id: str) -> Grid | None:
        """The newest version of a grid, or None."""
        versions = self.versions(grid_id)
        return versions[-1] if versions else None

    def __iter__(self) -> Iterator[Grid]:
        return iter([self.grids[key] for key in sorted(self.grids, key=_natural_key)])

    def __len__(self) -> int:
        return len(self.grids)


def _natural_key(key: tuple[str, str]) -> tuple[str, list[tuple[int, str]]]:
    """Sort versions by their numbers: 2025.9 < 2025.10 < 2026.1."""
    parts = re.findall(r"(\d+)|(\D+)", key[1])
    return key[0], [(int(number), "") if number else (-1, text) for number, text in parts]


def load_catalogue(root: Path | str) -> Catalogue:
    """Load every grid version under ``root``; never raises for a bad grid."""
    root = Path(root)
    catalogue = Catalogue(root=root)
    if not root.is_dir():
        catalogue.errors.append(LoadError(root, None, "no such folder of grids"))
        return catalogue
    for grid_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for version_dir in sorted(
            p for p in grid_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        ):
            grid, errors = load_grid_version(version_dir)
            catalogue.errors.extend(errors)
            if grid is None:
                continue
            if grid.key in catalogue.grids:  # two folders declaring the same id and version
                catalogue.errors.append(
                    LoadError(version_dir / GRID_FILE, None, "this grid id and version exist twice")
                )
                continue
            catalogue.grids[grid.key] = grid
    return catalogue


def load_grid_version(folder: Path) -> tuple[Grid | None, list[LoadError]]:
    """Load one ``<grid-id>/<version>/`` folder: the grid, or None and its problems."""
    path = folder / GRID_FILE
    if not path.is_file():
        return None, [LoadError(path, None, f"missing {GRID_FILE}: each version folder needs one")]
    try:
        document = read_yaml(path)
    except LoadError as exc:
        return None, [exc]
    header, errors = validate(GridFile, document)
    if header is None:
        return None, errors
    errors = _check_header(header, document, folder)
    referentiels: list[Referentiel] = []
    documents: list[Document] = []
    for index, name in enumerate(header.referentiels):
        ref_path = folder / name
        if not ref_path.is_file():
            errors.append(document.error(("referentiels", index), f"file {name} not found"))
            continue
        try:
            ref_document = read_yaml(ref_path)
        except LoadError as exc:
            errors.append(exc)
            continue
        referentiel, ref_errors = validate(Referentiel, ref_document)
        errors.extend(ref_errors)
        if referentiel is not None:
            referentiels.append(referentiel)
            documents.append(ref_document)
    if errors:
        return None, errors
    errors = _check_referentiels(header, referentiels, documents)
    if errors:
        return None, errors
    digest = hashlib.sha256(path.read_bytes())
    for ref_document in documents:
        digest.update(ref_document.path.read_bytes())
    return Grid(header=header, referentiels=tuple(referentiels), checksum=digest.hexdigest()), []


def _duplicates(values: list[str]) -> list[int]:
    seen: set[str] = set()
    out = []
    for index, value in enumerate(values):
        if value in seen:
            out.append(index)
        seen.add(value)
    return out


def _check_header(header: GridFile, document: Document, folder: Path) -> list[LoadError]:
    errors: list[LoadError] = []
    if folder.name != header.version:
        errors.append(
            document.error(
                ("version",),
                f"version {header.version!r} does not match its folder {folder.name!r}: "
                "rename one of them",
            )
        )
    if folder.parent.name != header.id:
        errors.append(
            document.error(
                ("id",), f"id {header.id!r} does not match its folder {folder.parent.name!r}"
            )
        )
    scale = header.scale
    for index, level in enumerate(scale.levels):
        if level.level != index:
            errors.append(
                document.error(
                    ("scale", "levels", index, "level"),
                    f"scale levels must be 0, 1, 2… in order: expected {index}, got {level.level}",
                )
            )
            break
    if not 1 <= scale.conformity_level <= len(scale.levels) - 1:
        errors.append(
            document.error(
                ("scale", "conformity_level"),
                f"conformity_level {scale.conformity_level} must be a level of the scale "
                f"between 1 and {len(scale.levels) - 1}",
            )
        )
    for index in _duplicates([c.id for c in header.categories]):
        errors.append(document.error(("categories", index, "id"), "category declared twice"))
    for index in _duplicates(list(header.audiences)):
        errors.append(document.error(("audiences", index), "audience declared twice"))
    for index in _duplicates(list(header.referentiels)):
        errors.append(document.error(("referentiels", index), "file listed twice"))
    return errors


def _check_referentiels(
    header: GridFile, referentiels: list[Referentiel], documents: list[Document]
) -> list[LoadError]:
    errors: list[LoadError] = []
    categories = {c.id for c in header.categories}
    audiences = set(header.audiences)
    seen_refs: dict[str, Path] = {}
    seen_criteria: dict[str, str] = {}
    for referentiel, document in zip(referentiels, documents, strict=True):
        if referentiel.id in seen_refs:
            errors.append(
                document.error(
                    ("id",),
                    f"référentiel id {referentiel.id!r} already used by "
                    f"{seen_refs[referentiel.id]}",
                )
            )
        seen_refs[referentiel.id] = document.path
        errors.extend(_check_compliance(referentiel, document))
        for index in _duplicates([a.id for a in referentiel.axes]):
            errors.append(document.error(("axes", index, "id"), "axis id used twice"))
        for a_index, axis in enumerate(referentiel.axes):
            for c_index, criterion in enumerate(axis.criteria):
                at = ("axes", a_index, "criteria", c_index)
                if criterion.id in seen_criteria:
                    errors.append(
                        document.error(
                            (*at, "id"),
                            f"criterion id {criterion.id} already used at "
                            f"{seen_criteria[criterion.id]}: ids are unique in a grid version",
                        )
                    )
                else:
                    seen_criteria[criterion.id] = f"{document.path}:{document.line_of((*at, 'id'))}"
                errors.extend(_check_criterion(criterion, document, at, categories, audiences))
    return errors


def _check_criterion(
    criterion: Criterion,
    document: Document,
    at: Location,
    categories: set[str],
    audiences: set[str],
) -> list[LoadError]:
    errors: list[LoadError] = []
    for index, category in enumerate(criterion.categories or ()):
        if category not in categories:
            errors.append(
                document.error(
                    (*at, "categories", index),
                    f"{criterion.id}: category {category!r} is not declared in grid.yaml "
                    f"(declared: {', '.join(sorted(categories))})",
                )
            )
    own_audiences = set(criterion.audiences) if criterion.audiences is not None else audiences
    for index, audience in enumerate(criterion.audiences or ()):
        if audience not in audiences:
            errors.append(
                document.error(
                    (*at, "audiences", index),
                    f"{criterion.id}: audience {audience!r} is not declared in grid.yaml "
                    f"(declared: {', '.join(sorted(audiences))})",
                )
            )
    for audience in criterion.question:
        if audience not in own_audiences:
            errors.append(
                document.error(
                    (*at, "question", audience),
                    f"{criterion.id}: question for audience {audience!r}, which the criterion "
                    "does not address",
                )
            )
    for index in _duplicates(list(criterion.categories or ())):
        errors.append(document.error((*at, "categories", index), "category listed twice"))
    if criterion.binding is not None and not criterion.mandatory:
        errors.append(
            document.error(
                (*at, "binding"),
                f"{criterion.id}: binding is only for mandatory criteria (mandatory: true); "
                "remove it from a recommendation",
            )
        )
    if criterion.in_force and not any(s.status == "texte" for s in criterion.sources):
        errors.append(
            document.error(
                (*at, "binding"),
                f"{criterion.id}: binding: in_force needs a binding text in force cited as a "
                "source with status: texte; otherwise say binding: expected",
            )
        )
    return errors


def _check_compliance(referentiel: Referentiel, document: Document) -> list[LoadError]:
    """The ten-month floor of R. 421-78-3; an arrêté under R. 421-78-4 sets any delay."""
    own = referentiel.compliance
    if own is None or own.delay_months is None or own.basis != "r421-78-3":
        return []
    if own.delay_months >= MINIMUM_DELAY_MONTHS:
        return []
    return [
        document.error(
            ("compliance", "delay_months"),
            f"delay_months {own.delay_months} is under the {MINIMUM_DELAY_MONTHS} months "
            "R. 421-78-3 requires (basis: r421-78-4 is for the services socles only)",
        )
    ]
