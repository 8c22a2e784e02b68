"""Figures about supply and demand that anyone may see (confidential needs left out)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from models import Need, NeedStatus, Offer, OfferStatus, Organisation


@dataclass(frozen=True)
class PublicFigures:
    """Counts shown on the front page."""

    open_needs: int
    states_with_needs: int
    open_offers: int
    providers: int


def public_figures(session: Session) -> PublicFigures:
    """Open non-confidential needs and the States behind them, open offers and their providers."""
    public_open = (Need.status == NeedStatus.OPEN) & (Need.confidential.is_(False))
    s = session
    return PublicFigures(
        open_needs=s.scalar(select(func.count(Need.id)).where(public_open)) or 0,
        states_with_needs=s.scalar(select(func.count(distinct(Need.state_id))).where(public_open))
        or 0,
        open_offers=s.scalar(select(func.count(Offer.id)).where(Offer.status == OfferStatus.OPEN))
        or 0,
        providers=s.scalar(
            select(func.count(distinct(Organisation.id))).join(
                Offer, Offer.organisation_id == Organisation.id
            )
        )
        or 0,
    )
