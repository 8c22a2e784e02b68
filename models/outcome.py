"""What a completed match achieved, in figures: who took part, where, when, and the State's word."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, SmallInteger, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model
from models.match import Match
from models.user import User


@audited(label=lambda m: f"match {m.match_id}")
class Outcome(Authored, Model):
    """The outcome of one match, entered by its provider or the focal point, confirmed by the State.

    The result statement itself is ``Match.outcome`` (written when the match is completed); this
    row holds the figures the reports count. Changing a confirmed outcome asks the State again.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        ForeignKey("match.id", ondelete="CASCADE"), unique=True, index=True
    )
    #: Participants by sex, as the provider counted them.
    women: Mapped[int] = mapped_column(default=0)
    men: Mapped[int] = mapped_column(default=0)
    not_recorded: Mapped[int] = mapped_column(default=0)
    #: Institutions (ministries, CSIRTs, courts, universities...) that took part.
    institutions: Mapped[int] = mapped_column(default=0)
    delivered_from: Mapped[date | None] = mapped_column(Date)
    delivered_to: Mapped[date | None] = mapped_column(Date)
    #: The OECD DAC gender equality policy marker of the activity as delivered (None: not
    #: screened); it starts as the offer's.
    gender_marker: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    #: The State's confirmation; None while it has not confirmed (or after a change).
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: How well the support met the need, in the State's view: 1 (not at all) to 5 (fully).
    rating: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    rating_comment: Mapped[str] = mapped_column(Text, default="")

    match: Mapped[Match] = relationship()
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])

    @property
    def participants(self) -> int:
        """Everyone who took part, whatever was recorded of their sex."""
        return self.women + self.men + self.not_recorded
