"""Which M49 regions an offer's eligibility reaches, read once from the State table.

An offer reaches a region when one of its eligibility items (ISO3 code, M49 region at any level,
SIDS/LDC/LLDC) covers at least one State of that region, or when it is open to every State; this
is the rule of the offers list's region filter (``browse._offer_reaches_area``), for many offers
at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import State


@dataclass(frozen=True)
class RegionMap:
    """Every eligibility item (lower case) -> the M49 regions of the States it covers."""

    regions: tuple[str, ...]  # the M49 regions, by name
    by_item: dict[str, frozenset[str]]

    def reached(self, eligible: Iterable[str]) -> frozenset[str]:
        """The regions an eligibility list reaches (every region when the list is empty)."""
        items = [i.strip().lower() for i in eligible if i and i.strip()]
        if not items:
            return frozenset(self.regions)
        out: set[str] = set()
        for item in items:
            out |= self.by_item.get(item, frozenset())
        return frozenset(out)


def region_map(session: Session) -> RegionMap:
    """The map for the States stored now (one query)."""
    by_item: dict[str, set[str]] = {}
    for state in session.scalars(select(State)):
        for tag in state.tags():
            by_item.setdefault(tag, set()).add(state.region)
    regions = sorted({r for rs in by_item.values() for r in rs})
    return RegionMap(tuple(regions), {k: frozenset(v) for k, v in by_item.items()})
