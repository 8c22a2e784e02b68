"""The re-ranker's schedule as a periodic job of the sender's pass (with the app's settings)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy.orm import Session

from webapp.notices.compose import job
from webapp.services.periodic import learning


@job(learning.JOB)
def learn_job(session: Session) -> int:
    """Fit the re-ranker again when due; writes no e-mail."""
    config = current_app.config
    learning.run(
        session,
        datetime.now(UTC),
        min_labels=int(config.get("LEARN_MIN_DECISIONS", 50)),
        after=int(config.get("LEARN_AFTER_DECISIONS", 25)),
    )
    return 0
