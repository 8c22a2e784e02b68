"""A State's needs survey: its CMM maturity self-assessment and where the survey stands."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, str_enum
from models.geo import State
from models.taxonomy import Dimension

#: The CMM stages, in order; a stage is stored as its position (1-5).
STAGES = ("start-up", "formative", "established", "strategic", "dynamic")


class SurveyStatus(enum.StrEnum):
    """A survey is a draft until the State submits it."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


class Survey(Authored, Model):
    """One survey per State, saved at every step."""

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), unique=True)
    status: Mapped[SurveyStatus] = mapped_column(str_enum(SurveyStatus), default=SurveyStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    state: Mapped[State] = relationship()


@audited(label=lambda m: f"{m.state.iso3} {m.dimension.slug}")
class MaturityAssessment(Authored, Model):
    """A State's self-assessed CMM stage in one dimension, with an optional comment."""

    __table_args__ = (UniqueConstraint("state_id", "dimension_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id"))
    stage: Mapped[int]  # 1 (start-up) .. 5 (dynamic)
    comment: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[State] = relationship()
    dimension: Mapped[Dimension] = relationship()

    @property
    def stage_slug(self) -> str:
        """The stage's name, e.g. ``formative``."""
        return STAGES[self.stage - 1]
