"""What needs a signed-in person: the sections of the personal home and the header's counts.

A State representative answers proposals, finishes its survey and looks at the offers that fit
its open needs; a provider answers proposals and looks at the needs its open offers fit (never a
confidential need it may not see: ``policy.visible_needs_clause``); the focal point approves
accounts, works through the suggestion queue and moves stalled matches on; the administrator
approves accounts. Each list holds its first few rows and its total; the pages of the full lists
are linked from the home.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, select
from sqlalchemy.orm import Session, selectinload

from models import (
    Match,
    MatchEvent,
    MatchStatus,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Organisation,
    Response,
    Role,
    User,
    UserStatus,
)
from webapp.services.matching import fit
from webapp.services.matching.queue import QueueFilters, queue_stmt
from webapp.services.needs.survey import Progress, progress
from webapp.services.proposals.operations import matches_stmt
from webapp.services.proposals.pipeline import quiet_longest

#: Matches still under way: a match in one of these whose last event is too old is stalled.
UNDER_WAY = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS)
FITS_PER_RECORD = 3


@dataclass(frozen=True)
class Listing:
    """The first rows of a list and how many it holds in all."""

    items: list[Any]
    total: int

    @property
    def more(self) -> int:
        """How many rows the home does not show."""
        return self.total - len(self.items)


@dataclass
class Home:
    """Every section of one person's home; the sections of other roles stay None."""

    role: Role
    waiting: Listing | None = None  # proposals waiting for this side's answer
    survey: Progress | None = None
    needs: Listing | None = None  # the State's open needs
    offers: Listing | None = None  # the provider's open offers
    fits: dict[int, list[fit.Fit]] = field(default_factory=dict)  # need or offer id -> its fits
    pending: Listing | None = None  # accounts waiting for approval
    queue: Listing | None = None  # suggestions waiting in the queue
    stalled: Listing | None = None
    stalled_after: int = 14


def _listing(session: Session, stmt: Select[Any], limit: int) -> Listing:
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.limit(limit))) if total else []
    return Listing(items, int(total))


def waiting_stmt(user: User) -> Select[Any]:
    """Proposals waiting for the answer of this user's side (the inbox's first list)."""
    if user.role is Role.STATE:
        pending = Match.state_response == Response.PENDING
    elif user.role is Role.PROVIDER:
        pending = Match.provider_response == Response.PENDING
    else:
        return matches_stmt(user, MatchStatus.PROPOSED.value).where(false())
    return matches_stmt(user, MatchStatus.PROPOSED.value).where(pending)


def _last_event() -> Any:
    """SQL: when each match (correlated to ``Match.id``) last changed, its creation if never."""
    last = (
        select(func.max(MatchEvent.at))
        .where(MatchEvent.match_id == Match.id)
        .correlate(Match)
        .scalar_subquery()
    )
    return func.coalesce(last, Match.created_at)


def stalled_clause(now: datetime, days: int) -> ColumnElement[bool]:
    """Matches under way whose last event is older than ``days`` days."""
    cutoff = now - timedelta(days=days)
    return and_(Match.status.in_(UNDER_WAY), _last_event() < cutoff)


def stalled_matches(session: Session, now: datetime, days: int, limit: int) -> Listing:
    """The stalled matches, longest silent first (each silent ``since`` its last event)."""
    items, total = quiet_longest(session, _last_event(), (stalled_clause(now, days),), now, limit)
    return Listing(items, total)


def pending_accounts(session: Session, limit: int) -> Listing:
    """Accounts waiting for approval, oldest first."""
    stmt = select(User).where(User.status == UserStatus.PENDING).order_by(User.created_at, User.id)
    return _listing(session, stmt.options(selectinload(User.state)), limit)


def _state_needs(session: Session, user: User, limit: int) -> Listing:
    stmt = (
        select(Need)
        .where(Need.state_id == user.state_id, Need.status == NeedStatus.OPEN)
        .order_by(Need.ref.desc())
        .options(
            selectinload(Need.state),
            selectinload(Need.topics),
            selectinload(Need.support_types),
        )
    )
    return _listing(session, stmt, limit)


def _provider_offers(session: Session, user: User, limit: int) -> Listing:
    stmt = (
        select(Offer)
        .where(Offer.organisation_id == user.organisation_id, Offer.status == OfferStatus.OPEN)
        .order_by(Offer.created_at.desc(), Offer.id.desc())
        .options(selectinload(Offer.organisation).selectinload(Organisation.country))
    )
    return _listing(session, stmt, limit)


def home_for(
    session: Session, user: User, *, limit: int, stalled_after: int, now: datetime | None = None
) -> Home:
    """What needs ``user`` now, each list cut to ``limit`` rows."""
    now = now or datetime.now(UTC)
    home = Home(user.role, stalled_after=stalled_after)
    if user.role is Role.STATE and user.state is not None:
        home.waiting = _listing(session, waiting_stmt(user), limit)
        home.survey = progress(session, user.state)
        home.needs = _state_needs(session, user, limit)
        home.fits = fit.best_offers_for_needs(session, home.needs.items, FITS_PER_RECORD)
    elif user.role is Role.PROVIDER:
        home.waiting = _listing(session, waiting_stmt(user), limit)
        home.offers = _provider_offers(session, user, limit)
        home.fits = fit.best_needs_for_offers(session, home.offers.items, user, FITS_PER_RECORD)
    elif user.role is Role.FOCAL_POINT:
        home.pending = pending_accounts(session, limit)
        home.queue = _listing(session, queue_stmt(QueueFilters()), limit)
        home.stalled = stalled_matches(session, now, stalled_after, limit)
    elif user.role is Role.ADMIN:
        home.pending = pending_accounts(session, limit)
    return home


# --- the header's counts ----------------------------------------------------------------------

#: The counts the header shows: their keys.
WAITING, PENDING, SUGGESTIONS, STALLED = "waiting", "pending", "suggestions", "stalled"


def header_counts(
    session: Session, user: Any, *, stalled_after: int, now: datetime | None = None
) -> dict[str, int]:
    """The header's counts for ``user``, in one query: {} for visitors and empty roles."""
    if not getattr(user, "is_authenticated", False):
        return {}
    columns: dict[str, Any] = {}
    if user.role in (Role.STATE, Role.PROVIDER):
        columns[WAITING] = _count(waiting_stmt(user))
    if user.role in (Role.FOCAL_POINT, Role.ADMIN):
        columns[PENDING] = _count(select(User.id).where(User.status == UserStatus.PENDING))
        suggested = select(Match.id).where(
            Match.status == MatchStatus.SUGGESTED,
            Match.need_id.in_(select(Need.id).where(Need.status == NeedStatus.OPEN)),
        )
        columns[SUGGESTIONS] = _count(suggested)
        now = now or datetime.now(UTC)
        columns[STALLED] = _count(select(Match.id).where(stalled_clause(now, stalled_after)))
    if not columns:
        return {}
    row = session.execute(select(*(c.label(k) for k, c in columns.items()))).one()
    return {k: int(v or 0) for k, v in zip(columns, row, strict=True)}


def _count(stmt: Select[Any]) -> Any:
    """SQL for the number of rows of ``stmt``, as a column of the header's one query."""
    return select(func.count()).select_from(stmt.order_by(None).subquery()).scalar_subquery()
