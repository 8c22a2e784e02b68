"""The calendar as an iCalendar (RFC 5545) feed that calendar programs can subscribe to."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

import icalendar
from sqlalchemy.orm import Session

from models import Event, Offer
from webapp.services.bounds import within
from webapp.services.calendar import queries as cal
from webapp.services.calendar.queries import Activity, CalendarFilters
from webapp.services.infra import kept
from webapp.services.language import _, reader, speaking

PRODID = "-//cbmatch//Capacity-building calendar//EN"
#: How often subscribers should fetch the feed again (RFC 7986 REFRESH-INTERVAL).
REFRESH = timedelta(hours=12)
#: Feeds kept at once (per filter and site address); building one at 10k offers takes seconds.
KEPT_FEEDS = 8


def _stamp(value: datetime | None, now: datetime) -> datetime:
    """A UTC time (SQLite gives back naive datetimes, which are UTC here)."""
    if value is None:
        return now
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _description(a: Activity, link: str) -> str:
    if a.kind == "offer":
        intro = _(
            "Offer of support by %(organiser)s, available for requests (%(dates)s).",
            organiser=a.organiser,
            dates=a.dates,
        )
    else:
        intro = _("Organised by %(organiser)s.", organiser=a.organiser)
    lines = [intro, "", a.description.strip(), ""]
    if a.topics:
        lines.append(_("Topics: %(topics)s", topics=", ".join(a.topics)))
    lines.append(a.audience + ".")
    if a.external_url:
        lines.append(_("Organiser's page: %(url)s", url=a.external_url))
    lines.append(_("On cbmatch: %(url)s", url=link))
    return "\n".join(lines)


def build_feed(
    activities: Iterable[Activity],
    *,
    name: str,
    link: Callable[[Activity], str],
    domain: str,
    now: datetime | None = None,
) -> bytes:
    """A VCALENDAR with one all-day VEVENT per activity.

    Args:
        activities: what to publish.
        name: the calendar's name, as subscribers see it.
        link: the absolute address of an activity's page.
        domain: the right-hand side of every UID, so that UIDs are unique and stable.
        now: the time of generation (DTSTAMP of records that have no change time).
    """
    now = now or datetime.now(UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # icalendar leaves vDuration.to_ical unannotated.
    ttl = icalendar.vDuration(REFRESH).to_ical().decode()  # type: ignore[no-untyped-call]
    cal.add("x-published-ttl", ttl)
    for a in activities:
        url = link(a)
        ev = icalendar.Event()
        ev.add("uid", f"{a.uid}@{domain}")
        ev.add("dtstamp", _stamp(a.updated_at, now))
        # Dates stored before they were bounded (9999-12-31) are shown at the range's ends, so
        # the day after an end always exists.
        ev.add("dtstart", within(a.start))
        ev.add("dtend", within(a.end) + timedelta(days=1))  # exclusive (RFC 5545 3.6.1)
        ev.add("summary", a.title)
        ev.add("description", _description(a, url))
        ev.add("url", url)
        if a.kind == "event" and a.where:
            ev.add("location", a.where)
        if a.topics:
            ev.add("categories", list(a.topics))
        ev.add("transp", "TRANSPARENT")  # a programme does not make anyone busy
        cal.add_component(ev)
    return bytes(cal.to_ical())


def kept_feed(
    session: Session,
    filters: CalendarFilters,
    today: date,
    *,
    name: str,
    host_url: str,
    link: Callable[[Activity], str],
) -> bytes:
    """The feed for these filters, built again only when an offer or event changed.

    At 10k offers building it takes about 5 s (most of it in icalendar's line folding), and
    calendar programs fetch it again and again. Links and UIDs name the site's address, so it
    is part of the key; at most ``KEPT_FEEDS`` feeds are kept. ``link`` gives an activity's
    absolute address.
    """
    domain = host_url.split("://", 1)[-1].split("/", 1)[0].partition(":")[0] or "cbmatch"
    speaker = reader()  # the feed is in the subscriber's language, whichever thread builds it

    def compute(session: Session) -> bytes:
        with speaking(speaker):
            return build_feed(
                cal.feed_activities(session, filters, today),
                name=name,
                link=link,
                domain=domain,
            )

    key = (
        f"ics:{host_url}|{speaker.code}|{filters.region}|{filters.topic}|{today.isoformat()}|{name}"
    )
    return kept(session, key, (Offer, Event), compute, limit=KEPT_FEEDS).ready()
