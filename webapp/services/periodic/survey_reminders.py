"""Reminding States whose last survey is old: once a day the job looks, once per period per State.

The job is claimed once per day (``services.notices.schedule``), however many processes run it.
Each State whose last version is older than the period (``SURVEY_REMIND_DAYS``) and was not
reminded within it gets one ``survey_reminder`` notice per active representative (``notify``
leaves out who turned it off); the version records when, so a State is reminded at most once
per period, whatever runs the job (the sender's pass or ``cbmatch mail survey-reminders``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from webapp.services.needs import versions
from webapp.services.notices import schedule
from webapp.services.notices.record import notify, state_people
from webapp.services.proposals.pipeline import as_utc

JOB = "survey_reminders"
KIND = "survey_reminder"
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Outcome:
    """Whether the job ran (claimed the day), how many States it reminded, how many notices."""

    ran: bool
    states: int = 0
    notices: int = 0


def run(session: Session, now: datetime, *, days: int, force: bool = False) -> Outcome:
    """Remind the States whose survey is older than ``days``, if the job is due; commits.

    Due once a day; ``force`` runs it now (a State already reminded within the period is still
    not reminded again).
    """
    row = schedule.last_run(session, JOB)
    last = as_utc(row.last_run_at)
    session.commit()
    if not force and last is not None and now - last < DAY:
        return Outcome(False)
    if not schedule.claim_if_unchanged(session, JOB, now, last):
        session.rollback()
        return Outcome(False)
    due = versions.due_reminders(session, now, days)
    notices = 0
    for version in due:
        people = state_people(session, version.state_id)
        notices += len(notify(session, KIND, people, state=version.state_id,
                              version=version.number))  # fmt: skip
        version.reminded_at = now
    session.commit()
    return Outcome(True, len(due), notices)
