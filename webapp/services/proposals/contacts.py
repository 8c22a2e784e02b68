"""How the two sides of an accepted match reach each other: a contact person and a work e-mail.

Contacts are shared once both the State and the provider have accepted, and for as long as the
match is accepted, in progress or completed; a declined or withdrawn match shows none. Each side's
contact is the person who accepted the proposal for it (read from the match's history: the
answer, or the request that accepted it by being made); when that account no longer acts for the
side, or is no longer active, the side's active accounts stand in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Match, MatchEvent, MatchStatus, Response, Role, User, UserStatus
from webapp.services.language import name
from webapp.services.proposals.operations import answer_prefix, side_of
from webapp.services.proposals.pipeline import follows, is_focal

#: The statuses in which both sides have accepted and may write to each other.
SHARED_STATUSES = frozenset({MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED})
#: How many of a side's active accounts stand in for a person who accepted and has left.
STAND_INS = 5
SIDES = ("state", "provider")


@dataclass(frozen=True)
class Person:
    """Someone to write to: a name and a work e-mail."""

    name: str
    email: str


@dataclass(frozen=True)
class Party:
    """One side of the match and whom to write to there.

    ``accepted`` tells whether ``people`` is the person who accepted the proposal (one), or the
    side's active accounts standing in (possibly none). ``own`` is True when the reader is on this
    side: these are the details the other side sees.
    """

    side: str  # "state" or "provider"
    name: str  # the State's name in the reader's language, or the organisation's
    people: tuple[Person, ...]
    accepted: bool
    own: bool


@dataclass(frozen=True)
class Reach:
    """What the match page says about reaching each other, for one reader.

    ``parties`` is empty until contacts are shared; it lists the other side first, then the
    reader's own (the State, then the provider, for the focal point). ``pending`` is True while
    the proposal waits for an answer: contacts will be shared once both sides accept.
    """

    parties: tuple[Party, ...] = ()
    pending: bool = False

    @property
    def shared(self) -> bool:
        """Whether the page shows the two sides' contacts."""
        return bool(self.parties)


def contacts_shared(match: Match) -> bool:
    """Whether the match's two sides see each other's contacts: both accepted, not withdrawn."""
    both = (match.state_response, match.provider_response) == (Response.ACCEPTED,) * 2
    return both and match.status in SHARED_STATUSES


def _accepts_for(event: MatchEvent, side: str, match: Match) -> bool:
    """Whether ``event`` is ``side``'s acceptance: its answer, or the request that accepted it."""
    if event.actor is None or side_of(event.actor, match) != side:
        return False
    if event.note.startswith(answer_prefix(side, accept=True)):
        return True
    return event.to_status is MatchStatus.PROPOSED and event.from_status is not MatchStatus.PROPOSED


def accepted_by(match: Match, side: str) -> User | None:
    """The active account that accepted the proposal for ``side`` and still acts for it, or None."""
    for event in match.events:
        if _accepts_for(event, side, match):
            actor = event.actor
            return actor if actor is not None and actor.is_active else None
    return None


def _stand_ins(session: Session, match: Match, side: str) -> list[User]:
    """The side's active accounts, by name: the State's representatives or the organisation's."""
    if side == "state":
        acts = (User.role == Role.STATE) & (User.state_id == match.need.state_id)
    else:
        acts = (User.role == Role.PROVIDER) & (User.organisation_id == match.offer.organisation_id)
    stmt = (
        select(User)
        .where(acts, User.status == UserStatus.ACTIVE)
        .order_by(User.name, User.id)
        .limit(STAND_INS)
    )
    return list(session.scalars(stmt))


def _party(session: Session, match: Match, side: str, reader: str | None) -> Party:
    person = accepted_by(match, side)
    people = [person] if person is not None else _stand_ins(session, match, side)
    party = name(match.need.state) if side == "state" else match.offer.organisation.name
    return Party(
        side=side,
        name=party,
        people=tuple(Person(u.name, u.email) for u in people),
        accepted=person is not None,
        own=side == reader,
    )


def reach(session: Session, reader: User, match: Match) -> Reach:
    """Whom ``reader`` may write to about ``match``: nothing unless it follows the match.

    The State and the provider see the other side's contact and their own (as the other side
    sees it); the focal point sees both.
    """
    if not follows(reader, match):
        return Reach()
    if match.status is MatchStatus.PROPOSED:
        return Reach(pending=True)
    if not contacts_shared(match):
        return Reach()
    side = None if is_focal(reader) else side_of(reader, match)
    order = sorted(SIDES, key=lambda s: s == side)  # the other side first; stable for the focal
    return Reach(parties=tuple(_party(session, match, s, side) for s in order))
