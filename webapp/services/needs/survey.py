"""A State's needs survey: the CMM maturity self-assessment, submission and topic suggestions."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import (
    STAGES,
    Dimension,
    MaturityAssessment,
    Need,
    NeedStatus,
    State,
    Survey,
    SurveyStatus,
    Topic,
    User,
)
from models.base import utcnow
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _
from webapp.services.needs.operations import open_drafts
from webapp.services.needs.queries import NeedCard, card, state_needs
from webapp.services.needs.sharing import can_view_maturity

log = logging.getLogger(__name__)

COMMENT_MAX = 2000
WHERE = "maturity"


@dataclass(frozen=True)
class Progress:
    """Where a State's survey stands, for the overview and the review page."""

    status: SurveyStatus | None  # None: not started
    submitted_at: datetime | None
    assessed: int  # dimensions with a stage
    dimensions: int  # CMM dimensions to assess
    drafts: int
    open: int

    @property
    def maturity_done(self) -> bool:
        """Every CMM dimension has a stage."""
        return self.assessed == self.dimensions

    @property
    def submitted(self) -> bool:
        """The survey was submitted (new needs open at once)."""
        return self.status is SurveyStatus.SUBMITTED


@dataclass(frozen=True)
class Suggestion:
    """Topics of one weak dimension that the State has not asked for yet."""

    dimension: Dimension
    stage: int
    topics: tuple[Topic, ...]


def cmm_dimensions(session: Session) -> list[Dimension]:
    """The five CMM dimensions, in CMM order."""
    return list(
        session.scalars(
            select(Dimension).where(Dimension.cmm.is_(True)).order_by(Dimension.position)
        )
    )


def get_survey(session: Session, state: State) -> Survey | None:
    """The State's survey, or None when it has not started one."""
    return session.scalar(select(Survey).where(Survey.state_id == state.id))


def assessments(session: Session, state: State) -> list[MaturityAssessment]:
    """The State's maturity, one row per assessed CMM dimension, in CMM order."""
    return list(
        session.scalars(
            select(MaturityAssessment)
            .join(Dimension)
            .where(MaturityAssessment.state_id == state.id, Dimension.cmm.is_(True))
            .order_by(Dimension.position)
        )
    )


def progress(session: Session, state: State) -> Progress:
    """How far the State's survey has got."""
    survey = get_survey(session, state)
    counts = dict(
        session.execute(
            select(Need.status, func.count(Need.id))
            .where(Need.state_id == state.id)
            .group_by(Need.status)
        ).all()
    )
    return Progress(
        status=survey.status if survey else None,
        submitted_at=survey.submitted_at if survey else None,
        assessed=len(assessments(session, state)),
        dimensions=len(cmm_dimensions(session)),
        drafts=counts.get(NeedStatus.DRAFT, 0),
        open=counts.get(NeedStatus.OPEN, 0),
    )


def ensure_survey(session: Session, state: State, actor: User) -> Survey:
    survey = get_survey(session, state)
    if survey is None:
        survey = Survey(state=state, status=SurveyStatus.DRAFT, created_by_id=actor.id)
        session.add(survey)
    survey.updated_by_id = actor.id
    return survey


def save_maturity(
    session: Session, state: State, entries: Mapping[str, tuple[int, str]], *, actor: User
) -> list[MaturityAssessment]:
    """Create or update the State's maturity: ``{dimension slug: (stage 1-5, comment)}``.

    Every CMM dimension needs a stage. The survey is started as a draft if it was not yet; a
    submitted survey stays submitted.

    Raises:
        ValidationFailed: a dimension is missing or unknown, a stage is out of range, or a
            comment is too long (field ``<slug>.stage`` or ``<slug>.comment``).
    """
    dims = {d.slug: d for d in cmm_dimensions(session)}
    errors = [
        RecordError(WHERE, f"{slug}.stage", "is required") for slug in dims if slug not in entries
    ]
    errors += [
        RecordError(WHERE, slug, "is not a CMM dimension") for slug in entries if slug not in dims
    ]
    for slug, (stage, comment) in entries.items():
        if not isinstance(stage, int) or not 1 <= stage <= len(STAGES):
            errors.append(RecordError(WHERE, f"{slug}.stage", f"{stage!r} is not a stage 1-5"))
        if len(comment) > COMMENT_MAX:
            errors.append(
                RecordError(
                    WHERE,
                    f"{slug}.comment",
                    f"is {len(comment)} characters long; the limit is {COMMENT_MAX}",
                )
            )
    if errors:
        raise ValidationFailed(errors)
    ensure_survey(session, state, actor)
    existing = {a.dimension.slug: a for a in assessments(session, state)}
    rows = []
    for slug, dim in dims.items():
        stage, comment = entries[slug]
        row = existing.get(slug)
        if row is None:
            row = MaturityAssessment(state=state, dimension=dim, created_by_id=actor.id)
            session.add(row)
        row.stage, row.comment = stage, comment.strip()
        row.updated_by_id = actor.id
        rows.append(row)
    session.flush()
    log.info("maturity of %s saved by user %s", state.iso3, actor.id)
    return rows


def submit_survey(session: Session, state: State, *, actor: User) -> int:
    """Submit the survey: every draft need opens. Returns how many needs were opened.

    Submitting again opens any draft left and keeps the first submission time.

    Raises:
        ValidationFailed: the maturity is incomplete, or the State has no draft or open need.
    """
    p = progress(session, state)
    errors = []
    if not p.maturity_done:
        errors.append(RecordError("survey", "maturity", _("assess every CMM dimension first")))
    if p.drafts + p.open == 0:
        errors.append(RecordError("survey", "needs", _("add at least one need first")))
    if errors:
        raise ValidationFailed(errors)
    survey = ensure_survey(session, state, actor)
    opened = open_drafts(session, state, actor=actor)
    if survey.status is not SurveyStatus.SUBMITTED:
        survey.status, survey.submitted_at = SurveyStatus.SUBMITTED, utcnow()
    session.flush()
    log.info("survey of %s submitted by user %s: %d needs opened", state.iso3, actor.id, opened)
    return opened


#: A dimension at this stage or below (start-up, formative) always gets its topics suggested.
WEAK_STAGE = 2


def weakest_dimensions(rows: list[MaturityAssessment], limit: int = 2) -> list[MaturityAssessment]:
    """Every start-up or formative dimension, and at least the ``limit`` lowest-stage ones.

    Ties are in CMM order; dynamic dimensions are left out. (Before, only the ``limit`` lowest
    were kept, so a fifth dimension at start-up got nothing when others were as low.)
    """
    ranked = [a for a in sorted(rows, key=lambda a: (a.stage, a.dimension.position))
              if a.stage < len(STAGES)]  # fmt: skip
    return [a for i, a in enumerate(ranked) if i < limit or a.stage <= WEAK_STAGE]


def suggested_topics(session: Session, state: State, *, private: bool) -> list[Suggestion]:
    """Topics of the State's weakest dimensions that none of its needs covers yet.

    Args:
        session: the session to read and write in.
        state: the State.
        private: count its drafts and confidential needs too (only for a viewer who may see
            them, so that the suggestions reveal nothing about hidden needs).
    """
    stmt = select(Need).where(Need.state_id == state.id).options(selectinload(Need.topics))
    if private:
        stmt = stmt.where(Need.status.in_((NeedStatus.DRAFT, NeedStatus.OPEN)))
    else:
        stmt = stmt.where(Need.status == NeedStatus.OPEN, Need.confidential.is_(False))
    covered = {t.id for n in session.scalars(stmt) for t in n.topics}
    out = []
    for row in weakest_dimensions(assessments(session, state)):
        topics = tuple(t for t in row.dimension.topics if t.id not in covered)
        if topics:
            out.append(Suggestion(row.dimension, row.stage, topics))
    return out


@dataclass(frozen=True)
class Profile:
    """What a viewer may see of a State: its maturity, suggestions and needs."""

    state: State
    private: bool  # the viewer sees drafts, confidential, closed and withdrawn needs
    maturity_visible: bool
    submitted: bool
    rows: list[MaturityAssessment]
    suggestions: list[Suggestion]
    needs: list[NeedCard]


def state_by_code(session: Session, code: str) -> State | None:
    """The State with this ISO alpha-3 code (any case), or None."""
    return session.scalar(select(State).where(State.iso3 == code.upper()))


def profile(session: Session, state: State, *, private: bool, viewer: Any) -> Profile:
    """The State's profile for one viewer.

    Args:
        session: the session to read and write in.
        state: the State.
        private: the viewer represents the State or is the focal point: drafts, confidential,
            closed and withdrawn needs and a draft maturity are included.
        viewer: the user (or anonymous visitor) the maturity is shown to only if the State's
            choice allows it (``sharing.can_view_maturity``).
    """
    visible = can_view_maturity(session, viewer, state)
    rows = assessments(session, state) if visible else []
    survey = get_survey(session, state)
    return Profile(
        state=state,
        private=private,
        maturity_visible=visible,
        submitted=survey is not None and survey.status is SurveyStatus.SUBMITTED,
        rows=rows,
        suggestions=suggested_topics(session, state, private=private) if rows else [],
        needs=[card(n) for n in state_needs(session, state, include_private=private)],
    )
