"""Who sees a State's maturity self-assessment: the State's choice, and the one check of it.

``can_view_maturity(session, user, state)`` is what every page (the State page, the directory,
the printed profile, the API) asks before showing a State's maturity; it reads the State's
choice and whether its survey was submitted, and leaves the rule to
``policy.can_view_maturity``.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import MaturityAudience, MaturitySharing, State, Survey, SurveyStatus, User
from webapp.services import policy
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import N_, Labels

log = logging.getLogger(__name__)

#: What a State that never chose gets: the focal point only.
DEFAULT = MaturityAudience.FOCAL_POINT

#: Who each choice shows the maturity to, in words.
AUDIENCE_LABELS: Labels[str] = Labels(
    {
        MaturityAudience.PUBLIC.value: N_("Everyone, signed in or not"),
        MaturityAudience.PROVIDERS.value: N_("Signed-in providers and the focal point"),
        MaturityAudience.FOCAL_POINT.value: N_("The focal point only"),
    }
)


def audience(session: Session, state: State) -> MaturityAudience:
    """Who the State chose to show its maturity to (``DEFAULT`` if it never chose)."""
    found = session.scalar(
        select(MaturitySharing.audience).where(MaturitySharing.state_id == state.id)
    )
    return MaturityAudience(found) if found is not None else DEFAULT


def chose(session: Session, state: State) -> bool:
    """Whether the State has made a choice (else it has the default)."""
    return (
        session.scalar(select(MaturitySharing.id).where(MaturitySharing.state_id == state.id))
        is not None
    )


def submitted(session: Session, state: State) -> bool:
    """Whether the State's survey was submitted (a draft maturity is never shown to others)."""
    status = session.scalar(select(Survey.status).where(Survey.state_id == state.id))
    return status is SurveyStatus.SUBMITTED


def can_view_maturity(session: Session, user: Any, state: State) -> bool:
    """Whether ``user`` may see ``state``'s maturity self-assessment, on any page or format."""
    return policy.can_view_maturity(
        user, state.id, audience(session, state), submitted=submitted(session, state)
    )


def set_audience(session: Session, state: State, value: str, *, actor: User) -> MaturitySharing:
    """Record who the State shows its maturity to (the audit log keeps the change).

    Raises:
        ValidationFailed: ``value`` is not one of the choices (field ``audience``).
    """
    try:
        chosen = MaturityAudience(value)
    except ValueError:
        raise ValidationFailed(
            [RecordError("maturity sharing", "audience", f"{value!r} is not a choice")]
        ) from None
    row = session.scalar(select(MaturitySharing).where(MaturitySharing.state_id == state.id))
    if row is None:
        row = MaturitySharing(state=state, audience=chosen, created_by_id=actor.id)
        session.add(row)
    row.audience = chosen
    row.updated_by_id = actor.id
    session.flush()
    log.info("maturity of %s shown to %s, chosen by user %s", state.iso3, chosen, actor.id)
    return row
