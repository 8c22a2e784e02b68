"""The focal point's weekly digest: when it is due, who receives it, and its figures.

Once a week (``weekday`` and ``hour``, UTC) the job writes one ``weekly_digest`` notice to every
active focal point account and to the administrators who did not turn it off; the figures are
read when each e-mail is composed: the needs and offers of the week (counts and the first
few), the proposals waiting for an answer longer than ``waiting_days``, and the unmet needs by
region exactly as the dashboard counts them (``dashboard.figures.demand_heatmap``'s totals).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import (
    Match,
    MatchEvent,
    MatchStatus,
    Need,
    NeedStatus,
    Offer,
    Role,
    User,
    UserStatus,
)
from webapp.services.dashboard.figures import demand_heatmap
from webapp.services.notices import schedule
from webapp.services.notices.record import focal_points, notify
from webapp.services.proposals.pipeline import Quiet, as_utc, quiet_longest
from webapp.services.reference.names import area_name

JOB = "weekly_digest"
WEEK = timedelta(days=7)


def slot(now: datetime, weekday: int, hour: int) -> datetime:
    """The latest time, at or before ``now``, the digest was due (``weekday``: Monday is 0)."""
    start = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    start -= timedelta(days=(now.weekday() - weekday) % 7)
    return start - WEEK if start > now else start


def recipients(session: Session) -> list[User]:
    """Every active focal point account and administrator (``notify`` leaves out who turned it off).

    The kind's default is to send at once, and the preferences page shows administrators that
    default: an administrator who keeps it has chosen the digest.
    """
    admins = session.scalars(
        select(User)
        .where(User.role == Role.ADMIN, User.status == UserStatus.ACTIVE)
        .order_by(User.id)
    )
    return [*focal_points(session), *admins]


@dataclass(frozen=True)
class Outcome:
    """What a run did: whether it ran (claimed the week), and how many notices it wrote."""

    ran: bool
    notices: int = 0


def run(
    session: Session, now: datetime, *, weekday: int, hour: int, force: bool = False
) -> Outcome:
    """Write this week's digest notices if they are due (or ``force``); commits.

    Due once the week's slot has passed and no run was claimed since. The first run only notes
    the time (installing cbmatch mid-week sends nothing at once; the first digest comes at the
    next slot). However many processes run it at once, one claims it.
    """
    row = schedule.last_run(session, JOB)
    last = as_utc(row.last_run_at)
    session.commit()
    if not force and last is not None and last >= slot(now, weekday, hour):
        return Outcome(False)
    if not schedule.claim_if_unchanged(session, JOB, now, last):
        session.rollback()
        return Outcome(False)
    if last is None and not force:  # the first run: the first digest comes at the next slot
        session.commit()
        return Outcome(True)
    since = now - WEEK
    notices = notify(
        session, JOB, recipients(session), since=since.isoformat(), until=now.isoformat()
    )
    session.commit()
    return Outcome(True, len(notices))


# --- the figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """Unmet needs in one M49 region (the dashboard's demand totals)."""

    code: str
    name: str  # in the reader's language
    unmet: int


@dataclass(frozen=True)
class Week:
    """The digest's figures for the week ``since`` to ``until``."""

    since: datetime
    until: datetime
    new_needs: int
    confidential_new_needs: int
    needs: list[Need]  # the first few (confidential ones too: named only to who may see them)
    new_offers: int
    offers: list[Offer]
    waiting: list[Quiet]
    waiting_total: int
    regions: list[Region]

    @property
    def unmet(self) -> int:
        """Unmet needs in all regions."""
        return sum(r.unmet for r in self.regions)


def _proposed_at() -> Any:
    """SQL: when each match (correlated to ``Match.id``) was proposed, its creation if unknown."""
    at = (
        select(func.max(MatchEvent.at))
        .where(
            MatchEvent.match_id == Match.id,
            MatchEvent.to_status == MatchStatus.PROPOSED,
            MatchEvent.from_status.is_distinct_from(MatchStatus.PROPOSED),
        )
        .correlate(Match)
        .scalar_subquery()
    )
    return func.coalesce(at, Match.created_at)


def waiting_proposals(
    session: Session, now: datetime, days: int, limit: int
) -> tuple[list[Quiet], int]:
    """Proposals still waiting for an answer, proposed more than ``days`` ago: longest first."""
    where = (Match.status == MatchStatus.PROPOSED, _proposed_at() < now - timedelta(days=days))
    return quiet_longest(session, _proposed_at(), where, now, limit)


def week(
    session: Session, since: datetime, until: datetime, *, waiting_days: int, limit: int
) -> Week:
    """The figures of the digest for the week ``since`` to ``until``."""
    new_need = (
        Need.created_at >= since,
        Need.created_at < until,
        Need.status != NeedStatus.DRAFT,
    )
    new_offer = (Offer.created_at >= since, Offer.created_at < until)
    needs = list(
        session.scalars(
            select(Need)
            .where(*new_need)
            .order_by(Need.created_at.desc(), Need.id.desc())
            .limit(limit)
            .options(selectinload(Need.state))
        )
    )
    offers = list(
        session.scalars(
            select(Offer)
            .where(*new_offer)
            .order_by(Offer.created_at.desc(), Offer.id.desc())
            .limit(limit)
            .options(selectinload(Offer.organisation))
        )
    )
    waiting, waiting_total = waiting_proposals(session, until, waiting_days, limit)
    demand = demand_heatmap(session, "dimension")
    regions = [
        Region(code, area_name(code), n)
        for code, n in zip(demand.regions, demand.totals, strict=True)
    ]
    count = func.count
    return Week(
        since=since,
        until=until,
        new_needs=int(session.scalar(select(count(Need.id)).where(*new_need)) or 0),
        confidential_new_needs=int(
            session.scalar(select(count(Need.id)).where(*new_need, Need.confidential)) or 0
        ),
        needs=needs,
        new_offers=int(session.scalar(select(count(Offer.id)).where(*new_offer)) or 0),
        offers=offers,
        waiting=waiting,
        waiting_total=waiting_total,
        regions=regions,
    )
