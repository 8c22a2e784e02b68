"""Notices: what happened that a person should be told of, and how each person wants to be told.

An event (a proposal, an answer, a note...) writes one ``Notice`` per person to tell, in the
transaction of the event: a rollback removes it with the event, a commit keeps it until it is
told. The composer (``webapp.notices``) turns a pending notice into an e-mail in the outbox, in
the recipient's language, in one transaction with marking the notice told; notices a person
wants once a day wait for the daily digest. ``ScheduledRun`` records when a periodic job (the
daily and weekly digests, the alerts) last ran, so that several processes run it once.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Model, str_enum, utcnow
from models.user import User


class NoticeStatus(enum.StrEnum):
    """Pending until told: by its own e-mail (mailed), in a digest (digested), or not (skipped)."""

    PENDING = "pending"
    MAILED = "mailed"
    DIGESTED = "digested"
    SKIPPED = "skipped"


class Delivery(enum.StrEnum):
    """How a person wants one kind of notice: each at once, once a day together, or never."""

    IMMEDIATE = "immediate"
    DAILY = "daily"
    OFF = "off"


class Notice(Model):
    """One thing to tell one person; ``refs`` names the records (ids), never copies their text."""

    __table_args__ = (Index("ix_notice_due", "status", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    #: The records the notice is about, e.g. {"match": 12} or {"account": 7}.
    refs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: How it was to be delivered when written (the person's choice then).
    delivery: Mapped[Delivery] = mapped_column(str_enum(Delivery), default=Delivery.IMMEDIATE)
    status: Mapped[NoticeStatus] = mapped_column(
        str_enum(NoticeStatus), default=NoticeStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    told_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Notice {self.id} {self.kind} to {self.user_id} {self.status.value}>"


def _preference_label(p: NoticePreference) -> str:
    return f"{p.user.email}: {p.kind}"


@audited(label=_preference_label, ignore=("user_id",))
class NoticePreference(Model):
    """A person's choice for one kind of notice; a kind with no row has its default.

    Audited like the account itself: the log says who turned which e-mail on or off, and when.
    """

    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    delivery: Mapped[Delivery] = mapped_column(str_enum(Delivery))
    user: Mapped[User] = relationship()


class ScheduledRun(Model):
    """When a periodic job last ran (claimed by a conditional update, so it runs once)."""

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: A job's own bookmark, e.g. the last offer id the alerts have looked at.
    mark: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
