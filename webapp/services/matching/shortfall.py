"""Why an open need gets no suggestion, and what would unlock most unmet needs.

The matcher says it (``matcher.shortfall``), with the app's cached index of the open offers
(``matching.index``): for one need on its page, and for every open need at once on the focal
point's unmet-needs page, through the index's prepared open needs (one pass, not one ranking
per need), kept between requests until a need, an offer or a match changes. The results are in
no language (rule codes, language codes, ISO dates, refs); ``webapp.shortfalls`` words them.

Only needs no accepted, in-progress or completed match serves are explained: a need already
served is not missing anything. Offers are public; the explanation of a need names the offers'
properties and the need's own State, never another need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from models import Match, Need, NeedStatus, Offer, State
from webapp.services.infra import kept
from webapp.services.matching.docs import need_doc
from webapp.services.vocab import MATCHED

if TYPE_CHECKING:  # the matcher loads numpy and scipy: imported on first use
    from matcher.shortfall import Shortfall, Unlock

#: How many unlocks the unmet-needs page shows.
TOP_UNLOCKS = 10


@dataclass(frozen=True)
class UnmetReport:
    """Why each unmet need without a suggestion has none, and what would unlock most of them."""

    shortfalls: dict[str, Shortfall]  # need ref -> why
    unlocks: tuple[Unlock, ...]  # most needs first


def region_of(session: Session) -> Callable[[str], str]:
    """ISO3 -> the State's finest M49 area (intermediate region, else sub-region), in English.

    "Western Africa" rather than "Sub-Saharan Africa": the area a new offer would be open to.
    """
    rows = session.execute(select(State.iso3, State.intermediate_region, State.subregion))
    areas = {iso3: middle or sub for iso3, middle, sub in rows}
    return lambda iso3: areas.get(iso3, "")


def _unmet() -> ColumnElement[bool]:
    """No accepted, in-progress or completed match serves the need (the unmet-needs list's rule)."""
    return ~exists().where(Match.need_id == Need.id, Match.status.in_(MATCHED))


def _served(session: Session, need: Need) -> bool:
    """An accepted, in-progress or completed match serves the need."""
    stmt = select(Need.id).where(Need.id == need.id, _unmet())
    return session.scalar(stmt) is None


def for_need(session: Session, need: Need) -> Shortfall | None:
    """Why this open, unserved need gets no suggestion; None when it gets one (or is served).

    ``need`` must have its State, topics and support types loaded.
    """
    if need.status is not NeedStatus.OPEN or _served(session, need):
        return None
    from matcher.shortfall import shortfalls
    from webapp.services.matching.index import index_for

    with index_for(session) as matcher:
        found = shortfalls(matcher, [need_doc(need)])
    return found[0] if found else None


def _report(session: Session) -> UnmetReport:
    from matcher.shortfall import shortfalls, unlock
    from webapp.services.matching.index import current_index

    index = current_index()
    with index.matcher(session) as matcher:
        prepared = index.open_needs(session, matcher)
        found = shortfalls(matcher, prepared.batch.needs, prepared.batch)
    unmet = set(session.scalars(select(Need.ref).where(Need.status == NeedStatus.OPEN, _unmet())))
    found = [s for s in found if s.need in unmet]
    unlocks = unlock(found, prepared.batch.needs, region_of(session))
    return UnmetReport({s.need: s for s in found}, tuple(unlocks[:TOP_UNLOCKS]))


def unmet_report(session: Session) -> UnmetReport:
    """The report over every open need without a suggestion that no match serves.

    Confidential needs are included: only the focal point and the administrator see it. Kept
    until a need, an offer or a match changes (or for ``infra.MAX_AGE``); computing it costs
    less than one ranking of the open needs (4 s at 10,000 needs and offers).
    """
    return kept(session, "shortfall:unmet", (Need, Offer, Match), _report).ready()
