"""The daily summary: once a day, one e-mail per person with every notice they chose to get daily.

The job is due once per UTC day, from ``DAILY_DIGEST_HOUR`` on; one process claims the day
(``services.notices.schedule.claim``) and the others skip it. Then each person's pending daily
notices are taken by a conditional UPDATE (pending to digested) in the transaction that writes
their e-mail: a notice is in one summary only, and a crash before the commit leaves it pending
for the next one. Each notice is worded by its kind's composer in the reader's language; its
subject becomes the item's line, its link the item's link. A notice whose composer has nothing
left to tell is skipped, and a person with no item left gets no e-mail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import Delivery, Notice, NoticeStatus, User, UserStatus
from models.base import utcnow
from webapp.formatting import day
from webapp.mailing import site_link
from webapp.notices.compose import COMPOSERS, job
from webapp.notices.letters import Letter, write
from webapp.services.notices.kinds import KINDS
from webapp.services.notices.schedule import claim, last_run

log = logging.getLogger(__name__)

DAILY = "daily_digest"
#: The job's clock (tests set it to a chosen moment).
clock: Callable[[], datetime] = utcnow


@dataclass(frozen=True)
class Item:
    """One line of the summary: what happened (the notice's subject) and where to see it."""

    line: str
    link: str


@dataclass(frozen=True)
class Group:
    """The summary's items of one kind, under the kind's name."""

    label: str
    items: list[Item]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def due(session: Session, now: datetime) -> bool:
    """Whether today's summary (UTC) is still to be sent: past the hour, not sent yet today."""
    if now.hour < int(current_app.config["DAILY_DIGEST_HOUR"]):
        return False
    last = last_run(session, DAILY).last_run_at
    return last is None or _aware(last).date() < now.date()


WAITING = (Notice.status == NoticeStatus.PENDING, Notice.delivery == Delivery.DAILY)


def _people(session: Session) -> list[int]:
    """The accounts with notices waiting for their daily summary."""
    stmt = select(Notice.user_id).where(*WAITING).distinct().order_by(Notice.user_id)
    return list(session.scalars(stmt))


def _pending(session: Session, user_id: int) -> list[Notice]:
    stmt = select(Notice).where(*WAITING, Notice.user_id == user_id).order_by(Notice.id)
    return list(session.scalars(stmt))


def _take(session: Session, notices: list[Notice]) -> bool:
    """Mark the notices digested; False if another process took any of them first."""
    ids = [n.id for n in notices]
    result = session.execute(
        update(Notice)
        .where(Notice.id.in_(ids), Notice.status == NoticeStatus.PENDING)
        .values(status=NoticeStatus.DIGESTED, told_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == len(ids))  # type: ignore[attr-defined]


def _word(session: Session, notice: Notice, reader: User) -> Letter | None:
    fn = COMPOSERS.get(notice.kind)
    if fn is None:
        log.error("notice %s: no composer for kind %r", notice.id, notice.kind)
        return None
    try:
        return fn(session, notice, reader)
    except Exception as exc:  # one kind's words must not stop the others
        log.exception("notice %s could not be worded: %s", notice.id, exc)
        return None


def groups_for(
    session: Session, notices: list[Notice], reader: User
) -> tuple[list[Group], set[int]]:
    """The summary's groups in the kinds' order, and the ids of the notices left with nothing."""
    by_kind: dict[str, list[Item]] = {}
    skipped = set()
    for notice in notices:
        letter = _word(session, notice, reader)
        if letter is None:
            skipped.add(notice.id)
            continue
        by_kind.setdefault(notice.kind, []).append(Item(letter.subject, letter.link))
    order = [code for code in KINDS if code in by_kind] + [c for c in by_kind if c not in KINDS]
    groups = [
        Group(_(KINDS[code].label) if code in KINDS else code, by_kind[code]) for code in order
    ]
    return groups, skipped


def summarise(session: Session, user: User, notices: list[Notice], now: datetime) -> bool:
    """Write ``user``'s summary of the taken ``notices``; False if nothing was left to tell."""
    skipped: set[int] = set()

    def make() -> Letter | None:
        groups, gone = groups_for(session, notices, user)
        skipped.update(gone)
        if not groups:
            return None
        return Letter(
            subject=_("Your cbmatch summary for %(date)s", date=day(now)),
            template="mail/daily_digest",
            link=site_link("pages.personal"),
            values={"groups": groups, "count": sum(len(g.items) for g in groups)},
        )

    wrote = False
    if user.status is UserStatus.ACTIVE:
        wrote = write(session, user, DAILY, make) is not None
    else:
        skipped.update(n.id for n in notices)
    if skipped:
        session.execute(
            update(Notice)
            .where(Notice.id.in_(skipped))
            .values(status=NoticeStatus.SKIPPED)
            .execution_options(synchronize_session=False)
        )
    return wrote


@job(DAILY)
def daily_digest(session: Session) -> int:
    """Send today's summaries if they are due; how many e-mails it wrote."""
    now = clock()
    if not due(session, now):
        session.commit()
        return 0
    if not claim(session, DAILY, now):
        session.rollback()  # another process sends today's summaries
        return 0
    session.commit()
    people = _people(session)
    session.commit()
    wrote = 0
    for user_id in people:
        try:
            notices = _pending(session, user_id)
            if not notices or not _take(session, notices):
                session.rollback()
                continue
            user = session.get_one(User, user_id)
            wrote += summarise(session, user, notices, now)
            session.commit()
        except Exception as exc:  # one person's summary must not stop the others'
            session.rollback()
            log.exception("the daily summary of account %s failed: %s", user_id, exc)
    return wrote
