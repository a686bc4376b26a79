"""app/direct.py runs statements on the driver's cursor exactly as SQLAlchemy Core would.

Both databases (CI runs the suite on SQLite and on PostgreSQL): what is written reads back the
same through the ORM, what is read is what Core reads, errors are SQLAlchemy's, listeners see
each statement, and a lost server connection is replaced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy
from flask import Flask
from sqlalchemy import bindparam, event, exc, insert, select, text, update
from sqlalchemy.pool import NullPool

from app import database, direct
from app.extensions import db
from app.models import AnswerRecord, Assessment, JournalEntry, User

from .test_rows import columns

ANSWER = AnswerRecord.__table__
JOURNAL = JournalEntry.__table__
HOSTILE = "l'« été » ; DROP TABLE answer; -- %s %(x)s ? <b>"


@pytest.fixture
def positioning(saved: dict[str, int]) -> tuple[User, Assessment]:
    """A vendor's user and a draft positioning (test_rows' fixture), read in a new session."""
    user, assessment = (
        db.session.get(User, saved["user"]),
        db.session.get(Assessment, saved["assessment"]),
    )
    assert user is not None and assessment is not None
    return user, assessment


AT = dt.datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC)
VALUES: dict[str, Any] = {
    "level": 3,
    "not_applicable": True,
    "justification": HOSTILE,
    "comment": None,
    "evidence": ["https://exemple.fr/a", HOSTILE],
    "from_vendor": False,
    "updated_at": AT,
}
WRITE = (
    update(ANSWER)
    .where(ANSWER.c.id == bindparam("record_id"))
    .values(
        revision=ANSWER.c.revision + 1,
        **{name: bindparam(f"new_{name}", type_=ANSWER.c[name].type) for name in VALUES},
    )
)
READ = select(ANSWER).where(ANSWER.c.assessment_id == bindparam("assessment_id"))


def new_answer(assessment: Assessment, criterion_id: str) -> int:
    record = AnswerRecord(assessment_id=assessment.id, criterion_id=criterion_id, revision=1)
    db.session.add(record)
    db.session.commit()
    return record.id


def test_what_it_writes_reads_back_as_what_core_writes(positioning: Any) -> None:
    _user, assessment = positioning
    mine, theirs = new_answer(assessment, "A"), new_answer(assessment, "B")
    parameters = {f"new_{name}": value for name, value in VALUES.items()}
    result = direct.execute(WRITE, {"record_id": mine, **parameters})
    assert result.rowcount == 1 and result.rows == []
    db.session.connection().execute(WRITE, {"record_id": theirs, **parameters})
    db.session.commit()
    db.session.remove()
    read = {r.criterion_id: columns(r) for r in db.session.scalars(select(AnswerRecord))}
    for values in read.values():
        del values["id"], values["criterion_id"]
    assert read["A"] == read["B"]
    assert read["A"]["evidence"] == VALUES["evidence"] and read["A"]["revision"] == 2
    assert read["A"]["updated_at"].replace(tzinfo=dt.UTC) == AT  # SQLite keeps no zone


def test_what_it_reads_is_what_core_reads(positioning: Any) -> None:
    _user, assessment = positioning
    record_id = new_answer(assessment, "A")
    direct.execute(WRITE, {"record_id": record_id, **{f"new_{k}": v for k, v in VALUES.items()}})
    mine = direct.execute(READ, {"assessment_id": assessment.id}).rows
    theirs = db.session.connection().execute(READ, {"assessment_id": assessment.id}).all()
    assert [tuple(row) for row in mine] == [tuple(row) for row in theirs]
    assert mine[0].evidence == VALUES["evidence"] and mine[0].not_applicable is True
    assert isinstance(mine[0].updated_at, dt.datetime)
    assert direct.execute(READ, {"assessment_id": assessment.id + 1000}).first() is None


def test_a_statement_s_own_values_are_sent(positioning: Any) -> None:
    """Literals of the statement (here ``status = 'draft'`` and ``+ 1``) need no parameter."""
    _user, assessment = positioning
    bump = (
        update(Assessment.__table__)
        .where(Assessment.id == bindparam("id"), Assessment.status == "draft")
        .values(version=Assessment.version + 1)
        .returning(Assessment.version)
    )
    assert direct.execute(bump, {"id": assessment.id}).scalar() == assessment.version + 1
    db.session.rollback()
    db.session.execute(update(Assessment).values(status="submitted"))
    assert direct.execute(bump, {"id": assessment.id}).scalar() is None


def test_errors_are_sqlalchemy_s_and_the_session_goes_on(positioning: Any) -> None:
    entry = insert(JOURNAL).values(
        at=bindparam("at", type_=JOURNAL.c.at.type),
        action=bindparam("action"),
        object_type=bindparam("object_type"),
    )
    with pytest.raises(exc.IntegrityError):
        direct.execute(entry, {"at": AT, "action": None, "object_type": "test"})  # NOT NULL
    db.session.rollback()
    direct.execute(entry, {"at": AT, "action": "ok", "object_type": "test"})
    db.session.commit()
    assert db.session.scalar(select(JournalEntry.action)) == "ok"


def test_listeners_see_each_statement(positioning: Any) -> None:
    _user, assessment = positioning
    assessment_id = assessment.id  # read before listening
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        direct.execute(READ, {"assessment_id": assessment_id})
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    ((statement, parameters),) = seen
    assert statement.startswith("SELECT answer.id") and assessment_id in (
        parameters.values() if isinstance(parameters, dict) else parameters
    )


def test_expanding_parameters_are_refused(app: Flask) -> None:
    listed = select(ANSWER).where(ANSWER.c.criterion_id.in_(bindparam("ids", expanding=True)))
    with pytest.raises(ValueError, match="expanding"):
        direct.execute(listed, {"ids": ["A"]})


def test_a_lost_server_connection_fails_once_then_is_replaced(
    app: Flask, positioning: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a server connection to lose: needs PostgreSQL (CI's second run)")
    _user, assessment = positioning
    monkeypatch.setattr(database, "IDLE_BEFORE_PING_S", 3600.0)  # not tested when handed out
    lost = db.session.connection().execute(text("SELECT pg_backend_pid()")).scalar_one()
    other = sqlalchemy.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    try:
        with other.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:p)"), {"p": lost})
    finally:
        other.dispose()
    with pytest.raises(exc.DBAPIError) as failure:
        direct.execute(READ, {"assessment_id": assessment.id})
    assert failure.value.connection_invalidated
    db.session.rollback()
    assert direct.execute(READ, {"assessment_id": assessment.id}).rows == []
    now = db.session.connection().execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert now != lost


def test_flask_sqlalchemy_s_query_recording_sees_it(database_url: str) -> None:
    """A listener that keeps notes on the execution context (here SQLALCHEMY_RECORD_QUERIES,
    which developers turn on to find slow queries) works with these statements too."""
    from flask_sqlalchemy.record_queries import get_recorded_queries

    from tests.conftest import build_app, migrated

    application = build_app(database_url, SQLALCHEMY_RECORD_QUERIES=True)
    with migrated(application), application.test_request_context():
        direct.execute(READ, {"assessment_id": 1})
        (query,) = [q for q in get_recorded_queries() if "FROM answer" in q.statement]
        assert query.end_time >= query.start_time


def test_rows_left_unprocessed_are_processed_on_demand_to_the_same(positioning: Any) -> None:
    _user, assessment = positioning
    record_id = new_answer(assessment, "A")
    direct.execute(WRITE, {"record_id": record_id, **{f"new_{k}": v for k, v in VALUES.items()}})
    processed = direct.execute(READ, {"assessment_id": assessment.id}).rows
    raw = direct.execute(READ, {"assessment_id": assessment.id}, processed=False).rows
    assert [direct.process(READ, row) for row in raw] == processed
    if db.engine.dialect.name == "sqlite":
        assert isinstance(raw[0].updated_at, str) and isinstance(raw[0].evidence, str)


def test_a_value_given_overrides_the_statement_s_own_and_a_missing_one_is_refused(
    positioning: Any,
) -> None:
    _user, assessment = positioning
    statement = select(Assessment.id).where(
        Assessment.id == bindparam("id"), Assessment.audience == bindparam("audience", "editeur")
    )
    assert direct.execute(statement, {"id": assessment.id}).scalar() == assessment.id
    assert direct.execute(statement, {"id": assessment.id, "audience": "autre"}).first() is None
    with pytest.raises(KeyError):
        direct.execute(statement, {})
