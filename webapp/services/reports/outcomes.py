"""The outcomes report: what completed matches achieved, for whom, where, and how fast.

One row per completed match (the CLI's and the dashboard's file), and the dashboard's figures
computed from the same rows, so the two always agree:

- participants by sex (women, men, sex not recorded) and institutions, by the M49 region of
  the need's State, over the completed matches whose outcome figures were entered;
- the share of completed matches whose outcome's gender marker (the OECD DAC marker of the
  activity as delivered) is 1 or 2. Every completed match is in the denominator: one without
  an outcome row, or with no marker, counts as "not screened";
- the median days from need to completion: from the day the need was submitted (it opened: when
  its State submitted the survey, or its creation when later, as for the median days to
  acceptance) to the day the match first entered "completed" (its history), in whole UTC days;
- how many completed matches have figures, how many the State confirmed, and the mean rating.

A confidential need is counted like any other and never named: its ref, title and State are
written "confidential" (its region stays). The dashboard shows everything now; ``since`` and
``until`` keep the matches completed in that window (a completed match without a recorded
completion day is then left out).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import astuple, dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Match, MatchStatus, Need, Offer, Organisation, Outcome, State, Survey, Topic
from models.need import need_topic
from webapp.services import tables
from webapp.services.proposals.pipeline import as_utc, milestones
from webapp.services.reference.regions import region_map

CONFIDENTIAL = "confidential"
#: The markers that count as targeting gender equality: significant (1) or principal (2).
TARGETED = (1, 2)
COLUMNS = (
    "need_ref", "need_title", "state", "region", "topics", "offer_ref", "offer_title",
    "provider", "provider_type", "need_submitted", "completed", "days_to_completion",
    "women", "men", "not_recorded", "participants", "institutions", "delivered_from",
    "delivered_to", "gender_marker", "confirmed", "rating",
)  # fmt: skip
WIDTHS = (14, 40, 24, 12, 30, 14, 40, 30, 16, 14, 12, 10, 8, 8, 8, 10, 10, 14, 14, 8, 10, 8)


@dataclass(frozen=True)
class CompletedRow:
    """One completed match as the report writes it (English, slugs, ISO days)."""

    need_ref: str
    need_title: str
    state: str  # the State's English name, or "confidential"
    region: str  # the M49 region's English name
    topics: str  # the need's topic slugs, "; " between them
    offer_ref: str
    offer_title: str
    provider: str
    provider_type: str
    need_submitted: date
    completed: date | None  # None: completed before histories were kept
    days_to_completion: int | None
    women: int | None  # the outcome's figures; None for all when none were entered
    men: int | None
    not_recorded: int | None
    participants: int | None
    institutions: int | None
    delivered_from: date | None
    delivered_to: date | None
    gender_marker: int | None  # None: not screened (or no outcome)
    confirmed: str  # "yes" or "no"
    rating: int | None

    @property
    def has_figures(self) -> bool:
        """Whether the provider or the focal point entered the outcome's figures."""
        return self.participants is not None


@dataclass(frozen=True)
class RegionFigures:
    """Completed matches and their participants in one M49 region."""

    region: str
    completed: int = 0
    with_figures: int = 0
    women: int = 0
    men: int = 0
    not_recorded: int = 0
    institutions: int = 0

    @property
    def participants(self) -> int:
        """Everyone who took part, whatever was recorded of their sex."""
        return self.women + self.men + self.not_recorded


@dataclass(frozen=True)
class OutcomeFigures:
    """The dashboard's outcome figures."""

    completed: int
    with_figures: int
    confirmed: int
    gender_targeted: int  # gender marker 1 or 2
    not_screened: int  # no outcome, or no marker
    median_days: float | None
    timed: int  # completed matches the median is taken over
    mean_rating: float | None
    rated: int
    by_region: tuple[RegionFigures, ...] = field(default=())

    @property
    def gender_share(self) -> float | None:
        """Completed matches with a gender marker of 1 or 2, as a share of all completed."""
        return self.gender_targeted / self.completed if self.completed else None

    @property
    def total(self) -> RegionFigures:
        """Every region together."""
        rs = self.by_region
        return RegionFigures(
            "", sum(r.completed for r in rs), sum(r.with_figures for r in rs),
            sum(r.women for r in rs), sum(r.men for r in rs), sum(r.not_recorded for r in rs),
            sum(r.institutions for r in rs),
        )  # fmt: skip


def _day(moment: datetime | None) -> date | None:
    stamp = as_utc(moment)
    return stamp.date() if stamp is not None else None


def submitted_day(created: datetime, survey_submitted: datetime | None) -> date:
    """The day a need opened: its creation, or its State's survey submission when later."""
    start = as_utc(created) or datetime.now(UTC)
    later = as_utc(survey_submitted)
    return max(start, later).date() if later is not None else start.date()


def completed_rows(
    session: Session, since: date | None = None, until: date | None = None
) -> list[CompletedRow]:
    """Every completed match, by completion day (then by match), as the report's rows.

    ``since`` and ``until`` (both included, UTC days) keep the matches completed in that window.
    """
    stmt = (
        select(Match, Need, State, Offer, Organisation, Outcome, Survey.submitted_at)
        .join(Need, Need.id == Match.need_id)
        .join(State, State.id == Need.state_id)
        .join(Offer, Offer.id == Match.offer_id)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .outerjoin(Outcome, Outcome.match_id == Match.id)
        .outerjoin(Survey, Survey.state_id == Need.state_id)
        .where(Match.status == MatchStatus.COMPLETED)
    )
    found = session.execute(stmt).all()
    if not found:
        return []
    ids = [r[0].id for r in found]
    dates = milestones(session, ids)
    topics: dict[int, list[str]] = defaultdict(list)
    need_ids = {r[1].id for r in found}
    for need_id, slug in session.execute(
        select(need_topic.c.need_id, Topic.slug)
        .join(Topic, Topic.id == need_topic.c.topic_id)
        .where(need_topic.c.need_id.in_(need_ids))
        .order_by(Topic.slug)
    ):
        topics[need_id].append(slug)
    rows: list[tuple[tuple[date, int], CompletedRow]] = []
    for match, need, state, offer, org, outcome, survey_at in found:
        done = _day(dates.get(match.id, {}).get(MatchStatus.COMPLETED))
        if (since or until) and done is None:
            continue
        if (since and done and done < since) or (until and done and done > until):
            continue
        opened = submitted_day(need.created_at, survey_at)
        secret = need.confidential
        row = CompletedRow(
            need_ref=CONFIDENTIAL if secret else need.ref,
            need_title=CONFIDENTIAL if secret else need.title,
            state=CONFIDENTIAL if secret else state.name_en,
            region=state.region or "",
            topics="; ".join(topics[need.id]),
            offer_ref=offer.ref,
            offer_title=offer.title,
            provider=org.name,
            provider_type=org.type.value,
            need_submitted=opened,
            completed=done,
            days_to_completion=max(0, (done - opened).days) if done else None,
            women=outcome.women if outcome else None,
            men=outcome.men if outcome else None,
            not_recorded=outcome.not_recorded if outcome else None,
            participants=outcome.participants if outcome else None,
            institutions=outcome.institutions if outcome else None,
            delivered_from=outcome.delivered_from if outcome else None,
            delivered_to=outcome.delivered_to if outcome else None,
            gender_marker=outcome.gender_marker if outcome else None,
            confirmed="yes" if outcome and outcome.confirmed_at else "no",
            rating=outcome.rating if outcome and outcome.confirmed_at else None,
        )
        rows.append(((done or date.max, match.id), row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


def figures_of(rows: Sequence[CompletedRow], regions: Sequence[str]) -> OutcomeFigures:
    """The dashboard's figures from the report's rows (``regions``: every region, in order)."""
    by_region: dict[str, list[CompletedRow]] = defaultdict(list)
    for row in rows:
        by_region[row.region].append(row)
    order = [*regions, *sorted(r for r in by_region if r not in regions)]

    def region(name: str) -> RegionFigures:
        mine = by_region.get(name, [])
        counted = [r for r in mine if r.has_figures]
        return RegionFigures(
            name, len(mine), len(counted),
            sum(r.women or 0 for r in counted), sum(r.men or 0 for r in counted),
            sum(r.not_recorded or 0 for r in counted), sum(r.institutions or 0 for r in counted),
        )  # fmt: skip

    days = [r.days_to_completion for r in rows if r.days_to_completion is not None]
    ratings = [r.rating for r in rows if r.rating is not None]
    return OutcomeFigures(
        completed=len(rows),
        with_figures=sum(1 for r in rows if r.has_figures),
        confirmed=sum(1 for r in rows if r.confirmed == "yes"),
        gender_targeted=sum(1 for r in rows if r.gender_marker in TARGETED),
        not_screened=sum(1 for r in rows if r.gender_marker is None),
        median_days=float(statistics.median(days)) if days else None,
        timed=len(days),
        mean_rating=statistics.fmean(ratings) if ratings else None,
        rated=len(ratings),
        by_region=tuple(region(name) for name in order),
    )


def outcome_figures(
    session: Session, since: date | None = None, until: date | None = None
) -> OutcomeFigures:
    """The dashboard's outcome figures: every M49 region, in the reader's order of names."""
    return figures_of(completed_rows(session, since, until), region_map(session).regions)


def outcomes_file(session: Session, fmt: str, since: date | None, until: date | None) -> bytes:
    """The outcomes report as a CSV (no byte-order mark) or XLSX file, English column names."""
    rows = [astuple(r) for r in completed_rows(session, since, until)]
    if fmt == "csv":
        return tables.to_csv(COLUMNS, rows, bom=False)
    return tables.to_xlsx("Outcomes", COLUMNS, rows, WIDTHS)
