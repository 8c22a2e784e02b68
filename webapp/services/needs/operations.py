"""A State's needs written on the web: validation with the interchange rules, refs, life cycle."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Match, Need, NeedStatus, State, SupportType, Survey, SurveyStatus, Topic, User
from models.base import utcnow
from webapp.services import text_language
from webapp.services.concurrency import check_version, guarded
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.interchange.operations import apply_need_data
from webapp.services.interchange.records import NeedData, Reference
from webapp.services.interchange.validation import validate_need
from webapp.services.language import N_, Labels, _
from webapp.services.refs import insert_with_ref, need_refs
from webapp.services.vocab import (
    NEED_CLOSABLE,
    NEED_DELETABLE,
    NEED_EDITABLE,
    NEED_STATUS_LABELS,
    NEED_WITHDRAWABLE,
)

log = logging.getLogger(__name__)


WHERE = "web form"

#: Why a need can no longer be edited, one sentence per status it may be in then.
CANNOT_CHANGE: Labels[NeedStatus] = Labels({
    NeedStatus.CLOSED: N_("a closed need can no longer be changed"),
    NeedStatus.WITHDRAWN: N_("a withdrawn need can no longer be changed"),
})  # fmt: skip
#: Why a need cannot be withdrawn, one sentence per status it may be in then.
CANNOT_WITHDRAW: Labels[NeedStatus] = Labels({
    NeedStatus.CLOSED: N_("a closed need cannot be withdrawn"),
    NeedStatus.WITHDRAWN: N_("a withdrawn need cannot be withdrawn"),
    NeedStatus.DRAFT: N_("a draft is deleted, not withdrawn"),
})  # fmt: skip


def next_ref(session: Session, *, today: date | None = None) -> str:
    """The next free need ref this year, e.g. ``N-2026-054`` (``refs.need_refs``)."""
    return need_refs(today).next_free(session)


def check_need(
    session: Session, state: State, raw: Mapping[str, Any], *, ref: str | None = None
) -> NeedData:
    """Validate web input for a need of ``state`` with the interchange rules.

    Args:
        session: the session to read and write in.
        state: the State the need belongs to (the input cannot choose another).
        raw: the interchange fields except ``ref`` and ``state``.
        ref: the need's ref when editing; a new need gets the next free ref.

    Raises:
        ValidationFailed: with one RecordError per bad field, named as in the interchange.
    """
    record = {**raw, "ref": ref or next_ref(session), "state": state.iso3}
    data, errors = validate_need(record, Reference.load(session), WHERE)
    if data is None:
        raise ValidationFailed(errors)
    return data


def _apply(session: Session, need: Need, data: NeedData, written_in: str | None) -> None:
    topics = {t.slug: t for t in session.scalars(select(Topic).where(Topic.slug.in_(data.topics)))}
    support = {
        s.slug: s
        for s in session.scalars(
            select(SupportType).where(SupportType.slug.in_(data.support_types))
        )
    }
    apply_need_data(need, data, topics, support)
    need.text_language = text_language.written_in(written_in, data.title, data.description)


def _refuse(field: str, reason: str) -> ValidationFailed:
    return ValidationFailed([RecordError(WHERE, field, reason)])


def create_need(
    session: Session, state: State, data: NeedData, *, actor: User, written_in: str | None = None
) -> Need:
    """Store a new need of ``state``: a draft until the State submits its survey, then open.

    ``written_in`` is the language its text is written in, as its author says; None: detected.

    The State's survey is started (as a draft) if it was not yet. A ref taken meanwhile, even
    by a save racing this one, is replaced by the next free one.

    Raises:
        ValidationFailed: ``data`` names another State.
    """
    if data.state != state.iso3:
        raise _refuse(
            "state",
            _("a need of %(state)s cannot be filed for %(other)s", state=state.iso3,
              other=data.state),
        )  # fmt: skip
    survey = session.scalar(select(Survey).where(Survey.state_id == state.id))
    if survey is None:
        survey = Survey(state=state, status=SurveyStatus.DRAFT, created_by_id=actor.id)
        session.add(survey)
    status = NeedStatus.OPEN if survey.status is SurveyStatus.SUBMITTED else NeedStatus.DRAFT

    def build(ref: str) -> Need:
        need = Need(ref=ref, state=state, status=status, created_by_id=actor.id)
        need.updated_by_id = actor.id
        _apply(session, need, data, written_in)
        session.add(need)
        return need

    need = insert_with_ref(session, need_refs(), build, first=data.ref)
    log.info("need %s created (%s) by user %s", need.ref, status.value, actor.id)
    return need


def update_need(
    session: Session,
    need: Need,
    data: NeedData,
    *,
    actor: User,
    expected_version: int | None = None,
    written_in: str | None = None,
) -> Need:
    """Change a draft or open need; its ref, State and status stay.

    Args:
        session: the session to read and write in.
        need: the stored need.
        data: its new fields.
        actor: who saves.
        expected_version: the version the edit form was opened on (None: no check).
        written_in: the language of its text as its author says (None: detected again).

    Raises:
        StaleEdit: someone changed the need since ``expected_version`` (or in the same instant);
            nothing is written and the session is rolled back.
        ValidationFailed: the need is closed or withdrawn, or ``data`` is another need's.
    """
    check_version(session, need, expected_version, "need", actor)
    if need.status not in NEED_EDITABLE:
        raise _refuse("status", CANNOT_CHANGE[need.status])
    if (data.ref, data.state) != (need.ref, need.state.iso3):
        raise _refuse(
            "ref", _("the data is for %(ref)s, not %(this)s", ref=data.ref, this=need.ref)
        )
    with guarded(session, need, "need", actor):  # from the first change to the flush
        _apply(session, need, data, written_in)
        need.updated_by_id = actor.id
        need.updated_at = utcnow()  # so that a change of topics alone moves the version too
        session.flush()
    log.info("need %s updated by user %s", need.ref, actor.id)
    return need


def close_need(session: Session, need: Need, *, actor: User) -> Need:
    """Close an open need (met, or no longer pursued); it stays listed as closed.

    Raises:
        ValidationFailed: the need is not open.
    """
    if need.status not in NEED_CLOSABLE:
        raise _refuse(
            "status",
            _("only an open need can be closed; this one is %(status)s",
              status=NEED_STATUS_LABELS[need.status]),
        )  # fmt: skip
    return _set_status(session, need, NeedStatus.CLOSED, actor)


def withdraw_need(session: Session, need: Need, *, actor: User) -> Need:
    """Withdraw a draft or open need; it stays listed as withdrawn.

    Raises:
        ValidationFailed: the need is already closed or withdrawn.
    """
    if need.status not in NEED_WITHDRAWABLE:
        raise _refuse("status", CANNOT_WITHDRAW[need.status])
    return _set_status(session, need, NeedStatus.WITHDRAWN, actor)


def delete_draft(session: Session, need: Need, *, actor: User) -> None:
    """Delete a draft need: never submitted, so nobody else has seen it (the audit log keeps it).

    Raises:
        ValidationFailed: the need is not a draft (it was submitted: withdraw or close it), or
            a match names it.
    """
    if need.status not in NEED_DELETABLE:
        raise _refuse("status", _("only a draft can be deleted"))
    if session.scalar(select(Match.id).where(Match.need_id == need.id).limit(1)) is not None:
        raise _refuse("status", _("a match names this draft, so it cannot be deleted"))
    ref = need.ref
    with guarded(session, need, "need", actor):
        session.delete(need)
        session.flush()
    log.info("draft need %s deleted by user %s", ref, actor.id)


def _set_status(session: Session, need: Need, status: NeedStatus, actor: User) -> Need:
    before = need.status
    with guarded(session, need, "need", actor):
        need.status = status
        need.updated_by_id = actor.id
        session.flush()
    log.info("need %s: %s -> %s by user %s", need.ref, before.value, status.value, actor.id)
    return need


def open_drafts(session: Session, state: State, *, actor: User) -> int:
    """Open every draft need of the State (on survey submission); returns how many."""
    drafts = session.scalars(
        select(Need).where(Need.state_id == state.id, Need.status == NeedStatus.DRAFT)
    ).all()
    for need in drafts:
        _set_status(session, need, NeedStatus.OPEN, actor)
    return len(drafts)
