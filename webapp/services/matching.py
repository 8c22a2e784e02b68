"""Run the matcher on the database: build its plain inputs, save its suggestions, assign offers.

The matcher itself (``matcher/``) knows nothing of the database; this module turns rows into
``NeedDoc``/``OfferDoc`` values and writes results back as ``Match`` rows.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pycountry
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import Match, MatchStatus, Need, NeedStatus, Offer, OfferStatus, State, User, audit
from models.taxonomy import SupportType, Topic
from webapp.services.errors import NotFound
from webapp.services.proposals import CAPACITY_TAKEN

if TYPE_CHECKING:  # the matcher loads scikit-learn: imported on first use, not at app start
    from matcher import Labels, Matcher, NeedDoc, OfferDoc
    from matcher.types import Assignment
    from matcher.types import Match as Suggestion

log = logging.getLogger(__name__)


def labels(session: Session) -> Labels:
    """English labels of topics, support types, languages and States, for the reasons."""
    from matcher import Labels

    languages = {
        lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")
    }
    return Labels(
        topics=dict(session.execute(select(Topic.slug, Topic.label_en)).all()),
        support_types=dict(session.execute(select(SupportType.slug, SupportType.label_en)).all()),
        languages=languages,
        places=dict(session.execute(select(State.iso3, State.name_en)).all()),
    )


def need_doc(need: Need) -> NeedDoc:
    """The matcher's view of a need."""
    from matcher import NeedDoc

    return NeedDoc(
        ref=need.ref,
        state=need.state.iso3,
        state_tags=need.state.tags(),
        title=need.title,
        description=need.description,
        topics=tuple(t.slug for t in need.topics),
        support_types=tuple(s.slug for s in need.support_types),
        languages=tuple(need.languages) or ("en",),
        modality=need.modality,
        start=need.start,
        end=need.end,
        priority=need.priority,
        is_open=need.status is NeedStatus.OPEN,
    )


def offer_doc(offer: Offer, used: int) -> OfferDoc:
    """The matcher's view of an offer, with the capacity its matches already take."""
    from matcher import OfferDoc

    return OfferDoc(
        ref=offer.ref,
        provider=offer.organisation.name,
        provider_type=offer.organisation.type.value,
        title=offer.title,
        description=offer.description,
        topics=tuple(t.slug for t in offer.topics),
        support_types=tuple(s.slug for s in offer.support_types),
        languages=tuple(offer.languages) or ("en",),
        modality=offer.modality,
        start=offer.start,
        end=offer.end,
        eligible=tuple(offer.eligible),
        capacity=offer.capacity,
        used=used,
        is_open=offer.status is OfferStatus.OPEN,
    )


def open_needs(session: Session, ref: str | None = None) -> list[NeedDoc]:
    """Open needs (or the one need ``ref``, whatever its status) as matcher inputs."""
    stmt = select(Need).options(
        selectinload(Need.state), selectinload(Need.topics), selectinload(Need.support_types)
    )
    if ref is None:
        stmt = stmt.where(Need.status == NeedStatus.OPEN).order_by(Need.ref)
    else:
        stmt = stmt.where(Need.ref == ref)
    needs = list(session.scalars(stmt))
    if ref is not None and not needs:
        raise NotFound(f"no need has the ref {ref!r}")
    return [need_doc(n) for n in needs]


def open_offers(session: Session) -> list[OfferDoc]:
    """Open offers with their used capacity, as matcher inputs."""
    used = dict(
        session.execute(
            select(Match.offer_id, func.count(Match.id))
            .where(Match.status.in_(CAPACITY_TAKEN))
            .group_by(Match.offer_id)
        ).all()
    )
    offers = session.scalars(
        select(Offer)
        .where(Offer.status == OfferStatus.OPEN)
        .options(
            selectinload(Offer.organisation),
            selectinload(Offer.topics),
            selectinload(Offer.support_types),
        )
        .order_by(Offer.ref)
    )
    return [offer_doc(o, used.get(o.id, 0)) for o in offers]


def fitted_matcher(session: Session) -> tuple[Matcher, list[OfferDoc]]:
    """A matcher fitted on the open offers."""
    from matcher import Matcher

    offers = open_offers(session)
    return Matcher(labels=labels(session)).fit(offers), offers


def rank(session: Session, top: int, need_ref: str | None = None) -> list[Suggestion]:
    """The ``top`` best eligible offers of every open need (or of one need)."""
    matcher, _ = fitted_matcher(session)
    return matcher.rank(open_needs(session, need_ref), top=top)


def allocate(session: Session, top: int = 10) -> Assignment:
    """One allocation of open needs to offers that maximises the total score within capacity."""
    from matcher import assign

    matcher, offers = fitted_matcher(session)
    needs = open_needs(session)
    return assign(needs, offers, matcher.rank(needs, top=top))


@dataclass(frozen=True)
class SaveResult:
    """What saving suggestions did."""

    created: int
    updated: int
    removed: int
    kept: int


def save_suggestions(
    session: Session, suggestions: Sequence[Suggestion], actor: User | None = None
) -> SaveResult:
    """Store suggestions as ``suggested`` matches, leaving every match already acted on alone.

    A suggested match that the matcher no longer produces is removed; one it produces again with
    the same score and reasons is not touched, so saving twice changes nothing.
    """
    need_ids = dict(session.execute(select(Need.ref, Need.id)).all())
    offer_ids = dict(session.execute(select(Offer.ref, Offer.id)).all())
    existing = {(m.need_id, m.offer_id): m for m in session.scalars(select(Match))}
    wanted: set[tuple[int, int]] = set()
    created = updated = kept = 0
    for s in suggestions:
        key = (need_ids[s.need], offer_ids[s.offer])
        wanted.add(key)
        match = existing.get(key)
        score, reasons = round(float(s.score), 6), list(s.reasons)
        if match is None:
            session.add(
                Match(
                    need_id=key[0],
                    offer_id=key[1],
                    score=score,
                    reasons=reasons,
                    status=MatchStatus.SUGGESTED,
                    created_by_id=actor.id if actor else None,
                )
            )
            created += 1
        elif match.status is not MatchStatus.SUGGESTED:
            kept += 1
        elif match.score != score or match.reasons != reasons:
            match.score, match.reasons = score, reasons
            updated += 1
    removed = 0
    for key, match in existing.items():
        if match.status is MatchStatus.SUGGESTED and key not in wanted:
            session.delete(match)
            removed += 1
    session.flush()
    if created or updated or removed:  # one log entry for the run; suggestions are not per-record
        counts = {"created": created, "updated": updated, "removed": removed, "kept": kept}
        audit.record_bulk(
            session, entity="match", action="refresh", record="suggestions", summary=counts
        )
    log.info("suggestions saved: %d new, %d updated, %d removed", created, updated, removed)
    return SaveResult(created, updated, removed, kept)
