"""The funding gap: money requested by open needs, offered by open offers, by region and topic.

Counted as the dashboard's heatmaps count (``services.dashboard.figures``): a need in its State's
region and in each of its topics, an offer in every region its eligibility reaches and in each of
its topics. Requested: the open needs that require funding, their estimates converted into the
reporting currency (``rates.Converter``); a need with no estimate is counted, not added. Offered:
the open offers that bring an amount. Gap: requested minus offered (below zero: more offered
than requested). An amount whose currency has no rate on the day is left out of the sums and
counted apart, with its currency. Confidential needs are counted like the others and never named:
the figures hold counts and sums only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.orm import Session

from models import Dimension, Need, NeedStatus, Offer, OfferStatus, State, Topic
from models.need import need_topic
from models.offer import offer_topic
from webapp.services import tables
from webapp.services.language import label
from webapp.services.reference.names import by_label
from webapp.services.reference.regions import region_map
from webapp.services.reports.gaps import _window
from webapp.services.reports.rates import Converter, converter

COLUMNS = (
    "scope", "name", "currency", "needs_requiring_funding", "needs_without_estimate",
    "requested", "offers_with_funding", "offered", "gap", "amounts_not_converted",
    "currencies_not_converted",
)  # fmt: skip


@dataclass
class Line:
    """The funding figures of one region, one topic, or of everything (``scope`` "total")."""

    scope: str  # "total", "region" or "topic"
    key: str  # "" for the total, the M49 region's name, or the topic's slug
    label: str = ""  # the region or topic in the reader's language
    group: str = ""  # a topic's CMM dimension, in the reader's language
    needs: int = 0  # open needs requiring funding
    unestimated: int = 0  # of those, how many give no amount
    requested: Decimal = Decimal("0.00")
    offers: int = 0  # open offers bringing funding
    offered: Decimal = Decimal("0.00")
    #: Amounts left out of the sums for want of a rate, by currency.
    missing: dict[str, int] = field(default_factory=dict)

    @property
    def gap(self) -> Decimal:
        """Requested minus offered, in the reporting currency."""
        return self.requested - self.offered

    @property
    def not_converted(self) -> int:
        """How many amounts (of needs and offers) are left out for want of a rate."""
        return sum(self.missing.values())

    @property
    def empty(self) -> bool:
        """Whether no need nor offer counts here."""
        return not (self.needs or self.offers)

    def row(self, currency: str) -> tuple[object, ...]:
        """The line as the report's columns."""
        return (
            self.scope, self.key, currency, self.needs, self.unestimated, self.requested,
            self.offers, self.offered, self.gap, self.not_converted, ";".join(sorted(self.missing)),
        )  # fmt: skip


@dataclass(frozen=True)
class Funding:
    """Every funding figure on one day, in ``currency``."""

    day: date
    currency: str
    total: Line
    regions: tuple[Line, ...]  # every M49 region, in the reader's order of their names
    topics: tuple[Line, ...]  # every topic, by dimension then label

    @property
    def missing(self) -> dict[str, int]:
        """The currencies with no rate on the day, with how many amounts each."""
        return self.total.missing


def _add(lines: Iterable[Line], value: Decimal | None, currency: str | None, *, need: bool) -> None:
    for line in lines:
        if need:
            line.needs += 1
        else:
            line.offers += 1
        if currency is None:  # a need with no estimate
            line.unestimated += 1
        elif value is None:
            line.missing[currency] = line.missing.get(currency, 0) + 1
        elif need:
            line.requested += value
        else:
            line.offered += value


def _convert(rates: Converter, amount: int | None, currency: str | None) -> Decimal | None:
    if amount is None or not currency:
        return None
    return rates.convert(amount, currency)


def funding(
    session: Session, day: date, since: date | None = None, until: date | None = None
) -> Funding:
    """The funding figures with the rates in force on ``day``.

    ``since`` and ``until`` keep the needs and offers created in that window (None: no bound).
    """
    rm = region_map(session)
    rates = converter(session, day)
    total = Line("total", "")
    regions = {r: Line("region", r) for r in rm.regions}
    dims = list(session.scalars(select(Dimension).order_by(Dimension.position)))
    topics = {
        slug: Line("topic", slug, name, label(d))
        for d in dims
        for slug, name in by_label((t.slug, label(t)) for t in d.topics)
    }

    def topics_of(link: Table, owner: ColumnElement[int], ids: Any) -> dict[int, list[str]]:
        """The topics of the records ``ids`` (a select whose first column is their id)."""
        out: dict[int, list[str]] = defaultdict(list)
        stmt = select(owner, Topic.slug).join(Topic, Topic.id == link.c.topic_id)
        stmt = stmt.where(owner.in_(ids.with_only_columns(ids.selected_columns[0]).order_by(None)))
        for record_id, slug in session.execute(stmt):
            out[record_id].append(slug)
        return out

    need_stmt = (
        select(Need.id, State.region, Need.funding_amount, Need.funding_currency)
        .join(State, State.id == Need.state_id)
        .where(
            Need.status == NeedStatus.OPEN,
            Need.funding_required.is_(True),
            *_window(Need.created_at, since, until),
        )
        .order_by(Need.id)
    )
    needs = session.execute(need_stmt).all()
    need_topics = topics_of(need_topic, need_topic.c.need_id, need_stmt)
    for need_id, region, amount, currency in needs:
        value = _convert(rates, amount, currency)
        code = currency if amount is not None and currency else None
        lines = [total, *([regions[region]] if region in regions else [])]
        lines += [topics[s] for s in need_topics.get(need_id, []) if s in topics]
        _add(lines, value, code, need=True)

    offer_stmt = (
        select(Offer.id, Offer.reach, Offer.funding_amount, Offer.funding_currency)
        .where(
            Offer.status == OfferStatus.OPEN,
            Offer.funding_amount.is_not(None),
            Offer.funding_currency.is_not(None),
            *_window(Offer.created_at, since, until),
        )
        .order_by(Offer.id)
    )
    offers = session.execute(offer_stmt).all()
    offer_topics = topics_of(offer_topic, offer_topic.c.offer_id, offer_stmt)
    for offer_id, reach, amount, currency in offers:
        value = _convert(rates, amount, currency)
        lines = [total, *(regions[r] for r in rm.reached(reach or ""))]
        lines += [topics[s] for s in offer_topics.get(offer_id, []) if s in topics]
        _add(lines, value, currency, need=False)

    return Funding(day, rates.reporting, total, tuple(regions.values()), tuple(topics.values()))


def funding_file(
    session: Session, fmt: str, since: date | None, until: date | None, today: date
) -> bytes:
    """The funding report as a CSV (no byte-order mark) or XLSX file.

    One row for the total, one per M49 region (by name) and one per topic (by slug), zeros
    included; amounts in the reporting currency with the rates in force on ``until`` (``today``
    when not given). English column names, region names and topic slugs, as the gaps report.
    """
    found = funding(session, until or today, since, until)
    lines = [
        found.total,
        *sorted(found.regions, key=lambda line: line.key),
        *sorted(found.topics, key=lambda line: line.key),
    ]
    rows = [line.row(found.currency) for line in lines]
    if fmt == "csv":
        return tables.to_csv(COLUMNS, rows, bom=False)
    return tables.to_xlsx("Funding", COLUMNS, rows, (8, 28, 9, 12, 12, 16, 12, 16, 16, 12, 16))
