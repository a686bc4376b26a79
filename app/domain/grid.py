"""The grid model (`repere/grid@1`): typed, frozen, and strict about unknown keys.

A grid version is one ``grid.yaml`` (:class:`GridFile`) plus one file per référentiel
(:class:`Referentiel`); :class:`Grid` is the assembled, cross-checked whole that the rest of
the application uses. The structure is documented for grid authors in ``docs/grids.md``.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

GRID_FORMAT = "repere/grid@1"

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
CriterionId = Annotated[
    str, StringConstraints(pattern=r"^[A-Z0-9]+(\.[A-Z0-9]+|-[A-Z0-9]+)+$", max_length=40)
]
VersionStr = Annotated[
    str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]*$", max_length=32)
]
FileName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-_]*\.ya?ml$")]
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]

SourceStatus = Literal["texte", "section", "deduit"]
GridStatus = Literal["provisional", "official", "superseded"]
# in_force: an obligation already in force through a binding text cited as a `texte` source;
# expected: expected to become opposable when the arrêté is published (the default)
Binding = Literal["in_force", "expected"]
# the décret's article an arrêté is taken under: R. 421-78-3 (the three référentiels, at least
# ten months to comply) or R. 421-78-4 (the services socles: the arrêté sets any delay)
ComplianceBasis = Literal["r421-78-3", "r421-78-4"]
MINIMUM_DELAY_MONTHS = 10  # R. 421-78-3's floor


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Frozen):
    """A human text: French required, English optional."""

    fr: NonBlank
    en: NonBlank | None = None

    def get(self, lang: str = "fr") -> str:
        """The text in ``lang``, falling back to French."""
        return self.en if lang == "en" and self.en else self.fr


class Source(_Frozen):
    """Where a criterion comes from, and how directly (texte, section or deduit)."""

    ref: NonBlank
    status: SourceStatus
    url: Url | None = None


class Level(_Frozen):
    level: StrictInt
    label: Text
    description: Text | None = None


class Scale(_Frozen):
    conformity_level: StrictInt
    levels: tuple[Level, ...] = Field(min_length=2)

    @property
    def minimum(self) -> int:
        return self.levels[0].level

    @property
    def maximum(self) -> int:
        return self.levels[-1].level

    def meets(self, level: int) -> bool:
        """Whether an answer at ``level`` meets its criterion (at or above the conformity level)."""
        return level >= self.conformity_level

    def label(self, level: int, lang: str = "fr") -> str:
        """The label of a level of this scale."""
        return self.levels[level - self.minimum].label.get(lang)


class Arrete(_Frozen):
    """The arrêté that makes a référentiel opposable; ``published`` is None until it is."""

    reference: str = ""
    published: dt.date | None = None


class Compliance(_Frozen):
    delay_months: StrictInt = Field(ge=MINIMUM_DELAY_MONTHS, le=120)
    arrete: Arrete


class ReferentielCompliance(_Frozen):
    """A référentiel's own arrêté and delay, overriding the grid's where given, and the article
    of the décret its arrêté is taken under (the ten-month floor is R. 421-78-3's only: checked
    with the other rules when the grid version is loaded)."""

    delay_months: StrictInt | None = Field(default=None, ge=1, le=120)
    arrete: Arrete | None = None
    basis: ComplianceBasis = "r421-78-3"


class Category(_Frozen):
    id: Slug
    label: Text
    description: Text | None = None


class Criterion(_Frozen):
    id: CriterionId
    title: Text
    description: Text | None = None
    question: dict[Slug, Text] = Field(default_factory=dict)
    mandatory: StrictBool
    binding: Binding | None = None  # only with mandatory: true; None reads as "expected"
    weight: float = Field(default=1.0, gt=0, le=1000, allow_inf_nan=False)
    categories: tuple[Slug, ...] | None = None
    audiences: tuple[Slug, ...] | None = None
    evidence: Text | None = None
    url: Url | None = None
    sources: tuple[Source, ...] = Field(min_length=1)

    def applies_to(self, category: str, audience: str) -> bool:
        """Whether the criterion concerns this kind of service and this audience."""
        return (self.categories is None or category in self.categories) and (
            self.audiences is None or audience in self.audiences
        )

    @property
    def in_force(self) -> bool:
        """Whether this is a mandatory criterion already in force through a binding text."""
        return self.mandatory and self.binding == "in_force"

    def question_for(self, audience: str) -> Text:
        """The question in the audience's wording, else the title."""
        return self.question.get(audience, self.title)


class Axis(_Frozen):
    id: Slug
    title: Text
    description: Text | None = None
    criteria: tuple[Criterion, ...] = Field(min_length=1)


class Referentiel(_Frozen):
    """One référentiel file: its axes and their criteria."""

    id: Slug
    title: Text
    description: Text | None = None
    compliance: ReferentielCompliance | None = None
    axes: tuple[Axis, ...] = Field(min_length=1)

    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for axis in self.axes for c in axis.criteria)

    @property
    def basis(self) -> ComplianceBasis:
        """The article of the décret this référentiel's arrêté is taken under."""
        return self.compliance.basis if self.compliance is not None else "r421-78-3"


class GridFile(_Frozen):
    """The content of ``grid.yaml``."""

    format: Literal["repere/grid@1"]
    id: Slug
    version: VersionStr
    title: Text
    description: Text | None = None
    status: GridStatus
    compliance: Compliance
    scale: Scale
    categories: tuple[Category, ...] = Field(min_length=1)
    audiences: tuple[Slug, ...] = Field(min_length=1)
    referentiels: tuple[FileName, ...] = Field(min_length=1)
    source: NonBlank | None = None
    licence: NonBlank | None = None
    retrieved: dt.date | None = None
    url: Url | None = None


ApplicableCriteria = tuple[tuple[Referentiel, tuple[tuple[Axis, tuple[Criterion, ...]], ...]], ...]


class Grid(_Frozen):
    """A complete, validated grid version."""

    header: GridFile
    referentiels: tuple[Referentiel, ...]
    checksum: str = ""  # sha256 of the version's files, to notice a version edited in place

    @property
    def id(self) -> str:
        return self.header.id

    @property
    def version(self) -> str:
        return self.header.version

    @property
    def key(self) -> tuple[str, str]:
        return (self.header.id, self.header.version)

    @property
    def scale(self) -> Scale:
        return self.header.scale

    @cached_property
    def criteria(self) -> dict[str, Criterion]:
        """Every criterion of the version by id, in grid order."""
        return {c.id: c for r in self.referentiels for c in r.criteria()}

    @cached_property
    def category_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.header.categories)

    @cached_property
    def placed_criteria(self) -> tuple[tuple[Referentiel, Axis, Criterion], ...]:
        """Every criterion with its référentiel and axis, in grid order (computed once)."""
        return tuple((r, a, c) for r in self.referentiels for a in r.axes for c in a.criteria)

    def applicable(self, category: str, audience: str) -> ApplicableCriteria:
        """Per référentiel, per axis, the criteria that concern a category and an audience, in
        grid order (worked out once per pair: every score reads it)."""
        memo = self.applicable_memo
        found = memo.get((category, audience))
        # a copy of the grid (model_copy) shares the memo: it holds for the same référentiels
        if found is None or found[0] is not self.referentiels:
            applicable = tuple(
                (r, tuple((a, tuple(c for c in a.criteria if c.applies_to(category, audience)))
                          for a in r.axes))
                for r in self.referentiels
            )  # fmt: skip
            found = memo[(category, audience)] = (self.referentiels, applicable)
        return found[1]

    @cached_property
    def applicable_memo(
        self,
    ) -> dict[tuple[str, str], tuple[tuple[Referentiel, ...], ApplicableCriteria]]:
        return {}

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.header.categories if c.id == category_id), None)
