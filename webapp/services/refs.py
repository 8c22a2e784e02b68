"""Refs of new needs, offers and events: the next free number, taken safely when saves race.

A generated ref is a prefix and a zero-padded number, one more than the highest in use. Two saves
reading that highest number at the same moment pick the same ref, and the unique constraint
refuses the second. ``insert_with_ref`` then rolls back a savepoint and builds the record again
under the next free ref, so the caller's transaction carries on. Functions flush; the caller
commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Column, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from models import Event, Need, Offer
from webapp.services.querying import whole_number

log = logging.getLogger(__name__)
T = TypeVar("T")
#: Refs one save tries before it gives up; every failed try is a ref another save took meanwhile.
ATTEMPTS = 10


class RefTaken(Exception):  # noqa: N818 - named like the project's NotFound and StaleEdit
    """Raised by a ``build`` that finds its ref in use (e.g. an upsert that would update)."""


@dataclass(frozen=True)
class RefSeries:
    """Refs made of ``prefix`` and a number at least ``width`` digits wide, e.g. ``O-2026-071``."""

    attribute: InstrumentedAttribute[str]
    prefix: str
    width: int

    @property
    def column(self) -> Column[str]:
        """The ref column, with its table."""
        return self.attribute.property.columns[0]  # type: ignore[no-any-return]

    def next_free(self, session: Session) -> str:
        """The highest number of the series in use, plus one.

        Refs of the prefix that do not end in ASCII digits (imported by hand) are passed over.
        """
        column, prefix = self.attribute, self.prefix
        taken = session.scalars(select(column).where(column.startswith(prefix, autoescape=True)))
        # an imported ref may end in "²", which isdigit() accepts and int() refuses
        numbers = [n for n in (whole_number(r[len(prefix) :]) for r in taken) if n is not None]
        return f"{prefix}{max(numbers, default=0) + 1:0{self.width}d}"

    def refused(self, exc: IntegrityError) -> bool:
        """Whether ``exc`` is the ref column's unique constraint refusing a ref already taken."""
        column = self.column
        names = {
            str(c.name)
            for c in column.table.constraints
            if isinstance(c, UniqueConstraint) and c.columns.keys() == [column.key]
        }
        orig: Any = exc.orig
        constraint = getattr(getattr(orig, "diag", None), "constraint_name", None)
        if constraint is not None:  # PostgreSQL names the constraint
            return constraint in names
        message = str(orig)
        if message == f"UNIQUE constraint failed: {column.table.name}.{column.name}":  # SQLite
            return True
        return any(f'"{name}"' in message for name in names)


#: Every generated ref: a kind letter, the year, and a number of at least this many digits,
#: one more than the highest of the kind and year (``N-2026-054``, ``O-2026-071``,
#: ``E-2026-011``). Refs stored under earlier patterns (``N-SEN-2026-001``, ``O-2026-0071``)
#: keep working as they are: they are never rewritten, and a series passes them over.
REF_DIGITS = 3


def need_refs(today: date | None = None) -> RefSeries:
    """Need refs of the year: ``N-2026-054``.

    The State is not part of the ref: a confidential need's ref must not say whose it is.
    """
    return RefSeries(Need.ref, f"N-{(today or date.today()).year}-", REF_DIGITS)


def offer_refs(today: date | None = None) -> RefSeries:
    """Offer refs of the year: ``O-2026-071``."""
    return RefSeries(Offer.ref, f"O-{(today or date.today()).year}-", REF_DIGITS)


def event_refs(today: date | None = None) -> RefSeries:
    """Event refs of the year: ``E-2026-011``."""
    return RefSeries(Event.ref, f"E-{(today or date.today()).year}-", REF_DIGITS)


def insert_with_ref(
    session: Session, series: RefSeries, build: Callable[[str], T], *, first: str | None = None
) -> T:
    """Build a new record under the next free ref of ``series`` and flush it.

    ``build(ref)`` makes the record and adds it to the session. Each try runs in a savepoint: when
    the unique constraint refuses the ref, or ``build`` raises RefTaken (another save took the
    ref meanwhile), the savepoint is rolled back, so the caller's transaction and its earlier
    changes stay, and the record is built again under the next free ref, up to ATTEMPTS tries.

    Args:
        session: the caller's session; pending changes are flushed first, outside the savepoint.
        series: where the ref comes from.
        build: makes the record under the given ref, adds it, and returns what the caller wants.
        first: a ref to try before reading the next free one (one already shown to the user).

    Raises:
        IntegrityError: another constraint refused the record, or the ref's unique constraint
            refused all ATTEMPTS refs tried. The savepoint is rolled back; the caller's
            transaction is still usable.
        RefTaken: ``build`` found its ref taken on the last try.
    """
    session.flush()
    ref = first or series.next_free(session)
    _begin_write(session, series)
    tries = 1
    while True:
        try:
            with session.begin_nested():
                record = build(ref)
                session.flush()
        except (IntegrityError, RefTaken) as exc:
            if tries == ATTEMPTS or (isinstance(exc, IntegrityError) and not series.refused(exc)):
                raise
            table = series.column.table.name
            log.info("%s %s was taken meanwhile; trying the next free ref", table, ref)
            tries += 1
            ref = series.next_free(session)
        else:
            return record


def _begin_write(session: Session, series: RefSeries) -> None:
    """On SQLite, begin the transaction now, with the write lock, unless a write has begun it.

    Python's sqlite3 driver begins a transaction only at the first INSERT, UPDATE or DELETE; a
    SAVEPOINT issued before that is the outermost transaction, and releasing it would commit the
    record at once, whatever the caller does next. IMMEDIATE takes the write lock at the start
    (waiting for another writer as an INSERT would), so that what the try reads (a retry's next
    free ref) is the latest; a transaction that read first could not write after another commit.
    The first ref is read before, without the lock, as on PostgreSQL.
    """
    connection = session.connection(bind_arguments={"mapper": series.attribute.class_})
    if connection.dialect.name != "sqlite":
        return
    driver = connection.connection.driver_connection
    if not getattr(driver, "in_transaction", True):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
