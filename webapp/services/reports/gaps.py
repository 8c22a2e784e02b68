"""The gaps report: for each topic and M49 region, open needs, unmet ones and open offers.

Counts only: a confidential need is counted like any other and never named, so the report may
go to anyone the focal point sends it to. The same counts as the dashboard's heatmaps (a need
counts once in each of its topics, in its State's region; an offer in each region it reaches).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple, dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from models import Need, NeedStatus, Offer, OfferStatus, State, Topic
from models.need import need_topic
from models.offer import offer_topic
from webapp.services import tables
from webapp.services.dashboard.figures import unmet_clause
from webapp.services.reference.regions import region_map

COLUMNS = ("topic", "region", "open_needs", "unmet_needs", "open_offers")


@dataclass(frozen=True)
class GapRow:
    """One topic in one M49 region."""

    topic: str  # the topic's slug
    region: str  # the M49 region's name, as the reference data writes it
    open_needs: int
    unmet_needs: int
    open_offers: int


def _window(
    column: InstrumentedAttribute[datetime], since: date | None, until: date | None
) -> list[ColumnElement[bool]]:
    """Records created from ``since`` to ``until``, both days included (UTC)."""
    out: list[ColumnElement[bool]] = []
    if since is not None:
        out.append(column >= datetime.combine(since, time.min, UTC))
    if until is not None:
        out.append(column < datetime.combine(until + timedelta(days=1), time.min, UTC))
    return out


def gaps(session: Session, since: date | None = None, until: date | None = None) -> list[GapRow]:
    """Every topic (by slug) in every M49 region (by name), counted now.

    ``since`` and ``until`` keep the needs and offers created in that window (None: no bound).
    """
    rm = region_map(session)
    regions = sorted(rm.regions)  # by their English names: the report is a file, not a page

    def needs(*where: ColumnElement[bool]) -> Counter[tuple[str, str]]:
        stmt = (
            select(Topic.slug, State.region, func.count(distinct(Need.id)))
            .select_from(Need)
            .join(need_topic, need_topic.c.need_id == Need.id)
            .join(Topic, Topic.id == need_topic.c.topic_id)
            .join(State, State.id == Need.state_id)
            .where(Need.status == NeedStatus.OPEN, *_window(Need.created_at, since, until), *where)
            .group_by(Topic.slug, State.region)
        )
        return Counter({(slug, region): int(n) for slug, region, n in session.execute(stmt)})

    open_needs, unmet = needs(), needs(unmet_clause())
    offers: Counter[tuple[str, str]] = Counter()
    stmt = (
        select(Offer.reach, Topic.slug, func.count(distinct(Offer.id)))
        .select_from(Offer)
        .join(offer_topic, offer_topic.c.offer_id == Offer.id)
        .join(Topic, Topic.id == offer_topic.c.topic_id)
        .where(Offer.status == OfferStatus.OPEN, *_window(Offer.created_at, since, until))
        .group_by(Offer.reach, Topic.slug)
    )
    for reach, slug, n in session.execute(stmt):
        for region in rm.reached(reach):
            offers[(slug, region)] += int(n)
    topics = session.scalars(select(Topic.slug).order_by(Topic.slug))
    return [
        GapRow(t, r, open_needs[(t, r)], unmet[(t, r)], offers[(t, r)])
        for t in topics
        for r in regions
    ]


def gaps_file(session: Session, fmt: str, since: date | None, until: date | None) -> bytes:
    """The gaps report as a CSV (no byte-order mark: a file for other tools) or XLSX file.

    The columns and values are the same in both and wherever the report is asked for (the CLI,
    the dashboard): English column names, topic slugs, M49 region names.
    """
    rows = [astuple(r) for r in gaps(session, since, until)]
    if fmt == "csv":
        return tables.to_csv(COLUMNS, rows, bom=False)
    return tables.to_xlsx("Gaps", COLUMNS, rows, (28, 12, 12, 12, 12))
