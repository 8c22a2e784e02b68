"""A need-offer pair followed from suggestion to completion, and its history."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import Values, audited
from models.base import Authored, Model, Versioned, str_enum, utcnow
from models.need import Need
from models.offer import Offer
from models.user import User


class MatchStatus(enum.StrEnum):
    """The life of a match."""

    SUGGESTED = "suggested"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    DISMISSED = "dismissed"


class Response(enum.StrEnum):
    """One side's answer to a proposal."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


def _match_label(match: Match) -> str:
    # A match built from ids alone has no need or offer loaded before its first flush.
    need = match.need.ref if match.need is not None else f"need #{match.need_id}"
    offer = match.offer.ref if match.offer is not None else f"offer #{match.offer_id}"
    return f"{need} / {offer}"


def _matcher_churn(match: Match, action: str, before: Values, after: Values) -> bool:
    """Whether a change is the matcher's churn of suggestions, left out of the per-record log.

    Suggestions come and go with every matcher run, which is logged as one summary entry; a
    person's decision on one (a change of its status) is always logged.
    """
    status_changed = action == "update" and "status" in after
    return not status_changed and match.status is MatchStatus.SUGGESTED


@audited(label=_match_label, skip=_matcher_churn)
class Match(Authored, Versioned, Model):
    """One need paired with one offer, with the matcher's score and reasons."""

    __table_args__ = (
        UniqueConstraint("need_id", "offer_id"),
        # The suggestion queue: best score first within a status, and its count by need.
        Index("ix_match_status_score", "status", "score", "id"),  # read backwards
        Index("ix_match_status_need", "status", "need_id"),
        # The newest change, read on every dashboard load to tell whether anything moved.
        Index("ix_match_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    # the matcher's reasons, each [code, [values...]] (matcher.reasons), worded at display time
    # (webapp/reasons.py); rows saved before that hold English sentences, shown as they are
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[MatchStatus] = mapped_column(
        str_enum(MatchStatus), default=MatchStatus.SUGGESTED
    )
    # Each side answers a proposal; the match is accepted when both have accepted.
    state_response: Mapped[Response] = mapped_column(str_enum(Response), default=Response.PENDING)
    provider_response: Mapped[Response] = mapped_column(
        str_enum(Response), default=Response.PENDING
    )
    # What the completed cooperation achieved, written by the focal point when closing it.
    outcome: Mapped[str] = mapped_column(Text, default="")
    # True when the re-ranker learned from past decisions moved this suggestion in its need's list
    adjusted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    need: Mapped[Need] = relationship()
    offer: Mapped[Offer] = relationship()
    events: Mapped[list[MatchEvent]] = relationship(
        back_populates="match", order_by="MatchEvent.at", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Match {self.need_id}-{self.offer_id} {self.status.value}>"


class MatchEvent(Model):
    """Who changed a match's status, when, and why; or, with the status unchanged, a note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("match.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    from_status: Mapped[MatchStatus | None] = mapped_column(str_enum(MatchStatus))
    to_status: Mapped[MatchStatus] = mapped_column(str_enum(MatchStatus))
    note: Mapped[str] = mapped_column(Text, default="")

    match: Mapped[Match] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    @property
    def changes_status(self) -> bool:
        """False for a note (or one side's answer) written while the status stayed the same."""
        return self.from_status != self.to_status
