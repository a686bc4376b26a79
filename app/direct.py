"""The busiest statements run on the driver's cursor, compiled once per dialect by SQLAlchemy.

SQLAlchemy Core costs far more per statement than the driver does: measured on this project's
machine, a SELECT of one answer took 49 µs through Core and 7 µs on sqlite3's cursor, 197 µs
and 64 µs with psycopg; the 33-column read of a user with a positioning and its service, 95 µs
against 27 and 275 µs against 82 (psycopg builds a description object per column each time
Core asks for it). An autosave runs five such statements (bench/bench_autosave.py).

So these statements are still written with SQLAlchemy, and compiled by it for the session's
dialect, once: its SQL, the order of its parameters, and SQLAlchemy's own type processors for
each parameter and each result column, so that values are written and read exactly as through
Core (SQLite's text dates and JSON, PostgreSQL's casts). They run on the session's connection,
in its transaction. A driver's error comes out as SQLAlchemy's (``DBAPIError.instance``; a lost
server connection invalidates it, as Core does), and ``before_cursor_execute`` and
``after_cursor_execute`` listeners see each statement (with a small stand-in for the execution
context, and their return value unused).

Only statements without expanding parameters (``IN`` lists rendered at execution) are taken.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.expression import ClauseElement

from .extensions import db

_REQUIRED = object()  # a parameter each execution must give

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class Plan:
    """A statement compiled for one dialect: what runs it on a driver's cursor."""

    sql: str
    positional: bool
    # (name, value when the statement itself holds it else _REQUIRED, processor), in the
    # driver's order when positional
    binds: tuple[tuple[str, Any, Processor], ...]
    row: Any  # a named tuple class of the result columns; None when no rows come back
    results: tuple[Processor, ...]


MAX_PLANS = 256
_plans: dict[tuple[int, str, str], tuple[ClauseElement, Plan]] = {}


def plan(statement: ClauseElement, dialect: Dialect) -> Plan:
    """The statement compiled for ``dialect`` (kept: each statement is built once)."""
    key = (id(statement), dialect.name, dialect.driver)
    found = _plans.get(key)
    if found is not None and found[0] is statement:
        return found[1]
    compiled = statement.compile(dialect=dialect)
    if compiled.escaped_bind_names:
        raise ValueError("parameter names that need escaping are not supported")
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    names = compiled.positiontup if dialect.positional else list(by_name)
    binds = []
    for name in names or ():
        bind = by_name[name]
        if bind.expanding:
            raise ValueError(f"{name}: expanding parameters are rendered at execution")
        value = _REQUIRED if bind.required else bind.effective_value
        binds.append((name, value, bind.type.dialect_impl(dialect).bind_processor(dialect)))
    columns = list(getattr(statement, "exported_columns", ()))
    # rename: columns of joined tables may share a name (they are then read by position)
    row = namedtuple("Row", [c.key for c in columns], rename=True) if columns else None  # type: ignore[misc]
    results = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
    )
    made = Plan(compiled.string, dialect.positional, tuple(binds), row, results)
    if len(_plans) >= MAX_PLANS:  # statements are meant to be built once: this is a safeguard
        _plans.clear()
    _plans[key] = (statement, made)
    return made


def execute(
    statement: ClauseElement, parameters: Mapping[str, Any], *, processed: bool = True
) -> Result:
    """Run ``statement`` with ``parameters`` on the session's connection, in its transaction.

    ``processed=False`` leaves the rows' values as the driver gives them (SQLite's dates and
    JSON as text, say), for a caller that reads only some of them: :func:`process` then
    makes a row what it would have been.
    """
    connection = db.session.connection()
    made = plan(statement, connection.dialect)
    values = []
    for name, held, process in made.binds:
        # a value given overrides the statement's own, as with Core
        value = parameters[name] if name in parameters or held is _REQUIRED else held
        values.append(process(value) if process is not None else value)
    driver_parameters: Any = tuple(values)
    if not made.positional:
        driver_parameters = {b[0]: v for b, v in zip(made.binds, values, strict=True)}
    return _run(connection, made, driver_parameters, processed)


def process(statement: ClauseElement, row: Any) -> Any:
    """A row read with ``processed=False``, with its values as SQLAlchemy reads them."""
    made = plan(statement, db.session.connection().dialect)
    return made.row._make(_processed(made.results, row))


def _processed(results: tuple[Processor, ...], values: Any) -> list[Any]:
    return [p(v) if p is not None else v for p, v in zip(results, values, strict=True)]


@dataclass(frozen=True)
class Result:
    """The rows (named tuples, values as SQLAlchemy reads them) and the count of rows changed."""

    rows: list[Any]
    rowcount: int

    def first(self) -> Any:
        return self.rows[0] if self.rows else None

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows else None


class Context:
    """What cursor listeners get as the execution context: the statement being run, and room
    for their own notes (Flask-SQLAlchemy's query recording keeps its start time on it)."""

    def __init__(self, connection: Connection, cursor: Any, statement: str, parameters: Any):
        self.connection = connection
        self.cursor = cursor
        self.statement = statement
        self.parameters = parameters


def _run(connection: Connection, made: Plan, parameters: Any, processed: bool) -> Result:
    dialect = connection.dialect
    driver_connection = connection.connection.dbapi_connection
    assert driver_connection is not None
    cursor = driver_connection.cursor()
    try:
        dispatch = connection.dispatch
        context = None
        if dispatch.before_cursor_execute or dispatch.after_cursor_execute:
            context = Context(connection, cursor, made.sql, parameters)
            dispatch.before_cursor_execute(connection, cursor, made.sql, parameters, context, False)
        cursor.execute(made.sql, parameters)
        raw = cursor.fetchall() if made.row is not None else []
        rowcount = cursor.rowcount
        if context is not None:
            dispatch.after_cursor_execute(connection, cursor, made.sql, parameters, context, False)
    except dialect.loaded_dbapi.Error as error:
        lost = dialect.is_disconnect(error, driver_connection, cursor)
        if lost:
            connection.invalidate(error)
        raise exc.DBAPIError.instance(
            made.sql,
            parameters,
            error,
            dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error
    finally:
        with suppress(dialect.loaded_dbapi.Error):  # a connection just lost
            cursor.close()
    if made.row is None:
        return Result([], rowcount)
    results = made.results
    if processed and any(results):
        raw = [_processed(results, values) for values in raw]
    row = made.row
    return Result([row._make(values) for values in raw], rowcount)
