"""The list behind an unmet-demand cell of the dashboard: open needs no accepted match serves."""

from __future__ import annotations

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Dimension, Need, NeedStatus, State, Topic
from webapp.services.dashboard.figures import unmet_clause
from webapp.services.language import label
from webapp.services.querying import paginate
from webapp.services.reference.names import area_name
from webapp.services.reference.regions import region_map


@dataclass(frozen=True)
class UnmetFilters:
    """Which unmet needs to list; None means "any"."""

    topic: str | None = None
    dimension: str | None = None
    region: str | None = None

    def args(self) -> dict[str, str]:
        """The filters as query-string arguments."""
        return {k: v for k, v in vars(self).items() if v}


def clean_filters(
    session: Session, topic: str | None, dimension: str | None, region: str | None
) -> tuple[UnmetFilters, list[str]]:
    """Keep the known values; name the ones that were dropped (an old or hand-edited link)."""
    dropped = []
    if topic and session.scalar(select(Topic.id).where(Topic.slug == topic)) is None:
        dropped.append("topic")
        topic = None
    known_dimension = select(Dimension.id).where(Dimension.slug == dimension)
    if dimension and session.scalar(known_dimension) is None:
        dropped.append("dimension")
        dimension = None
    if region and region not in region_map(session).regions:
        dropped.append("region")
        region = None
    return UnmetFilters(topic or None, dimension or None, region or None), dropped


def unmet_needs(session: Session, filters: UnmetFilters, page: int, *, per_page: int) -> Pagination:
    """One page of the open needs with no accepted match, newest first."""
    stmt = select(Need).where(Need.status == NeedStatus.OPEN, unmet_clause())
    if filters.topic:
        stmt = stmt.where(Need.topics.any(Topic.slug == filters.topic))
    if filters.dimension:
        stmt = stmt.where(Need.topics.any(Topic.dimension.has(Dimension.slug == filters.dimension)))
    if filters.region:
        stmt = stmt.where(Need.state.has(State.region == filters.region))
    stmt = stmt.order_by(Need.created_at.desc(), Need.id.desc()).options(
        selectinload(Need.state), selectinload(Need.topics)
    )
    return paginate(session, stmt, page, per_page)


def label_of(session: Session, filters: UnmetFilters) -> list[str]:
    """The filters in words, e.g. ["Incident response", "Africa"]."""
    words: list[str] = []
    if filters.topic:
        words.extend(
            label(t) for t in session.scalars(select(Topic).where(Topic.slug == filters.topic))
        )
    if filters.dimension:
        dims = session.scalars(select(Dimension).where(Dimension.slug == filters.dimension))
        words.extend(label(d) for d in dims)
    if filters.region:
        words.append(area_name(filters.region))
    return words
