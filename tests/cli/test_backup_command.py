"""`backup OUT`: an online backup of SQLite, taken while answers are saved, that restores whole."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import User
from tests.assessments.support import build_world, client_for, new_assessment, token
from tests.auth.support import login_as
from tests.support import build_app, close_app

ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
sqlite_only = pytest.mark.skipif(ON_POSTGRESQL, reason="the backup command is SQLite's")
CRITERION = "INT-ID-01"


class Writer(threading.Thread):
    """Saves answers through the application, one after the other, noting each acknowledged."""

    def __init__(self, client: FlaskClient, assessment_id: int) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.url = f"/positionnements/{assessment_id}/reponses/{CRITERION}"
        self.csrf = token(client)
        self.acknowledged: list[int] = []
        self.stop = threading.Event()
        self.failure: str | None = None

    def run(self) -> None:
        revision, number = 0, 0
        while not self.stop.is_set():
            number += 1
            response = self.client.post(
                self.url,
                json={"revision": revision, "level": number % 5, "comment": f"save {number}"},
                headers={"X-CSRFToken": self.csrf},
            )
            body = response.get_json(silent=True) or {}
            if response.status_code != 200 or body.get("status") != "saved":
                self.failure = f"save {number}: {response.status_code} {body}"
                return
            revision = body["revision"]
            self.acknowledged.append(number)

    def wait_for(self, count: int) -> None:
        while len(self.acknowledged) < count and self.failure is None and self.is_alive():
            self.stop.wait(0.01)


def saves_recorded(application: Flask, assessment_id: int) -> set[int]:
    """The save numbers whose comment the journal of the positioning records."""
    with application.app_context():
        rows = db.session.execute(
            text("SELECT after FROM journal WHERE object_id = :id"), {"id": assessment_id}
        ).scalars()
        return {int(n) for row in rows for n in re.findall(r"save (\d+)", str(row))}


@sqlite_only
def test_a_backup_taken_during_saves_restores_every_acknowledged_save(
    app: Flask, runner: FlaskCliRunner, make_org: Any, make_user: Any, tmp_path: Path
) -> None:
    world = build_world(make_org, make_user)
    assessment = new_assessment(client_for(app, world.alice), world.service)
    writer = Writer(client_for(app, world.alice), assessment.id)
    writer.start()
    writer.wait_for(20)
    acknowledged_before = list(writer.acknowledged)  # all acknowledged before the backup began

    output = tmp_path / "backup.db"
    result = runner.invoke(args=["backup", str(output)])
    writer.wait_for(len(writer.acknowledged) + 20)  # saves go on during and after the backup
    writer.stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    assert writer.failure is None, writer.failure
    assert f"{output}: backup of" in result.output
    assert oct(output.stat().st_mode & 0o777) == "0o600"
    assert not list(tmp_path.glob(".repere-backup-*"))
    assert acknowledged_before and len(writer.acknowledged) > len(acknowledged_before)

    restored = build_app(f"sqlite:///{output}")  # the backup as the database of a new app
    try:
        recorded = saves_recorded(restored, assessment.id)
        assert set(acknowledged_before) <= recorded
        assert recorded <= set(writer.acknowledged)
        last = max(recorded)
        with restored.app_context():
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(text("UPDATE journal SET action = 'erased'"))
            db.session.rollback()
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(text("DELETE FROM journal"))
            db.session.rollback()
            alice = db.session.get(User, world.alice.id)
            assert alice is not None
            reader = restored.test_client()
            login_as(reader, alice)
        # what the restored application serves is the backup's, not the original's
        exported = reader.get(f"/positionnements/{assessment.id}/export.json").get_json()
        assert exported["answers"][CRITERION]["comment"] == f"save {last}"
    finally:
        close_app(restored)


@sqlite_only
def test_backup_never_overwrites_a_file(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    output = tmp_path / "backup.db"
    output.write_text("keep me")
    result = runner.invoke(args=["backup", str(output)])
    assert result.exit_code == 1
    assert "already exists" in result.output and output.read_text() == "keep me"
    result = runner.invoke(args=["backup", str(tmp_path / "missing" / "backup.db")])
    assert result.exit_code == 1 and "no such folder" in result.output


@sqlite_only
def test_a_backup_is_a_single_sqlite_file(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    output = tmp_path / "backup.db"
    assert runner.invoke(args=["backup", str(output)]).exit_code == 0
    connection = sqlite3.connect(output)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        triggers = {row[0] for row in connection.execute("SELECT name FROM sqlite_master "
                                                          "WHERE type = 'trigger'")}  # fmt: skip
        assert {"journal_no_update", "journal_no_delete"} <= triggers
    finally:
        connection.close()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's answer")
def test_on_postgresql_backup_says_to_use_pg_dump(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["backup", str(tmp_path / "backup.db")])
    assert result.exit_code == 1
    assert "pg_dump -Fc" in result.output
    assert not (tmp_path / "backup.db").exists()
