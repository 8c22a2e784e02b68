"""Calendar events: validate, create, change and delete them, and load the demo events.

The web form and the demo loader go through the same checks (``check_event``), so a demo event
is held to the rules a focal point or provider meets on the form. Functions flush; the caller
commits.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Event, Organisation, Topic, User
from webapp.services.bounds import INVISIBLE_ONLY, day_problem, shows_nothing
from webapp.services.checked import Checked, valid_data
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.interchange.records import Reference
from webapp.services.refs import event_refs, insert_with_ref

log = logging.getLogger(__name__)
WHERE = "event form"
MAX_DAYS = 366
FIELDS = ("ref", "title", "description", "starts_on", "ends_on", "location", "online", "url",
          "topics", "eligible", "organisation")  # fmt: skip


@dataclass(frozen=True)
class EventInput:
    """What was typed into the event form (or read from a demo file), before validation."""

    title: str
    description: str
    starts_on: date | None
    ends_on: date | None = None  # None: a one-day event
    location: str = ""
    online: bool = False
    url: str = ""
    topics: tuple[str, ...] = ()
    eligible: tuple[str, ...] = ()
    organisation: str | None = None  # an organisation's name; None: the focal point's own


@dataclass(frozen=True)
class LoadCounts:
    """What loading a file of events did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _url_problem(url: str) -> str | None:
    if len(url) > 500:
        return f"is {len(url)} characters long; the limit is 500"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "must be a full web address such as https://example.org/page"
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return "cannot contain spaces"
    return None


def check_event(
    session: Session, values: EventInput, reference: Reference | None = None
) -> tuple[tuple[str, ...], list[RecordError]]:
    """Every problem with these values; writes nothing.

    Returns:
        The eligibility items in their canonical spelling, and the errors (empty when valid).
    """
    ref = reference or Reference.load(session)
    errors: list[RecordError] = []

    def fail(field: str, reason: str) -> None:
        errors.append(RecordError(WHERE, field, reason))

    for field, limit in (("title", 200), ("description", 5000), ("location", 200)):
        text = getattr(values, field).strip()
        if not text and field != "location":
            fail(field, "is required")
        elif text and shows_nothing(text):
            fail(field, INVISIBLE_ONLY)
        elif len(text) > limit:
            fail(field, f"is {len(text)} characters long; the limit is {limit}")
    for field in ("starts_on", "ends_on"):
        day = getattr(values, field)
        if day is not None and (problem := day_problem(day)):
            fail(field, problem)
    if values.starts_on is None:
        fail("starts_on", "is required")
    elif values.ends_on is not None:
        days = (values.ends_on - values.starts_on).days + 1
        if days < 1:
            fail("ends_on", f"is before the start date ({values.starts_on.isoformat()})")
        elif days > MAX_DAYS:
            fail("ends_on", f"is {days} days after the start; an event lasts at most a year")
    if not values.location.strip() and not values.online:
        fail("location", "is required unless the event is online")
    if values.url.strip() and (problem := _url_problem(values.url.strip())):
        fail("url", problem)
    unknown = [t for t in values.topics if t not in ref.topics]
    if unknown:
        fail("topics", f"unknown topic: {', '.join(unknown)}")
    eligible: list[str] = []
    for item in values.eligible:
        canonical = ref.eligibility.get(item.strip().lower())
        if canonical is None:
            fail("eligible", f"{item!r} is not a State code, an M49 region, or SIDS/LDC/LLDC")
        elif canonical not in eligible:
            eligible.append(canonical)
    if values.organisation and _organisation(session, values.organisation) is None:
        fail("organisation", f"{values.organisation!r} is not an organisation known to cbmatch")
    return tuple(eligible), errors


def _organisation(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.name == name))


def _apply(session: Session, event: Event, values: EventInput, eligible: tuple[str, ...]) -> bool:
    """Copy valid values onto the event; return whether anything changed."""
    assert values.starts_on is not None  # noqa: S101  # nosec B101
    org = _organisation(session, values.organisation) if values.organisation else None
    slugs = sorted(set(values.topics))
    topics = list(session.scalars(select(Topic).where(Topic.slug.in_(slugs)).order_by(Topic.slug)))
    wanted: dict[str, Any] = {
        "title": values.title.strip(),
        "description": values.description.strip(),
        "starts_on": values.starts_on,
        "ends_on": values.ends_on or values.starts_on,
        "location": values.location.strip(),
        "online": values.online,
        "url": values.url.strip(),
        "eligible": list(eligible),
        "organisation_id": org.id if org else None,
    }
    changed = False
    for key, value in wanted.items():
        if getattr(event, key) != value:
            setattr(event, key, value)
            changed = True
    if [t.slug for t in event.topics] != slugs:
        event.topics = topics
        changed = True
    return changed


def checked_event(session: Session, values: EventInput) -> Checked[tuple[str, ...]]:
    """Validate once, for ``create_event`` or ``update_event`` to write without checking again.

    Returns:
        The eligibility items in their canonical spelling (None when invalid), and the errors.
    """
    eligible, errors = check_event(session, values)
    return Checked(values, None if errors else eligible, tuple(errors))


def next_ref(session: Session, today: date | None = None) -> str:
    """The next free event ref of the year, e.g. ``E-2026-011``."""
    return event_refs(today).next_free(session)


def create_event(
    session: Session,
    values: EventInput,
    *,
    actor: User,
    checked: Checked[tuple[str, ...]] | None = None,
) -> Event:
    """Validate and store a new event under a generated ref.

    ``checked`` is ``checked_event``'s result for these values, if the caller has it. A ref
    taken meanwhile, even by a save racing this one, is replaced by the next free one.

    Raises:
        ValidationFailed: with every problem found; nothing is written.
    """
    eligible = valid_data(checked, values, lambda: checked_event(session, values))

    def build(ref: str) -> Event:
        event = Event(ref=ref, created_by_id=actor.id, updated_by_id=actor.id)
        _apply(session, event, values, eligible)
        session.add(event)
        return event

    event = insert_with_ref(session, event_refs(), build)
    log.info("event %s created by user %s", event.ref, actor.id)
    return event


def update_event(
    session: Session,
    event: Event,
    values: EventInput,
    *,
    actor: User,
    checked: Checked[tuple[str, ...]] | None = None,
) -> Event:
    """Validate and store new values for an event; its ref stays.

    ``checked`` is ``checked_event``'s result for these values, if the caller has it.

    Raises:
        ValidationFailed: with every problem found; nothing is written.
    """
    eligible = valid_data(checked, values, lambda: checked_event(session, values))
    if _apply(session, event, values, eligible):
        event.updated_by_id = actor.id
    session.flush()
    log.info("event %s updated by user %s", event.ref, actor.id)
    return event


def delete_event(session: Session, event: Event, *, actor: User) -> None:
    """Remove an event from the calendar for good."""
    log.info("event %s deleted by user %s", event.ref, actor.id)
    session.delete(event)
    session.flush()


def event_by_ref(session: Session, ref: str) -> Event | None:
    """The event with this ref (events are public)."""
    return session.scalar(select(Event).where(Event.ref == ref))


# --- files of events (the demo data) ---------------------------------------------------------


def _day(raw: Mapping[str, Any], field: str, where: str, errors: list[RecordError]) -> date | None:
    value = raw.get(field)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.append(RecordError(where, field, f"{value!r} is not a date in the form YYYY-MM-DD"))
        return None


def _from_record(raw: Mapping[str, Any], where: str) -> tuple[EventInput, list[RecordError]]:
    errors = [RecordError(where, str(k), "unknown field") for k in raw if k not in FIELDS]
    values = EventInput(
        title=str(raw.get("title") or ""),
        description=str(raw.get("description") or ""),
        starts_on=_day(raw, "starts_on", where, errors),
        ends_on=_day(raw, "ends_on", where, errors),
        location=str(raw.get("location") or ""),
        online=raw.get("online") is True,
        url=str(raw.get("url") or ""),
        topics=tuple(raw.get("topics") or ()),
        eligible=tuple(raw.get("eligible") or ()),
        organisation=raw.get("organisation") or None,
    )
    return values, errors


def load_events(session: Session, path: Path) -> LoadCounts:
    """Upsert the events of a JSON file by ref; identical events are left alone.

    Raises:
        ValidationFailed: with every problem of every record; nothing is written.
    """
    records = json.loads(path.read_text(encoding="utf-8"))
    reference = Reference.load(session)
    checked: list[tuple[str, EventInput, tuple[str, ...]]] = []
    errors: list[RecordError] = []
    for i, raw in enumerate(records):
        where = f"{path.name} item {i + 1} (ref {raw.get('ref')})"
        values, problems = _from_record(raw, where)
        eligible, more = check_event(session, values, reference)
        problems += [RecordError(where, e.field, e.reason) for e in more]
        if not str(raw.get("ref") or "").strip():
            problems.append(RecordError(where, "ref", "is required"))
        errors += problems
        checked.append((str(raw.get("ref") or "").strip(), values, eligible))
    if errors:
        raise ValidationFailed(errors)
    existing = {e.ref: e for e in session.scalars(select(Event))}
    created = updated = unchanged = 0
    for ref, values, eligible in checked:
        event = existing.get(ref)
        if event is None:
            event = Event(ref=ref)
            _apply(session, event, values, eligible)
            session.add(event)
            created += 1
        elif _apply(session, event, values, eligible):
            updated += 1
        else:
            unchanged += 1
    session.flush()
    return LoadCounts(created, updated, unchanged)
