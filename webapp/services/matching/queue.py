"""The focal point's suggestion queue: saved suggestions, their filters, and dismissing one."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from models import (
    Match,
    MatchEvent,
    MatchStatus,
    Need,
    NeedStatus,
    Offer,
    Organisation,
    State,
    Topic,
    User,
)
from webapp.services.concurrency import check_version, guarded
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _
from webapp.services.proposals.operations import MAX_NOTE
from webapp.services.querying import QueryFilters, paginate
from webapp.services.vocab import MATCH_STATUS_LABELS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueFilters(QueryFilters):
    """What the focal point narrowed the queue to; None means "no filter"."""

    region: str | None = None
    topic: str | None = None
    priority: str | None = None
    provider_type: str | None = None


def queue_stmt(f: QueueFilters) -> Select[Any]:
    """Suggested matches of open needs (confidential ones too), best score first.

    The filters are ``IN`` subqueries rather than joins so that both the page and its count walk
    the match indexes (status, score) and (status, need_id) without touching every row.
    """
    needs = select(Need.id).where(Need.status == NeedStatus.OPEN)
    if f.region:
        needs = needs.where(
            Need.state_id.in_(
                select(State.id).where(
                    or_(
                        State.region == f.region,
                        State.subregion == f.region,
                        State.intermediate_region == f.region,
                    )
                )
            )
        )
    if f.topic:
        needs = needs.where(Need.topics.any(Topic.slug == f.topic))
    if f.priority:
        needs = needs.where(Need.priority == f.priority)
    stmt = select(Match).where(Match.status == MatchStatus.SUGGESTED, Match.need_id.in_(needs))
    if f.provider_type:
        stmt = stmt.where(
            Match.offer_id.in_(
                select(Offer.id)
                .join(Organisation, Offer.organisation_id == Organisation.id)
                .where(Organisation.type == f.provider_type)
            )
        )
    return stmt.order_by(Match.score.desc(), Match.id.desc()).options(
        selectinload(Match.need).selectinload(Need.state),
        selectinload(Match.offer).selectinload(Offer.organisation),
    )


def suggestion_queue(session: Session, f: QueueFilters, page: int, *, per_page: int) -> Pagination:
    """One page of the queue (the last page when ``page`` is past the end)."""
    return paginate(session, queue_stmt(f), page, per_page)


def dismiss(
    session: Session,
    match: Match,
    *,
    actor: User,
    reason: str,
    expected_version: int | None = None,
) -> Match:
    """Set a suggestion aside for good: it becomes ``dismissed`` and is never suggested again.

    ``expected_version`` is the version of the suggestion the focal point saw (None: no check).

    Raises:
        StaleEdit: the suggestion changed since then; nothing is written.
        ValidationFailed: the match is no longer a suggestion, or no reason was given.
    """
    check_version(session, match, expected_version, "match", actor)
    if match.status is not MatchStatus.SUGGESTED:
        raise ValidationFailed(
            [RecordError("match", "status", "not a suggestion")],
            _(
                "This pair is %(status)s now, not a suggestion; it cannot be dismissed.",
                status=MATCH_STATUS_LABELS[match.status],
            ),
        )
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            [RecordError("match", "reason", "required")], _("Say why you dismiss this suggestion.")
        )
    with guarded(session, match, "match", actor):
        match.status = MatchStatus.DISMISSED
        match.updated_by_id = actor.id
        match.events.append(
            MatchEvent(actor_id=actor.id, from_status=MatchStatus.SUGGESTED,
                       to_status=MatchStatus.DISMISSED, note=reason[:MAX_NOTE])
        )  # fmt: skip
        session.flush()
    log.info("match %s dismissed by user %s", match.id, actor.id)
    return match
