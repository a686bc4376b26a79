"""Command line: `flask --app wsgi report FILE -o OUT.pdf`, `export FILE -o OUT.xlsx|csv|json`.

``report`` is a contract (INTERFACES.md §4): exit 0 when the PDF is written, 2 with a message
naming the problem when the answers file is invalid. Both commands are registered on the
CLI blueprint by ``app/cli.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from flask import current_app

from reports import exports

from .answers_input import load_answers_file
from .domain.answers import AnswersError, AnswersFile, dump_json
from .domain.catalogue import load_catalogue
from .domain.grid import Grid
from .domain.scoring import score_answers
from .grid_registry import get_catalogue
from .report_building import build_report, report_pdf

F = TypeVar("F", bound=Callable[..., Any])
EXPORT_SUFFIXES = (".xlsx", ".csv", ".json")


def _load(file: Path, grids_dir: Path | None) -> tuple[AnswersFile, Grid]:
    """The answers and their grid, or exit 2 with every problem on stderr."""
    catalogue = get_catalogue(current_app) if grids_dir is None else load_catalogue(grids_dir)
    try:
        return load_answers_file(file, catalogue)
    except AnswersError as exc:
        for problem in exc.problems:
            click.echo(problem if problem.startswith(str(file)) else f"{file}: {problem}", err=True)
        sys.exit(2)


def _write(output: Path, content: bytes) -> None:
    """Write ``content`` to ``output`` whole or not at all (no half-written file)."""
    directory = output.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=".repere-", dir=directory)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _one_line_errors(command: F) -> F:
    """Turn an unexpected failure into one line on stderr and exit 1 (never a traceback)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except OSError as exc:
            click.echo(f"error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug must not dump a traceback on the user
            click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _common(command: F) -> F:
    options = [
        click.argument("file", type=click.Path(path_type=Path)),
        click.option(
            "-o", "--output", required=True, help="File to write.",
            type=click.Path(path_type=Path, dir_okay=False),
        ),
        click.option(
            "--dir", "grids_dir", type=click.Path(path_type=Path), default=None,
            help="Folder of grids (default: criteria/).",
        ),
        click.option("--lang", type=click.Choice(["fr", "en"]), default="fr",
                     help="Language of the document (default: fr)."),
        click.option(
            "--date", "report_date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
            metavar="YYYY-MM-DD",
            help="Date of the report, YYYY-MM-DD (default: today); countdowns start from it.",
        ),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _today(report_date: dt.datetime | None) -> dt.date:
    return report_date.date() if report_date else dt.date.today()


@click.command("report")
@_common
@_one_line_errors
def report_command(
    file: Path, output: Path, grids_dir: Path | None, lang: str, report_date: dt.datetime | None
) -> None:
    """Write the PDF report of an answers file (repere/answers@1, YAML or JSON)."""
    answers, grid = _load(file, grids_dir)
    _write(output, report_pdf(answers, grid, lang, _today(report_date)))
    click.echo(f"{output}: report written")


@click.command("export")
@_common
@click.option("--scores", is_flag=True, help="CSV only: the figures instead of the criteria.")
@click.option(
    "--separator", type=click.Choice([";", ","]), default=";",
    help="CSV only: ';' (default, with decimal commas) or ','.",
)  # fmt: skip
@_one_line_errors
def export_command(
    file: Path,
    output: Path,
    grids_dir: Path | None,
    lang: str,
    report_date: dt.datetime | None,
    scores: bool,
    separator: str,
) -> None:
    """Export an answers file as a spreadsheet (.xlsx, .csv) or as answers JSON (.json)."""
    suffix = output.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise click.BadParameter(
            f"{output.name}: the name must end with {', '.join(EXPORT_SUFFIXES)}",
            param_hint="'-o'",
        )
    answers, grid = _load(file, grids_dir)
    if suffix == ".json":
        content = dump_json(answers, grid).encode("utf-8")
    else:
        report = build_report(
            answers, grid, score_answers(answers, grid), lang, _today(report_date)
        )
        if suffix == ".xlsx":
            content = exports.workbook(report)
        elif scores:
            content = exports.scores_csv(report, separator)
        else:
            content = exports.criteria_csv(report, separator)
    _write(output, content)
    click.echo(f"{output}: export written")
