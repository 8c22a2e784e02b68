"""Run the matcher on the database: build its plain inputs, save its suggestions, assign offers.

The matcher itself (``matcher/``) knows nothing of the database; this module turns rows into
``NeedDoc``/``OfferDoc`` values and writes results back as ``Match`` rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pycountry
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from models import Match, MatchStatus, Need, NeedStatus, Offer, OfferStatus, State, User, audit
from models.need import need_support_type, need_topic
from models.offer import offer_support_type, offer_topic
from models.organisation import Organisation
from models.taxonomy import SupportType, Topic
from webapp.services.errors import NotFound
from webapp.services.proposals.operations import CAPACITY_TAKEN

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


def _state_tags(session: Session) -> dict[int, tuple[str, frozenset[str]]]:
    """Every State's id -> (ISO3 code, eligibility tags), as ``State.tags`` gives them."""
    out = {}
    for state in session.scalars(select(State)):
        out[state.id] = (state.iso3, state.tags())
    return out


def _slugs(
    session: Session, link: Table, owner: str, model: type[Topic] | type[SupportType], *where: Any
) -> dict[int, tuple[str, ...]]:
    """Owner id -> its topic or support-type slugs in slug order (as the ORM relationship)."""
    fk = "topic_id" if model is Topic else "support_type_id"
    stmt = select(link.c[owner], model.slug).join(model, model.id == link.c[fk])
    if where:
        stmt = stmt.where(*where)
    out: dict[int, list[str]] = {}
    rows = session.connection().execute(stmt.order_by(link.c[owner], model.slug)).all()
    for owner_id, slug in rows:
        out.setdefault(owner_id, []).append(slug)
    return {k: tuple(v) for k, v in out.items()}


def open_needs(session: Session, ref: str | None = None) -> list[NeedDoc]:
    """Open needs (or the one need ``ref``, whatever its status) as matcher inputs, by ref.

    Read with plain selects of the columns the matcher uses: no ORM object is built.
    """
    from matcher import NeedDoc

    session.flush()  # the reads below go through the connection, which does not autoflush
    where = Need.status == NeedStatus.OPEN if ref is None else Need.ref == ref
    rows = session.connection().execute(  # Core: no ORM loading machinery for 100k rows
        select(
            Need.id, Need.ref, Need.state_id, Need.title, Need.description, Need.languages,
            Need.modality, Need.start, Need.end, Need.priority, Need.status,
        ).where(where).order_by(Need.ref)
    ).all()  # fmt: skip
    if ref is not None and not rows:
        raise NotFound(f"no need has the ref {ref!r}")
    topics = _slugs(session, need_topic, "need_id", Topic, *_owner_filter(ref, Need, need_topic))
    support = _slugs(
        session, need_support_type, "need_id", SupportType,
        *_owner_filter(ref, Need, need_support_type),
    )  # fmt: skip
    states = _state_tags(session)
    out = []
    for r in rows:
        iso3, tags = states[r.state_id]
        out.append(
            NeedDoc(
                ref=r.ref,
                state=iso3,
                state_tags=tags,
                title=r.title,
                description=r.description,
                topics=topics.get(r.id, ()),
                support_types=support.get(r.id, ()),
                languages=tuple(r.languages) or ("en",),
                modality=r.modality,
                start=r.start,
                end=r.end,
                priority=r.priority,
                is_open=r.status is NeedStatus.OPEN,
            )
        )
    return out


def _owner_filter(ref: str | None, model: type[Need], link: Table) -> tuple[Any, ...]:
    """Restrict link rows to open needs, or to the need ``ref``."""
    sub = select(model.id).where(
        model.status == NeedStatus.OPEN if ref is None else model.ref == ref
    )
    return (link.c.need_id.in_(sub),)


def used_capacity(session: Session, offer_ids: Sequence[int] | None = None) -> dict[int, int]:
    """Offer id -> how many matches take its capacity (accepted, in progress, completed)."""
    stmt = select(Match.offer_id, func.count(Match.id)).where(Match.status.in_(CAPACITY_TAKEN))
    if offer_ids is not None:
        stmt = stmt.where(Match.offer_id.in_(offer_ids))
    return {oid: int(n) for oid, n in session.execute(stmt.group_by(Match.offer_id))}


def offer_docs(session: Session, offer_ids: Sequence[int] | None = None) -> dict[int, OfferDoc]:
    """Offer id -> the matcher's view of the offer: the open ones, or exactly ``offer_ids``.

    Read with plain selects of the columns the matcher uses: no ORM object is built.
    """
    from matcher import OfferDoc

    if offer_ids is not None and not offer_ids:
        return {}
    session.flush()  # the reads below go through the connection, which does not autoflush
    where = Offer.status == OfferStatus.OPEN if offer_ids is None else Offer.id.in_(offer_ids)
    rows = session.connection().execute(  # Core: no ORM loading machinery for 100k rows
        select(
            Offer.id, Offer.ref, Organisation.name, Organisation.type, Offer.title,
            Offer.description, Offer.languages, Offer.modality, Offer.start, Offer.end,
            Offer.eligible, Offer.capacity, Offer.status,
        ).join(Organisation, Organisation.id == Offer.organisation_id)
        .where(where).order_by(Offer.ref)
    ).all()  # fmt: skip
    sub = select(Offer.id).where(where)
    topics = _slugs(session, offer_topic, "offer_id", Topic, offer_topic.c.offer_id.in_(sub))
    support = _slugs(
        session, offer_support_type, "offer_id", SupportType,
        offer_support_type.c.offer_id.in_(sub),
    )  # fmt: skip
    used = used_capacity(session, offer_ids)
    return {
        r.id: OfferDoc(
            ref=r.ref,
            provider=r.name,
            provider_type=r.type.value,
            title=r.title,
            description=r.description,
            topics=topics.get(r.id, ()),
            support_types=support.get(r.id, ()),
            languages=tuple(r.languages) or ("en",),
            modality=r.modality,
            start=r.start,
            end=r.end,
            eligible=tuple(r.eligible),
            capacity=r.capacity,
            used=used.get(r.id, 0),
            is_open=r.status is OfferStatus.OPEN,
        )
        for r in rows
    }


def open_offers(session: Session) -> list[OfferDoc]:
    """Open offers with their used capacity, as matcher inputs, by ref."""
    return list(offer_docs(session).values())


def fitted_matcher(session: Session) -> tuple[Matcher, list[OfferDoc]]:
    """A matcher fitted on the open offers."""
    from matcher import Matcher

    offers = open_offers(session)
    return Matcher(labels=labels(session)).fit(offers), offers


def rank(session: Session, top: int, need_ref: str | None = None) -> list[Suggestion]:
    """The ``top`` best eligible offers of every open need (or of one need)."""
    return [m for block in iter_rank(session, top, need_ref) for m in block]


def iter_rank(
    session: Session, top: int, need_ref: str | None = None
) -> Iterator[list[Suggestion]]:
    """``rank`` one block of needs at a time, with the app's cached offer index."""
    from webapp.services.matching.index import index_for

    needs = open_needs(session, need_ref)
    with index_for(session) as matcher:
        yield from matcher.iter_rank(needs, top=top)


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
