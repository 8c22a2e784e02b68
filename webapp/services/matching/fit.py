"""How well offers fit needs, for the detail pages: the matcher run on a few rows at a time.

The offers that fit a need best, and the needs an offer fits best, come from the app's cached
index of all open offers (and its prepared open needs); a provider's own offers for a need are
ranked by a matcher fitted on those few offers. Needs come
only from ``policy.visible_needs_clause(user)``, so a confidential need of another State never
reaches a page through a fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from sqlalchemy import false, func, select
from sqlalchemy.orm import Session, selectinload

from matcher.thresholds import MIN_SCORE, STRONG_SCORE
from models import Match, Need, NeedStatus, Offer, OfferStatus, Organisation
from webapp.services.language import N_
from webapp.services.matching.docs import labels, need_doc, offer_doc
from webapp.services.policy import visible_needs_clause
from webapp.services.vocab import CAPACITY_TAKEN

if TYPE_CHECKING:  # the matcher loads scikit-learn: imported on first use, not at app start
    from matcher import Reason

TOP = 5

M = TypeVar("M", Need, Offer)


#: A listed pair in words: strong from the matcher's calibrated ``STRONG_SCORE`` up, else
#: possible (docs/MATCHER.md section 3). Every page, the queue and the alerts say the same.
#: Translated where shown.
STRONG = N_("Strong fit")
POSSIBLE = N_("Possible fit")


def strength_of(score: float) -> str:
    """The words for a listed pair's score (untranslated)."""
    return STRONG if score >= STRONG_SCORE else POSSIBLE


@dataclass(frozen=True)
class Fit:
    """One need-offer pair as the matcher sees it: score 0-1 and its reasons (codes and values)."""

    need: Need
    offer: Offer
    score: float
    reasons: tuple[Reason, ...]

    @property
    def percent(self) -> int:
        """The score as a whole percentage, for display."""
        return round(max(0.0, min(1.0, self.score)) * 100)

    @property
    def strong_from(self) -> float:
        """The score from which a pair is a strong fit (the meter's "high" mark)."""
        return STRONG_SCORE

    @property
    def strength(self) -> str:
        """The score in words (untranslated: ``_()`` it where shown)."""
        return strength_of(self.score)


def _used(session: Session, offers: Sequence[Offer]) -> dict[int, int]:
    ids = [o.id for o in offers]
    if not ids:
        return {}
    rows = session.execute(
        select(Match.offer_id, func.count(Match.id))
        .where(Match.offer_id.in_(ids), Match.status.in_(CAPACITY_TAKEN))
        .group_by(Match.offer_id)
    ).all()
    return {offer_id: int(n) for offer_id, n in rows}


def _open_offers(session: Session, organisation_id: int | None = None) -> list[Offer]:
    stmt = select(Offer).where(Offer.status == OfferStatus.OPEN)
    if organisation_id is not None:
        stmt = stmt.where(Offer.organisation_id == organisation_id)
    stmt = stmt.options(
        selectinload(Offer.organisation).selectinload(Organisation.country),
        selectinload(Offer.topics),
        selectinload(Offer.support_types),
    )
    return list(session.scalars(stmt.order_by(Offer.ref)))


def _by_ref(session: Session, model: type[M], refs: list[str], *loads: Any) -> dict[str, M]:
    """The ranked records by ref, with the relationships their fit boxes show."""
    stmt = select(model).where(model.ref.in_(refs)).options(*(selectinload(r) for r in loads))
    return {row.ref: row for row in session.scalars(stmt)}


def _rank(
    session: Session,
    needs: Sequence[Need],
    offers: Sequence[Offer],
    top: int,
    every_fit: bool = False,
) -> list[Fit]:
    """Fit on ``offers``, rank ``needs``; each need keeps its ``top`` best offers.

    ``every_fit`` lists every feasible pair down to the listing floor, whether or not the need
    is judged servable; otherwise the matcher's own rule (a servable need, its offers down to the
    listing floor). No pair below the floor (``MIN_SCORE``) is ever shown.
    """
    if not needs or not offers:
        return []
    used = _used(session, offers)
    docs = [offer_doc(o, used.get(o.id, 0)) for o in offers]
    from matcher import Matcher  # loads scikit-learn: on first use, not at app start

    lexicon = labels(session)
    matcher = (
        Matcher(labels=lexicon, serve_score=0.0, min_score=MIN_SCORE)
        if every_fit
        else Matcher(labels=lexicon)
    )
    matcher.fit(docs)
    by_need = {n.ref: n for n in needs}
    by_offer = {o.ref: o for o in offers}
    ranked = matcher.rank([need_doc(n) for n in needs], top=top)
    fits = [
        Fit(by_need[m.need], by_offer[m.offer], float(m.score), tuple(m.reasons))
        for m in ranked
        if m.need in by_need and m.offer in by_offer
    ]
    return sorted(fits, key=lambda f: (-f.score, f.need.ref, f.offer.ref))


def own_offers_for_need(session: Session, need: Need, organisation_id: int) -> list[Fit]:
    """How well each open offer of one organisation fits this need, best first, possible fits too.

    Pairs below the matcher's listing floor (a score of 0.03 says nothing) are not shown.

    Offers that the matcher's hard rules exclude (eligibility, language, dates...) are left out.
    """
    offers = _open_offers(session, organisation_id)
    return _rank(session, [need], offers, top=max(len(offers), 1), every_fit=True)


def best_offers_for_need(session: Session, need: Need, top: int = TOP) -> list[Fit]:
    """The open offers that fit this need best (for its State and the focal point).

    Ranked with the app's cached index of the open offers (``matching.index``): no refit.
    """
    from webapp.services.matching.index import index_for

    with index_for(session) as matcher:
        ranked = matcher.rank_need(need_doc(need), top=top)
    if not ranked:
        return []
    offers = _by_ref(session, Offer, [m.offer for m in ranked], Offer.organisation, Offer.topics)
    fits = [
        Fit(need, offers[m.offer], float(m.score), tuple(m.reasons))
        for m in ranked
        if m.offer in offers
    ]
    return sorted(fits, key=lambda f: (-f.score, f.offer.ref))


def best_offers_for_needs(
    session: Session, needs: Sequence[Need], top: int = TOP
) -> dict[int, list[Fit]]:
    """Need id -> the open offers that fit it best, for several needs at once (a State's home).

    One ranking with the app's cached index and one query for the offers, whatever the number
    of needs. ``needs`` must have their State, topics and support types loaded.
    """
    from webapp.services.matching.index import index_for

    out: dict[int, list[Fit]] = {n.id: [] for n in needs}
    if not needs:
        return out
    with index_for(session) as matcher:
        ranked = matcher.rank([need_doc(n) for n in needs], top=top)
    if not ranked:
        return out
    by_ref = {n.ref: n for n in needs}
    offers = _by_ref(
        session, Offer, sorted({m.offer for m in ranked}), Offer.organisation, Offer.topics
    )
    for m in ranked:
        if m.need in by_ref and m.offer in offers:
            need = by_ref[m.need]
            out[need.id].append(Fit(need, offers[m.offer], float(m.score), tuple(m.reasons)))
    for fits in out.values():
        fits.sort(key=lambda f: (-f.score, f.offer.ref))
    return out


def best_needs_for_offer(session: Session, offer: Offer, user: Any, top: int = TOP) -> list[Fit]:
    """The open needs, among those ``user`` may see, that this offer fits best.

    Ranked with the app's cached index: its matcher and every open need prepared once, so a
    page costs one sparse product, not a fit over every need. The scores are the queue's.
    """
    return best_needs_for_offers(session, [offer], user, top)[offer.id]


def best_needs_for_offers(
    session: Session, offers: Sequence[Offer], user: Any, top: int = TOP
) -> dict[int, list[Fit]]:
    """Offer id -> the open needs ``user`` may see that it fits best (closed offers: none).

    The needs ``user`` may not see (confidential ones of other States) are left out before
    ranking. A constant number of queries whatever the number of offers.
    """
    out: dict[int, list[Fit]] = {o.id: [] for o in offers}
    live = [o for o in offers if o.status is OfferStatus.OPEN]
    if not live:
        return out
    from webapp.services.matching.index import current_index

    index = current_index()
    # the few open needs this user may not see (confidential ones of other States); a NULL
    # anywhere in the rule counts as not visible
    visible = func.coalesce(visible_needs_clause(user), false())
    hidden = session.scalars(select(Need.ref).where(~visible, Need.status == NeedStatus.OPEN))
    with index.matcher(session) as matcher:
        needs = index.open_needs(session, matcher)
        allowed = np.ones(len(needs.position), dtype=bool)
        allowed[[needs.position[r] for r in hidden if r in needs.position]] = False
        ranked = {
            o.id: matcher.rank_offer(needs.batch, o.ref, top=top, allowed=allowed) for o in live
        }
    refs = sorted({m.need for found in ranked.values() for m in found})
    if not refs:
        return out
    found = _by_ref(session, Need, refs, Need.state, Need.topics)
    for offer in live:
        out[offer.id] = [
            Fit(found[m.need], offer, float(m.score), tuple(m.reasons))
            for m in ranked[offer.id]
            if m.need in found
        ]
    return out
