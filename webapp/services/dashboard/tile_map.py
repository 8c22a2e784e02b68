"""The front page's tile grid: open public needs by M49 area, one tile per area.

An area is a State's intermediate region when it has one (Western Africa, Caribbean), else its
sub-region (Northern Africa, Western Europe): the finest M49 level, 22 areas for the UN member
States. The needs list filters by any of these names (``needs.index?region=``), so each tile is
the count that list shows to a visitor who is not signed in. Counts go through
``visible_needs_clause`` like every list of needs: a confidential or draft need is never counted.

Two layouts are drawn: a rough map (west to east, north to south) for wide screens, and the
areas under their region, three to a row, for phones.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from models import Need, NeedStatus, State
from webapp.services.dashboard.shades import legend, step
from webapp.services.language import current, sort_key
from webapp.services.policy import visible_needs_clause
from webapp.services.reference.names import area_name

#: The wide layout's columns and rows.
MAP_COLUMNS, MAP_ROWS = 8, 5
#: The phone layout's tiles in a row.
PHONE_COLUMNS = 3

#: Where each area sits on the wide layout: (column, row), west to east and north to south.
MAP_PLACES: dict[str, tuple[int, int]] = {
    "Northern America": (0, 0),
    "Central America": (0, 1),
    "Caribbean": (1, 1),
    "South America": (1, 2),
    "Northern Europe": (2, 0),
    "Western Europe": (2, 1),
    "Eastern Europe": (3, 0),
    "Southern Europe": (3, 1),
    "Northern Africa": (3, 2),
    "Western Africa": (2, 2),
    "Middle Africa": (3, 3),
    "Eastern Africa": (4, 3),
    "Southern Africa": (3, 4),
    "Central Asia": (4, 0),
    "Western Asia": (4, 1),
    "Eastern Asia": (5, 0),
    "Southern Asia": (5, 1),
    "South-eastern Asia": (6, 1),
    "Micronesia": (7, 1),
    "Melanesia": (6, 2),
    "Polynesia": (7, 2),
    "Australia and New Zealand": (6, 3),
}

#: The regions in the phone layout's order, each area under its own.
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")


@dataclass(frozen=True)
class Tile:
    """One area: its stored name (the filter's value), its name in words and its count."""

    area: str
    region: str
    count: int
    step: int  # 0 for none, else 1..5 (shades.STEPS), by fifths of the largest count
    lines: tuple[str, ...]  # the area's name in the reader's language, broken to fit a tile
    column: int  # on the wide layout
    row: int

    @property
    def name(self) -> str:
        """The area's name in the reader's language."""
        return area_name(self.area)


@dataclass(frozen=True)
class TileMap:
    """Every area's tile, and the phone layout: (region, its tiles) in the regions' order."""

    tiles: tuple[Tile, ...]
    columns: int
    rows: int
    maximum: int

    @property
    def total(self) -> int:
        """Open public needs in every area together."""
        return sum(t.count for t in self.tiles)

    def by_region(self) -> list[tuple[str, list[Tile]]]:
        """The tiles under their region, by name in the reader's language, for the phone layout.

        Regions without tiles are left out.
        """
        known = [r for r in REGIONS if any(t.region == r for t in self.tiles)]
        others = sorted({t.region for t in self.tiles} - set(known))
        by_name = sorted(self.tiles, key=lambda t: sort_key(t.name))
        return [(r, [t for t in by_name if t.region == r]) for r in [*known, *others]]

    def legend(self) -> list[tuple[int, str]]:
        """(shade, range of counts in words) for every shade some count can reach."""
        return legend(self.maximum)


def wrap(text: str, width: int) -> tuple[str, ...]:
    """``text`` in at most three lines of about ``width`` characters, broken between words.

    Writing without spaces (Chinese) is broken anywhere, at half the width (wide characters).
    """
    if " " not in text and len(text) > width and not text.isascii() and current() == "zh":
        size = max(1, width // 2)
        lines = [text[i : i + size] for i in range(0, len(text), size)]
    else:
        lines = []
        for word in text.split():
            if lines and len(lines[-1]) + 1 + len(word) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
    if len(lines) > 3:
        lines = [*lines[:2], " ".join(lines[2:])]
    return tuple(lines)


def _area() -> ColumnElement[str]:
    """A State's finest M49 area: its intermediate region, else its sub-region."""
    return func.coalesce(func.nullif(State.intermediate_region, ""), State.subregion)


def tile_map(session: Session, *, width: int = 13) -> TileMap:
    """The tile of every area of the stored States, with its count of open public needs."""
    area = _area()
    regions: dict[str, str] = dict(session.execute(select(area, State.region).distinct()).all())
    counts: dict[str, int] = {
        a: int(n)
        for a, n in session.execute(
            select(area, func.count(Need.id))
            .join(State, State.id == Need.state_id)
            .where(visible_needs_clause(None), Need.status == NeedStatus.OPEN)
            .group_by(area)
        )
    }
    maximum = max([0, *counts.values()])
    spare = 0
    tiles = []
    for name in sorted(regions, key=lambda a: MAP_PLACES.get(a, (99, 99))[::-1]):
        if not name:
            continue
        place = MAP_PLACES.get(name)
        if place is None:  # an area the map does not place: along the last row
            place, spare = (spare, MAP_ROWS), spare + 1
        n = int(counts.get(name, 0))
        tiles.append(
            Tile(
                area=name,
                region=regions[name] or "",
                count=n,
                step=step(n, maximum),
                lines=wrap(area_name(name), width),
                column=place[0],
                row=place[1],
            )
        )
    rows = MAP_ROWS + (1 if spare else 0)
    return TileMap(tiles=tuple(tiles), columns=MAP_COLUMNS, rows=rows, maximum=maximum)
