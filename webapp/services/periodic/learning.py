"""Fit the re-ranker again on a schedule: once a week, or sooner after enough new decisions.

The job runs in the sender's pass (``webapp.notices.jobs_learning``). It is due when there are
decisions it has not seen and either a week has passed since its last run or ``after`` new
decisions came in (``ScheduledRun.mark`` keeps the count it last saw). The fit is computed
before the run is claimed, so a slow fit holds no lock; then the claim (one conditional UPDATE,
``notices.schedule.claim_if_unchanged``) lets one process only store it, however many ran it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from webapp.services.matching import learning
from webapp.services.notices import schedule
from webapp.services.proposals.pipeline import as_utc

JOB = "learn_reranker"
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Outcome:
    """Whether this process ran the job (claimed the period), and what the fit found."""

    ran: bool
    report: learning.LearnReport | None = None


def due(last: datetime | None, seen: int, count: int, now: datetime, after: int) -> bool:
    """Whether a fit is due: new decisions, and a week passed or ``after`` new ones."""
    if count == seen:
        return False
    return last is None or count - seen >= after or now - last >= WEEK


def run(
    session: Session, now: datetime, *, min_labels: int, after: int, force: bool = False
) -> Outcome:
    """Fit and store the re-ranker if it is due (or ``force``); commits."""
    row = schedule.last_run(session, JOB)
    last = as_utc(row.last_run_at)
    seen = int((row.mark or {}).get("decisions", 0))
    count = learning.decision_count(session)
    session.commit()
    if not force and not due(last, seen, count, now, after):
        return Outcome(False)
    report = learning.learn(session, min_labels=min_labels, dry_run=True)
    session.rollback()  # the fit only read
    if not schedule.claim_if_unchanged(session, JOB, now, last, {"decisions": count}):
        session.rollback()
        return Outcome(False)
    learning.store(session, report)
    session.commit()
    return Outcome(True, report)
