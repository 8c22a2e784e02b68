"""Organisations that post offers: donor States' agencies and stakeholders."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Authored, Model, str_enum
from models.geo import State


class ProviderType(enum.StrEnum):
    """The provider types of the interchange contract."""

    STATE = "state"
    BUSINESS = "business"
    NGO = "ngo"
    ACADEMIA = "academia"
    INTERGOVERNMENTAL = "intergovernmental"
    OTHER = "other"


class Organisation(Authored, Model):
    """A provider of offers, named as in the interchange ``provider`` field."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[ProviderType] = mapped_column(str_enum(ProviderType), index=True)
    country_id: Mapped[int | None] = mapped_column(ForeignKey("state.id"), index=True)
    country: Mapped[State | None] = relationship()

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"
