"""A State's needs survey: its CMM maturity self-assessment and where the survey stands."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, str_enum
from models.geo import State
from models.taxonomy import Dimension, Factor

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
    #: The stage is the rounded mean of the dimension's rated factors (False: rated directly,
    #: as before factors were rated; such a stage is kept while none of its factors is rated).
    derived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    state: Mapped[State] = relationship()
    dimension: Mapped[Dimension] = relationship()

    @property
    def stage_slug(self) -> str:
        """The stage's name, e.g. ``formative``."""
        return STAGES[self.stage - 1]


class SuggestionAnswer(enum.StrEnum):
    """What the State did with the need a factor suggested."""

    ACCEPTED = "accepted"
    IGNORED = "ignored"


@audited(label=lambda m: f"{m.state.iso3} {m.factor.code}")
class FactorRating(Authored, Model):
    """A State's self-assessed CMM stage for one factor; no row: the factor is not assessed."""

    __table_args__ = (UniqueConstraint("state_id", "factor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    factor_id: Mapped[int] = mapped_column(ForeignKey("factor.id"))
    stage: Mapped[int]  # 1 (start-up) .. 5 (dynamic)
    #: The State's answer to the need this rating suggests (None: not answered yet); a new
    #: stage asks again.
    answer: Mapped[SuggestionAnswer | None] = mapped_column(
        str_enum(SuggestionAnswer), default=None
    )
    state: Mapped[State] = relationship()
    factor: Mapped[Factor] = relationship()

    @property
    def stage_slug(self) -> str:
        """The stage's name, e.g. ``formative``."""
        return STAGES[self.stage - 1]
