"""The demo's matches: a dated history at every stage, written through the ordinary services.

``seed_data/demo/matches.json`` lists need-offer pairs, each with the steps people took, in
order: who (a demo account's e-mail), when (a date, or a date and time, UTC), and what. Each
step calls the service a page would call (a proposal, an answer, a move, an outcome, a
confirmation), so the rules hold (eligibility, capacity, a confidential need's consent) and the
history and the audit log read as real use; ``clock_at`` dates what each step writes.

Steps: ``propose`` (the focal point), ``request`` (the State), ``offer`` (the provider),
``accept`` and ``decline`` (either side, a declination with its reason in ``note``),
``start`` (in progress), ``note``, ``withdraw`` (with its reason), ``complete`` (the focal point,
the result statement in ``note`` and the figures in ``outcome``), ``confirm`` (the State, with
``rating`` and its comment in ``note``), ``close_need`` (the State, once served), ``lesson`` (a
side proposes its lesson learnt: the text in ``note``, an optional ``title``), ``publish`` and
``refuse_lesson`` (the focal point's review, a refusal's reason in ``note``).

``need_since`` is when the need was submitted: the need's creation date is moved back to it
(the dashboard's "days to acceptance" counts from there). A pair already past the suggestion
stage is left alone, so loading twice changes nothing. The e-mail notices the steps write are
marked skipped: nobody is told of a past that never happened.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from models import Match, MatchStatus, Need, Notice, NoticeStatus, Offer, User
from models.audit import acting_as
from models.base import clock_at
from webapp.services import lessons
from webapp.services.needs.operations import close_need
from webapp.services.proposals import operations as proposals
from webapp.services.proposals import outcomes, pipeline

Step = dict[str, Any]
#: Steps of one day are written a few minutes apart, in their order, from 09:00.
FIRST_STEP = time(9, 0)
STEP_GAP = timedelta(minutes=7)


def _moment(value: str, index: int) -> datetime:
    """A step's time: "2026-05-06T14:30" as given, "2026-05-06" at 09:00 plus its place."""
    if "T" in value:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return datetime.combine(date.fromisoformat(value), FIRST_STEP, UTC) + index * STEP_GAP


def _figures(values: dict[str, Any], result: str) -> outcomes.OutcomeInput:
    def day(key: str) -> date | None:
        return date.fromisoformat(values[key]) if values.get(key) else None

    return outcomes.OutcomeInput(
        result=result,
        women=values.get("women"),
        men=values.get("men"),
        not_recorded=values.get("not_recorded"),
        institutions=values.get("institutions"),
        delivered_from=day("delivered_from"),
        delivered_to=day("delivered_to"),
        gender_marker=values.get("gender_marker"),
    )


def _take_step(session: Session, match: Match | None, need: Need, offer: Offer, step: Step,
               actor: User) -> Match:  # fmt: skip
    """Do one step as ``actor``; the match it made or moved."""
    do, note = step["do"], step.get("note", "")
    opening: dict[str, Callable[..., Match]] = {
        "propose": proposals.propose,
        "request": proposals.request_offer,
        "offer": proposals.offer_for_need,
    }
    if do in opening:
        return opening[do](session, need, offer, actor=actor, message=note)
    if match is None:
        raise ValueError(f"{need.ref} / {offer.ref}: '{do}' before the match was opened")
    if do in ("accept", "decline"):
        return proposals.respond(session, match, actor=actor, accept=do == "accept", note=note)
    if do == "start":
        return pipeline.move(session, match, MatchStatus.IN_PROGRESS, actor=actor, note=note)
    if do == "withdraw":
        return pipeline.move(session, match, MatchStatus.WITHDRAWN, actor=actor, note=note)
    if do == "note":
        pipeline.add_note(session, match, actor=actor, text=note)
    elif do == "complete":
        outcomes.complete(session, match, _figures(step.get("outcome", {}), note), actor=actor)
    elif do == "confirm":
        outcomes.confirm(session, match, actor=actor, rating=step.get("rating"), comment=note)
    elif do == "close_need":
        close_need(session, need, actor=actor)
    elif do == "lesson":
        values = lessons.LessonInput(text=note, title=step.get("title", ""))
        lessons.propose(session, match, values, actor=actor)
    elif do in ("publish", "refuse_lesson"):
        lesson = lessons.lesson_of(session, match)
        if lesson is None:
            raise ValueError(f"{need.ref} / {offer.ref}: '{do}' before a lesson was proposed")
        lessons.review(session, lesson, actor=actor, publish=do == "publish", reason=note)
    else:
        raise ValueError(f"{need.ref} / {offer.ref}: unknown step '{do}'")
    return match


def _backdate_need(session: Session, need: Need, since: str) -> None:
    """Move the need's creation back to ``since`` (never forward)."""
    moment = datetime.combine(date.fromisoformat(since), time(8, 0), UTC)
    created = need.created_at if need.created_at.tzinfo else need.created_at.replace(tzinfo=UTC)
    if created > moment:
        session.execute(
            update(Need).where(Need.id == need.id).values(created_at=moment, updated_at=moment)
        )
        session.expire(need, ["created_at", "updated_at"])


def load_demo_matches(session: Session, path: Path) -> int:
    """Write the history of every demo match not yet past the suggestion stage; how many.

    Raises:
        ValidationFailed: a step breaks a rule (the demo file is wrong); nothing is committed.
        ValueError: a step names an unknown action, need, offer or account.
    """
    entries = json.loads(path.read_text(encoding="utf-8"))
    needs = {n.ref: n for n in session.scalars(select(Need))}
    offers = {o.ref: o for o in session.scalars(select(Offer))}
    people = {u.email.lower(): u for u in session.scalars(select(User))}
    existing = {(m.need_id, m.offer_id): m for m in session.scalars(select(Match))}
    first_notice = int(session.scalar(select(func.max(Notice.id))) or 0)
    created = 0
    for entry in entries:
        need, offer = needs[entry["need"]], offers[entry["offer"]]
        found = existing.get((need.id, offer.id))
        if found is not None and found.status is not MatchStatus.SUGGESTED:
            continue
        if found is not None:  # the matcher's suggestion: the history below replaces it
            session.delete(found)
            session.flush()
        if entry.get("need_since"):
            _backdate_need(session, need, entry["need_since"])
        match: Match | None = None
        for index, step in enumerate(entry["steps"]):
            actor = people.get(step["by"].lower())
            if actor is None:
                raise ValueError(f"{need.ref} / {offer.ref}: no account {step['by']}")
            with (
                clock_at(_moment(step["at"], index)),
                acting_as(f"{actor.name} <{actor.email}>", actor.id),
            ):
                match = _take_step(session, match, need, offer, step, actor)
        created += 1
    _skip_notices(session, first_notice)
    return created


def _skip_notices(session: Session, after: int) -> None:
    """Mark the notices the demo's history wrote as skipped, told when written."""
    session.execute(
        update(Notice)
        .where(Notice.id > after, Notice.status == NoticeStatus.PENDING)
        .values(status=NoticeStatus.SKIPPED, told_at=Notice.created_at)
    )
