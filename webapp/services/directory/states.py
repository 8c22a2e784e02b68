"""The States directory: every Member and Observer State, its survey and open needs, filtered.

The list is short (195 States), so it is read whole, sorted by name in the reader's language
(ICU collation) and paged in Python. The open needs counted are those the reader may see
(``policy.visible_needs_clause``), so a count never gives a hidden need away. The directory
shows no maturity: a State's maturity is shown on its own page, to whom the State chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from math import ceil
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from models import (
    Match,
    MatchEvent,
    MatchStatus,
    Need,
    NeedStatus,
    Offer,
    State,
    Survey,
    SurveyStatus,
)
from models.geo import GROUP_SLUGS
from webapp.services.language import name, sort_key
from webapp.services.policy import visible_needs_clause
from webapp.services.querying import PageNumbers, QueryFilters
from webapp.services.reference.areas import region_levels, state_in_area
from webapp.services.reference.names import group_abbreviation

YES, NO = "y", "n"


@dataclass(frozen=True)
class StateFilters(QueryFilters):
    """What a reader asked the directory for; None or "" means "no filter"."""

    region: str | None = None  # an M49 region, sub-region or intermediate region (English name)
    group: str | None = None  # SIDS, LDC or LLDC
    survey: str = ""  # YES: submitted a survey; NO: has not
    needs: str = ""  # YES: has open needs the reader may see; NO: has none

    SORTING: ClassVar[dict[str, str]] = {}


@dataclass(frozen=True)
class StateRow:
    """One State as the directory shows it to one reader."""

    state: State
    name: str
    submitted_at: datetime | None  # None: no submitted survey
    open_needs: int  # open needs the reader may see


@dataclass(frozen=True)
class StatePage(PageNumbers):
    """One page of the directory, shaped like the pages ``_macros/forms.html`` pages through."""

    items: list[StateRow]
    total: int
    page: int
    per_page: int
    submitted: int  # of ``total``, how many submitted a survey
    with_needs: int  # of ``total``, how many have open needs the reader may see


def region_choices(session: Session) -> list[tuple[str, list[tuple[str, str]]]]:
    """The M49 regions at every level, for the region filter: [(level, [(value, label)])]."""
    return region_levels(session)


def group_choices() -> list[tuple[str, str]]:
    """SIDS, LDC and LLDC, for the group filter."""
    return [(g, group_abbreviation(g)) for g in GROUP_SLUGS]


def _open_counts(user: Any) -> Any:
    return (
        select(Need.state_id, func.count(Need.id).label("n"))
        .where(Need.status == NeedStatus.OPEN, visible_needs_clause(user))
        .group_by(Need.state_id)
        .subquery()
    )


def _conditions(f: StateFilters) -> list[ColumnElement[bool]]:
    out = []
    if f.region:
        out.append(state_in_area(f.region))
    if f.group:
        out.append(state_in_area(f.group))
    return out


def directory(
    session: Session, user: Any, f: StateFilters, *, page: int, per_page: int
) -> StatePage:
    """One page of the States matching ``f``, by name in the reader's language."""
    counts = _open_counts(user)
    surveys = (
        select(Survey.state_id, Survey.submitted_at)
        .where(Survey.status == SurveyStatus.SUBMITTED)
        .subquery()
    )
    stmt = (
        select(State, surveys.c.submitted_at, func.coalesce(counts.c.n, 0))
        .outerjoin(surveys, surveys.c.state_id == State.id)
        .outerjoin(counts, counts.c.state_id == State.id)
        .where(*_conditions(f))
    )
    if f.survey:
        stmt = stmt.where(
            surveys.c.state_id.is_not(None) if f.survey == YES else surveys.c.state_id.is_(None)
        )
    if f.needs:
        has = func.coalesce(counts.c.n, 0) > 0
        stmt = stmt.where(has if f.needs == YES else ~has)
    rows = [StateRow(s, name(s), at, int(n)) for s, at, n in session.execute(stmt)]
    rows.sort(key=lambda r: sort_key(r.name))
    pages = max(1, ceil(len(rows) / per_page))
    page = min(max(page, 1), pages)
    return StatePage(
        items=rows[(page - 1) * per_page : page * per_page],
        total=len(rows),
        page=page,
        per_page=per_page,
        submitted=sum(1 for r in rows if r.submitted_at is not None),
        with_needs=sum(1 for r in rows if r.open_needs),
    )


@dataclass(frozen=True)
class CompletedMatch:
    """A completed match of a State's need, as its page shows it (public facts only)."""

    match_id: int
    need_ref: str
    need_title: str
    need_language: str | None  # the language the title is written in, for its lang and dir
    offer_ref: str
    offer_title: str
    offer_language: str | None
    provider: str
    offer_start: date | None
    offer_end: date | None
    completed_on: datetime | None


def completed_matches(session: Session, user: Any, state: State) -> list[CompletedMatch]:
    """The matches completed for the State's needs that ``user`` may see, newest first.

    Only matches of needs the user may see are listed (``visible_needs_clause``): the match of a
    confidential need shows to its State, the focal point and the provider it was shared with,
    and to nobody else, not even as a line without its need.
    """
    done = (
        select(MatchEvent.match_id, func.max(MatchEvent.at).label("at"))
        .where(MatchEvent.to_status == MatchStatus.COMPLETED)
        .group_by(MatchEvent.match_id)
        .subquery()
    )
    stmt = (
        select(Match, done.c.at)
        .join(Need, Match.need_id == Need.id)
        .join(Offer, Match.offer_id == Offer.id)
        .outerjoin(done, done.c.match_id == Match.id)
        .where(
            Need.state_id == state.id,
            Match.status == MatchStatus.COMPLETED,
            visible_needs_clause(user),
        )
        .order_by(func.coalesce(done.c.at, Match.updated_at).desc(), Match.id.desc())
    )
    return [
        CompletedMatch(
            match_id=m.id,
            need_ref=m.need.ref,
            need_title=m.need.title,
            need_language=m.need.text_language,
            offer_ref=m.offer.ref,
            offer_title=m.offer.title,
            offer_language=m.offer.text_language,
            provider=m.offer.organisation.name,
            offer_start=m.offer.start,
            offer_end=m.offer.end,
            completed_on=at or m.updated_at,
        )
        for m, at in session.execute(stmt)
    ]
