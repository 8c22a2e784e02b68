"""The calendar of capacity-building programmes: dated activities, the month grid, the list.

An activity is either an open offer that gives both ends of its availability window, or a
calendar event. Needs never appear here: they may be confidential, and the calendar is public.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, func, literal, select, union_all
from sqlalchemy.orm import Session, selectinload

from models import Event, Offer, OfferStatus, State, Topic
from webapp.services import text_language
from webapp.services.language import ENGLISH, N_, Labels, _, label, name, speaking
from webapp.services.querying import PageNumbers, QueryFilters
from webapp.services.reference.areas import area_groups, offer_reaches_area, reaches_area
from webapp.services.reference.choices import topic_choices
from webapp.services.reference.names import area_name
from webapp.services.vocab import MODALITY_LABELS

#: Activities longer than this are listed as running through the month, not drawn on each day.
LONG_DAYS = 14
#: How far back the iCalendar feed goes, so that a subscriber keeps recent history.
FEED_PAST_DAYS = 365
KIND_LABELS: Labels[str] = Labels({"offer": N_("Offer"), "event": N_("Event")})


@dataclass(frozen=True)
class CalendarFilters(QueryFilters):
    """The region (any M49 level, group or ISO3 code) and topic slug asked for; None: any."""

    region: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Activity:
    """One dated thing on the calendar, whichever record it comes from."""

    kind: str  # "offer" or "event"
    ref: str
    title: str
    start: date
    end: date  # the last day, inclusive
    organiser: str
    where: str
    regions: tuple[str, ...]  # eligibility items in words; empty: open to every State
    topics: tuple[str, ...]  # topic labels
    description: str
    external_url: str  # a link the organiser gave (events only), or ""
    updated_at: datetime | None
    #: The language of an offer's title and description (None: an event, or not known).
    text_language: str | None = None

    @property
    def days(self) -> int:
        """How many calendar days it covers."""
        return (self.end - self.start).days + 1

    @property
    def long(self) -> bool:
        """Whether it runs for more than two weeks (a programme window, not a dated session)."""
        return self.days > LONG_DAYS

    @property
    def kind_label(self) -> str:
        """The kind in words: Offer or Event."""
        return KIND_LABELS[self.kind]

    @property
    def dates(self) -> str:
        """Its dates as YYYY-MM-DD, e.g. "2027-03-01 to 2027-03-03"."""
        if self.start == self.end:
            return self.start.isoformat()
        return _("%(start)s to %(end)s", start=self.start.isoformat(), end=self.end.isoformat())

    @property
    def audience(self) -> str:
        """Whom it is for, in words."""
        if not self.regions:
            return _("Open to every State")
        return _("Open to %(places)s", places=", ".join(self.regions))

    @property
    def uid(self) -> str:
        """A name that stays the same for this activity (the iCalendar UID before the @)."""
        return f"{self.kind}-{self.ref}"


# --- filters ---------------------------------------------------------------------------------


def region_values(session: Session) -> set[str]:
    """Every region, group and sub-region the region filter accepts."""
    return {value for _, pairs in area_groups(session) for value, _ in pairs}


def topic_values(session: Session) -> set[str]:
    """Every topic slug the topic filter accepts."""
    return {slug for slug, _ in topic_choices(session)}


def _offer_where(f: CalendarFilters, first: date | None, last: date | None) -> list[Any]:
    where: list[Any] = [
        Offer.status == OfferStatus.OPEN,
        Offer.start.is_not(None),
        Offer.end.is_not(None),
    ]
    if first is not None:
        where.append(Offer.end >= first)
    if last is not None:
        where.append(Offer.start <= last)
    if f.topic:
        where.append(Offer.topics.any(Topic.slug == f.topic))
    if f.region:
        where.append(offer_reaches_area(f.region))
    return where


def _event_where(
    session: Session, f: CalendarFilters, first: date | None, last: date | None
) -> list[Any]:
    where: list[ColumnElement[bool]] = []
    if first is not None:
        where.append(Event.ends_on >= first)
    if last is not None:
        where.append(Event.starts_on <= last)
    if f.topic:
        where.append(Event.topics.any(Topic.slug == f.topic))
    if f.region:
        where.append(reaches_area(session, Event.eligible, f.region))
    return where


# --- records to activities -------------------------------------------------------------------


def _names(items: Iterable[str], states: dict[str, str]) -> tuple[str, ...]:
    return tuple(states.get(i) or area_name(i) for i in items)


def _state_names(session: Session) -> dict[str, str]:
    """ISO3 -> the State's name in the reader's language."""
    return {s.iso3: name(s) for s in session.scalars(select(State))}


def _from_offer(o: Offer, states: dict[str, str]) -> Activity:
    assert o.start is not None  # noqa: S101  # nosec B101
    assert o.end is not None  # noqa: S101  # nosec B101
    return Activity(
        kind="offer",
        ref=o.ref,
        title=o.title,
        start=o.start,
        end=o.end,
        organiser=o.organisation.name,
        where=_("Delivery: %(modality)s", modality=MODALITY_LABELS.get(o.modality, o.modality)),
        regions=_names(o.eligible, states),
        topics=tuple(label(t) for t in o.topics),
        description=o.description,
        external_url="",
        updated_at=o.updated_at,
        text_language=o.text_language,
    )


def _from_event(e: Event, states: dict[str, str]) -> Activity:
    return Activity(
        kind="event",
        ref=e.ref,
        title=e.title,
        start=e.starts_on,
        end=e.ends_on,
        organiser=e.organisation.name if e.organisation else _("the capacity-building focal point"),
        where=e.where,
        regions=_names(e.eligible, states),
        # events do not keep the language they are written in: a few letters tell it
        text_language=text_language.detect(e.title, f"{e.where} {e.description}"),
        topics=tuple(label(t) for t in e.topics),
        description=e.description,
        external_url=e.url,
        updated_at=e.updated_at,
    )


def _sort_key(a: Activity) -> tuple[date, date, str, str, str]:
    return (a.start, a.end, a.title.lower(), a.kind, a.ref)


def activities_between(
    session: Session, filters: CalendarFilters, first: date | None, last: date | None
) -> list[Activity]:
    """Every activity that passes the filters and overlaps [first, last] (None: no bound)."""
    states = _state_names(session)
    offers = session.scalars(
        select(Offer)
        .where(*_offer_where(filters, first, last))
        .options(selectinload(Offer.organisation), selectinload(Offer.topics))
    )
    events = session.scalars(
        select(Event)
        .where(*_event_where(session, filters, first, last))
        .options(selectinload(Event.organisation), selectinload(Event.topics))
    )
    found = [_from_offer(o, states) for o in offers] + [_from_event(e, states) for e in events]
    return sorted(found, key=_sort_key)


def feed_activities(session: Session, filters: CalendarFilters, today: date) -> list[Activity]:
    """What the iCalendar feed holds: the last year's activities and every later one.

    In English whoever asks: the feed is kept for every reader alike, and calendar programs
    fetch it without a language.
    """
    with speaking(ENGLISH):
        return activities_between(session, filters, today - timedelta(days=FEED_PAST_DAYS), None)


# --- the list of upcoming activities ---------------------------------------------------------


@dataclass(frozen=True)
class ActivityPage(PageNumbers):
    """One page of activities, shaped like a Flask-SQLAlchemy pagination for the macro."""

    items: list[Activity]
    page: int
    per_page: int
    total: int


def upcoming(
    session: Session,
    filters: CalendarFilters,
    today: date,
    page: int = 1,
    *,
    per_page: int,
    under_way: bool = True,
) -> ActivityPage:
    """Activities not yet over, soonest first, one page at a time (past the end: the last).

    ``under_way=False`` leaves out those begun before ``today``: what comes next.
    """
    offers = select(
        literal("offer", String).label("kind"),
        Offer.id.label("id"),
        Offer.start.label("start"),
        Offer.end.label("end"),
        func.lower(Offer.title).label("title"),
    ).where(*_offer_where(filters, today, None), *([] if under_way else [Offer.start >= today]))
    events = select(
        literal("event", String).label("kind"),
        Event.id.label("id"),
        Event.starts_on.label("start"),
        Event.ends_on.label("end"),
        func.lower(Event.title).label("title"),
    ).where(
        *_event_where(session, filters, today, None),
        *([] if under_way else [Event.starts_on >= today]),
    )
    keys = union_all(offers, events).subquery()
    total = int(session.scalar(select(func.count()).select_from(keys)) or 0)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    rows = session.execute(
        select(keys.c.kind, keys.c.id)
        .order_by(keys.c.start, keys.c.end, keys.c.title, keys.c.kind, keys.c.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    states = _state_names(session)
    wanted = {kind: [r.id for r in rows if r.kind == kind] for kind in ("offer", "event")}
    loaded: dict[tuple[str, int], Activity] = {}
    for o in session.scalars(
        select(Offer)
        .where(Offer.id.in_(wanted["offer"]))
        .options(selectinload(Offer.organisation), selectinload(Offer.topics))
    ):
        loaded["offer", o.id] = _from_offer(o, states)
    for e in session.scalars(
        select(Event)
        .where(Event.id.in_(wanted["event"]))
        .options(selectinload(Event.organisation), selectinload(Event.topics))
    ):
        loaded["event", e.id] = _from_event(e, states)
    items = [loaded[r.kind, r.id] for r in rows]
    return ActivityPage(items=items, page=page, per_page=per_page, total=total)


def group_by_month(
    items: Iterable[Activity], today: date
) -> list[tuple[date | None, list[Activity]]]:
    """A list sorted by start in groups: under way (None) first, then one per month of start."""
    groups: list[tuple[date | None, list[Activity]]] = []
    for a in items:
        heading = None if a.start < today else a.start.replace(day=1)
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(a)
    return groups
