"""What a State or a provider may still pair with a record: the request and propose boxes.

Each candidate comes with the reasons it cannot be paired (none when it can).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Match, MatchStatus, Need, NeedStatus, Offer, OfferStatus, Role, User
from webapp.services.policy import shares_need
from webapp.services.proposals.operations import cannot_propose_now, pair_problems
from webapp.services.vocab import FOCAL_ONLY_STATUSES as FOCAL_ONLY

T = TypeVar("T")
#: (record, reasons it cannot be paired): an empty list means it can.
Candidates = list[tuple[T, list[str]]]


def _matched(
    session: Session, *, need_id: int | None = None, offer_id: int | None = None
) -> dict[int, MatchStatus]:
    """The records already in a match (other than a suggestion) with this need or offer.

    Maps each record's id to the status of that match.
    """
    column = Match.offer_id if need_id else Match.need_id
    stmt = select(column, Match.status).where(Match.status != MatchStatus.SUGGESTED)
    stmt = (
        stmt.where(Match.need_id == need_id) if need_id else stmt.where(Match.offer_id == offer_id)
    )
    return dict(session.execute(stmt).all())


def _shown(taken: dict[int, MatchStatus], record_id: int) -> bool:
    """Whether the box lists the record: not yet matched, or only in a dismissed suggestion.

    A pair its side can see (proposed, declined, ...) is in its inbox; a dismissed one is listed
    among those that cannot be paired, with no more than ``cannot_propose_now``.
    """
    return record_id not in taken or taken[record_id] in FOCAL_ONLY


def _problems(session: Session, need: Need, offer: Offer, status: MatchStatus | None) -> list[str]:
    problems = pair_problems(session, need, offer)
    if status in FOCAL_ONLY and not problems:
        problems = [cannot_propose_now()]
    return problems


def _partition(candidates: Iterable[tuple[T, list[str]]]) -> tuple[Candidates[T], Candidates[T]]:
    """Split (record, problems) pairs into those that can be paired and those that cannot."""
    fitting: Candidates[T] = []
    blocked: Candidates[T] = []
    for item in candidates:
        (blocked if item[1] else fitting).append(item)
    return fitting, blocked


def requestable_needs(
    session: Session, state_id: int, offer: Offer
) -> tuple[Candidates[Need], Candidates[Need]]:
    """The State's open needs not yet matched with the offer, as (may request, may not)."""
    taken = _matched(session, offer_id=offer.id)
    needs = session.scalars(
        select(Need)
        .where(Need.state_id == state_id, Need.status == NeedStatus.OPEN)
        .order_by(Need.title)
    )
    return _partition(
        (n, _problems(session, n, offer, taken.get(n.id))) for n in needs if _shown(taken, n.id)
    )


def proposable_offers(
    session: Session, organisation_id: int, need: Need
) -> tuple[Candidates[Offer], Candidates[Offer]]:
    """The organisation's open offers not yet matched with the need, as (may propose, may not)."""
    taken = _matched(session, need_id=need.id)
    offers = session.scalars(
        select(Offer)
        .where(Offer.organisation_id == organisation_id, Offer.status == OfferStatus.OPEN)
        .order_by(Offer.title)
    )
    return _partition(
        (o, _problems(session, need, o, taken.get(o.id))) for o in offers if _shown(taken, o.id)
    )


def sharing_match(session: Session, user: Any, need: Need) -> Match | None:
    """A live match through which the user's organisation reads this confidential need, if any.

    The need page passes it to ``policy.can_view_need``: a provider reads a confidential need only
    through a match its State consented to (``policy.shares_need``).
    """
    if not need.confidential or not isinstance(user, User) or user.role is not Role.PROVIDER:
        return None
    stmt = (
        select(Match)
        .join(Offer, Match.offer_id == Offer.id)
        .where(Match.need_id == need.id, Offer.organisation_id == user.organisation_id)
        .order_by(Match.id)
    )
    return next((m for m in session.scalars(stmt) if shares_need(m)), None)
