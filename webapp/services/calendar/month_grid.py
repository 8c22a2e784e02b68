"""The month grid of the calendar: whole weeks, each short activity on its days."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from webapp.services.bounds import FIRST_DAY, LAST_DAY
from webapp.services.calendar.queries import Activity, CalendarFilters, activities_between
from webapp.services.language import _
from webapp.services.querying import whole_number

#: The months the calendar can show; the ends keep month arithmetic inside ``date``'s range.
FIRST_MONTH, LAST_MONTH = FIRST_DAY.replace(day=1), LAST_DAY.replace(day=1)


@dataclass(frozen=True)
class Day:
    """One square of the month grid."""

    day: date
    in_month: bool
    is_today: bool
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class MonthGrid:
    """A month as whole weeks, and the long activities running in it."""

    month: date  # its first day
    weeks: tuple[tuple[Day, ...], ...]
    running: tuple[Activity, ...]

    @property
    def prev(self) -> date | None:
        """The first day of the month before (None before the first month shown)."""
        if self.month <= FIRST_MONTH:
            return None
        return (self.month - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date | None:
        """The first day of the month after (None after the last month shown)."""
        if self.month >= LAST_MONTH:
            return None
        return (self.month + timedelta(days=31)).replace(day=1)

    @property
    def dated(self) -> tuple[Activity, ...]:
        """The short activities drawn on the month's own days, once each, in order."""
        seen: dict[str, Activity] = {}
        for week in self.weeks:
            for d in week:
                if d.in_month:
                    for a in d.activities:
                        seen.setdefault(a.uid, a)
        return tuple(seen.values())


def month_key(month: date) -> str:
    """The ``?month=`` value of a month, e.g. "2027-03"."""
    return f"{month.year:04d}-{month.month:02d}"


def parse_month(text: str | None) -> tuple[date | None, str | None]:
    """The first day of a "YYYY-MM" month, or None and why it was not understood."""
    value = (text or "").strip()
    if not value:
        return None, None
    year, _dash, month = value.partition("-")
    number, month_number = whole_number(year), whole_number(month)
    if number is None or month_number is None or len(year) != 4 or not 1 <= month_number <= 12:
        return None, _("%(value)s is not a month written YYYY-MM, e.g. 2027-03", value=value[:20])
    first = date(number, month_number, 1)
    if not FIRST_MONTH <= first <= LAST_MONTH:
        return None, _(
            "the calendar covers %(first)s to %(last)s",
            first=FIRST_MONTH.year,
            last=LAST_MONTH.year,
        )
    return first, None


def month_grid(
    session: Session,
    filters: CalendarFilters,
    month: date,
    today: date,
    first_weekday: int = calendar.MONDAY,
) -> MonthGrid:
    """The month's weeks with each short activity on every day it covers.

    Each week starts on ``first_weekday`` (0 is Monday, 6 Sunday), as the reader's locale has it.
    """
    month = month.replace(day=1)
    weeks = calendar.Calendar(firstweekday=first_weekday).monthdatescalendar(
        month.year, month.month
    )
    first, last = weeks[0][0], weeks[-1][-1]
    found = activities_between(session, filters, first, last)
    month_end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    by_day: dict[date, list[Activity]] = {}
    for a in found:
        if a.long:
            continue
        day = max(a.start, first)
        while day <= min(a.end, last):
            by_day.setdefault(day, []).append(a)
            day += timedelta(days=1)
    grid = tuple(
        tuple(Day(d, d.month == month.month, d == today, tuple(by_day.get(d, ()))) for d in week)
        for week in weeks
    )
    running = tuple(a for a in found if a.long and a.start <= month_end and a.end >= month)
    return MonthGrid(month, grid, running)
