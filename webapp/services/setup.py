"""Bring a database to the current schema with its reference data, and load the demo data."""

from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    Centre,
    Event,
    Factor,
    Lesson,
    Match,
    MatchStatus,
    Need,
    Offer,
    Organisation,
    Outcome,
    State,
    SupportType,
    Topic,
    User,
)
from seed_data.loaders import DEMO_DIR, load_reference
from webapp.services import text_language
from webapp.services.accounts.operations import create_user
from webapp.services.calendar.events import load_events
from webapp.services.directory.contacts import load_demo_contacts
from webapp.services.interchange.operations import import_file
from webapp.services.reports.rates import reporting_currency, set_rate
from webapp.services.setup_matches import load_demo_matches

log = logging.getLogger(__name__)
# The documented password of the demo accounts, which are for local use only.
DEMO_PASSWORD = "cbmatch-demo-2026"  # noqa: S105  # nosec B105
#: The statuses the demo's report counts matches in (suggestions come from ``cbmatch match``).
DEMO_STATUSES = (
    MatchStatus.SUGGESTED,
    MatchStatus.PROPOSED,
    MatchStatus.ACCEPTED,
    MatchStatus.IN_PROGRESS,
    MatchStatus.COMPLETED,
    MatchStatus.DECLINED,
    MatchStatus.WITHDRAWN,
)


def initialise_database(session: Session) -> str:
    """Run the migrations, upsert the reference data, detect missing languages; safe again.

    The languages of needs and offers stored before they were detected (NULL after migration
    0010) are filled here rather than in a data migration: detection is the application's own
    code (``text_language.detect``), which a migration would have to import or copy.
    """
    upgrade()
    changed = load_reference(session)
    text_language.fill_missing(session)
    s = session
    return (
        f"Reference data: {s.scalar(select(func.count(State.id)))} States, "
        f"{s.scalar(select(func.count(Topic.id)))} topics, "
        f"{s.scalar(select(func.count(SupportType.id)))} support types, "
        f"{s.scalar(select(func.count(Factor.id)))} CMM factors, "
        f"{s.scalar(select(func.count(Centre.id)))} capacity-building centres "
        f"({changed} rows added or changed)."
    )


def load_demo_rates(session: Session, path: Path) -> int:
    """The demo's exchange rates, when the reporting currency is theirs; returns how many."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if reporting_currency() != data["reporting_currency"]:
        return 0  # rates into another currency would be wrong figures, not demo ones
    by = session.scalar(select(User.id).where(User.email == data["entered_by"]))
    for entry in data["rates"]:
        set_rate(session, entry["currency"], Decimal(entry["rate"]),
                 date.fromisoformat(entry["valid_from"]), by)  # fmt: skip
    return len(data["rates"])


def load_demo(session: Session, demo_dir: Path = DEMO_DIR) -> str:
    """Import the demo needs, offers, events, accounts, contacts and matches; idempotent."""
    needs = import_file(session, "needs", demo_dir / "needs.json")
    offers = import_file(session, "offers", demo_dir / "offers.json")
    events = load_events(session, demo_dir / "events.json")
    accounts = json.loads((demo_dir / "accounts.json").read_text(encoding="utf-8"))
    existing = set(session.scalars(select(User.email)))
    created = 0
    for acc in accounts:
        if acc["email"].lower() in existing:
            continue
        create_user(
            session,
            email=acc["email"],
            name=acc["name"],
            role=acc["role"],
            password=DEMO_PASSWORD,
            state_code=acc.get("state"),
            organisation=acc.get("organisation"),
        )
        created += 1
    contacts = load_demo_contacts(session, demo_dir / "contacts.json")
    matches = load_demo_matches(session, demo_dir / "matches.json")
    load_demo_rates(session, demo_dir / "rates.json")
    by_status = dict(
        session.execute(select(Match.status, func.count(Match.id)).group_by(Match.status)).all()
    )
    return (
        f"Demo data: needs {needs.created} created, {needs.updated} updated, "
        f"{needs.unchanged} unchanged; offers {offers.created} created, {offers.updated} updated, "
        f"{offers.unchanged} unchanged; events {events.created} created, {events.updated} updated, "
        f"{events.unchanged} unchanged; {created} accounts created; "
        f"{contacts} points of contact created; {matches} matches created. "
        f"Totals: {session.scalar(select(func.count(Need.id)))} needs, "
        f"{session.scalar(select(func.count(Offer.id)))} offers, "
        f"{session.scalar(select(func.count(Organisation.id)))} organisations, "
        f"{session.scalar(select(func.count(Event.id)))} events, "
        f"{session.scalar(select(func.count(User.id)))} accounts, "
        f"{sum(by_status.values())} matches ("
        + ", ".join(f"{by_status.get(s, 0)} {s.value}" for s in DEMO_STATUSES)
        + f"), {session.scalar(select(func.count(Outcome.id)))} outcomes, "
        f"{session.scalar(select(func.count(Lesson.id)))} lessons learnt. "
        f"Demo password for every demo account: {DEMO_PASSWORD}"
    )
