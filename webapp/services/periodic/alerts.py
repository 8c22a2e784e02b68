"""Alerts: new offers that fit a State's open needs, new needs that fit a provider's open offers.

A periodic job (``run``) looks at the offers and needs opened since its last run (its bookmark
in ``ScheduledRun.mark``: the highest offer and need ids already looked at, and the drafts
not yet opened), ranks them with the matcher's own ranking (the app's cached index,
``matching.index``: the hard rules of eligibility, language, modality and dates apply), and
for every pair scoring at least ``min_score`` writes a notice to the other side:

* ``new_offers`` to the representatives of the State of a need that new offers fit, one
  notice per need naming all its new offers;
* ``new_needs`` to the accounts of the provider of an offer that new needs fit, one notice per
  offer naming all its new needs. A confidential need is never named to a provider: such needs
  are left out here, and again by the composer.

The first run only notes where things stand (nobody is told of what existed before alerts were
turned on). Rankings are read before the run is claimed, so a slow ranking holds no lock.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import Need, NeedStatus, Offer, OfferStatus
from webapp.services.matching.docs import need_doc
from webapp.services.matching.fit import strength_of
from webapp.services.notices import schedule
from webapp.services.notices.record import notify, organisation_people, state_people
from webapp.services.proposals.pipeline import as_utc

JOB = "alerts"


def strength(score: float) -> str:
    """The words for a score, as the detail pages say it (untranslated: ``_()`` where shown)."""
    return strength_of(score)


@dataclass
class Plan:
    """What one run found: the new bookmark and, per need and per offer, its new fits."""

    mark: dict[str, Any]
    #: need id -> [(new offer id, score)], best first
    offers_for_need: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    #: offer id -> [(new need id, score)], best first (never a confidential need)
    needs_for_offer: dict[int, list[tuple[int, float]]] = field(default_factory=dict)


def _highest(session: Session, model: type[Need] | type[Offer]) -> int:
    return int(session.scalar(select(func.max(model.id))) or 0)


def _drafts(session: Session, upto: int) -> list[int]:
    stmt = select(Need.id).where(Need.status == NeedStatus.DRAFT, Need.id <= upto)
    return sorted(session.scalars(stmt))


def where_things_stand(session: Session) -> dict[str, Any]:
    """The bookmark of a run that looks at nothing before now."""
    need = _highest(session, Need)
    return {"offer": _highest(session, Offer), "need": need, "drafts": _drafts(session, need)}


def plan(session: Session, mark: dict[str, Any], min_score: float) -> Plan:
    """Rank what opened since ``mark``; the pairs scoring at least ``min_score``.

    The needs since the bookmark and its drafts are read in one query: each is either open
    (ranked now) or still a draft (kept in the new bookmark), never both nor neither.
    """
    top_offer, top_need = _highest(session, Offer), _highest(session, Need)
    offers = list(
        session.scalars(
            select(Offer)
            .where(
                Offer.id > int(mark.get("offer", 0)),
                Offer.id <= top_offer,
                Offer.status == OfferStatus.OPEN,
            )
            .order_by(Offer.id)
        )
    )
    was_draft = [int(i) for i in mark.get("drafts", [])]
    since = session.scalars(
        select(Need)
        .where(
            ((Need.id > int(mark.get("need", 0))) & (Need.id <= top_need)) | Need.id.in_(was_draft),
            Need.status.in_((NeedStatus.OPEN, NeedStatus.DRAFT)),
        )
        .options(
            selectinload(Need.state), selectinload(Need.topics), selectinload(Need.support_types)
        )
        .order_by(Need.id)
    ).all()
    drafts = [n.id for n in since if n.status is NeedStatus.DRAFT]
    found = Plan({"offer": top_offer, "need": top_need, "drafts": drafts})
    if offers:
        found.offers_for_need = _needs_fitting(session, offers, min_score)
    public = [n for n in since if n.status is NeedStatus.OPEN and not n.confidential]
    if public:
        found.needs_for_offer = _offers_fitting(session, public, min_score)
    return found


def _needs_fitting(
    session: Session, offers: list[Offer], min_score: float
) -> dict[int, list[tuple[int, float]]]:
    """Need id -> the new offers that fit it (the matcher's ``rank_offer`` for each offer)."""
    from webapp.services.matching.index import current_index

    index = current_index()
    index.mark({o.id for o in offers})  # read them again now, whatever the index last saw
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    with index.matcher(session) as matcher:
        prepared = index.open_needs(session, matcher)
        every = max(len(prepared.position), 1)
        ranked = {o.id: matcher.rank_offer(prepared.batch, o.ref, top=every) for o in offers}
    refs = {m.need for found in ranked.values() for m in found if m.score >= min_score}
    ids = _ids(session, Need, refs)
    for offer_id, found in ranked.items():
        for m in found:
            if m.score >= min_score and m.need in ids:
                out[ids[m.need]].append((offer_id, float(m.score)))
    return {k: sorted(v, key=lambda p: (-p[1], p[0])) for k, v in out.items()}


def _offers_fitting(
    session: Session, needs: list[Need], min_score: float
) -> dict[int, list[tuple[int, float]]]:
    """Offer id -> the new needs it fits (the matcher's ``rank`` of the new needs)."""
    from webapp.services.matching.index import index_for

    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    by_ref = {n.ref: n.id for n in needs}
    with index_for(session) as matcher:
        every = max(len(matcher.offers_), 1)
        ranked = matcher.rank([need_doc(n) for n in needs], top=every)
    ids = _ids(session, Offer, {m.offer for m in ranked if m.score >= min_score})
    for m in ranked:
        if m.score >= min_score and m.offer in ids and m.need in by_ref:
            out[ids[m.offer]].append((by_ref[m.need], float(m.score)))
    return {k: sorted(v, key=lambda p: (-p[1], p[0])) for k, v in out.items()}


def _ids(session: Session, model: type[Need] | type[Offer], refs: set[str]) -> dict[str, int]:
    if not refs:
        return {}
    rows = session.execute(select(model.ref, model.id).where(model.ref.in_(sorted(refs))))
    return {ref: int(i) for ref, i in rows}


def write(session: Session, found: Plan) -> int:
    """One notice per (recipient, need or offer) of the plan; how many were written."""
    written = 0
    needs = {
        n.id: n for n in session.scalars(select(Need).where(Need.id.in_(found.offers_for_need)))
    }
    for need_id, fits in sorted(found.offers_for_need.items()):
        need = needs.get(need_id)
        if need is None or need.status is not NeedStatus.OPEN:
            continue
        written += len(
            notify(
                session, "new_offers", state_people(session, need.state_id), need=need_id,
                offers=[o for o, _ in fits], scores=[round(s, 4) for _, s in fits],
            )
        )  # fmt: skip
    offers = {
        o.id: o for o in session.scalars(select(Offer).where(Offer.id.in_(found.needs_for_offer)))
    }
    for offer_id, fits in sorted(found.needs_for_offer.items()):
        offer = offers.get(offer_id)
        if offer is None or offer.status is not OfferStatus.OPEN:
            continue
        written += len(
            notify(
                session, "new_needs", organisation_people(session, offer.organisation_id),
                offer=offer_id, needs=[n for n, _ in fits], scores=[round(s, 4) for _, s in fits],
            )
        )  # fmt: skip
    return written


@dataclass(frozen=True)
class Outcome:
    """What a run did: whether it ran, and how many notices it wrote."""

    ran: bool
    notices: int = 0
    offers_for_needs: int = 0  # needs told of new offers
    needs_for_offers: int = 0  # offers told of new needs
    first: bool = False  # the first run: it only noted where things stand


def run(
    session: Session, now: datetime, *, interval: timedelta, min_score: float, force: bool = False
) -> Outcome:
    """Look for new fits if the last run is ``interval`` old (or ``force``); commits.

    Two processes running it at once: one claims the run, the other does nothing.
    """
    row = schedule.last_run(session, JOB)
    last, mark = as_utc(row.last_run_at), dict(row.mark or {})
    session.commit()
    if not force and last is not None and now - last < interval:
        return Outcome(False)
    if last is None and not mark:  # the first run: start from here
        if not schedule.claim_if_unchanged(session, JOB, now, last, where_things_stand(session)):
            session.rollback()
            return Outcome(False)
        session.commit()
        return Outcome(True, first=True)
    found = plan(session, mark, min_score)
    if not schedule.claim_if_unchanged(session, JOB, now, last, found.mark):
        session.rollback()
        return Outcome(False)
    written = write(session, found)
    session.commit()
    return Outcome(True, written, len(found.offers_for_need), len(found.needs_for_offer))
