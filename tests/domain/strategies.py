"""Hypothesis strategies: random but valid grids and answers, built from the real models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from app.domain.answers import Answer
from app.domain.grid import Grid, GridFile, Referentiel

CATEGORIES = ["ent", "ressource", "ia"]
AUDIENCES = ["editeur", "etablissement", "collectivite"]


def text(value: str) -> dict[str, str]:
    return {"fr": value}


@st.composite
def criterion_data(draw: st.DrawFn, ident: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident,
        "title": text(ident),
        "mandatory": draw(st.booleans()),
        "weight": draw(st.sampled_from([0.5, 1, 1, 2, 3])),
        "sources": [{"ref": "test", "status": draw(st.sampled_from(["texte", "deduit"]))}],
    }
    if data["mandatory"] and draw(st.booleans()):
        data["binding"] = draw(st.sampled_from(["in_force", "expected"]))
    if draw(st.booleans()):
        data["categories"] = draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, unique=True))
    if draw(st.booleans()):
        data["audiences"] = draw(st.lists(st.sampled_from(AUDIENCES), min_size=1, unique=True))
    return data


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    top = draw(st.integers(1, 5))
    header = GridFile.model_validate(
        {
            "format": "repere/grid@1",
            "id": "g",
            "version": "1",
            "title": text("g"),
            "status": "official",
            "compliance": {
                "delay_months": draw(st.integers(10, 24)),
                "arrete": {
                    "published": draw(
                        st.none() | st.dates(dt.date(2025, 1, 1), dt.date(2030, 1, 1))
                    )
                },
            },
            "scale": {
                "conformity_level": draw(st.integers(1, top)),
                "levels": [{"level": i, "label": text(str(i))} for i in range(top + 1)],
            },
            "categories": [{"id": c, "label": text(c)} for c in CATEGORIES],
            "audiences": AUDIENCES,
            "referentiels": [f"r{i}.yaml" for i in range(3)],
        }
    )
    referentiels = []
    number = 0
    for r in range(draw(st.integers(1, 3))):
        axes = []
        for a in range(draw(st.integers(1, 3))):
            criteria = []
            for _ in range(draw(st.integers(1, 4))):
                number += 1
                criteria.append(draw(criterion_data(f"C-{number:03d}")))
            axes.append({"id": f"a{a}", "title": text("a"), "criteria": criteria})
        data: dict[str, Any] = {"id": f"r{r}", "title": text("r"), "axes": axes}
        if draw(st.booleans()):
            published = draw(st.none() | st.dates(dt.date(2025, 1, 1), dt.date(2030, 1, 1)))
            data["compliance"] = {"arrete": {"published": published}}
        referentiels.append(Referentiel.model_validate(data))
    return Grid(header=header, referentiels=tuple(referentiels))


@st.composite
def answers_for(draw: st.DrawFn, grid: Grid) -> dict[str, Answer]:
    out: dict[str, Answer] = {}
    top = grid.scale.maximum
    for criterion_id in grid.criteria:
        kind = draw(st.sampled_from(["none", "level", "level", "level", "na"]))
        if kind == "level":
            out[criterion_id] = Answer(level=draw(st.integers(0, top)))
        elif kind == "na":
            out[criterion_id] = Answer(not_applicable=True, justification="hors champ")
    return out


@st.composite
def scored_cases(draw: st.DrawFn) -> tuple[Grid, dict[str, Answer], str, str]:
    grid = draw(grids())
    return (
        grid,
        draw(answers_for(grid)),
        draw(st.sampled_from(CATEGORIES)),
        draw(st.sampled_from(AUDIENCES)),
    )
