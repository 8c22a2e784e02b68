"""The annual summary: one year of needs, matches, outcomes and funding, for a report to the OEWG.

Counts only, like the other reports: confidential needs are counted and never named, so the
focal point may attach the summary to anything. For each M49 region and each topic:

- received: needs submitted in the year (a need opens when it is created, or when its State
  first submits the survey if later; drafts are not received);
- matched: needs whose first match agreed by both sides (accepted) falls in the year;
- completed: needs whose first completed match falls in the year;
- still unmet: open needs submitted by the end of the year that no accepted, in-progress or
  completed match serves today.

A need with several topics counts once in each; the totals count it once. The outcomes and the
funding are those of the dashboard, narrowed to the year (``outcomes.outcome_figures`` and
``funding.funding`` with the same window).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Dimension, Match, MatchStatus, Need, NeedStatus, State, Survey, Topic
from models.need import need_topic
from webapp.services.dashboard.figures import unmet_clause
from webapp.services.language import label
from webapp.services.proposals.pipeline import milestones
from webapp.services.reference.names import by_label
from webapp.services.reference.regions import region_map
from webapp.services.reports.funding import Funding, funding
from webapp.services.reports.outcomes import OutcomeFigures, outcome_figures, submitted_day

#: The statuses a match passes through once both sides agreed (the first of them dates it).
AGREED = (MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED)


@dataclass
class Flow:
    """Needs received, matched, completed and still unmet, in one region or topic (or all)."""

    key: str  # the M49 region's name or the topic's slug; "" for all
    label: str = ""  # the topic in the reader's language
    group: str = ""  # the topic's CMM dimension, in the reader's language
    received: int = 0
    matched: int = 0
    completed: int = 0
    unmet: int = 0

    @property
    def empty(self) -> bool:
        """Nothing to report: left out of the topics' table."""
        return not (self.received or self.matched or self.completed or self.unmet)


@dataclass(frozen=True)
class AnnualSummary:
    """The summary of one calendar year (``until`` is today while the year runs)."""

    year: int
    since: date
    until: date
    total: Flow
    regions: tuple[Flow, ...]  # every M49 region, in the reader's order of their names
    topics: tuple[Flow, ...]  # the topics with something to report, by dimension then label
    outcomes: OutcomeFigures
    funding: Funding
    years: tuple[int, ...] = field(default=())  # the years one may choose, newest first


@dataclass(frozen=True)
class _NeedDates:
    region: str
    submitted: date
    agreed: date | None
    completed: date | None
    unmet: bool


def years(session: Session, today: date) -> tuple[int, ...]:
    """The years from the first need's submission to this one, newest first."""
    first = session.scalar(
        select(Need.created_at).where(Need.status != NeedStatus.DRAFT).order_by(Need.created_at)
    )
    start = min(first.year, today.year) if first is not None else today.year
    return tuple(range(today.year, start - 1, -1))


def _first(days: Iterable[date | None]) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _need_dates(session: Session) -> tuple[dict[int, _NeedDates], dict[int, list[str]]]:
    """Every submitted need's region, dates and whether it is unmet now; and its topics."""
    unmet_ids = set(
        session.scalars(select(Need.id).where(Need.status == NeedStatus.OPEN, unmet_clause()))
    )
    rows = session.execute(
        select(Need.id, State.region, Need.created_at, Survey.submitted_at)
        .join(State, State.id == Need.state_id)
        .outerjoin(Survey, Survey.state_id == Need.state_id)
        .where(Need.status != NeedStatus.DRAFT)
    ).all()
    matches = session.execute(
        select(Match.id, Match.need_id).where(Match.status != MatchStatus.SUGGESTED)
    )
    by_need: dict[int, list[int]] = defaultdict(list)
    for match_id, need_id in matches:
        by_need[need_id].append(match_id)
    stamps = milestones(session, select(Match.id).where(Match.status != MatchStatus.SUGGESTED))
    out: dict[int, _NeedDates] = {}
    for need_id, region, created, survey_at in rows:
        steps = [stamps.get(m, {}) for m in by_need.get(need_id, [])]
        agreed = _first(s[st].date() for s in steps for st in AGREED if st in s)
        completed = _first(
            s[MatchStatus.COMPLETED].date() for s in steps if MatchStatus.COMPLETED in s
        )
        out[need_id] = _NeedDates(
            region or "", submitted_day(created, survey_at), agreed, completed, need_id in unmet_ids
        )
    topics: dict[int, list[str]] = defaultdict(list)
    for need_id, slug in session.execute(
        select(need_topic.c.need_id, Topic.slug).join(Topic, Topic.id == need_topic.c.topic_id)
    ):
        topics[need_id].append(slug)
    return out, topics


def annual_summary(session: Session, year: int, today: date) -> AnnualSummary:
    """The summary of ``year`` as it stands on ``today`` (a later year is empty)."""
    since = date(year, 1, 1)
    until = min(date(year, 12, 31), today)
    rm = region_map(session)
    total = Flow("")
    regions = {r: Flow(r) for r in rm.regions}
    dims = list(session.scalars(select(Dimension).order_by(Dimension.position)))
    topics = {
        slug: Flow(slug, name, label(d))
        for d in dims
        for slug, name in by_label((t.slug, label(t)) for t in d.topics)
    }

    def within(day: date | None) -> bool:
        return day is not None and since <= day <= until

    needs, need_topics = _need_dates(session)
    for need_id, n in needs.items():
        flows = [total, *([regions[n.region]] if n.region in regions else [])]
        flows += [topics[s] for s in need_topics.get(need_id, []) if s in topics]
        for flow in flows:
            flow.received += within(n.submitted)
            flow.matched += within(n.agreed)
            flow.completed += within(n.completed)
            flow.unmet += n.unmet and n.submitted <= until
    return AnnualSummary(
        year=year,
        since=since,
        until=until,
        total=total,
        regions=tuple(regions.values()),
        topics=tuple(t for t in topics.values() if not t.empty),
        outcomes=outcome_figures(session, since, until),
        funding=funding(session, until, since, until),
        years=years(session, today),
    )
