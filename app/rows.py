"""Objects by primary key, read with one plain SELECT: the ORM's objects without its query set-up.

Every signed-in request reads its user, and every autosave its positioning with the service
(bench/bench_autosave.py). ``Session.get`` prepares the ORM's loading anew for each query:
about 2.6 times the instructions of a plain SELECT of the same row. :func:`get` reads the row
with a SELECT built once per model and makes of it the object the session would have made:
persistent, in the session's identity map, every column loaded, relationships loaded when
first used. :func:`get_with` also reads one many-to-one relationship in the same query, as a
``joinedload`` would. An object the session already holds is left to ``Session.get``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, select
from sqlalchemy import inspect as inspect_
from sqlalchemy.orm import Mapper, Session, joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from .extensions import db

T = TypeVar("T")


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
    columns = [column for _key, column in _columns(model)]
    if relation is None:
        return select(*columns).where(key_column == bindparam("pk"))
    related, _key_index = _related(model, relation)
    columns += [column for _key, column in _columns(related)]
    prop = mapper.relationships[relation]
    joined = mapper.local_table.join(prop.mapper.local_table, prop.primaryjoin, isouter=True)
    return select(*columns).select_from(joined).where(key_column == bindparam("pk"))


def _known(session: Session, model: type[Any], pk: Any) -> bool:
    return _mapper(model).identity_key_from_primary_key((pk,)) in session.identity_map


def _persistent(session: Session, model: type[T], values: Sequence[Any]) -> T:
    """The object of a row already read (every column of ``model``, in ``_columns`` order)."""
    obj: T = _mapper(model).class_manager.new_instance()
    for (key, _column), value in zip(_columns(model), values, strict=True):
        set_committed_value(obj, key, value)
    make_transient_to_detached(obj)  # as loaded: every column committed, the rest not loaded
    session.add(obj)
    return obj


def _held(session: Session, model: type[Any], pk: Any) -> bool:
    """Whether the session holds the object, once its pending changes are written (as a
    query through the session would write them first)."""
    if session.autoflush:
        session.flush()  # nothing to do, usually
    return _known(session, model, pk)


def _read(session: Session, model: type[Any], relation: str | None, pk: Any) -> Any:
    return session.connection().execute(_select(model, relation), {"pk": pk}).first()


def get(model: type[T], pk: Any) -> T | None:
    """``db.session.get(model, pk)``, with one plain SELECT when the session does not hold it."""
    session = db.session()
    if _held(session, model, pk):
        return session.get(model, pk)
    row = _read(session, model, None, pk)
    return None if row is None else _persistent(session, model, row)


def get_with(model: type[T], pk: Any, relation: str) -> T | None:
    """:func:`get`, with the many-to-one ``relation`` read in the same SELECT."""
    related_model, key_index = _related(model, relation)
    session = db.session()
    if _held(session, model, pk):
        return session.get(model, pk, options=[_joinedload(model, relation)])
    row = _read(session, model, relation, pk)
    if row is None:
        return None
    count = len(_columns(model))
    obj = _persistent(session, model, row[:count])
    values = row[count:]
    related: Any = None
    if values[key_index] is not None:  # an outer join: no related row, no object
        if _known(session, related_model, values[key_index]):
            related = session.get(related_model, values[key_index])
        else:
            related = _persistent(session, related_model, values)
    set_committed_value(obj, relation, related)
    return obj


@cache
def _related(model: type[Any], relation: str) -> tuple[type[Any], int]:
    """The model of a many-to-one relation, and where its primary key is among its columns."""
    prop = _mapper(model).relationships[relation]
    if prop.uselist:
        raise ValueError(f"{model.__name__}.{relation}: one object per row only (many-to-one)")
    related = prop.mapper
    (key_column,) = related.primary_key
    columns = [column for _key, column in _columns(related.class_)]
    return related.class_, next(i for i, column in enumerate(columns) if column is key_column)


@cache
def _joinedload(model: type[Any], relation: str) -> Any:
    return joinedload(getattr(model, relation))
