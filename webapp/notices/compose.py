"""From notices to e-mail: each pending notice composed once, in one transaction with its e-mail.

A pass (``tell``) runs before each pass of the mail sender: it composes every notice to be sent
at once, then runs the periodic jobs that are due (digests, alerts). A notice is taken by a
conditional UPDATE (pending to mailed) in the transaction that writes its e-mail: two processes
never compose the same notice, and a crash before the commit leaves it pending.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import Delivery, Notice, NoticeStatus, User, UserStatus
from models.base import utcnow
from webapp.notices.letters import Letter, write

log = logging.getLogger(__name__)

#: How to word one notice to its reader: a Letter, or None when there is nothing left to tell.
Composer = Callable[[Session, Notice, User], Letter | None]
COMPOSERS: dict[str, Composer] = {}


@dataclass(frozen=True)
class Job:
    """A periodic job run by every pass.

    ``run(session)`` does its work if it is due and returns how many e-mails it wrote; it
    claims its period itself (``services.notices.schedule``) and commits.
    """

    name: str
    run: Callable[[Session], int]


JOBS: list[Job] = []


def composer(kind: str) -> Callable[[Composer], Composer]:
    """Register the function that words notices of ``kind``."""

    def register(fn: Composer) -> Composer:
        COMPOSERS[kind] = fn
        return fn

    return register


def job(name: str) -> Callable[[Callable[[Session], int]], Callable[[Session], int]]:
    """Register a periodic job run by every pass."""

    def register(fn: Callable[[Session], int]) -> Callable[[Session], int]:
        JOBS.append(Job(name, fn))
        return fn

    return register


def _take(session: Session, notice_id: int) -> bool:
    result = session.execute(
        update(Notice)
        .where(Notice.id == notice_id, Notice.status == NoticeStatus.PENDING)
        .values(status=NoticeStatus.MAILED, told_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def compose_one(session: Session, notice: Notice) -> bool:
    """Write the e-mail of one taken notice; False (and the notice skipped) if none is due."""
    user = notice.user
    fn = COMPOSERS.get(notice.kind)
    if fn is None:
        log.error("notice %s: no composer for kind %r", notice.id, notice.kind)
    elif (user.status is UserStatus.ACTIVE or notice.kind == "account_decided") and write(
        session, user, notice.kind, lambda: fn(session, notice, user)
    ) is not None:
        return True
    session.execute(
        update(Notice)
        .where(Notice.id == notice.id)
        .values(status=NoticeStatus.SKIPPED)
        .execution_options(synchronize_session=False)
    )
    return False


def compose_pending(session: Session, limit: int | None = None) -> int:
    """Compose every notice to be sent at once (at most ``limit``); how many e-mails it wrote."""
    wrote, after = 0, 0
    while limit is None or wrote < limit:
        next_id = session.scalar(
            select(Notice.id)
            .where(
                Notice.status == NoticeStatus.PENDING,
                Notice.delivery == Delivery.IMMEDIATE,
                Notice.id > after,
            )
            .order_by(Notice.id)
            .limit(1)
        )
        session.commit()  # end the read; each notice is its own transaction
        if next_id is None:
            break
        after = next_id
        try:
            if not _take(session, next_id):
                session.rollback()
                continue
            notice = session.get_one(Notice, next_id, populate_existing=True)
            wrote += compose_one(session, notice)
            session.commit()
        except Exception as exc:  # a bug in one kind's words must not stop the others
            session.rollback()
            log.exception("notice %s could not be composed: %s", next_id, exc)
            _skip(session, next_id)
    return wrote


def _skip(session: Session, notice_id: int) -> None:
    session.execute(
        update(Notice)
        .where(Notice.id == notice_id, Notice.status == NoticeStatus.PENDING)
        .values(status=NoticeStatus.SKIPPED, told_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()


def tell(session: Session) -> int:
    """One pass: compose what is due now, then run the periodic jobs; e-mails written."""
    wrote = compose_pending(session)
    for each in JOBS:
        try:
            wrote += each.run(session)
        except Exception as exc:
            session.rollback()
            log.exception("the %s job failed: %s", each.name, exc)
    return wrote
