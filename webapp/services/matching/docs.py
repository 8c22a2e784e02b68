"""The matcher's plain inputs built from the database: labels, ``NeedDoc`` and ``OfferDoc`` values.

The matcher itself (``matcher/``) knows nothing of the database; this module turns rows into its
values, and the index, the fits and the runs all build them here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pycountry
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from models import Match, Need, NeedStatus, Offer, OfferStatus, State
from models.need import need_support_type, need_topic
from models.offer import offer_support_type, offer_topic
from models.organisation import Organisation
from models.taxonomy import SupportType, Topic
from webapp.services.errors import NotFound
from webapp.services.language import column
from webapp.services.vocab import CAPACITY_TAKEN

if TYPE_CHECKING:  # the matcher loads scikit-learn: imported on first use, not at app start
    from matcher import Labels, NeedDoc, OfferDoc


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


def reader_names(session: Session) -> dict[str, dict[str, str]]:
    """Topic and support-type labels and State names in the reader's language, for the reasons.

    ``{"topics": {slug: label}, "support_types": {slug: label}, "places": {ISO3: name}}``;
    English where a translation is missing.
    """

    def pairs(key: Any, model: Any, stem: str) -> dict[str, str]:
        rows = session.execute(select(key, column(model, stem), getattr(model, f"{stem}_en")))
        return {k: text or english for k, text, english in rows}

    return {
        "topics": pairs(Topic.slug, Topic, "label"),
        "support_types": pairs(SupportType.slug, SupportType, "label"),
        "places": pairs(State.iso3, State, "name"),
    }


def _shared(row: Any, topics: tuple[str, ...], support_types: tuple[str, ...]) -> dict[str, Any]:
    """The fields a need and an offer give the matcher alike, from an ORM object or a Core row."""
    return {
        "title": row.title,
        "description": row.description,
        "topics": topics,
        "support_types": support_types,
        "languages": tuple(row.languages) or ("en",),
        "modality": row.modality,
        "start": row.start,
        "end": row.end,
    }


def need_doc(need: Need) -> NeedDoc:
    """The matcher's view of a need."""
    from matcher import NeedDoc

    return NeedDoc(
        ref=need.ref,
        state=need.state.iso3,
        state_tags=need.state.tags(),
        **_shared(
            need,
            tuple(t.slug for t in need.topics),
            tuple(s.slug for s in need.support_types),
        ),
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
        **_shared(
            offer,
            tuple(t.slug for t in offer.topics),
            tuple(s.slug for s in offer.support_types),
        ),
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
                **_shared(r, topics.get(r.id, ()), support.get(r.id, ())),
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
            **_shared(r, topics.get(r.id, ()), support.get(r.id, ())),
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
