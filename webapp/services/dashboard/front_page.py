"""What the public front page shows: the latest records, what comes next, needs by area.

The latest needs and offers, the next activities of the calendar, open needs by M49 area and
the figures.

Everything here is what a visitor who is not signed in may see, whoever reads the page: the
needs come from the public list's own query (``needs.queries.search_needs`` as nobody), so a
confidential or draft need never shows, not even to the focal point or its own State, who have
their own pages for those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Match, MatchStatus, Need, Offer
from webapp.services.calendar.queries import (
    Activity,
    CalendarFilters,
    upcoming,
)
from webapp.services.dashboard.overview import PublicFigures, public_figures
from webapp.services.dashboard.tile_map import TileMap, tile_map
from webapp.services.needs.queries import search_needs
from webapp.services.offers.queries import search_offers
from webapp.services.policy import visible_needs_clause
from webapp.services.querying import Filters

#: How many needs, offers and activities each list of the front page shows.
LATEST = 5
#: Nobody: the front page shows what anyone may see (``visible_needs_clause(None)``).
NOBODY = None


@dataclass(frozen=True)
class FrontPage:
    """The front page's sections."""

    figures: PublicFigures
    completed: int  # matches completed for needs anyone may see
    coming_up: int  # activities not over yet: the count the calendar's list shows
    needs: list[Need]  # the newest open public needs
    offers: list[Offer]  # the newest open offers
    activities: list[Activity]  # the next ones, soonest first, none begun before today
    tiles: TileMap

    @property
    def empty(self) -> bool:
        """Whether nothing has been published yet."""
        return not (self.figures.open_needs or self.figures.open_offers or self.activities)


def completed_matches(session: Session) -> int:
    """Matches completed for needs anyone may see (a confidential need's match is left out)."""
    stmt = (
        select(func.count(Match.id))
        .join(Need, Need.id == Match.need_id)
        .where(Match.status == MatchStatus.COMPLETED, visible_needs_clause(NOBODY))
    )
    return int(session.scalar(stmt) or 0)


def next_activities(session: Session, today: date) -> list[Activity]:
    """The first ``LATEST`` activities starting today or later, soonest first.

    Activities already under way are left out: the front page says what comes next, the
    calendar's list has the rest.
    """
    return upcoming(session, CalendarFilters(), today, per_page=LATEST, under_way=False).items


def front_page(session: Session, today: date, *, tile_width: int = 13) -> FrontPage:
    """Every section of the front page, as a visitor who is not signed in sees it."""
    newest = Filters(sort="newest")
    return FrontPage(
        figures=public_figures(session),
        completed=completed_matches(session),
        coming_up=upcoming(session, CalendarFilters(), today, per_page=1).total,
        needs=list(search_needs(session, NOBODY, newest, 1, per_page=LATEST).items),
        offers=list(search_offers(session, newest, 1, per_page=LATEST).items),
        activities=next_activities(session, today),
        tiles=tile_map(session, width=tile_width),
    )
