"""The answers format (`repere/answers@1`): parse, validate against a grid, serialise.

How a positioning travels between systems. YAML or JSON; export then import is lossless.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from .catalogue import Catalogue
from .grid import Grid, NonBlank, Slug, VersionStr
from .loading import MAX_FILE_BYTES, Document, LoadError, parse_yaml
from .validation import validate

ANSWERS_FORMAT: Literal["repere/answers@1"] = "repere/answers@1"

LongText = Annotated[str, Field(max_length=20000)]
EvidenceItem = Annotated[str, Field(min_length=1, max_length=2000)]


class AnswersError(Exception):
    """An answers file that cannot be used, with every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Answer(BaseModel):
    """One criterion's answer: a level, or not applicable with a justification."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: StrictInt | None = None
    not_applicable: StrictBool = False
    justification: LongText | None = None
    comment: LongText | None = None
    evidence: tuple[EvidenceItem, ...] = ()

    @model_validator(mode="after")
    def _coherent(self) -> Answer:
        if self.not_applicable and self.level is not None:
            raise ValueError("give either a level or not_applicable, not both")
        if self.not_applicable and not (self.justification or "").strip():
            raise ValueError("not_applicable needs a justification: say why it does not apply")
        return self

    @property
    def answered(self) -> bool:
        return self.level is not None


class ServiceInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: NonBlank
    organisation: str | None = None
    category: Slug
    url: str | None = None


class AnswersFile(BaseModel):
    """A whole positioning: which grid, who answers, for which service, and the answers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["repere/answers@1"] = "repere/answers@1"
    grid: Slug
    version: VersionStr
    audience: Slug
    service: ServiceInfo
    answers: dict[str, Answer] = Field(default_factory=dict)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}: keep only one")
        result[key] = value
    return result


def _read_document(text: str, path: str) -> Document:
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_FILE_BYTES:
        raise LoadError(path, None, f"file larger than {MAX_FILE_BYTES // 1024} KiB: refused")
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as exc:
            raise LoadError(path, exc.lineno, f"JSON syntax error: {exc.msg}") from None
        except (ValueError, RecursionError) as exc:
            raise LoadError(path, None, f"invalid JSON: {exc}") from None
        return Document(path=Path(path), data=data)
    return parse_yaml(text, path)


def parse_answers(text: str, path: str = "<answers>") -> AnswersFile:
    """Parse an answers file (YAML or JSON) into its model; raise AnswersError otherwise."""
    try:
        document = _read_document(text, path)
    except LoadError as exc:
        raise AnswersError([str(exc)]) from None
    if not isinstance(document.data, dict):
        raise AnswersError([f"{path}: expected a mapping with format: {ANSWERS_FORMAT}"])
    answers, errors = validate(AnswersFile, document)
    if errors:
        raise AnswersError([str(e) for e in errors])
    assert isinstance(answers, AnswersFile)
    return answers


def read_answers(path: Path) -> AnswersFile:
    """Read an answers file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise AnswersError([f"{path}: not valid UTF-8: save it as UTF-8"]) from None
    except OSError as exc:
        raise AnswersError([f"{path}: cannot read the file: {exc.strerror}"]) from None
    return parse_answers(text, str(path))


def check_against_grid(answers: AnswersFile, catalogue: Catalogue) -> Grid:
    """The grid the answers refer to, or AnswersError naming every mismatch."""
    versions = catalogue.versions(answers.grid)
    if not versions:
        known = ", ".join(sorted({g.id for g in catalogue})) or "none"
        raise AnswersError([f"unknown grid {answers.grid!r} (known grids: {known})"])
    grid = catalogue.get(answers.grid, answers.version)
    if grid is None:
        known = ", ".join(g.version for g in versions)
        raise AnswersError(
            [f"grid {answers.grid!r} has no version {answers.version!r} (versions: {known})"]
        )
    problems = []
    if answers.audience not in grid.header.audiences:
        problems.append(
            f"unknown audience {answers.audience!r} (grid audiences: "
            f"{', '.join(grid.header.audiences)})"
        )
    if answers.service.category not in grid.category_ids:
        problems.append(
            f"unknown category {answers.service.category!r} (grid categories: "
            f"{', '.join(sorted(grid.category_ids))})"
        )
    low, high = grid.scale.minimum, grid.scale.maximum
    for criterion_id, answer in answers.answers.items():
        if criterion_id not in grid.criteria:
            problems.append(f"{criterion_id}: unknown criterion in {grid.id} {grid.version}")
        elif answer.level is not None and not low <= answer.level <= high:
            problems.append(
                f"{criterion_id}: level {answer.level} is outside the scale {low}–{high}"
            )
    if problems:
        raise AnswersError(problems)
    return grid


def load_answers(path: Path, catalogue: Catalogue) -> tuple[AnswersFile, Grid]:
    """Read an answers file and check it against its grid."""
    answers = read_answers(path)
    return answers, check_against_grid(answers, catalogue)


def to_data(answers: AnswersFile, grid: Grid | None = None) -> dict[str, Any]:
    """Plain data for export, answers in grid order when the grid is given."""
    data = answers.model_dump(mode="json", exclude_defaults=False)
    entries = {}
    order = list(grid.criteria) if grid else sorted(answers.answers)
    order += [c for c in answers.answers if c not in order]
    for criterion_id in order:
        answer = answers.answers.get(criterion_id)
        if answer is not None:
            entries[criterion_id] = answer.model_dump(mode="json", exclude_defaults=True)
    data["answers"] = entries
    data["service"] = answers.service.model_dump(mode="json", exclude_none=True)
    return data


def dump_json(answers: AnswersFile, grid: Grid | None = None) -> str:
    """The answers as JSON text."""
    return json.dumps(to_data(answers, grid), ensure_ascii=False, indent=2) + "\n"


def dump_yaml(answers: AnswersFile, grid: Grid | None = None) -> str:
    """The answers as YAML text (readable accents; escapes where PyYAML would lose characters)."""
    data = to_data(answers, grid)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if any(ch in text for ch in "\x85\u2028\u2029"):  # line breaks PyYAML mangles unescaped
        text = yaml.safe_dump(data, allow_unicode=False, sort_keys=False)
    return text
