"""A match's outcome: who took part (by sex), which institutions, when, and the State's word.

The provider or the focal point enters it while the match runs or once it is completed; the
focal point completes a match with it (the result statement is required then); the State
confirms it and may rate how well the support met its need. A change to a confirmed outcome
asks the State again; each time a completed match's outcome is entered or changed, its State's
representatives are told (``outcome_to_confirm``). Functions flush; the caller commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Match, MatchStatus, Outcome, User
from models.base import utcnow
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _
from webapp.services.notices.kinds import OUTCOME_TO_CONFIRM
from webapp.services.notices.record import notify, state_people
from webapp.services.proposals import pipeline
from webapp.services.proposals.operations import MAX_NOTE, side_of

log = logging.getLogger(__name__)
WHERE = "outcome"
#: More people than any one capacity-building activity reaches: a typing slip, not a figure.
MAX_COUNT = 1_000_000
COUNTS = ("women", "men", "not_recorded", "institutions")
RATINGS = (1, 2, 3, 4, 5)
#: Matches whose outcome may be entered: under way or done.
ENTERABLE = frozenset({MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED})


@dataclass(frozen=True)
class OutcomeInput:
    """What was typed into an outcome form; anything not a number stays as sent, to be named."""

    result: str = ""
    women: int | str | None = None
    men: int | str | None = None
    not_recorded: int | str | None = None
    institutions: int | str | None = None
    delivered_from: date | None = None
    delivered_to: date | None = None
    gender_marker: int | str | None = None


def outcome_of(session: Session, match: Match) -> Outcome | None:
    """The match's outcome figures, or None when nobody entered them."""
    return session.scalar(select(Outcome).where(Outcome.match_id == match.id))


def may_enter(user: User, match: Match) -> bool:
    """The focal point, or the match's provider, on a match under way or completed."""
    return match.status in ENTERABLE and (
        pipeline.is_focal(user) or side_of(user, match) == "provider"
    )


def may_confirm(user: User, match: Match) -> bool:
    """The State's representatives, once the match is completed."""
    return match.status is MatchStatus.COMPLETED and side_of(user, match) == "state"


def check(values: OutcomeInput, *, result_required: bool) -> list[RecordError]:
    """Every problem with the values (empty when they are valid); writes nothing."""
    errors = []
    if result_required and not values.result.strip():
        errors.append(RecordError(WHERE, "outcome", _(
            "Describe the outcome: what was delivered, and what the State gained.")))  # fmt: skip
    if len(values.result.strip()) > MAX_NOTE:
        errors.append(RecordError(WHERE, "outcome", _(
            "Keep it under %(limit)d characters.", limit=MAX_NOTE)))  # fmt: skip
    for name in COUNTS:
        value = getattr(values, name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors.append(RecordError(WHERE, name, _("Give a whole number, 0 or more.")))
        elif value > MAX_COUNT:
            errors.append(RecordError(WHERE, name, _(
                "%(value)d is more than %(most)d: check the figure.", value=value,
                most=MAX_COUNT)))  # fmt: skip
    start, end = values.delivered_from, values.delivered_to
    if start and end and end < start:
        errors.append(RecordError(WHERE, "delivered_to", _(
            "The last day of delivery is before the first (%(start)s).",
            start=start.isoformat())))  # fmt: skip
    if values.gender_marker is not None and values.gender_marker not in (0, 1, 2):
        errors.append(RecordError(WHERE, "gender_marker", _(
            "Choose 0 (not targeted), 1 (significant) or 2 (principal).")))  # fmt: skip
    return errors


def _count(value: int | str | None) -> int:
    return value if isinstance(value, int) else 0


def _store(session: Session, match: Match, values: OutcomeInput, actor: User) -> Outcome:
    row = outcome_of(session, match)
    if row is None:
        row = Outcome(match=match, created_by_id=actor.id)
        session.add(row)
    before = _figures(row)
    row.women, row.men = _count(values.women), _count(values.men)
    row.not_recorded, row.institutions = _count(values.not_recorded), _count(values.institutions)
    row.delivered_from, row.delivered_to = values.delivered_from, values.delivered_to
    marker = values.gender_marker
    row.gender_marker = marker if isinstance(marker, int) else None
    result = values.result.strip()
    changed = before != _figures(row) or (bool(result) and result != match.outcome)
    if result:
        match.outcome = result
    if changed and row.confirmed_at is not None:  # the State confirmed other figures
        row.confirmed_at, row.confirmed_by_id = None, None
    row.updated_by_id = actor.id
    session.flush()
    if changed and match.status is MatchStatus.COMPLETED:  # the State has something to confirm
        notify(session, OUTCOME_TO_CONFIRM.code, state_people(session, match.need.state_id),
               actor=actor, match=match.id)  # fmt: skip
    return row


def _figures(row: Outcome) -> tuple[object, ...]:
    return (row.women, row.men, row.not_recorded, row.institutions, row.delivered_from,
            row.delivered_to, row.gender_marker)  # fmt: skip


def record(session: Session, match: Match, values: OutcomeInput, *, actor: User) -> Outcome:
    """Enter or change the outcome of a match under way or completed.

    Raises:
        ValidationFailed: the actor may not enter it, or a value is wrong; nothing is written.
    """
    if not may_enter(actor, match):
        raise ValidationFailed([RecordError(WHERE, "outcome", _(
            "Only the provider and the focal point can enter the outcome of a match that is "
            "accepted, in progress or completed."))])  # fmt: skip
    errors = check(values, result_required=match.status is MatchStatus.COMPLETED)
    if errors:
        raise ValidationFailed(errors)
    row = _store(session, match, values, actor)
    log.info("outcome of match %s entered by user %s", match.id, actor.id)
    return row


def complete(session: Session, match: Match, values: OutcomeInput, *, actor: User) -> Match:
    """Complete the match (the focal point) with its outcome: the move and the figures, or nothing.

    Raises:
        ValidationFailed: the move is not allowed now, or a value is wrong; nothing is written.
    """
    why = pipeline.refusal(actor, match, MatchStatus.COMPLETED)
    if why is not None:
        raise ValidationFailed([RecordError(WHERE, "status", why)], why)
    errors = check(values, result_required=True)
    if errors:
        raise ValidationFailed(errors)
    pipeline.move(session, match, MatchStatus.COMPLETED, actor=actor, note=values.result)
    _store(session, match, values, actor)
    return match


def confirm(
    session: Session, match: Match, *, actor: User, rating: int | str | None, comment: str
) -> Outcome:
    """The State confirms the outcome, with an optional rating (1-5) and comment.

    Raises:
        ValidationFailed: the actor is not the match's State, the match is not completed, no
            outcome was entered, or the rating or comment is wrong; nothing is written.
    """
    row = outcome_of(session, match)
    errors = []
    if not may_confirm(actor, match):
        errors.append(RecordError(WHERE, "rating", _(
            "Only the State's representatives can confirm the outcome of a completed "
            "match.")))  # fmt: skip
    elif row is None:
        errors.append(RecordError(WHERE, "rating", _(
            "There is no outcome to confirm yet: the provider or the focal point enters it "
            "first.")))  # fmt: skip
    if rating is not None and rating not in RATINGS:
        errors.append(RecordError(WHERE, "rating", _("Choose a rating from 1 to 5, or none.")))
    if len(comment.strip()) > MAX_NOTE:
        errors.append(RecordError(WHERE, "comment", _(
            "Keep it under %(limit)d characters.", limit=MAX_NOTE)))  # fmt: skip
    if errors or row is None:  # no row is an error above
        raise ValidationFailed(errors)
    row.confirmed_at, row.confirmed_by_id = utcnow(), actor.id
    row.rating = rating if isinstance(rating, int) else None
    row.rating_comment = comment.strip()
    row.updated_by_id = actor.id
    session.flush()
    log.info("outcome of match %s confirmed by user %s", match.id, actor.id)
    return row
