"""Writing notices, in the transaction of the event they tell of, and finding whom to tell.

A service that changes something people should hear of calls ``notify`` before its caller
commits: the notices are kept or lost with the change. Nothing is rendered here; the composer
(``webapp.notices``) writes the e-mail later, in each recipient's language, and checks then
that the recipient may still see what it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Delivery, Match, Notice, Role, User, UserStatus
from webapp.services.notices.kinds import KINDS
from webapp.services.notices.preferences import deliveries


def notify(
    session: Session,
    kind: str,
    recipients: Iterable[User],
    *,
    actor: User | None = None,
    **refs: Any,
) -> list[Notice]:
    """Tell each of ``recipients`` (active accounts, not ``actor``, each once) of ``kind``.

    ``refs`` name the records the notice is about (ids: ``match=3``, ``account=7``). A person who
    turned the kind off gets no notice. Flushes; the caller commits.
    """
    spec = KINDS[kind]  # KeyError: an unknown kind is a bug
    people = {
        u.id: u
        for u in recipients
        if u.status is UserStatus.ACTIVE and (actor is None or u.id != actor.id)
    }
    if kind == "account_decided":  # the one notice to an account that is not (yet) active
        people = {u.id: u for u in recipients}
    how = deliveries(session, people, spec.code)
    notices = [
        Notice(user_id=uid, kind=kind, refs=dict(refs), delivery=how[uid])
        for uid in people
        if how[uid] is not Delivery.OFF
    ]
    session.add_all(notices)
    session.flush()
    return notices


def _active(session: Session, *conditions: Any) -> list[User]:
    stmt = select(User).where(User.status == UserStatus.ACTIVE, *conditions).order_by(User.id)
    return list(session.scalars(stmt))


def focal_points(session: Session) -> list[User]:
    """The focal point's active accounts (administrators are told only of what they chose)."""
    return _active(session, User.role == Role.FOCAL_POINT)


def state_people(session: Session, state_id: int) -> list[User]:
    """The active representatives of one State."""
    return _active(session, User.role == Role.STATE, User.state_id == state_id)


def organisation_people(session: Session, organisation_id: int) -> list[User]:
    """The active provider accounts of one organisation."""
    return _active(session, User.role == Role.PROVIDER, User.organisation_id == organisation_id)


def match_sides(session: Session, match: Match) -> tuple[list[User], list[User]]:
    """The State's representatives and the provider's accounts of a match."""
    return state_people(session, match.need.state_id), organisation_people(
        session, match.offer.organisation_id
    )


def match_followers(session: Session, match: Match) -> list[User]:
    """The focal point accounts that acted on this match (proposed it, moved it, wrote on it)."""
    ids = {e.actor_id for e in match.events if e.actor_id is not None}
    if not ids:
        return []
    return _active(session, User.role.in_((Role.FOCAL_POINT, Role.ADMIN)), User.id.in_(ids))
