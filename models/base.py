"""Declarative base, naming convention, shared column types and mixins."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Enum, ForeignKey, MetaData, String, TypeDecorator, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model; constraint names are stable across SQLite and PostgreSQL."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Flask-SQLAlchemy builds db.Model at run time (adding automatic table names), so type checkers
# see it as Any; they are told it is Base, which it subclasses.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


#: A fixed "now" set by ``clock_at`` (None: the real clock).
_clock: ContextVar[datetime | None] = ContextVar("cbmatch_clock", default=None)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (the moment ``clock_at`` set, inside it)."""
    fixed = _clock.get()
    return fixed if fixed is not None else datetime.now(UTC)


@contextmanager
def clock_at(moment: datetime) -> Iterator[datetime]:
    """Inside the block, ``utcnow()`` (every default timestamp, the audit log's) is ``moment``.

    For writing a dated history through the ordinary services: the demo data's matches.
    """
    token = _clock.set(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    try:
        yield _clock.get() or moment
    finally:
        _clock.reset(token)


def str_enum(cls: type[enum.Enum], length: int = 20) -> Enum:
    """A portable enum column that stores the member's value as a plain string."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
    )


#: How long a StringList may be once joined; validation refuses longer lists.
LIST_TEXT_LENGTH = 1000


class StringList(TypeDecorator[list[str]]):
    """A short list of strings stored as one ``;``-joined text column (the CSV convention)."""

    impl = String(LIST_TEXT_LENGTH)
    cache_ok = True

    def process_bind_param(self, value: list[str] | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return ";".join(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> list[str]:
        if not value:
            return []
        return str(value).split(";")


class Timestamped:
    """Creation and last-change times on every record a user writes."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Authored(Timestamped):
    """Timestamps plus who created and who last changed the record (None: an import or seed)."""

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class Versioned:
    """An edit counter checked on every UPDATE, so that two editors cannot overwrite each other.

    SQLAlchemy adds ``AND version = <the version read>`` to each UPDATE and DELETE of the row and
    raises StaleDataError when another transaction changed it first. The server default lets
    Core inserts that leave the column out (bulk imports) start at 1 like the ORM does.
    """

    version: Mapped[int] = mapped_column(server_default=text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
