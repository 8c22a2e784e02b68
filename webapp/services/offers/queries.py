"""Offers as readers see them: the public list with filters and sorting, one provider's."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, selectinload

from models import (
    Match,
    Offer,
    OfferStatus,
    Organisation,
    Role,
    State,
)
from webapp.services.language import N_, Labels
from webapp.services.querying import (
    RELEVANCE,
    Filters,
    keyset_page,
    paginate,
    record_conditions,
    record_order,
)
from webapp.services.reference.areas import offer_reaches_area
from webapp.services.search.results import search_page
from webapp.services.search.terms import query_units
from webapp.services.vocab import CAPACITY_TAKEN

OFFER_SORTS: Labels[str] = Labels(
    {
        "relevance": N_("Relevance, best first"),
        "newest": N_("Newest first"),
        "start": N_("Available from, soonest first"),
        "deadline": N_("Available until, soonest first"),
        "title": N_("Title, A to Z"),
    }
)


def receiving_state(session: Session, user: Any) -> State | None:
    """The State a signed-in State representative acts for (None for anyone else)."""
    if getattr(user, "role", None) is not Role.STATE or getattr(user, "state_id", None) is None:
        return None
    return session.get(State, user.state_id)


def receivable_by(state: State) -> ColumnElement[bool]:
    """Offers ``state`` can receive: open, with capacity left, and eligible.

    The matcher's rules (``matcher.eligibility.offer_available`` and ``is_eligible``) in SQL:
    the eligibility list is empty (open to every State) or designates the State, which the
    offer's ``reach`` (the tags of every State it reaches, ISO3 codes among them) tells; the
    matches taking capacity (``CAPACITY_TAKEN``) leave at least one place.
    """
    eligible = type_coerce(Offer.eligible, String)
    used = (
        select(func.count(Match.id))
        .where(Match.offer_id == Offer.id, Match.status.in_(CAPACITY_TAKEN))
        .scalar_subquery()
    )
    return and_(
        Offer.status == OfferStatus.OPEN,
        or_(
            eligible.is_(None),
            eligible == "",
            Offer.reach.contains(f";{state.iso3.lower()};", autoescape=True),
        ),
        Offer.capacity - used >= 1,
    )


def _offer_stmt(f: Filters, state: State | None = None) -> Select[Any]:
    stmt = select(Offer).where(Offer.status == OfferStatus.OPEN, *record_conditions(Offer, f))
    if f.region:
        stmt = stmt.where(offer_reaches_area(f.region))
    if f.provider_type:
        stmt = stmt.where(Offer.organisation.has(Organisation.type == f.provider_type))
    if f.gender in ("1", "2"):
        stmt = stmt.where(Offer.gender_marker >= int(f.gender))
    if f.funding == "y":
        stmt = stmt.where(Offer.funding_amount.is_not(None))
    if f.receivable and state is not None:
        stmt = stmt.where(receivable_by(state))
    return stmt


def _offer_loads() -> tuple[Any, ...]:
    return (
        selectinload(Offer.organisation).selectinload(Organisation.country),
        selectinload(Offer.topics),
        selectinload(Offer.support_types),
    )


def search_offers(
    session: Session, filters: Filters, page: int = 1, *, per_page: int, user: Any = None
) -> Pagination:
    """One page of the open offers that pass the filters.

    Words are searched with the matcher's analyser, as for needs (``search_needs``). The
    "my State can receive" filter applies for a signed-in State representative (``user``).
    """
    state = receiving_state(session, user) if filters.receivable else None
    order = record_order(Offer, filters.sort)
    units = query_units(filters.q) if filters.q else []
    if units:
        ids = _offer_stmt(replace(filters, q=""), state).with_only_columns(Offer.id)
        return search_page(
            session, Offer, ids.order_by(*order), units,
            query=filters.q, by_relevance=filters.sort == RELEVANCE,
            page=page, per_page=per_page, loads=_offer_loads(),
        )  # fmt: skip
    stmt = _offer_stmt(filters, state).order_by(*order).options(*_offer_loads())
    return paginate(session, stmt, page, per_page)


def open_offers_after(
    session: Session, filters: Filters, after: int | None, limit: int
) -> tuple[list[Offer], bool]:
    """The open offers that pass the filters, by id after ``after`` (the API's cursor pages).

    Words are the plain search, as for ``needs.queries.open_needs_after``; "my State can
    receive" needs a signed-in State and does not apply.
    """
    stmt = _offer_stmt(filters).options(*_offer_loads())
    return keyset_page(session, stmt, Offer.id, after, limit)


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
