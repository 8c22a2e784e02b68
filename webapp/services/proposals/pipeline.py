"""The match pipeline's rules: who may move a match to which status, notes, and milestone dates.

After both sides accept a proposal (``webapp.services.proposals``), a match is followed to its
end here:

- accepted -> in progress: the focal point, the State or the provider;
- accepted or in progress -> completed: the focal point only, with an outcome note;
- proposed, accepted or in progress -> withdrawn: the focal point, the State or the provider,
  with a reason.

Every move, and every free-text note, is a MatchEvent; a note keeps the status unchanged
(``from_status == to_status``), so one history holds both; each tells the match's other people
by e-mail (notices ``match_moved`` and ``match_note``). A milestone date ("accepted at")
is when the first event that moved the match into that status was written.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, func, or_, select
from sqlalchemy.orm import Session, selectinload

from models import Match, MatchEvent, MatchStatus, Need, Offer, Role, User
from models.base import utcnow
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import N_, _
from webapp.services.notices.kinds import MATCH_MOVED, MATCH_NOTE
from webapp.services.notices.record import match_followers, match_sides, notify
from webapp.services.policy import provider_knows, shares_need
from webapp.services.proposals.operations import MAX_NOTE, side_of
from webapp.services.vocab import (
    FOCAL_ONLY_STATUSES,
    MATCH_STATUS_LABELS,
    OPEN_STATUSES,
    PIPELINE_STATUSES,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Move:
    """One allowed change of status: from where, by whom, and what must be written with it."""

    to: MatchStatus
    sources: frozenset[MatchStatus]
    focal_only: bool
    note_field: str  # the form field the note comes from: "note", "outcome" or "reason"
    note_required: str  # the message when the note is missing ("" when optional), marked N_
    done: str  # said to the user afterwards, marked N_: translate it where shown


MOVES = {
    MatchStatus.IN_PROGRESS: Move(
        MatchStatus.IN_PROGRESS, frozenset({MatchStatus.ACCEPTED}), focal_only=False,
        note_field="note", note_required="", done=N_("The match is now in progress."),
    ),
    MatchStatus.COMPLETED: Move(
        MatchStatus.COMPLETED, frozenset({MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS}),
        focal_only=True, note_field="outcome",
        note_required=N_("Describe the outcome: what was delivered, and what the State gained."),
        done=N_("The match is completed; its outcome is recorded."),
    ),
    MatchStatus.WITHDRAWN: Move(
        MatchStatus.WITHDRAWN,
        frozenset(OPEN_STATUSES), focal_only=False, note_field="reason",
        note_required=N_("Say why the match is withdrawn, so everyone following it knows."),
        done=N_("The match is withdrawn."),
    ),
}  # fmt: skip


def _refuse(field: str, reason: str) -> ValidationFailed:
    return ValidationFailed([RecordError("match", field, reason)], reason)


def is_focal(user: User) -> bool:
    """The focal point and the administrator coordinate every match."""
    return user.has_role(Role.FOCAL_POINT, Role.ADMIN)


def follows(user: User, match: Match) -> bool:
    """Whether the user takes part in the match: the focal point, its State or its provider.

    The two sides take part once the match is proposed; suggestions are the focal point's.
    """
    if is_focal(user):
        return True
    return match.status not in FOCAL_ONLY_STATUSES and side_of(user, match) is not None


def may_move(user: User, match: Match, to: MatchStatus) -> bool:
    """Whether the user's part in the match lets them make this move at all, whatever its status."""
    spec = MOVES.get(to)
    return spec is not None and follows(user, match) and (not spec.focal_only or is_focal(user))


def refusal(user: User, match: Match, to: MatchStatus) -> str | None:
    """Why ``user`` may not move ``match`` to ``to`` now, in words; None when it is allowed."""
    label = MATCH_STATUS_LABELS[to]
    move = MOVES.get(to)
    if move is None:
        if to in (MatchStatus.ACCEPTED, MatchStatus.DECLINED):
            return _(
                "A match becomes %(status)s when the State and the provider answer the proposal; "
                "it cannot be moved there.",
                status=label,
            )
        return _("A match cannot be moved to %(status)s.", status=label)
    if not follows(user, match):
        return _("Only the focal point, the State and the provider of this match can change it.")
    if move.focal_only and not is_focal(user):
        return _("Only the focal point can mark a match %(status)s.", status=label)
    if match.status not in move.sources:
        names = [MATCH_STATUS_LABELS[s] for s in PIPELINE_STATUSES if s in move.sources]
        allowed = names[0]
        if len(names) > 1:
            allowed = _("%(some)s or %(last)s", some=", ".join(names[:-1]), last=names[-1])
        return _(
            "This match is %(status)s; only a match that is %(allowed)s can be moved to %(to)s.",
            status=MATCH_STATUS_LABELS[match.status],
            allowed=allowed,
            to=label,
        )
    return None


def allowed_moves(user: User, match: Match) -> list[Move]:
    """The moves ``user`` may make on ``match`` now, in pipeline order."""
    return [m for to, m in MOVES.items() if refusal(user, match, to) is None]


def move(session: Session, match: Match, to: MatchStatus, *, actor: User, note: str) -> Match:
    """Move the match to ``to``, with the note (an outcome, a reason) kept in its history.

    Raises:
        ValidationFailed: the move is not allowed for this actor and status, or a required
            note is missing or too long; nothing is written.
    """
    why = refusal(actor, match, to)
    if why is not None:
        raise _refuse("status", why)
    spec = MOVES[to]
    text = note.strip()
    if spec.note_required and not text:
        raise _refuse(spec.note_field, _(spec.note_required))
    if len(text) > MAX_NOTE:
        raise _refuse(spec.note_field, _("Keep it under %(limit)d characters.", limit=MAX_NOTE))
    old = match.status
    match.status = to
    if to is MatchStatus.COMPLETED:
        match.outcome = text
    match.updated_by_id = actor.id
    event = MatchEvent(actor_id=actor.id, from_status=old, to_status=to, note=text, at=utcnow())
    match.events.append(event)
    session.flush()
    _tell(session, MATCH_MOVED.code, match, event, actor)
    log.info("match %s moved %s -> %s by user %s", match.id, old.value, to.value, actor.id)
    return match


def _tell(session: Session, kind: str, match: Match, event: MatchEvent, actor: User) -> None:
    """Tell the match's people of ``event`` (never its author), in the event's transaction.

    The State's representatives and the provider's accounts once the match is theirs (proposed
    or later: a suggestion is the focal point's alone), and the focal points who follow it.
    """
    people = match_followers(session, match)
    if match.status not in FOCAL_ONLY_STATUSES:
        state_side, provider_side = match_sides(session, match)
        if not provider_knows(match):  # a confidential need its State has not shared
            provider_side = []
        people = [*state_side, *provider_side, *people]
    notify(session, kind, people, actor=actor, match=match.id, event=event.id)


def add_note(session: Session, match: Match, *, actor: User, text: str) -> MatchEvent:
    """Write a free-text note in the match's history; its status does not change.

    Raises:
        ValidationFailed: the actor does not follow the match, or the note is empty or too long.
    """
    if not follows(actor, match) or (
        side_of(actor, match) == "provider" and match.need.confidential and not shares_need(match)
    ):
        raise _refuse("text", _("Only the focal point, the State and the provider can add notes."))
    body = text.strip()
    if not body:
        raise _refuse("text", _("Write the note first."))
    if len(body) > MAX_NOTE:
        raise _refuse("text", _("Keep the note under %(limit)d characters.", limit=MAX_NOTE))
    now = utcnow()
    event = MatchEvent(
        actor_id=actor.id, from_status=match.status, to_status=match.status, note=body, at=now
    )
    match.events.append(event)
    match.updated_at = now  # a note is activity: the match sorts as recently changed
    session.flush()
    _tell(session, MATCH_NOTE.code, match, event, actor)
    log.info("note on match %s by user %s", match.id, actor.id)
    return event


# --- milestone dates --------------------------------------------------------------------------


def as_utc(value: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite gives naive ones, PostgreSQL aware)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class Quiet:
    """A match and the moment it has been waiting since, ``days`` ago."""

    match: Match
    since: datetime
    days: int


def quiet_longest(
    session: Session,
    moment: ColumnElement[Any],
    where: tuple[ColumnElement[bool], ...],
    now: datetime,
    limit: int,
) -> tuple[list[Quiet], int]:
    """The matches meeting ``where``, oldest ``moment`` first (at most ``limit``), and how many.

    The personal home's stalled matches and the weekly digest's waiting proposals.
    """
    total = int(session.scalar(select(func.count(Match.id)).where(*where)) or 0)
    if not total:
        return [], 0
    at = moment.label("at")
    rows = session.execute(
        select(Match, at)
        .where(*where)
        .order_by(at.asc(), Match.id.asc())
        .limit(limit)
        .options(
            selectinload(Match.need).selectinload(Need.state),
            selectinload(Match.offer).selectinload(Offer.organisation),
        )
    ).all()
    out = []
    for match, value in rows:
        stamp = as_utc(value if isinstance(value, datetime) else None) or now
        out.append(Quiet(match, stamp, max((now - stamp).days, 0)))
    return out, total


def _entries() -> Any:
    """Events that changed the status (a note or a one-sided answer does not)."""
    return or_(MatchEvent.from_status.is_(None), MatchEvent.from_status != MatchEvent.to_status)


def entered_at_column(status: MatchStatus) -> ScalarSelect[Any]:
    """SQL for when each match (correlated to ``Match.id``) first entered ``status``, or NULL."""
    return (
        select(func.min(MatchEvent.at))
        .where(MatchEvent.match_id == Match.id, MatchEvent.to_status == status, _entries())
        .correlate(Match)
        .scalar_subquery()
    )


def entered_at(match: Match, status: MatchStatus) -> datetime | None:
    """When ``match`` first entered ``status`` (from its loaded history), in UTC."""
    times = [
        e.at for e in match.events if e.to_status is status and e.from_status is not e.to_status
    ]
    return as_utc(min(times)) if times else None


def match_milestones(match: Match) -> list[tuple[str, datetime]]:
    """("Accepted", when) for each pipeline status the match has entered, in pipeline order."""
    out = []
    for status in PIPELINE_STATUSES:
        at = entered_at(match, status)
        if at is not None:
            out.append((MATCH_STATUS_LABELS[status].capitalize(), at))
    return out


def milestones(
    session: Session, match_ids: Iterable[int] | Any
) -> dict[int, dict[MatchStatus, datetime]]:
    """For each match, when it first entered each status it has been in, in UTC.

    ``match_ids`` is a list of ids or a subquery selecting them (one query either way).
    """
    rows = session.execute(
        select(MatchEvent.match_id, MatchEvent.to_status, func.min(MatchEvent.at))
        .where(MatchEvent.match_id.in_(match_ids), _entries())
        .group_by(MatchEvent.match_id, MatchEvent.to_status)
    )
    out: dict[int, dict[MatchStatus, datetime]] = defaultdict(dict)
    for match_id, status, at in rows:
        stamp = as_utc(at)
        if stamp is not None:
            out[match_id][MatchStatus(status)] = stamp
    return dict(out)
