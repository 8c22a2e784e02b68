"""The focal point's dashboard: headline figures and the demand and supply heatmaps.

Everything is computed from the database (a few GROUP BY queries, no query per record) and kept
until a need, offer or match changes, so the figures move as soon as a match is accepted or
completed. The focal point sees
every need, confidential ones included, so nothing here is filtered by visibility.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, distinct, exists, func, select
from sqlalchemy.orm import Session

from models import (
    Dimension,
    Match,
    MatchEvent,
    MatchStatus,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    State,
    Survey,
    Topic,
)
from models.need import need_topic
from models.offer import offer_topic
from webapp.services.dashboard import shades
from webapp.services.infra import kept
from webapp.services.language import current, label
from webapp.services.reference.names import by_label
from webapp.services.reference.regions import RegionMap, region_map
from webapp.services.vocab import CHART_STATUSES, MATCH_STATUS_LABELS, MATCHED

Axis = Literal["topic", "dimension"]
Kind = Literal["demand", "supply"]


def unmet_clause() -> ColumnElement[bool]:
    """Needs with no accepted, in-progress or completed match."""
    return ~exists().where(Match.need_id == Need.id, Match.status.in_(MATCHED))


def _matched_clause() -> ColumnElement[bool]:
    return exists().where(Match.need_id == Need.id, Match.status.in_(MATCHED))


# --- headline figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The dashboard's numbers."""

    open_needs: int
    confidential_open_needs: int
    states_with_open_needs: int
    open_offers: int
    providers_with_open_offers: int
    submitted_needs: int  # open or closed: submitted and not withdrawn
    matched_needs: int  # of those, with an accepted, in-progress or completed match
    unmet_open_needs: int  # open needs with no such match
    median_days: float | None  # submission to first acceptance, over the needs accepted
    accepted_needs: int  # how many needs the median is taken over
    by_status: dict[MatchStatus, int]
    suggestions: int

    @property
    def share_matched(self) -> float | None:
        """Matched needs as a share of submitted needs (None when there are none)."""
        return self.matched_needs / self.submitted_needs if self.submitted_needs else None

    @property
    def chart_max(self) -> int:
        """The largest bar of the status chart (at least 1, so that bars can be scaled)."""
        return max([1, *(self.by_status[s] for s in CHART_STATUSES)])


def _count(session: Session, stmt: Any) -> int:
    return int(session.scalar(stmt) or 0)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def median_days_to_acceptance(session: Session) -> tuple[float | None, int]:
    """The median days from a need's submission to its first accepted match, and over how many.

    A need is submitted when it opens: when its State submits the survey, or when it is created
    if the survey was already submitted or the need was imported (the later of its creation and
    its State's submission).
    """
    first = (
        select(Match.need_id, func.min(MatchEvent.at).label("at"))
        .join(MatchEvent, MatchEvent.match_id == Match.id)
        .where(MatchEvent.to_status == MatchStatus.ACCEPTED)
        .group_by(Match.need_id)
        .subquery()
    )
    rows = session.execute(
        select(Need.created_at, Survey.submitted_at, first.c.at)
        .join(first, first.c.need_id == Need.id)
        .outerjoin(Survey, Survey.state_id == Need.state_id)
    ).all()
    days = []
    for created, submitted, accepted in rows:
        start = _aware(created)
        if submitted is not None:
            start = max(start, _aware(submitted))
        days.append(max(0.0, (_aware(accepted) - start).total_seconds() / 86400))
    return (statistics.median(days) if days else None), len(days)


def figures(session: Session) -> Figures:
    """Every headline figure, read now."""
    open_need = Need.status == NeedStatus.OPEN
    submitted = Need.status.in_((NeedStatus.OPEN, NeedStatus.CLOSED))
    by_status = Counter(
        {
            MatchStatus(s): int(n)
            for s, n in session.execute(
                select(Match.status, func.count(Match.id)).group_by(Match.status)
            )
        }
    )
    median, accepted = median_days_to_acceptance(session)
    open_offer = Offer.status == OfferStatus.OPEN
    return Figures(
        open_needs=_count(session, select(func.count(Need.id)).where(open_need)),
        confidential_open_needs=_count(
            session, select(func.count(Need.id)).where(open_need, Need.confidential.is_(True))
        ),
        states_with_open_needs=_count(
            session, select(func.count(distinct(Need.state_id))).where(open_need)
        ),
        open_offers=_count(session, select(func.count(Offer.id)).where(open_offer)),
        providers_with_open_offers=_count(
            session, select(func.count(distinct(Offer.organisation_id))).where(open_offer)
        ),
        submitted_needs=_count(session, select(func.count(Need.id)).where(submitted)),
        matched_needs=_count(
            session, select(func.count(Need.id)).where(submitted, _matched_clause())
        ),
        unmet_open_needs=_count(
            session, select(func.count(Need.id)).where(open_need, unmet_clause())
        ),
        median_days=median,
        accepted_needs=accepted,
        by_status={s: by_status.get(s, 0) for s in MatchStatus},
        suggestions=by_status.get(MatchStatus.SUGGESTED, 0),
    )


# --- heatmaps ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One topic (or dimension) of a heatmap: a count per region."""

    slug: str
    label: str
    group: str  # the topic's dimension ("" for dimension rows)
    cells: tuple[int, ...]


@dataclass(frozen=True)
class Heatmap:
    """Counts of records by topic (or CMM dimension) and M49 region."""

    kind: Kind
    axis: Axis
    regions: tuple[str, ...]
    rows: tuple[Row, ...]
    totals: tuple[int, ...]  # distinct records per region, any topic (or none)
    maximum: int  # the largest cell (totals left out)

    def step(self, value: int) -> int:
        """The colour step of a cell: 0 for none, else 1..5 by fifths of the largest cell."""
        return shades.step(value, self.maximum)

    def legend(self) -> list[tuple[int, str]]:
        """(step, range in words) for every step that some value can reach."""
        return shades.legend(self.maximum)

    def groups(self) -> list[tuple[str, list[Row]]]:
        """The rows under their dimension (one unnamed group for dimension rows)."""
        out: list[tuple[str, list[Row]]] = []
        for row in self.rows:
            if not out or out[-1][0] != row.group:
                out.append((row.group, []))
            out[-1][1].append(row)
        return out


def _axis_rows(session: Session, axis: Axis) -> list[tuple[str, str, str]]:
    """(slug, label, group) of every topic, by dimension then label; or every dimension.

    Labels in the reader's language and order (the kept overview is kept per language).
    """
    dims = list(session.scalars(select(Dimension).order_by(Dimension.position)))
    if axis == "dimension":
        return [(d.slug, label(d), "") for d in dims]
    return [
        (t, name, label(d))
        for d in dims
        for t, name in by_label((t.slug, label(t)) for t in d.topics)
    ]


def _axis_key(axis: Axis) -> Any:
    return Dimension.slug if axis == "dimension" else Topic.slug


def _build(
    kind: Kind,
    axis: Axis,
    regions: tuple[str, ...],
    rows: list[tuple[str, str, str]],
    cells: dict[tuple[str, str], int],
    totals: dict[str, int],
) -> Heatmap:
    built = tuple(
        Row(slug, label, group, tuple(cells.get((slug, r), 0) for r in regions))
        for slug, label, group in rows
    )
    return Heatmap(
        kind=kind,
        axis=axis,
        regions=regions,
        rows=built,
        totals=tuple(totals.get(r, 0) for r in regions),
        maximum=max([0, *(c for row in built for c in row.cells)]),
    )


def demand_heatmap(session: Session, axis: Axis = "topic", rm: RegionMap | None = None) -> Heatmap:
    """Unmet demand: open needs with no accepted, in-progress or completed match.

    A need counts once in each of its topics' rows (once per dimension), in its State's region.
    """
    rm = rm or region_map(session)
    where = (Need.status == NeedStatus.OPEN, unmet_clause())
    key = _axis_key(axis)
    stmt = (
        select(key, State.region, func.count(distinct(Need.id)))
        .select_from(Need)
        .join(need_topic, need_topic.c.need_id == Need.id)
        .join(Topic, Topic.id == need_topic.c.topic_id)
        .join(State, State.id == Need.state_id)
        .where(*where)
        .group_by(key, State.region)
    )
    if axis == "dimension":
        stmt = stmt.join(Dimension, Dimension.id == Topic.dimension_id)
    cells = {(slug, region): int(n) for slug, region, n in session.execute(stmt)}
    totals = dict(
        session.execute(
            select(State.region, func.count(Need.id))
            .join(State, State.id == Need.state_id)
            .where(*where)
            .group_by(State.region)
        ).all()
    )
    return _build("demand", axis, rm.regions, _axis_rows(session, axis), cells, totals)


def supply_heatmap(session: Session, axis: Axis = "topic", rm: RegionMap | None = None) -> Heatmap:
    """Supply: open offers, counted in every region their eligibility reaches.

    Offers are counted by their stored ``reach`` text, so the regions of each distinct reach
    are worked out once, not once per offer.
    """
    rm = rm or region_map(session)
    open_offer = Offer.status == OfferStatus.OPEN
    key = _axis_key(axis)
    stmt = (
        select(Offer.reach, key, func.count(distinct(Offer.id)))
        .select_from(Offer)
        .join(offer_topic, offer_topic.c.offer_id == Offer.id)
        .join(Topic, Topic.id == offer_topic.c.topic_id)
        .where(open_offer)
        .group_by(Offer.reach, key)
    )
    if axis == "dimension":
        stmt = stmt.join(Dimension, Dimension.id == Topic.dimension_id)
    cells: Counter[tuple[str, str]] = Counter()
    for reach, slug, n in session.execute(stmt):
        for region in rm.reached(reach):
            cells[(slug, region)] += int(n)
    totals: Counter[str] = Counter()
    for reach, n in session.execute(
        select(Offer.reach, func.count(Offer.id)).where(open_offer).group_by(Offer.reach)
    ):
        for region in rm.reached(reach):
            totals[region] += int(n)
    return _build("supply", axis, rm.regions, _axis_rows(session, axis), cells, totals)


@dataclass(frozen=True)
class Overview:
    """Everything the dashboard shows above its duplicate pairs."""

    figures: Figures
    demand: Heatmap
    supply: Heatmap


def overview(session: Session, axis: Axis) -> Overview:
    """The figures and both heatmaps, kept until a need, offer or match changes.

    Computing them reads every need, offer and match (about 120 ms at 10k of each); checking
    whether any changed takes two index lookups a table (``webapp.services.infra``).
    """

    def compute(s: Session) -> Overview:
        return Overview(figures(s), *heatmaps(s, axis))

    return kept(session, f"dashboard:{axis}:{current()}", (Need, Offer, Match), compute).ready()


def heatmaps(session: Session, axis: Axis) -> tuple[Heatmap, Heatmap]:
    """The demand and supply heatmaps on the same axis (one read of the State table)."""
    rm = region_map(session)
    return demand_heatmap(session, axis, rm), supply_heatmap(session, axis, rm)


def parse_axis(value: str | None) -> Axis:
    """``dimension`` or (for anything else) ``topic``."""
    return "dimension" if value == "dimension" else "topic"


def statuses_in_words(statuses: Iterable[MatchStatus]) -> list[tuple[MatchStatus, str]]:
    """(status, "In progress") pairs for labels."""
    return [(s, MATCH_STATUS_LABELS[s].capitalize()) for s in statuses]
