"""Offers as readers see them: the public list with filters and sorting, one provider's."""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (
    Select,
    select,
)
from sqlalchemy.orm import Session, selectinload

from models import (
    Offer,
    OfferStatus,
    Organisation,
)
from webapp.services.language import N_, Labels
from webapp.services.querying import Filters, paginate, record_conditions, record_order
from webapp.services.reference.areas import offer_reaches_area

OFFER_SORTS: Labels[str] = Labels(
    {
        "newest": N_("Newest first"),
        "start": N_("Available from, soonest first"),
        "deadline": N_("Available until, soonest first"),
        "title": N_("Title, A to Z"),
    }
)


def _offer_stmt(f: Filters) -> Select[Any]:
    stmt = select(Offer).where(Offer.status == OfferStatus.OPEN, *record_conditions(Offer, f))
    if f.region:
        stmt = stmt.where(offer_reaches_area(f.region))
    if f.provider_type:
        stmt = stmt.where(Offer.organisation.has(Organisation.type == f.provider_type))
    return stmt


def _offer_loads() -> tuple[Any, ...]:
    return (
        selectinload(Offer.organisation).selectinload(Organisation.country),
        selectinload(Offer.topics),
        selectinload(Offer.support_types),
    )


def search_offers(
    session: Session, filters: Filters, page: int = 1, *, per_page: int
) -> Pagination:
    """One page of the open offers that pass the filters."""
    stmt = (
        _offer_stmt(filters).order_by(*record_order(Offer, filters.sort)).options(*_offer_loads())
    )
    return paginate(session, stmt, page, per_page)


def organisation_offers(
    session: Session, organisation_id: int, page: int = 1, *, per_page: int
) -> Pagination:
    """An organisation's offers, open ones first, newest first."""
    stmt = (
        select(Offer)
        .where(Offer.organisation_id == organisation_id)
        .order_by(Offer.status != OfferStatus.OPEN, Offer.created_at.desc(), Offer.id.desc())
        .options(*_offer_loads())
    )
    return paginate(session, stmt, page, per_page)


def offer_by_ref(session: Session, ref: str) -> Offer | None:
    """The offer with this ref (offers are public, whatever their status)."""
    return session.scalar(select(Offer).where(Offer.ref == ref).options(*_offer_loads()))
