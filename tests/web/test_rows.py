"""app/rows.py gives the objects ``Session.get`` gives, with one plain SELECT."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, inspect

from app import rows
from app.extensions import db
from app.models import Assessment, Service, User


@pytest.fixture
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements sent while the test runs."""
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def columns(obj: Any) -> dict[str, Any]:
    return {prop.key: getattr(obj, prop.key) for prop in inspect(type(obj)).column_attrs}


def as_orm_reads(read: Callable[[], Any]) -> dict[str, Any]:
    """What ``read`` gives, in a session of its own."""
    db.session.remove()
    obj = read()
    assert obj is not None
    values = columns(obj)
    db.session.remove()
    return values


def test_get_makes_the_object_session_get_makes(saved: dict[str, int]) -> None:
    for model, key in ((User, "user"), (Service, "service"), (Assessment, "assessment")):
        mine = as_orm_reads(lambda m=model, k=key: rows.get(m, saved[k]))
        theirs = as_orm_reads(lambda m=model, k=key: db.session.get(m, saved[k]))
        assert mine == theirs, model.__name__


def test_the_object_is_persistent_unchanged_and_held_by_the_session(
    saved: dict[str, int], statements: list[str]
) -> None:
    user = rows.get(User, saved["user"])
    assert user is not None
    state = inspect(user)
    assert state.persistent and not state.modified and not state.expired_attributes
    assert db.session.get(User, saved["user"]) is user  # no second copy, no second query
    assert len(statements) == 1
    assert user.organisation.name == "Vendor SAS"  # a relationship is read when first used
    assert len(statements) == 2
    user.name = "Alice B."
    db.session.commit()
    db.session.remove()
    assert db.session.get(User, saved["user"]).name == "Alice B."


def test_an_object_the_session_holds_is_returned_as_it_is(saved: dict[str, int]) -> None:
    held = db.session.get(User, saved["user"])
    held.name = "not saved yet"
    assert rows.get(User, saved["user"]) is held
    assessment = db.session.get(Assessment, saved["assessment"])
    assert rows.get_with(Assessment, saved["assessment"], "service") is assessment


def test_a_missing_row_is_none(saved: dict[str, int]) -> None:
    assert rows.get(User, saved["user"] + 1000) is None
    assert rows.get_with(Assessment, saved["assessment"] + 1000, "service") is None


def test_get_with_reads_the_relation_in_the_same_query(
    saved: dict[str, int], statements: list[str]
) -> None:
    assessment = rows.get_with(Assessment, saved["assessment"], "service")
    assert assessment is not None
    assert len(statements) == 1 and " JOIN " in statements[0]
    service = assessment.service
    assert service.category == "ent" and service.url is None
    assert assessment.frozen_score == {"verdict": "incomplet", "blockers": ["A", "B"]}
    assert len(statements) == 1
    assert db.session.get(Service, saved["service"]) is service
    assert not inspect(assessment).modified and not inspect(service).modified
    mine = columns(service)
    db.session.remove()
    assert mine == columns(db.session.get(Service, saved["service"]))


def test_get_with_uses_the_related_object_the_session_holds(saved: dict[str, int]) -> None:
    service = db.session.get(Service, saved["service"])
    service.name = "renamed, not saved yet"
    assessment = rows.get_with(Assessment, saved["assessment"], "service")
    assert assessment is not None and assessment.service is service


def test_only_a_many_to_one_relation_is_read_with_the_row(saved: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="many-to-one"):
        rows.get_with(Assessment, saved["assessment"], "answers")


def test_pending_objects_are_written_before_the_read(saved: dict[str, int]) -> None:
    """As ``Session.get`` would (autoflush): an object added but not yet written is found, and
    it is the session's own."""
    vendor_id = db.session.get(User, saved["user"]).organisation_id
    service = Service(
        id=saved["service"] + 100, organisation_id=vendor_id, name="LMS", category="ent"
    )
    assessment = Assessment(
        id=saved["assessment"] + 100,
        service=service,
        organisation_id=vendor_id,
        audience="editeur",
        grid_id="sample",
        grid_version="2026.1",
    )
    db.session.add_all([service, assessment])
    assert rows.get(Service, service.id) is service
    assert rows.get_with(Assessment, assessment.id, "service") is assessment
    with db.session.no_autoflush:
        other = Service(
            id=saved["service"] + 200, organisation_id=vendor_id, name="X", category="ent"
        )
        db.session.add(other)
        assert rows.get(Service, other.id) is None  # not written: as Session.get


def test_get_prefetching_reads_the_user_and_the_positioning_in_one_query(
    saved: dict[str, int], statements: list[str]
) -> None:
    user = rows.get_prefetching(User, saved["user"], Assessment, saved["assessment"], "service")
    assert user is not None and user.name == "Alice"
    assert len(statements) == 1
    assessment = rows.get_with(Assessment, saved["assessment"], "service")
    assert assessment is not None and assessment.service.category == "ent"
    assert len(statements) == 1  # the positioning and its service were already read
    assert db.session.get(Service, saved["service"]) is assessment.service
    for obj in (user, assessment, assessment.service):
        assert not inspect(obj).modified and not inspect(obj).expired_attributes
    mine = {type(obj): columns(obj) for obj in (user, assessment, assessment.service)}
    db.session.remove()
    for model, key in ((User, "user"), (Assessment, "assessment"), (Service, "service")):
        assert mine[model] == columns(db.session.get(model, saved[key])), model.__name__


def test_get_prefetching_without_the_other_row(
    saved: dict[str, int], statements: list[str]
) -> None:
    missing = saved["assessment"] + 1000
    user = rows.get_prefetching(User, saved["user"], Assessment, missing, "service")
    assert user is not None and user.id == saved["user"]
    assert len(db.session.identity_map) == 1  # the user only: no empty positioning kept
    assert rows.get_with(Assessment, missing, "service") is None
    assert len(statements) == 2
    assert (
        rows.get_prefetching(User, saved["user"] + 1000, Assessment, saved["assessment"], "service")
        is None
    )


def test_get_prefetching_leaves_what_the_session_holds(saved: dict[str, int]) -> None:
    held = db.session.get(Assessment, saved["assessment"])
    held.audience = "etablissement"  # not saved yet
    user = rows.get_prefetching(User, saved["user"], Assessment, saved["assessment"], "service")
    assert user is not None
    assert rows.get_with(Assessment, saved["assessment"], "service") is held
    assert held.audience == "etablissement"


def test_get_prefetching_needs_three_different_tables(saved: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="three different tables"):
        rows.get_prefetching(Service, saved["service"], Assessment, saved["assessment"], "service")


def test_a_save_reads_its_user_and_its_positioning_in_one_query(
    app: Flask, draft: Any, world: Any, statements: list[str]
) -> None:
    from .assessments_support import client_for, token

    client = client_for(app, world.alice)
    csrf = token(client)
    db.session.remove()
    statements.clear()
    response = client.post(
        f"/positionnements/{draft.id}/reponses/INT-ID-01",
        json={"revision": 0, "level": 2},
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200, response.get_json()
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    first = selects[0]
    reads_positioning = re.compile(r"(FROM|JOIN) \(?assessment\b")
    assert "FROM user_account" in first and reads_positioning.search(first)
    assert not [s for s in selects[1:] if reads_positioning.search(s)]
    assert sum("user_account" in s for s in selects) == 1
    assert not [s for s in selects if "FROM service" in s]


def test_a_page_of_another_vendors_positioning_is_still_refused(
    app: Flask, draft: Any, world: Any
) -> None:
    """The positioning read with the user is read only: access is checked as before."""
    from .assessments_support import client_for, token

    other = client_for(app, world.bob)
    assert other.get(f"/positionnements/{draft.id}").status_code == 404
    response = other.post(
        f"/positionnements/{draft.id}/reponses/INT-ID-01",
        json={"revision": 0, "level": 2},
        headers={"X-CSRFToken": token(other)},
    )
    assert response.status_code == 404
