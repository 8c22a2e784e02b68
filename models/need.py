"""A State's capacity-building need, as in the interchange contract."""

from __future__ import annotations

import enum

from sqlalchemy import Boolean, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, Versioned, str_enum
from models.geo import State
from models.record import RecordFields, tag_tables
from models.taxonomy import SupportType, Topic

need_topic, need_support_type = tag_tables("need")


class NeedStatus(enum.StrEnum):
    """Where a need stands."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


@audited(label="ref", collections=("topics", "support_types"))
class Need(RecordFields, Authored, Versioned, Model):
    """What a State asks for."""

    # The newest change, read on every dashboard load to tell whether anything moved.
    __table_args__ = (Index("ix_need_updated_at", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    priority: Mapped[str] = mapped_column(String(6), default="medium", index=True)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    #: The need asks for money, not only expertise (its estimate: ``funding_amount``).
    funding_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
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
