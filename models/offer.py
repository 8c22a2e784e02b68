"""An offer of capacity-building support, as in the interchange contract."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, Index, SmallInteger, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, StringList, Versioned, str_enum
from models.organisation import Organisation
from models.record import RecordFields, tag_tables
from models.taxonomy import SupportType, Topic

offer_topic, offer_support_type = tag_tables("offer")


class OfferStatus(enum.StrEnum):
    """Where an offer stands."""

    OPEN = "open"
    CLOSED = "closed"


@audited(label="ref", collections=("topics", "support_types"))
class Offer(RecordFields, Authored, Versioned, Model):
    """What a provider proposes, to whom, in which languages and how many times."""

    # The newest change, read on every dashboard load to tell whether anything moved.
    __table_args__ = (Index("ix_offer_updated_at", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    eligible: Mapped[list[str]] = mapped_column(StringList, default=list)
    # Derived from `eligible` on every write (webapp/services/reach.py), for the region filter.
    reach: Mapped[str] = mapped_column(Text, default="", server_default="")
    capacity: Mapped[int] = mapped_column(default=1)
    #: The OECD DAC gender equality policy marker: 0 not targeted, 1 significant, 2 principal
    #: (None: the provider has not screened the offer against it).
    gender_marker: Mapped[int | None] = mapped_column(SmallInteger, default=None)
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
