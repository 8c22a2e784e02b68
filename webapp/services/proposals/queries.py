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
from webapp.services.proposals.operations import pair_problems

T = TypeVar("T")
#: (record, reasons it cannot be paired): an empty list means it can.
Candidates = list[tuple[T, list[str]]]


def _matched(
    session: Session, *, need_id: int | None = None, offer_id: int | None = None
) -> set[int]:
    """Ids of the records already in a match (other than a suggestion) with this need or offer."""
    column = Match.offer_id if need_id else Match.need_id
    stmt = select(column).where(Match.status != MatchStatus.SUGGESTED)
    stmt = (
        stmt.where(Match.need_id == need_id) if need_id else stmt.where(Match.offer_id == offer_id)
    )
    return set(session.scalars(stmt))


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
    return _partition((n, pair_problems(session, n, offer)) for n in needs if n.id not in taken)


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
    return _partition((o, pair_problems(session, need, o)) for o in offers if o.id not in taken)


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
