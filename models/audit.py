"""The audit log: who created, changed or deleted which record, when, with the fields changed.

A model joins the log with one line, the class decorator ``@audited(label="ref")``. A session
listener then writes one AuditEntry per created, changed or deleted record at every flush, in the
same transaction as the change (a rollback removes both). Only the changed fields are kept;
password hashes and other secrets are replaced by a marker that says they changed.

Who acted comes from a context variable: the web app sets it to the signed-in user for each
request, the CLI to a label such as ``cli: import`` (this module knows nothing of Flask). Bulk
operations (a file import, a matcher run) switch per-record entries off with ``bulk()`` and write
one summary entry with ``record_bulk()``, so that importing 10,000 records adds one row, not 10,000.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import JSON, DateTime, ForeignKey, String, event, insert, inspect, select
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from models.base import Model, utcnow

T = TypeVar("T")
Values = dict[str, Any]
#: A predicate that leaves a change out of the log: (record, action, before, after) -> skip?
SkipRule = Callable[[Any, str, Values, Values], bool]

CREATE, UPDATE, DELETE = "create", "update", "delete"
#: Bookkeeping columns that every change touches; they would only add noise to a diff.
ALWAYS_IGNORED = frozenset(
    {"created_at", "updated_at", "created_by_id", "updated_by_id", "version"}
)
#: Columns whose names contain one of these words are never written to the log.
SECRET_WORDS = ("password", "secret", "token")
HIDDEN, CHANGED, SET = "[hidden]", "[changed]", "[set]"


class AuditEntry(Model):
    """One change to one record (or one bulk operation), as the focal point reads it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    #: Who acted, in words ("Ana Ruiz <ana@example.org>", "cli: import"); kept if the account goes.
    actor: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete, import, refresh
    entity: Mapped[str] = mapped_column(String(40), index=True)  # table name: need, offer, ...
    record_id: Mapped[int | None]
    #: The record's public label (a need's ref, an account's e-mail), or a bulk job's source.
    record: Mapped[str] = mapped_column(String(200), default="", index=True)
    before: Mapped[Values | None] = mapped_column(JSON)
    after: Mapped[Values | None] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.entity} {self.record}>"


# --- who acts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who a change is attributed to: an account (id and label) or a process (label only)."""

    id: int | None
    label: str


SYSTEM = Actor(None, "system")
ActorSource = Actor | Callable[[], Actor | None]
_actor: ContextVar[ActorSource | None] = ContextVar("cbmatch_audit_actor", default=None)
_bulk: ContextVar[bool] = ContextVar("cbmatch_audit_bulk", default=False)


def set_actor(source: ActorSource | None) -> Token[ActorSource | None]:
    """Attribute the following changes to ``source`` (an Actor, or a function giving one).

    A function is called only when a change is written, so a request that changes nothing never
    looks up its user. Pass the returned token to ``reset_actor``.
    """
    return _actor.set(source)


def reset_actor(token: Token[ActorSource | None]) -> None:
    """Undo ``set_actor``."""
    _actor.reset(token)


@contextmanager
def acting_as(label: str, user_id: int | None = None) -> Iterator[Actor]:
    """Attribute the changes made inside the block to ``label`` (e.g. ``cli: import``)."""
    actor = Actor(user_id, label)
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def current_actor() -> Actor:
    """Who the changes being written are attributed to (``system`` when nobody said)."""
    source = _actor.get()
    if callable(source):
        source = source()
    return source or SYSTEM


# --- which models -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditSpec:
    """How one model is logged."""

    entity: str
    label: Callable[[Any], str]
    collections: tuple[str, ...]
    secrets: frozenset[str]
    ignore: frozenset[str]
    skip: SkipRule | None


AUDITED: dict[type, AuditSpec] = {}


def audited(
    *,
    label: str | Callable[[Any], str] = "id",
    collections: Iterable[str] = (),
    secrets: Iterable[str] = (),
    ignore: Iterable[str] = (),
    skip: SkipRule | None = None,
) -> Callable[[type[T]], type[T]]:
    """Class decorator: log every change to this model.

    Args:
        label: the attribute (or a function of the record) that names a record for people.
        collections: many-to-many relationships to log as sorted lists of their items' slugs.
        secrets: columns never written to the log (names with password/secret/token always are).
        ignore: columns left out of the diffs (timestamps and the version always are).
        skip: a rule that leaves some changes out (e.g. the matcher's own suggestions).
    """

    def register(cls: type[T]) -> type[T]:
        name = label if isinstance(label, str) else None
        AUDITED[cls] = AuditSpec(
            entity=cls.__table__.name,  # type: ignore[attr-defined]
            label=(lambda obj: str(getattr(obj, name))) if name else label,  # type: ignore[arg-type]
            collections=tuple(collections),
            secrets=frozenset(secrets),
            ignore=ALWAYS_IGNORED | frozenset(ignore),
            skip=skip,
        )
        return cls

    return register


def entities() -> list[str]:
    """The names of the audited tables, sorted."""
    return sorted(spec.entity for spec in AUDITED.values())


# --- bulk operations --------------------------------------------------------------------------


@contextmanager
def bulk() -> Iterator[None]:
    """Write no per-record entries for flushes inside the block; follow it with ``record_bulk``."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)


def record_bulk(
    session: Session, *, entity: str, action: str, record: str, summary: Values
) -> AuditEntry:
    """Add one entry that stands for a whole bulk operation (e.g. counts of an import)."""
    actor = current_actor()
    entry = AuditEntry(
        actor_id=actor.id,
        actor=actor.label[:300],
        action=action,
        entity=entity,
        record=record[:200],
        after=_jsonable(summary),
    )
    session.add(entry)
    return entry


# --- capture ----------------------------------------------------------------------------------

_PENDING = "cbmatch_audit_pending"


@dataclass
class _Change:
    action: str
    obj: Any
    spec: AuditSpec
    before: Values | None
    after: Values | None


def _spec(obj: object) -> AuditSpec | None:
    return AUDITED.get(type(obj))


def _is_secret(spec: AuditSpec, key: str) -> bool:
    return key in spec.secrets or any(word in key for word in SECRET_WORDS)


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _item_label(item: Any) -> str:
    for name in ("slug", "ref", "iso3", "email"):
        value = getattr(item, name, None)
        if value:
            return str(value)
    return str(item)


def _snapshot(obj: Any, spec: AuditSpec, marker: str) -> Values:
    """Every loaded column and logged collection of a new or deleted record (nothing is loaded)."""
    state = inspect(obj)
    loaded = state.dict
    out: Values = {}
    for attr in state.mapper.column_attrs:
        if attr.key in spec.ignore or attr.key not in loaded or attr.columns[0].primary_key:
            continue
        value = loaded[attr.key]
        out[attr.key] = marker if _is_secret(spec, attr.key) else _jsonable(value)
    for key in spec.collections:
        if key in loaded:
            out[key] = sorted(_item_label(i) for i in loaded[key])
    return out


def _diff(session: Session, obj: Any, spec: AuditSpec) -> tuple[Values, Values]:
    """The changed fields of a dirty record: (before, after), secrets replaced by markers."""
    state = inspect(obj)
    before: Values = {}
    after: Values = {}
    unknown: list[str] = []  # set without having been loaded: read the old value from the row
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in spec.ignore:
            continue
        hist = state.attrs[key].history
        if not hist.added:
            continue
        if hist.deleted:
            old, new = hist.deleted[0], hist.added[0]
            if old == new:
                continue
            before[key] = _jsonable(old)
        else:
            unknown.append(key)
        after[key] = _jsonable(hist.added[0])
    if unknown and state.identity is not None:
        mapper = state.mapper
        columns = [mapper.get_property(k).columns[0] for k in unknown]
        where = [c == v for c, v in zip(mapper.primary_key, state.identity, strict=True)]
        row = session.connection().execute(select(*columns).where(*where)).first()
        for key, old in zip(unknown, row or [None] * len(unknown), strict=True):
            if _jsonable(old) == after[key]:
                del after[key]
            else:
                before[key] = _jsonable(old)
    for key in spec.collections:
        hist = state.attrs[key].history
        if hist.added or hist.deleted:
            old_items = sorted(_item_label(i) for i in (*hist.unchanged, *hist.deleted))
            new_items = sorted(_item_label(i) for i in (*hist.unchanged, *hist.added))
            if old_items != new_items:
                before[key], after[key] = old_items, new_items
    for key in list(after):
        if _is_secret(spec, key):
            before[key], after[key] = HIDDEN, CHANGED
    return before, after


@event.listens_for(Session, "before_flush")
def _collect(session: Session, flush_context: UOWTransaction, instances: object) -> None:
    """Note what this flush will change while the database still holds the old rows."""
    changes: list[_Change] = []
    if not _bulk.get():
        for obj in session.new:
            if spec := _spec(obj):
                changes.append(_Change(CREATE, obj, spec, None, None))
        for obj in session.dirty:
            spec = _spec(obj)
            if spec and session.is_modified(obj):
                before, after = _diff(session, obj, spec)
                if after:
                    changes.append(_Change(UPDATE, obj, spec, before, after))
        for obj in session.deleted:
            if spec := _spec(obj):
                changes.append(_Change(DELETE, obj, spec, _snapshot(obj, spec, HIDDEN), None))
    session.info[_PENDING] = changes


@event.listens_for(Session, "after_flush")
def _write(session: Session, flush_context: UOWTransaction) -> None:
    """Write the entries once new records have their ids, in the flush's own transaction."""
    changes: list[_Change] = session.info.pop(_PENDING, [])
    rows = []
    actor: Actor | None = None
    for ch in changes:
        if ch.action == CREATE:
            ch.after = _snapshot(ch.obj, ch.spec, SET)
        if ch.spec.skip and ch.spec.skip(ch.obj, ch.action, ch.before or {}, ch.after or {}):
            continue
        actor = actor or current_actor()
        rows.append(
            {
                "at": utcnow(),
                "actor_id": actor.id,
                "actor": actor.label[:300],
                "action": ch.action,
                "entity": ch.spec.entity,
                "record_id": inspect(ch.obj).mapper.primary_key_from_instance(ch.obj)[0],
                "record": ch.spec.label(ch.obj)[:200],
                "before": ch.before,
                "after": ch.after,
            }
        )
    if rows:
        session.connection().execute(insert(AuditEntry), rows)
