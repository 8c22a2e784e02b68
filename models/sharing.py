"""Who a State shows its maturity self-assessment to: its own choice, one row per State."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, str_enum
from models.geo import State


class MaturityAudience(enum.StrEnum):
    """Who sees a State's submitted maturity, besides its representatives and the focal point.

    A State that never chose has no row and is read as ``FOCAL_POINT`` (the safe default).
    """

    PUBLIC = "public"  # everyone, signed in or not
    PROVIDERS = "providers"  # signed-in provider accounts (and the focal point)
    FOCAL_POINT = "focal_point"  # the focal point only


@audited(label=lambda m: m.state.iso3)
class MaturitySharing(Authored, Model):
    """A State's choice of who sees its maturity self-assessment."""

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), unique=True)
    audience: Mapped[MaturityAudience] = mapped_column(str_enum(MaturityAudience))
    state: Mapped[State] = relationship()
