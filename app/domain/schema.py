"""JSON Schemas generated from the models, for editors that complete and check YAML files."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .answers import AnswersFile
from .grid import GridFile, Referentiel

_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "grid": (GridFile, "Repère grid version (grid.yaml, repere/grid@1)"),
    "referentiel": (Referentiel, "Repère référentiel file of a grid version (repere/grid@1)"),
    "answers": (AnswersFile, "Repère answers file (repere/answers@1)"),
}


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema (draft 2020-12) of each kind of file, by kind."""
    out = {}
    for kind, (model, title) in _MODELS.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        out[kind] = schema
    return out
