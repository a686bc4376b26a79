"""Command line: `flask --app wsgi grids check|list|schema|sync`, `score`.

The commands and their outputs are a contract (INTERFACES.md §4). Errors go to stderr as
``PATH:LINE: message``; no command prints a traceback for a bad input file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from flask import Blueprint, current_app
from flask.cli import AppGroup

from .answers_input import load_answers_file
from .domain.answers import AnswersError
from .domain.catalogue import Catalogue, load_catalogue
from .domain.deadlines import earliest, format_date, grid_deadlines, summary_label
from .domain.schema import schemas
from .domain.scoring import Score, score_answers, score_to_json
from .grid_registry import get_catalogue

bp = Blueprint("cli", __name__, cli_group=None)
grids = AppGroup("grids", help="Validate, list and describe the grids of criteria.")
bp.cli.add_command(grids)

F = TypeVar("F", bound=Callable[..., Any])

dir_option = click.option(
    "--dir",
    "grids_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of grids (default: criteria/).",
)


def _catalogue(grids_dir: Path | None) -> Catalogue:
    if grids_dir is None:
        return get_catalogue(current_app)
    return load_catalogue(grids_dir)


def _no_traceback(command: F) -> F:
    """Turn an unexpected exception into one line on stderr and exit 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as exc:  # a bug or an unreadable file must not dump a traceback
            click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@grids.command("check")
@dir_option
@_no_traceback
def grids_check(grids_dir: Path | None) -> None:
    """Validate every grid version found; exit 1 if any problem."""
    catalogue = load_catalogue(grids_dir or current_app.config["GRIDS_DIR"])
    for error in catalogue.errors:
        click.echo(str(error), err=True)
    count = len(catalogue)
    if catalogue.errors:
        click.echo(f"{len(catalogue.errors)} problem(s); {count} valid grid version(s)", err=True)
        sys.exit(1)
    if count == 0:
        click.echo(f"{catalogue.root}: no grid version found", err=True)
        sys.exit(1)
    total = sum(len(g.criteria) for g in catalogue)
    click.echo(f"{count} grid version(s) valid, {total} criteria")


@grids.command("list")
@dir_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr")
@_no_traceback
def grids_list(grids_dir: Path | None, as_json: bool, lang: str) -> None:
    """Id, version, status, criteria count and deadline of each grid version."""
    catalogue = _catalogue(grids_dir)
    for error in catalogue.errors:
        click.echo(f"left out: {error}", err=True)
    rows = []
    for grid in catalogue:
        deadlines = grid_deadlines(grid)
        first = earliest(deadlines)
        rows.append(
            {
                "id": grid.id,
                "version": grid.version,
                "status": grid.header.status,
                "title": grid.header.title.get(lang),
                "criteria": len(grid.criteria),
                "referentiels": len(grid.referentiels),
                "deadline": first.date.isoformat() if first and first.date else None,
                "deadline_label": summary_label(deadlines, lang),
            }
        )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['id']:<12} {row['version']:<10} {row['status']:<12} "
            f"{row['criteria']:>4} criteria  {row['deadline'] or row['deadline_label']}"
        )


@grids.command("schema")
@click.option(
    "--kind",
    type=click.Choice(["grid", "referentiel", "answers"]),
    default="grid",
    help="Which file the schema describes.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file.")
def grids_schema(kind: str, output: Path | None) -> None:
    """Print the JSON Schema of grid.yaml, of a référentiel file or of an answers file."""
    text = json.dumps(schemas()[kind], ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@grids.command("sync")
@_no_traceback
def grids_sync() -> None:
    """Record the loaded grid versions in the database; refuse an official version changed;
    bring the catalogue's deadlines up to date with the arrêtés the grids now say published."""
    from .extensions import db
    from .grid_registry import sync_grid_versions
    from .positioning import refresh_deadlines

    catalogue = get_catalogue(current_app)
    problems = sync_grid_versions(catalogue)
    moved = refresh_deadlines(catalogue)
    db.session.commit()
    if moved:
        click.echo(f"{moved} catalogue deadline(s) updated to the arrêtés now published")
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(1)


@bp.cli.command("score")
@click.argument("file", type=click.Path(path_type=Path))
@dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the score as one JSON object.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr")
@_no_traceback
def score_command(file: Path, grids_dir: Path | None, as_json: bool, lang: str) -> None:
    """Score an answers file (repere/answers@1, YAML or JSON)."""
    try:
        answers, grid = load_answers_file(file, _catalogue(grids_dir))
    except AnswersError as exc:
        for problem in exc.problems:
            line = problem if problem.startswith(str(file)) else f"{file}: {problem}"
            click.echo(line, err=True)
        sys.exit(2)
    result = score_answers(answers, grid)
    if as_json:
        click.echo(json.dumps(score_to_json(result, lang), ensure_ascii=False))
    else:
        click.echo(format_score_text(result, lang))


def format_score_text(result: Score, lang: str = "fr") -> str:
    """A short human summary, for the command line."""

    def number(value: float | None, digits: int) -> str:
        return "—" if value is None else f"{value:.{digits}f}"

    lines = [
        f"{result.grid} {result.version} · {result.audience} · {result.category}",
        f"verdict: {result.verdict}",
        f"maturity: {number(result.figures.maturity, 2)}  "
        f"conformity: {number(result.figures.conformity_rate, 1)} %  "
        f"answered: {result.figures.answered}/{result.figures.applicable}",
    ]
    for r in result.referentiels:
        lines.append(
            f"  {r.id}: maturity {number(r.figures.maturity, 2)}, "
            f"conformity {number(r.figures.conformity_rate, 1)} %, "
            f"blockers {len(r.figures.blockers)}"
            + (f", deadline {format_date(r.deadline.date, lang)}" if r.deadline.date else "")
        )
    if result.figures.blockers:
        lines.append("blockers: " + ", ".join(result.figures.blockers))
    if result.figures.blockers_in_force:
        lines.append("blockers in force today: " + ", ".join(result.figures.blockers_in_force))
    if result.figures.mandatory_not_applicable:
        lines.append(
            "mandatory criteria declared not applicable: "
            + ", ".join(result.figures.mandatory_not_applicable)
        )
    lines.append(result.deadline_label(lang))
    return "\n".join(lines)


from .backup_command import backup_command  # noqa: E402
from .report_command import export_command, report_command  # noqa: E402
from .verify_command import verify_command  # noqa: E402

bp.cli.add_command(report_command)
bp.cli.add_command(verify_command)
bp.cli.add_command(export_command)
bp.cli.add_command(backup_command)
