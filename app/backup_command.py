"""`flask --app wsgi backup OUT`: an online backup of the SQLite database (INTERFACES.md §4).

A plain copy of the database file while the application writes can lose saves (in WAL mode
the latest ones live in the ``-wal`` file) or give a torn file. SQLite's online backup API
(:meth:`sqlite3.Connection.backup`) copies a consistent snapshot through a read transaction:
in WAL mode, saves go on while it runs and the backup holds every one committed before it
began. The copy is written beside ``OUT`` and renamed into place once checked, so ``OUT`` is
whole or absent. PostgreSQL is backed up with ``pg_dump -Fc`` (README, "Backups").
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import click
from flask import current_app
from sqlalchemy.engine import make_url

EXIT_NOT_DONE = 1


def _sqlite_file() -> Path:
    """The database file of the application, or exit 1 saying what to do instead."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    backend = url.get_backend_name()
    if backend == "postgresql":
        click.echo(
            "backup: the database is PostgreSQL: back it up with pg_dump -Fc (the README's "
            '"Backups" section), e.g. pg_dump -Fc -f repere.dump "postgresql://…/repere"',
            err=True,
        )
        sys.exit(EXIT_NOT_DONE)
    if backend != "sqlite" or not url.database or url.database == ":memory:":
        click.echo(f"backup: nothing to back up on {url.render_as_string()}", err=True)
        sys.exit(EXIT_NOT_DONE)
    path = Path(url.database)
    if not path.is_file():
        click.echo(f"backup: {path}: no such database file", err=True)
        sys.exit(EXIT_NOT_DONE)
    return path


def backup_sqlite(database: Path, output: Path) -> None:
    """Copy ``database`` into a new file ``output`` through SQLite's online backup API."""
    handle, temporary = tempfile.mkstemp(prefix=".repere-backup-", dir=output.parent)
    os.close(handle)
    try:
        source = sqlite3.connect(database)
        target = sqlite3.connect(temporary)
        try:
            source.execute("PRAGMA busy_timeout=5000")
            # in one step (pages=-1): one read transaction, one consistent snapshot, and in
            # WAL mode the writers are not held up while it lasts
            source.backup(target)
            # one self-contained file, whatever the source's journal mode
            target.execute("PRAGMA journal_mode=DELETE")
            (result,) = target.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise click.ClickException(f"the backup does not check out: {result}")
        finally:
            target.close()
            source.close()
        os.chmod(temporary, 0o600)  # the data of every organisation: for its owner's eyes only
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@click.command("backup")
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
def backup_command(output: Path) -> None:
    """Back the SQLite database up into OUTPUT while the application runs.

    PostgreSQL: use pg_dump -Fc (see the README).
    """
    database = _sqlite_file()
    if output.exists():
        click.echo(f"backup: {output} already exists: choose another name", err=True)
        sys.exit(EXIT_NOT_DONE)
    if not output.parent.is_dir():
        click.echo(f"backup: {output.parent}: no such folder", err=True)
        sys.exit(EXIT_NOT_DONE)
    try:
        backup_sqlite(database, output)
    except sqlite3.Error as exc:
        click.echo(f"backup: {database}: {exc}", err=True)
        sys.exit(EXIT_NOT_DONE)
    click.echo(f"{output}: backup of {database} written")
