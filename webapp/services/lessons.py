"""Lessons learnt: a completed match's result statement, published on its topics' pages.

Either side of a completed match (its State or its provider) proposes the lesson, starting from
the match's result statement (``Match.outcome``); the other side's agreement is not asked: the
focal point reviews every lesson before it is public and publishes it or refuses it with a
reason. Only the proposing side edits it, while it waits for review or after a refusal (which
proposes it again). The focal points are told of each proposal, the proposing side of the
decision (``lesson_to_review``, ``lesson_decided``). A published lesson is public; the State
of a confidential need is named only when the State itself proposed it, and the need's own
words are never shown with it.

Functions flush; the caller commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from models import Lesson, LessonStatus, Match, MatchEvent, MatchStatus, Need, Offer, Topic, User
from models.base import utcnow
from models.need import need_topic
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _
from webapp.services.notices.kinds import LESSON_DECIDED, LESSON_TO_REVIEW
from webapp.services.notices.record import (
    focal_points,
    notify,
    organisation_people,
    state_people,
)
from webapp.services.policy import is_focal
from webapp.services.proposals.operations import MAX_NOTE, side_of

log = logging.getLogger(__name__)
WHERE = "lesson"
MAX_TITLE = 200


@dataclass(frozen=True)
class LessonInput:
    """What was typed into the lesson form."""

    text: str = ""
    title: str = ""


def lesson_of(session: Session, match: Match) -> Lesson | None:
    """The match's lesson, or None when no side proposed one."""
    return session.scalar(select(Lesson).where(Lesson.match_id == match.id))


def may_propose(user: User, match: Match, lesson: Lesson | None) -> bool:
    """Whether the user may propose (or change) the match's lesson now.

    A side of the completed match, when there is no lesson yet, or when that side proposed the
    one there is and the focal point has not published it.
    """
    side = side_of(user, match)
    if side is None or match.status is not MatchStatus.COMPLETED:
        return False
    return lesson is None or (lesson.side == side and lesson.status is not LessonStatus.PUBLISHED)


def check(values: LessonInput) -> list[RecordError]:
    """Every problem with the typed lesson (empty when it is valid); writes nothing."""
    errors = []
    text = values.text.strip()
    if not text:
        errors.append(RecordError(WHERE, "text", _(
            "Write the lesson: what worked, what did not, what others can reuse.")))  # fmt: skip
    elif len(text) > MAX_NOTE:
        errors.append(RecordError(WHERE, "text", _(
            "Keep it under %(limit)d characters.", limit=MAX_NOTE)))  # fmt: skip
    if len(values.title.strip()) > MAX_TITLE:
        errors.append(RecordError(WHERE, "title", _(
            "Keep it under %(limit)d characters.", limit=MAX_TITLE)))  # fmt: skip
    return errors


def propose(session: Session, match: Match, values: LessonInput, *, actor: User) -> Lesson:
    """Propose the match's lesson, or change the proposal (a refused one is proposed again).

    Raises:
        ValidationFailed: the actor may not propose it now, or the text is wrong; nothing is
            written.
    """
    lesson = lesson_of(session, match)
    if not may_propose(actor, match, lesson):
        if lesson is not None and lesson.status is LessonStatus.PUBLISHED:
            why = _("This lesson is published already: ask the focal point to change it.")
        elif lesson is not None:
            why = _("The other side proposed this lesson: only it can change the text.")
        else:
            why = _("Only the State and the provider of a completed match can propose its lesson.")
        raise ValidationFailed([RecordError(WHERE, "text", why)], why)
    errors = check(values)
    if errors:
        raise ValidationFailed(errors)
    side = side_of(actor, match)
    if lesson is None:
        lesson = Lesson(match=match, side=side, created_by_id=actor.id)
        session.add(lesson)
    lesson.text, lesson.title = values.text.strip(), values.title.strip()
    lesson.status, lesson.reason = LessonStatus.PROPOSED, ""
    lesson.reviewed_at = lesson.reviewed_by_id = None
    lesson.proposed_at, lesson.updated_by_id = utcnow(), actor.id
    session.flush()
    notify(session, LESSON_TO_REVIEW.code, focal_points(session), actor=actor, lesson=lesson.id)
    log.info("lesson of match %s proposed by user %s", match.id, actor.id)
    return lesson


def review(
    session: Session, lesson: Lesson, *, actor: User, publish: bool, reason: str = ""
) -> Lesson:
    """The focal point publishes a proposed lesson, or refuses it with a reason.

    Raises:
        ValidationFailed: the actor is not the focal point, the lesson is not waiting for
            review, or a refusal has no reason; nothing is written.
    """
    errors = []
    if not is_focal(actor):
        errors.append(RecordError(WHERE, "decision", _("Only the focal point reviews lessons.")))
    elif lesson.status is not LessonStatus.PROPOSED:
        errors.append(RecordError(WHERE, "decision", _(
            "This lesson was reviewed already.")))  # fmt: skip
    reason = reason.strip()
    errors += _reason_errors(reason, required=not publish)
    if errors:
        raise ValidationFailed(errors)
    _decide(session, lesson, actor, LessonStatus.PUBLISHED if publish else LessonStatus.REFUSED,
            "" if publish else reason)  # fmt: skip
    return lesson


def unpublish(session: Session, lesson: Lesson, *, actor: User, reason: str) -> Lesson:
    """The focal point takes a published lesson down, with a reason the proposing side reads.

    The lesson is refused again: its side may change it and propose it anew.

    Raises:
        ValidationFailed: the actor is not the focal point, the lesson is not published, or
            the reason is missing or too long; nothing is written.
    """
    errors = []
    if not is_focal(actor):
        errors.append(RecordError(WHERE, "decision", _("Only the focal point reviews lessons.")))
    elif lesson.status is not LessonStatus.PUBLISHED:
        errors.append(RecordError(WHERE, "decision", _("This lesson is not published.")))
    reason = reason.strip()
    errors += _reason_errors(reason, required=True)
    if errors:
        raise ValidationFailed(errors)
    _decide(session, lesson, actor, LessonStatus.REFUSED, reason, unpublished=True)
    return lesson


def _reason_errors(reason: str, *, required: bool) -> list[RecordError]:
    if required and not reason:
        return [RecordError(WHERE, "reason", _(
            "Say why, so that the side that proposed it can improve it."))]  # fmt: skip
    if len(reason) > MAX_NOTE:
        return [RecordError(WHERE, "reason", _(
            "Keep it under %(limit)d characters.", limit=MAX_NOTE))]  # fmt: skip
    return []


def _decide(
    session: Session, lesson: Lesson, actor: User, status: LessonStatus, reason: str, **refs: Any
) -> None:
    """Record the focal point's decision and tell the side that proposed the lesson."""
    lesson.status, lesson.reason = status, reason
    lesson.reviewed_at, lesson.reviewed_by_id = utcnow(), actor.id
    lesson.updated_by_id = actor.id
    session.flush()
    match = lesson.match
    side = (state_people(session, match.need.state_id) if lesson.side == "state"
            else organisation_people(session, match.offer.organisation_id))  # fmt: skip
    notify(session, LESSON_DECIDED.code, side, actor=actor, lesson=lesson.id, **refs)
    log.info("lesson %s %s by user %s", lesson.id, status.value, actor.id)


def _loaded(stmt: Select[Any]) -> Select[Any]:
    return stmt.options(
        selectinload(Lesson.match).selectinload(Match.need).selectinload(Need.state),
        selectinload(Lesson.match).selectinload(Match.need).selectinload(Need.topics),
        selectinload(Lesson.match).selectinload(Match.offer).selectinload(Offer.organisation),
    )


def waiting(session: Session) -> list[Lesson]:
    """The lessons waiting for the focal point's review, the oldest first."""
    stmt = select(Lesson).where(Lesson.status == LessonStatus.PROPOSED)
    return list(session.scalars(_loaded(stmt.order_by(Lesson.proposed_at, Lesson.id))))


def published_for_topic(session: Session, topic: Topic) -> list[Lesson]:
    """The published lessons of the matches whose need has this topic, the newest first."""
    stmt = (
        select(Lesson)
        .join(Lesson.match)
        .join(Match.need)
        .where(Lesson.status == LessonStatus.PUBLISHED, Need.topics.any(Topic.id == topic.id))
        .order_by(Lesson.reviewed_at.desc(), Lesson.id.desc())
    )
    return list(session.scalars(_loaded(stmt)))


def published_counts(session: Session) -> dict[int, int]:
    """How many published lessons each topic has (topic id -> count; topics with none absent)."""
    stmt = (
        select(need_topic.c.topic_id, func.count(Lesson.id))
        .join(Match, Match.need_id == need_topic.c.need_id)
        .join(Lesson, Lesson.match_id == Match.id)
        .where(Lesson.status == LessonStatus.PUBLISHED)
        .group_by(need_topic.c.topic_id)
    )
    return {int(t): int(n) for t, n in session.execute(stmt)}


def completed_at(session: Session, lessons: list[Lesson]) -> dict[int, datetime]:
    """When each lesson's match was completed (match id -> time), from the match's history."""
    ids = [lesson.match_id for lesson in lessons]
    if not ids:
        return {}
    stmt = (
        select(MatchEvent.match_id, func.max(MatchEvent.at))
        .where(MatchEvent.match_id.in_(ids), MatchEvent.to_status == MatchStatus.COMPLETED)
        .group_by(MatchEvent.match_id)
    )
    return {int(m): at for m, at in session.execute(stmt)}
