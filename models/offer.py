"""An offer of capacity-building support, as in the interchange contract."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, StringList, Versioned, str_enum
from models.organisation import Organisation
from models.taxonomy import SupportType, Topic

offer_topic = Table(
    "offer_topic",
    Model.metadata,
    Column("offer_id", ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True, index=True),
)
offer_support_type = Table(
    "offer_support_type",
    Model.metadata,
    Column("offer_id", ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "support_type_id",
        ForeignKey("support_type.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class OfferStatus(enum.StrEnum):
    """Where an offer stands."""

    OPEN = "open"
    CLOSED = "closed"


@audited(label="ref", collections=("topics", "support_types"))
class Offer(Authored, Versioned, Model):
    """What a provider proposes, to whom, in which languages and how many times."""

    # The newest change, read on every dashboard load to tell whether anything moved.
    __table_args__ = (Index("ix_offer_updated_at", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    languages: Mapped[list[str]] = mapped_column(StringList, default=lambda: ["en"])
    modality: Mapped[str] = mapped_column(String(10), default="any", index=True)
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    eligible: Mapped[list[str]] = mapped_column(StringList, default=list)
    # Derived from `eligible` on every write (webapp/services/reach.py), for the region filter.
    reach: Mapped[str] = mapped_column(Text, default="", server_default="")
    capacity: Mapped[int] = mapped_column(default=1)
    status: Mapped[OfferStatus] = mapped_column(
        str_enum(OfferStatus), default=OfferStatus.OPEN, index=True
    )

    organisation: Mapped[Organisation] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=offer_topic, order_by=Topic.slug)
    support_types: Mapped[list[SupportType]] = relationship(
        secondary=offer_support_type, order_by=SupportType.slug
    )

    def __repr__(self) -> str:
        return f"<Offer {self.ref}>"
