"""A lesson learnt: a completed match's result statement, published on its topics' pages."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, str_enum
from models.match import Match
from models.user import User


class LessonStatus(enum.StrEnum):
    """Where a lesson stands: proposed by a side, then published or refused by the focal point."""

    PROPOSED = "proposed"
    PUBLISHED = "published"
    REFUSED = "refused"


@audited(label=lambda lesson: f"lesson of match {lesson.match_id}")
class Lesson(Authored, Model):
    """One completed match's lesson learnt, proposed by its State or its provider.

    ``side`` is the side that proposed it ("state" or "provider"); only that side edits it, and
    only before the focal point publishes it. A published lesson is public: the State of a
    confidential need is named only when the State itself proposed it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        ForeignKey("match.id", ondelete="CASCADE"), unique=True, index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    side: Mapped[str] = mapped_column(String(10))
    status: Mapped[LessonStatus] = mapped_column(
        str_enum(LessonStatus), default=LessonStatus.PROPOSED, index=True
    )
    proposed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The focal point's reason for a refusal (empty otherwise).
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    match: Mapped[Match] = relationship()
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def names_state(self) -> bool:
        """Whether the public page may name the State.

        Always, unless its need is confidential and the provider proposed the lesson.
        """
        return not self.match.need.confidential or self.side == "state"
