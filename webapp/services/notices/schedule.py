"""Periodic jobs (digests, alerts) run once per period however many processes ask.

``claim`` moves a job's ``last_run_at`` forward in one conditional UPDATE: of two processes
that find the job due, only the one whose UPDATE still sees the old value goes on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import ScheduledRun


def last_run(session: Session, name: str) -> ScheduledRun:
    """The job's row (made, never run, on first use)."""
    row = session.get(ScheduledRun, name)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            session.add(ScheduledRun(name=name, last_run_at=None, mark={}))
    except IntegrityError:  # another process made it first
        pass
    return session.scalars(select(ScheduledRun).where(ScheduledRun.name == name)).one()


def claim(session: Session, name: str, now: datetime, mark: dict[str, Any] | None = None) -> bool:
    """Record that the job runs now; False if another process claimed it since it was read.

    The caller has read the row (``last_run``) and found the job due; it commits after its work
    (a rollback gives the run back).
    """
    row = last_run(session, name)
    seen = row.last_run_at
    condition = (
        ScheduledRun.last_run_at.is_(None) if seen is None else ScheduledRun.last_run_at == seen
    )
    values: dict[str, Any] = {"last_run_at": now}
    if mark is not None:
        values["mark"] = mark
    result = session.execute(
        update(ScheduledRun)
        .where(ScheduledRun.name == name, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.expire(row)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def claim_if_unchanged(
    session: Session,
    name: str,
    now: datetime,
    seen: datetime | None,
    mark: dict[str, Any] | None = None,
) -> bool:
    """``claim``, for a caller that read ``seen`` in an earlier transaction and worked since.

    False when the job ran since ``seen`` was read (another process claimed it meanwhile).
    """
    row = last_run(session, name)
    session.refresh(row)
    current = row.last_run_at
    if current is not None and current.tzinfo is None:
        current = current.replace(tzinfo=UTC)
    if current != seen:
        return False
    return claim(session, name, now, mark)
