"""The survey reminder: a State's last survey is older than the period (``SURVEY_REMIND_DAYS``).

The job runs once a day in the sender's pass (``cbmatch mail survey-reminders`` runs it now);
the e-mail is worded when composed, in its reader's language, and only if the State has still
not updated since.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from models import Notice, State, User, base
from webapp.formatting import day
from webapp.mailing import site_link
from webapp.notices.compose import compose_pending, composer, job
from webapp.notices.letters import Letter
from webapp.services.language import name as place_name
from webapp.services.needs import versions
from webapp.services.periodic import survey_reminders


def remind_days() -> int:
    """The period after which a survey is out of date (``SURVEY_REMIND_DAYS``)."""
    return int(current_app.config.get("SURVEY_REMIND_DAYS", 365))


@composer(survey_reminders.KIND)
def survey_reminder(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To a State's representative: the survey was last submitted long ago; update it."""
    state = session.get(State, int(notice.refs.get("state", 0)))
    if state is None or reader.state_id != state.id:
        return None
    last = versions.latest(session, state)
    if last is None or versions.as_utc(last.submitted_at) >= versions.cutoff(
        base.utcnow(), remind_days()
    ):
        return None  # updated since the reminder was written
    return Letter(
        subject=_("cbmatch: time to update the needs survey of %(state)s", state=place_name(state)),
        template="mail/survey_reminder",
        link=site_link("survey.index"),
        values={
            "state": place_name(state), "last": day(last.submitted_at), "number": last.number,
            "history": site_link("survey.history", code=state.iso3),
        },
    )  # fmt: skip


def run_reminders(session: Session, *, force: bool = False) -> Any:
    """The reminders job with the app's settings and clock."""
    return survey_reminders.run(session, base.utcnow(), days=remind_days(), force=force)


@job(survey_reminders.JOB)
def reminders_job(session: Session) -> int:
    """Today's reminders, if due, written and composed in the same pass."""
    if not run_reminders(session).notices:
        return 0
    return compose_pending(session)
