"""A State's capacity-building need, as in the interchange contract."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, StringList, Versioned, str_enum
from models.geo import State
from models.taxonomy import SupportType, Topic

need_topic = Table(
    "need_topic",
    Model.metadata,
    Column("need_id", ForeignKey("need.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True, index=True),
)
need_support_type = Table(
    "need_support_type",
    Model.metadata,
    Column("need_id", ForeignKey("need.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "support_type_id",
        ForeignKey("support_type.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class NeedStatus(enum.StrEnum):
    """Where a need stands."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


@audited(label="ref", collections=("topics", "support_types"))
class Need(Authored, Versioned, Model):
    """What a State asks for."""

    # The newest change, read on every dashboard load to tell whether anything moved.
    __table_args__ = (Index("ix_need_updated_at", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    languages: Mapped[list[str]] = mapped_column(StringList, default=lambda: ["en"])
    modality: Mapped[str] = mapped_column(String(10), default="any", index=True)
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    priority: Mapped[str] = mapped_column(String(6), default="medium", index=True)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    status: Mapped[NeedStatus] = mapped_column(
        str_enum(NeedStatus), default=NeedStatus.OPEN, index=True
    )

    state: Mapped[State] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=need_topic, order_by=Topic.slug)
    support_types: Mapped[list[SupportType]] = relationship(
        secondary=need_support_type, order_by=SupportType.slug
    )

    def __repr__(self) -> str:
        return f"<Need {self.ref}>"
