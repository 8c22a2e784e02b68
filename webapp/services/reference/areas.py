"""Areas: groups (SIDS, LDC, LLDC) and M49 regions, and which States and records they cover."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    false,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from models import (
    Offer,
    State,
)
from models.geo import GROUP_SLUGS
from webapp.services.language import _
from webapp.services.querying import list_has
from webapp.services.reference.names import area_name, by_label, group_abbreviation


def state_in_area(area: str) -> ColumnElement[bool]:
    """States designated by a group, an M49 region at any level, or an ISO3 code."""
    if area in GROUP_SLUGS:
        return {"SIDS": State.is_sids, "LDC": State.is_ldc, "LLDC": State.is_lldc}[area].is_(True)
    return or_(
        State.region == area,
        State.subregion == area,
        State.intermediate_region == area,
        State.iso3 == area,
    )


def reaches_area(session: Session, column: Any, area: str) -> ColumnElement[bool]:
    """Records whose eligibility list ``column`` covers at least one State of the area.

    An empty list means open to every State. Offers and calendar events share this rule.
    """
    items: set[str] = set()
    for s in session.scalars(select(State).where(state_in_area(area))):
        items.update(i for i in (s.iso3, s.region, s.subregion, s.intermediate_region) if i)
        items.update(s.groups)
    eligible = type_coerce(column, String)
    if not items:
        return false()
    return or_(eligible.is_(None), eligible == "", *(list_has(column, i) for i in sorted(items)))


def offer_reaches_area(area: str) -> ColumnElement[bool]:
    """Offers open to at least one State of the area (open to all, or reaching one of them)."""
    eligible = type_coerce(Offer.eligible, String)
    return or_(
        eligible.is_(None),
        eligible == "",
        Offer.reach.contains(f";{area.lower()};", autoescape=True),
    )


def region_levels(session: Session) -> list[tuple[str, list[tuple[str, str]]]]:
    """The M49 regions at every level, for a region filter: [(level, [(value, label)])].

    The values are the stored English names; the labels are in the reader's language.
    """
    rows = session.execute(
        select(State.region, State.subregion, State.intermediate_region).distinct()
    ).all()

    def level(i: int) -> list[tuple[str, str]]:
        names: set[str] = {n for r in rows if (n := r[i])}
        return by_label((n, area_name(n)) for n in names)

    return [
        (_("Regions"), level(0)),
        (_("Sub-regions"), level(1)),
        (_("Intermediate regions"), level(2)),
    ]


def area_groups(session: Session) -> list[tuple[str, list[tuple[str, str]]]]:
    """Groups and M49 regions at every level, for a region filter: [(level, [(v, label)])].

    The values are the stored English names and slugs; the labels are in the reader's language.
    """
    return [
        (_("Groups"), [(g, group_abbreviation(g)) for g in GROUP_SLUGS]),
        *region_levels(session),
    ]
