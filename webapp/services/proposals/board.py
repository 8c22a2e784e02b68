"""The pipeline's lists: filters, the board (a column per status), the table and export rows.

The board, the table and the exports run the same filtered statement, so an export holds exactly
the rows of the table (every page), in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy import true as sql_true
from sqlalchemy.orm import Session, selectinload

from models import Match, MatchStatus, Need, Offer, Organisation, Outcome, State, Topic
from webapp.services.language import N_, Labels, column, label
from webapp.services.policy import visible_needs_clause
from webapp.services.proposals.pipeline import entered_at_column, milestones
from webapp.services.querying import QueryFilters, paginate
from webapp.services.reference.areas import state_in_area
from webapp.services.reference.names import area_name, group_abbreviation
from webapp.services.vocab import MATCH_STATUS_LABELS, PIPELINE_STATUSES, PROVIDER_TYPE_LABELS

BOARD_LIMIT = 20  # cards per board column; the table shows the rest
MAX_QUERY = 200
SORTS: Labels[str] = Labels(
    {
        "updated": N_("Last activity"),
        "proposed": N_("Proposed"),
        "accepted": N_("Accepted"),
        "completed": N_("Completed"),
    }
)
ORDERS: Labels[str] = Labels({"desc": N_("newest first"), "asc": N_("oldest first")})
VIEWS = ("board", "table")


@dataclass(frozen=True)
class PipelineFilters(QueryFilters):
    """What the focal point narrowed the pipeline to; None or "" means "no filter"."""

    status: str | None = None
    region: str | None = None
    topic: str | None = None
    provider_type: str | None = None
    state: str | None = None  # ISO3 code of the need's State
    #: The outcome's gender marker: "1" for 1 or 2, "2" for 2 only (as on the offers list).
    gender: str | None = None
    #: The outcome: "entered" (figures entered), "missing", "confirmed" or "rated" by the State.
    outcome: str | None = None
    q: str = ""
    sort: str = "updated"
    order: str = "desc"

    SORTING: ClassVar[dict[str, str]] = {"sort": "updated", "order": "desc"}

    def without(self, *names: str) -> dict[str, str]:
        """The query-string arguments minus some of them."""
        return {k: v for k, v in self.args().items() if k not in names}


def text_match(q: str) -> ColumnElement[bool]:
    """Every word appears in a ref, a title, the State, the provider or the outcome."""
    columns = (Need.ref, Need.title, Offer.ref, Offer.title, State.name_en,
               column(State, "name"), Organisation.name, Match.outcome)  # fmt: skip
    words = q.strip()[:MAX_QUERY].split()[:10]
    return and_(
        sql_true(), *(or_(*(c.icontains(w, autoescape=True) for c in columns)) for w in words)
    )


def pipeline_stmt(user: Any, f: PipelineFilters) -> Select[Any]:
    """Matches past the suggestion stage that pass the filters (unordered).

    Confidential needs are kept to those who may see them, although only the focal point
    opens the pipeline today.
    """
    stmt = (
        select(Match)
        .join(Need, Match.need_id == Need.id)
        .join(State, Need.state_id == State.id)
        .join(Offer, Match.offer_id == Offer.id)
        .join(Organisation, Offer.organisation_id == Organisation.id)
        .where(Match.status.in_(PIPELINE_STATUSES), visible_needs_clause(user))
    )
    if f.status:
        stmt = stmt.where(Match.status == MatchStatus(f.status))
    if f.region:
        stmt = stmt.where(state_in_area(f.region))
    if f.state:
        stmt = stmt.where(State.iso3 == f.state)
    if f.topic:
        stmt = stmt.where(Need.topics.any(Topic.slug == f.topic))
    if f.provider_type:
        stmt = stmt.where(Organisation.type == f.provider_type)
    if f.gender in ("1", "2"):
        stmt = stmt.where(_outcome_where(Outcome.gender_marker >= int(f.gender)))
    if f.outcome in OUTCOME_FILTERS:
        stmt = stmt.where(OUTCOME_FILTERS[f.outcome]())
    if f.q:
        stmt = stmt.where(text_match(f.q))
    return stmt


def _outcome_where(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    return select(Outcome.id).where(Outcome.match_id == Match.id, *where).exists()


#: The outcome filter's values: matches whose outcome figures are entered, missing, confirmed
#: by the State, or rated (a rating counts once the State confirmed).
OUTCOME_FILTERS = {
    "entered": lambda: _outcome_where(),
    "missing": lambda: ~_outcome_where(),
    "confirmed": lambda: _outcome_where(Outcome.confirmed_at.is_not(None)),
    "rated": lambda: _outcome_where(Outcome.confirmed_at.is_not(None), Outcome.rating.is_not(None)),
}


def _order(f: PipelineFilters) -> tuple[Any, ...]:
    """Sort by the chosen date; matches without that date (not yet accepted...) come last."""
    column: Any = (
        Match.updated_at if f.sort == "updated" else entered_at_column(MatchStatus(f.sort))
    )
    if f.order == "asc":
        return (column.is_(None), column.asc(), Match.id.asc())
    return (column.is_(None), column.desc(), Match.id.desc())


def _loads() -> tuple[Any, ...]:
    return (
        selectinload(Match.need).selectinload(Need.state),
        selectinload(Match.offer).selectinload(Offer.organisation),
    )


def ordered_stmt(user: Any, f: PipelineFilters) -> Select[Any]:
    """The filtered matches in the table's order, with what the pages show loaded."""
    return pipeline_stmt(user, f).order_by(*_order(f)).options(*_loads())


@dataclass
class Column:
    """One column of the board: a status, how many matches it holds, and the first of them."""

    status: MatchStatus
    total: int
    items: list[Match] = field(default_factory=list)


def board(
    session: Session, user: Any, f: PipelineFilters, limit: int = BOARD_LIMIT
) -> list[Column]:
    """A column per status (only the chosen one when the status is filtered)."""
    base = pipeline_stmt(user, f)
    sub = base.with_only_columns(Match.status).subquery()
    counts = {
        MatchStatus(s): int(n)
        for s, n in session.execute(select(sub.c.status, func.count()).group_by(sub.c.status))
    }
    statuses = [s for s in PIPELINE_STATUSES if not f.status or s.value == f.status]
    columns = []
    for status in statuses:
        column = Column(status, counts.get(status, 0))
        if column.total:
            stmt = base.where(Match.status == status).order_by(*_order(f)).options(*_loads())
            column.items = list(session.scalars(stmt.limit(limit)))
        columns.append(column)
    return columns


def table_page(
    session: Session, user: Any, f: PipelineFilters, page: int, *, per_page: int
) -> Pagination:
    """One page of the table (the last page when ``page`` is past the end)."""
    stmt = ordered_stmt(user, f)
    return paginate(session, stmt, page, per_page)


def page_milestones(
    session: Session, matches: list[Match]
) -> dict[int, dict[MatchStatus, datetime]]:
    """Milestone dates of the matches shown on one page."""
    return milestones(session, [m.id for m in matches]) if matches else {}


@dataclass(frozen=True)
class ExportRow:
    """One match as a row of the CSV and XLSX exports."""

    match_id: int
    need_ref: str
    need_title: str
    state: str
    offer_ref: str
    offer_title: str
    provider: str
    status: str
    score: float
    proposed_at: datetime | None
    accepted_at: datetime | None
    completed_at: datetime | None
    outcome: str
    region: str  # the need's State's M49 region, subregion, as the filters name them
    groups: str  # SIDS, LDC, LLDC the State belongs to, "; " between them
    topics: str  # the need's topics, "; " between them
    provider_type: str
    in_progress_at: datetime | None
    declined_at: datetime | None
    withdrawn_at: datetime | None


#: The export's column headers, marked for the catalogue: ``export`` translates them.
EXPORT_HEADERS = (
    N_("Match id"), N_("Need ref"), N_("Need title"), N_("State"), N_("Offer ref"),
    N_("Offer title"), N_("Provider"), N_("Status"), N_("Score"), N_("Proposed at (UTC)"),
    N_("Accepted at (UTC)"), N_("Completed at (UTC)"), N_("Outcome"), N_("Region"),
    N_("Groups"), N_("Topics"), N_("Provider type"), N_("In progress at (UTC)"),
    N_("Declined at (UTC)"), N_("Withdrawn at (UTC)"),
)  # fmt: skip


def _groups(state: State) -> str:
    flags = (("SIDS", state.is_sids), ("LDC", state.is_ldc), ("LLDC", state.is_lldc))
    return "; ".join(group_abbreviation(g) for g, on in flags if on)


def export_rows(session: Session, user: Any, f: PipelineFilters) -> list[ExportRow]:
    """Every match of the filtered view (all pages), in the table's order."""
    stmt = ordered_stmt(user, f).options(
        selectinload(Match.need).selectinload(Need.topics),
        selectinload(Match.offer).selectinload(Offer.organisation),
    )
    matches = list(session.scalars(stmt))
    ids = pipeline_stmt(user, f).with_only_columns(Match.id)
    dates = milestones(session, ids) if matches else {}
    rows = []
    for m in matches:
        d = dates.get(m.id, {})
        rows.append(
            ExportRow(
                match_id=m.id,
                need_ref=m.need.ref,
                need_title=m.need.title,
                state=m.need.state.name_en,
                offer_ref=m.offer.ref,
                offer_title=m.offer.title,
                provider=m.offer.organisation.name,
                status=MATCH_STATUS_LABELS[m.status],
                score=round(m.score, 2),
                proposed_at=d.get(MatchStatus.PROPOSED),
                accepted_at=d.get(MatchStatus.ACCEPTED),
                completed_at=d.get(MatchStatus.COMPLETED),
                outcome=m.outcome,
                region=", ".join(
                    area_name(a) for a in (m.need.state.region, m.need.state.subregion) if a
                ),
                groups=_groups(m.need.state),
                topics="; ".join(label(t) for t in m.need.topics),
                provider_type=PROVIDER_TYPE_LABELS.get(
                    m.offer.organisation.type.value, m.offer.organisation.type.value
                ),
                in_progress_at=d.get(MatchStatus.IN_PROGRESS),
                declined_at=d.get(MatchStatus.DECLINED),
                withdrawn_at=d.get(MatchStatus.WITHDRAWN),
            )
        )
    return rows
