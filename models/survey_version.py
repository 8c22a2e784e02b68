"""A State's submitted surveys, each kept as a dated version with a snapshot of its maturity."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model
from models.geo import State
from models.user import User


class SurveyVersion(Model):
    """One submission of a State's survey: its number (1, 2, ...), when, by whom, what it said.

    ``snapshot`` is what the maturity was at that moment, built by
    ``webapp.services.needs.versions.snapshot``: ``{"dimensions": {slug: stage},
    "factors": {code: stage}}`` (a factor not assessed is absent); more sections may be added.
    """

    __table_args__ = (UniqueConstraint("state_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: When the State's representatives were last reminded that this version is getting old.
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    state: Mapped[State] = relationship()
    submitted_by: Mapped[User | None] = relationship()
