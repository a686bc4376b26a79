"""Objects by primary key, read with one plain SELECT: the ORM's objects without its query set-up.

Every signed-in request reads its user, and every autosave its positioning with the service
(bench/bench_autosave.py). ``Session.get`` prepares the ORM's loading anew for each query:
about 2.6 times the instructions of a plain SELECT of the same row. :func:`get` reads the row
with a SELECT built once per model and makes of it the object the session would have made:
persistent, in the session's identity map, every column loaded, relationships loaded when
first used. :func:`get_with` also reads one many-to-one relationship in the same query, as a
``joinedload`` would, and :func:`get_prefetching` a second object with its relationship (the
signed-in user and the positioning a request is about). An object the session already holds
is left to ``Session.get``. The statements run through app/direct.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, select
from sqlalchemy import inspect as inspect_
from sqlalchemy.orm import Mapper, Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.base import instance_state

from . import direct
from .extensions import db

T = TypeVar("T")
_PREFETCHED = "repere_rows_prefetched"  # in Session.info: the object read ahead (the last one)


def _mapper(model: type[Any]) -> Mapper[Any]:
    mapper: Mapper[Any] = inspect_(model)
    return mapper


@cache
def _columns(model: type[Any]) -> tuple[tuple[str, Any], ...]:
    """(attribute, column) of each column attribute of a model, in mapping order."""
    return tuple((prop.key, prop.columns[0]) for prop in _mapper(model).column_attrs)


@cache
def _select(model: type[Any], relation: str | None) -> Select[Any]:
    """SELECT every column of ``model`` by primary key (and of one many-to-one relation)."""
    mapper = _mapper(model)
    (key_column,) = mapper.primary_key
    if relation is None:
        return select(*_all_columns(model)).where(key_column == bindparam("pk"))
    return (
        select(*_all_columns(model), *_all_columns(_related(model, relation)))
        .select_from(_joined(model, relation))
        .where(key_column == bindparam("pk"))
    )


@cache
def _select_pair(model: type[Any], other: type[Any], relation: str) -> Select[Any]:
    """SELECT every column of ``model`` by primary key ("pk"), with every column of ``other``
    by its own ("other_pk") and of its many-to-one ``relation``, all in outer joins."""
    tables = {_mapper(m).local_table for m in (model, other, _related(other, relation))}
    if len(tables) != 3:
        raise ValueError("three different tables only (a table twice would need aliases)")
    (key_column,) = _mapper(model).primary_key
    (other_key,) = _mapper(other).primary_key
    joined = _mapper(model).local_table.outerjoin(
        _joined(other, relation), other_key == bindparam("other_pk")
    )
    columns = (*_all_columns(other), *_all_columns(_related(other, relation)))
    return (
        select(*_all_columns(model), *columns)
        .select_from(joined)
        .where(key_column == bindparam("pk"))
    )


def _all_columns(model: type[Any]) -> list[Any]:
    return [column for _key, column in _columns(model)]


def _joined(model: type[Any], relation: str) -> Any:
    """``model``'s table outer-joined to its many-to-one ``relation``'s."""
    prop = _mapper(model).relationships[relation]
    return _mapper(model).local_table.join(prop.mapper.local_table, prop.primaryjoin, isouter=True)


def _known(session: Session, model: type[Any], pk: Any) -> bool:
    return _mapper(model).identity_key_from_primary_key((pk,)) in session.identity_map


def _persistent(session: Session, model: type[T], values: Sequence[Any]) -> T:
    """The object of a row already read (every column of ``model``, in ``_columns`` order):
    persistent in ``session``, every column committed, relationships not loaded.

    As the ORM's own loading makes it (``sqlalchemy.orm.loading._instance``): the values in
    the object's dict, its identity key, attached to the session's identity map, committed.
    ``make_transient_to_detached`` then ``Session.add`` give the same object at about 4 times
    the cost (``Session.add`` walks the relationships' cascades). SQLAlchemy is pinned in
    requirements.txt; tests/web/test_rows.py checks the object's state against
    ``Session.get``'s.
    """
    mapper = _mapper(model)
    obj: T = mapper.class_manager.new_instance()
    state = instance_state(obj)
    dict_ = state.dict
    for (key, _column), value in zip(_columns(model), values, strict=True):
        dict_[key] = value
    identity_key = mapper.identity_key_from_primary_key((values[_key_index(model)],))
    state.key = identity_key
    state.identity_token = None
    state.session_id = session.hash_key
    session.identity_map._add_unpresent(state, identity_key)
    state._commit_all(dict_, session.identity_map)
    return obj


def _held(session: Session, model: type[Any], pk: Any) -> bool:
    """Whether the session holds the object, once its pending changes are written (as a
    query through the session would write them first)."""
    if session.autoflush:
        session.flush()  # nothing to do, usually
    return _known(session, model, pk)


def _read(model: type[Any], relation: str | None, pk: Any) -> Any:
    return direct.execute(_select(model, relation), {"pk": pk}).first()


def get(model: type[T], pk: Any) -> T | None:
    """``db.session.get(model, pk)``, with one plain SELECT when the session does not hold it."""
    session = db.session()
    if _held(session, model, pk):
        return session.get(model, pk)
    row = _read(model, None, pk)
    return None if row is None else _persistent(session, model, row)


def get_with(model: type[T], pk: Any, relation: str) -> T | None:
    """:func:`get`, with the many-to-one ``relation`` read in the same SELECT."""
    session = db.session()
    if _held(session, model, pk):
        obj = session.get(model, pk)  # no query unless it has expired
        if obj is None or relation not in inspect_(obj).unloaded:
            return obj
        return session.get(model, pk, options=[_joinedload(model, relation)])
    row = _read(model, relation, pk)
    return None if row is None else _with_related(session, model, row, relation)


def get_prefetching(
    model: type[T], pk: Any, other: type[Any], other_pk: Any, relation: str
) -> T | None:
    """:func:`get`, and in the same SELECT the ``other`` object with ``pk`` = ``other_pk``
    and its many-to-one ``relation``, as :func:`get_with` reads them, for the session to hand
    out next (``get_with(other, other_pk, relation)`` then needs no query).

    Every signed-in request reads its user, and a page or a save of a positioning reads that
    positioning next: one statement instead of two. The other object is only read, into the
    session; whoever asks for it still checks whether the user may see it.
    """
    session = db.session()
    if _held(session, model, pk) or _known(session, other, other_pk):
        return get(model, pk)
    row = direct.execute(
        _select_pair(model, other, relation), {"pk": pk, "other_pk": other_pk}
    ).first()
    if row is None:
        return None
    count = len(_columns(model))
    obj = _persistent(session, model, row[:count])
    other_values = row[count:]
    other_key = _key_index(other)
    if other_values[other_key] is not None:  # an outer join: no such row, nothing kept
        # the identity map holds unchanged objects weakly: this reference keeps it there
        session.info[_PREFETCHED] = _with_related(session, other, other_values, relation)
    return obj


def _with_related(session: Session, model: type[T], values: Sequence[Any], relation: str) -> T:
    """The object of a row read by ``_select(model, relation)``: its columns, then those of the
    related model (all None when the outer join found no related row)."""
    related_model = _related(model, relation)
    count = len(_columns(model))
    obj = _persistent(session, model, values[:count])
    related_values = values[count:]
    related: Any = None
    key = related_values[_key_index(related_model)]
    if key is not None:
        if _known(session, related_model, key):
            related = session.get(related_model, key)
        else:
            related = _persistent(session, related_model, related_values)
    set_committed_value(obj, relation, related)
    return obj


@cache
def _related(model: type[Any], relation: str) -> type[Any]:
    """The model of a many-to-one relation."""
    prop = _mapper(model).relationships[relation]
    if prop.uselist:
        raise ValueError(f"{model.__name__}.{relation}: one object per row only (many-to-one)")
    related: type[Any] = prop.mapper.class_
    return related


@cache
def _key_index(model: type[Any]) -> int:
    """Where a model's primary key is among its columns (``_columns`` order)."""
    (key_column,) = _mapper(model).primary_key
    return next(i for i, (_key, column) in enumerate(_columns(model)) if column is key_column)


@cache
def _joinedload(model: type[Any], relation: str) -> Any:
    return joinedload(getattr(model, relation))
