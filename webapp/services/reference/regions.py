"""The M49 regions, and which of them an offer reaches, read from its stored ``reach``.

An offer reaches a region when its eligibility covers at least one State of that region, or
when it is open to every State. ``offer.reach`` (``webapp.services.reach``) already holds the
tags of every State the offer reaches, region names included, so the dashboard's supply heatmap
and the duplicate check read the regions from it instead of working the eligibility out again;
an offer being written, not stored yet, goes through the same ``ReachIndex`` first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import State
from webapp.services.language import sort_key
from webapp.services.reference.names import area_name
from webapp.services.reference.reach import ReachIndex


@dataclass(frozen=True)
class RegionMap:
    """The M49 regions of the stored States, by name."""

    regions: tuple[str, ...]
    # Many offers share a reach text: each distinct one is worked out once.
    _seen: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def reached(self, reach: str) -> frozenset[str]:
        """The regions a ``reach`` text covers (every region when empty: open to all States)."""
        found = self._seen.get(reach)
        if found is None:
            if not reach:
                found = frozenset(self.regions)
            else:
                found = frozenset(r for r in self.regions if f";{r.lower()};" in reach)
            self._seen[reach] = found
        return found


def region_map(session: Session) -> RegionMap:
    """The regions of the States stored now (one query), in the reader's order of their names."""
    names = [r for r in session.scalars(select(State.region).distinct()) if r]
    return RegionMap(tuple(sorted(names, key=lambda r: sort_key(area_name(r)))))


def regions_of(session: Session, eligible: Sequence[str]) -> frozenset[str]:
    """The regions an eligibility list not stored yet would reach."""
    return region_map(session).reached(ReachIndex.load(session).of(eligible))
