"""The directories: capacity-building centres (public) and States' points of contact (restricted).

Centres are reference data loaded from ``seed_data/centres.json``. Points of contact are written
by each State's representatives and read only through ``webapp.services.contacts``.
"""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, StringList, Timestamped, str_enum
from models.geo import State


class CentreKind(enum.StrEnum):
    """What sort of body a centre is."""

    REGIONAL_CENTRE = "regional_centre"
    SUBREGIONAL_CENTRE = "subregional_centre"
    CAPACITY_BUILDING_BODY = "capacity_building_body"
    NETWORK = "network"


class Centre(Timestamped, Model):
    """A regional or sub-regional centre of excellence, capacity-building body or network."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    acronym: Mapped[str] = mapped_column(String(30), default="")
    kind: Mapped[CentreKind] = mapped_column(str_enum(CentreKind, 30), index=True)
    # Whom it serves: M49 region names at any level, SIDS/LDC/LLDC, ISO3 codes, or "World".
    scope: Mapped[list[str]] = mapped_column(StringList, default=list)
    scope_label: Mapped[str] = mapped_column(String(120), default="")
    host_state_id: Mapped[int | None] = mapped_column(ForeignKey("state.id"), index=True)
    website: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[list[str]] = mapped_column(StringList, default=list)
    host_state: Mapped[State | None] = relationship()

    def __repr__(self) -> str:
        return f"<Centre {self.slug}>"


class ContactKind(enum.StrEnum):
    """Whom a State names: a diplomat for policy, a technical contact for incidents."""

    DIPLOMATIC = "diplomatic"
    TECHNICAL = "technical"


@audited(label="name")
class PointOfContact(Authored, Model):
    """One of a State's points of contact; visible to State representatives and the focal point."""

    __table_args__ = (UniqueConstraint("state_id", "kind", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    kind: Mapped[ContactKind] = mapped_column(str_enum(ContactKind))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[State] = relationship()

    def __repr__(self) -> str:
        return f"<PointOfContact {self.id} {self.kind.value}>"
