"""A dated capacity-building activity on the calendar: a course, workshop, conference or drill."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, StringList
from models.organisation import Organisation
from models.taxonomy import Topic

event_topic = Table(
    "event_topic",
    Model.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True, index=True),
)


@audited(label="ref", collections=("topics",))
class Event(Authored, Model):
    """An activity the focal point or a provider puts on the calendar; always public.

    ``eligible`` says whom it is for, exactly as an offer's eligibility does (ISO3 codes, M49
    areas at any level, SIDS/LDC/LLDC; empty means every State). ``organisation`` is None for
    the focal point's own events.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date, index=True)  # inclusive: the last day
    location: Mapped[str] = mapped_column(String(200), default="")
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    url: Mapped[str] = mapped_column(String(500), default="")
    eligible: Mapped[list[str]] = mapped_column(StringList, default=list)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)

    organisation: Mapped[Organisation | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=event_topic, order_by=Topic.slug)

    @property
    def where(self) -> str:
        """Where it takes place, in words: "Dakar, Senegal", "Online" or both."""
        if self.location and self.online:
            return f"{self.location}, and online"
        return self.location or ("Online" if self.online else "")

    def __repr__(self) -> str:
        return f"<Event {self.ref}>"
