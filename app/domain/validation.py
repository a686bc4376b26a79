"""Turn pydantic validation errors into messages a grid author can act on."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .loading import Document, LoadError, Location


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The BaseModel classes an annotation can hold (through Optional, tuple, dict, …)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
    return found


def _model_at(model: type[BaseModel], location: Location) -> type[BaseModel] | None:
    """The model class that describes the mapping found at ``location``."""
    current: type[BaseModel] | None = model
    free_key = False  # the next part is a key of a dict (question: {audience: Text})
    for part in location:
        if current is None:
            return None
        if isinstance(part, int) or free_key:
            free_key = False
            continue  # an index or a dict key keeps the element model found with its field
        field = current.model_fields.get(part)
        if field is None:
            return None
        models = _models_in(field.annotation)
        free_key = _is_dict(field.annotation)
        current = models[0] if models else None
    return current


def _is_dict(annotation: Any) -> bool:
    return any(typing.get_origin(arg) is dict for arg in (annotation, *typing.get_args(annotation)))


def _allowed(model: type[BaseModel] | None) -> str:
    if model is None:
        return ""
    return " (allowed: " + ", ".join(model.model_fields) + ")"


def _dotted(location: Location) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe(model: type[BaseModel], error: dict[str, Any]) -> str:
    """One readable sentence for one pydantic error."""
    location: Location = tuple(p for p in error["loc"] if not isinstance(p, str) or p)
    kind = error["type"]
    where = _dotted(location)
    if kind == "extra_forbidden":
        parent = _model_at(model, location[:-1])
        return f"unknown key '{location[-1]}' in {_dotted(location[:-1]) or 'the file'}" + _allowed(
            parent
        )
    if kind == "missing":
        return f"missing required key '{location[-1]}'" + (
            f" in {_dotted(location[:-1])}" if location[:-1] else ""
        )
    message = str(error["msg"])
    if kind in ("string_type", "bool_type", "int_type") and "input" in error:
        value = error["input"]
        message += f", got {value!r}"
        if kind == "string_type":
            message += " (put the value in quotes)"
    if kind == "string_pattern_mismatch":
        message = f"{error.get('input')!r} does not have the expected form ({message})"
    if kind == "model_type":
        message = "expected a mapping of keys and values"
    if kind in ("tuple_type", "list_type"):
        message = "expected a list"
    return f"{where}: {message}" if where else message


def validate(model: type[BaseModel], document: Document) -> tuple[Any, list[LoadError]]:
    """Validate ``document.data`` as ``model``; return (object or None, located errors)."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        errors = []
        raw = exc.errors(include_url=False)
        locations = [tuple(e["loc"]) for e in raw]
        for error in raw:
            location = tuple(error["loc"])
            if error["type"] == "too_short" and any(
                len(other) > len(location) and other[: len(location)] == location
                for other in locations
            ):
                continue  # "too short" only because its items failed: the items say why
            errors.append(document.error(location, describe(model, dict(error))))
        return None, errors
