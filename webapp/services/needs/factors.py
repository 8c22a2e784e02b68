"""The CMM self-assessment by factor: ratings, derived dimension stages, suggested needs.

Each factor rated start-up or formative suggests a need, which the State accepts, edits or ignores.

A factor is rated at a stage 1-5 or not assessed (no row). A dimension's stage is the mean of
its rated factors rounded to the nearest stage, halves up (2.5 is 3): ``derived_stage``. A
dimension none of whose factors is rated keeps a stage rated directly before factors existed
(``MaturityAssessment.derived`` False), so older self-assessments still show their chart; a
derived stage goes when its last factor is unrated.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    STAGES,
    Dimension,
    Factor,
    FactorRating,
    MaturityAssessment,
    Need,
    State,
    SuggestionAnswer,
    SupportType,
    Topic,
    User,
)
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _, current
from webapp.services.needs import operations as needs
from webapp.services.needs.survey import (
    COMMENT_MAX,
    WHERE,
    assessments,
    cmm_dimensions,
    ensure_survey,
)
from webapp.services.reference.names import stage_name

log = logging.getLogger(__name__)

#: Factors rated at these stages (start-up, formative) suggest a need.
SUGGEST_UP_TO = 2


def cmm_factors(session: Session) -> list[Factor]:
    """The 23 factors, in CMM order (D1.1 ... D5.6)."""
    return list(
        session.scalars(
            select(Factor).join(Dimension).order_by(Dimension.position, Factor.position)
        )
    )


def ratings(session: Session, state: State) -> dict[str, FactorRating]:
    """The State's rated factors by code (a factor not assessed is absent)."""
    rows = session.scalars(select(FactorRating).where(FactorRating.state_id == state.id))
    return {r.factor.code: r for r in rows}


def derived_stage(stages: Sequence[int]) -> int:
    """The mean of ``stages`` rounded to the nearest whole stage, halves up: (2, 3) gives 3."""
    return (2 * sum(stages) + len(stages)) // (2 * len(stages))


@dataclass(frozen=True)
class RatedFactor:
    """A factor and the stage a State gave it (1-5), or None when it is not assessed."""

    factor: Factor
    stage: int | None

    def stage_text(self) -> str:
        """What the rated stage looks like for this factor, in the reader's language."""
        return self.factor.stage_text(STAGES[self.stage - 1], current()) if self.stage else ""


@dataclass(frozen=True)
class DimensionFactors:
    """A CMM dimension, its stage (None: not assessed) and each of its factors as rated."""

    dimension: Dimension
    stage: int | None
    factors: list[RatedFactor]

    @property
    def assessed(self) -> int:
        """How many of its factors are rated."""
        return sum(1 for f in self.factors if f.stage is not None)


def by_dimension(session: Session, state: State) -> list[DimensionFactors]:
    """The five CMM dimensions with every factor and the State's stage for it, in CMM order.

    It reads the ratings whoever asks: callers showing them to others check
    ``sharing.can_view_maturity`` first.
    """
    rated = ratings(session, state)
    stages = {a.dimension_id: a.stage for a in assessments(session, state)}
    out: list[DimensionFactors] = []
    for factor in cmm_factors(session):
        if not out or out[-1].dimension.id != factor.dimension_id:
            dim = factor.dimension
            out.append(DimensionFactors(dim, stages.get(dim.id), []))
        row = rated.get(factor.code)
        out[-1].factors.append(RatedFactor(factor, row.stage if row else None))
    return out


def save_factors(
    session: Session,
    state: State,
    stages: Mapping[str, int | None],
    comments: Mapping[str, str],
    *,
    actor: User,
) -> list[MaturityAssessment]:
    """Save the State's factor ratings and derive each dimension's stage from them.

    Args:
        session: the session to read and write in.
        state: the State.
        stages: ``{factor code: stage 1-5, or None for not assessed}``; a factor left out is not
            assessed.
        comments: ``{dimension slug: comment}``.
        actor: who saves.

    Returns:
        The State's dimension rows after the save, in CMM order.

    Raises:
        ValidationFailed: an unknown factor or dimension, a stage out of range, a comment too
            long or on a dimension with no stage (field ``<code>`` or ``<slug>.comment``);
            nothing is written.
    """
    factors = {f.code: f for f in cmm_factors(session)}
    dims = {d.slug: d for d in cmm_dimensions(session)}
    existing = {a.dimension.slug: a for a in assessments(session, state)}
    errors = [RecordError(WHERE, code, "is not a CMM factor") for code in stages
              if code not in factors]  # fmt: skip
    errors += [RecordError(WHERE, f"{slug}.comment", "is not a CMM dimension") for slug in comments
               if slug not in dims]  # fmt: skip
    for code, stage in stages.items():
        if stage is not None and (not isinstance(stage, int) or not 1 <= stage <= len(STAGES)):
            errors.append(RecordError(WHERE, code, f"{stage!r} is not a stage 1-5"))
    rated = {code for code, stage in stages.items() if stage is not None and code in factors}
    for slug, comment in comments.items():
        if len(comment) > COMMENT_MAX:
            errors.append(RecordError(WHERE, f"{slug}.comment",
                                      f"is {len(comment)} characters long; the limit is "
                                      f"{COMMENT_MAX}"))  # fmt: skip
        has_stage = any(factors[c].dimension.slug == slug for c in rated) or (
            slug in existing and not existing[slug].derived
        )
        if comment.strip() and slug in dims and not has_stage:
            errors.append(RecordError(WHERE, f"{slug}.comment",
                                      _("rate at least one factor of this dimension to keep a "
                                        "comment on it")))  # fmt: skip
    if errors:
        raise ValidationFailed(errors)
    ensure_survey(session, state, actor)
    _save_ratings(session, state, factors, stages, actor)
    rows = _derive(session, state, dims, existing, comments, actor)
    session.flush()
    log.info("factor ratings of %s saved by user %s: %d rated", state.iso3, actor.id, len(rated))
    return rows


def _save_ratings(
    session: Session,
    state: State,
    factors: Mapping[str, Factor],
    stages: Mapping[str, int | None],
    actor: User,
) -> None:
    stored = ratings(session, state)
    for code, factor in factors.items():
        stage, row = stages.get(code), stored.get(code)
        if stage is None:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = FactorRating(state=state, factor=factor, stage=stage, created_by_id=actor.id)
            session.add(row)
        elif row.stage != stage:
            row.stage, row.answer = stage, None  # a new stage asks about its suggestion again
        row.updated_by_id = actor.id
    session.flush()


def _derive(
    session: Session,
    state: State,
    dims: Mapping[str, Dimension],
    existing: Mapping[str, MaturityAssessment],
    comments: Mapping[str, str],
    actor: User,
) -> list[MaturityAssessment]:
    by_dim: dict[str, list[int]] = {}
    for rating in ratings(session, state).values():
        by_dim.setdefault(rating.factor.dimension.slug, []).append(rating.stage)
    out = []
    for slug, dim in dims.items():
        row = existing.get(slug)
        if slug in by_dim:
            if row is None:
                row = MaturityAssessment(state=state, dimension=dim, created_by_id=actor.id)
                session.add(row)
            row.stage, row.derived = derived_stage(by_dim[slug]), True
        elif row is not None and row.derived:
            session.delete(row)
            continue
        if row is not None:
            row.comment = comments.get(slug, row.comment or "").strip()
            row.updated_by_id = actor.id
            out.append(row)
    return out


class Suggesting(Protocol):
    """What a suggested need is made of, whatever suggested it (a factor, an NSI answer)."""

    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def topics(self) -> tuple[Topic, ...]: ...
    @property
    def support_types(self) -> tuple[SupportType, ...]: ...


def suggested_values(suggested: Suggesting, *, high: bool) -> dict[str, Any]:
    """A suggested need's input fields (as the need form and ``check_need`` take them).

    Public, any modality or dates, in no particular language: the State says more when it edits.
    """
    return {
        "title": suggested.title,
        "description": suggested.description,
        "topics": [t.slug for t in suggested.topics],
        "support_types": [s.slug for s in suggested.support_types],
        "languages": [],
        "modality": "any",
        "start": None,
        "end": None,
        "priority": "high" if high else "medium",
        "confidential": False,
    }


@dataclass(frozen=True)
class FactorSuggestion:
    """The need a factor rated start-up or formative suggests, in the reader's language."""

    factor: Factor
    stage: int
    title: str
    description: str
    topics: tuple[Topic, ...]
    support_types: tuple[SupportType, ...]

    def values(self) -> dict[str, Any]:
        """The need's input fields (as the need form and ``check_need`` take them)."""
        return suggested_values(self, high=self.stage == 1)


def _suggestion(session: Session, row: FactorRating) -> FactorSuggestion:
    factor, lang = row.factor, current()
    topics = session.scalars(select(Topic).where(Topic.slug.in_(factor.topics))).all()
    kinds = session.scalars(
        select(SupportType).where(SupportType.slug.in_(factor.support_types))
    ).all()
    description = _(
        "%(description)s Suggested by the self-assessment: %(code)s %(factor)s is at the "
        "%(stage)s stage.",
        description=factor.description(lang), code=factor.code, factor=factor.label(lang),
        stage=stage_name(row.stage),
    )  # fmt: skip
    return FactorSuggestion(
        factor=factor,
        stage=row.stage,
        title=factor.suggestion(STAGES[row.stage - 1], lang),
        description=description,
        topics=tuple(sorted(topics, key=lambda t: factor.topics.index(t.slug))),
        support_types=tuple(sorted(kinds, key=lambda s: factor.support_types.index(s.slug))),
    )


def suggestions(session: Session, state: State) -> list[FactorSuggestion]:
    """The needs suggested by the State's start-up and formative factors not yet answered."""
    rows = sorted(
        (r for r in ratings(session, state).values()
         if r.stage <= SUGGEST_UP_TO and r.answer is None),
        key=lambda r: (r.factor.dimension.position, r.factor.position),
    )  # fmt: skip
    return [s for s in (_suggestion(session, r) for r in rows) if s.title]


def suggestion(session: Session, state: State, code: str) -> FactorSuggestion | None:
    """The open suggestion of one factor (by code), or None when there is none."""
    return next((s for s in suggestions(session, state) if s.factor.code == code), None)


def _open_rating(session: Session, state: State, code: str) -> FactorRating:
    row = ratings(session, state).get(code)
    if row is None or row.stage > SUGGEST_UP_TO or row.answer is not None:
        raise ValidationFailed(
            [RecordError(WHERE, "factor", _("%(code)s suggests no need now", code=code))]
        )
    return row


def accept(session: Session, state: State, code: str, *, actor: User) -> Need:
    """Add the factor's suggested need as it is (a draft, or open once the survey is submitted).

    Raises:
        ValidationFailed: the factor has no open suggestion.
    """
    row = _open_rating(session, state, code)
    proposed = _suggestion(session, row)
    data = needs.check_need(session, state, proposed.values())
    need = needs.create_need(session, state, data, actor=actor, written_in=current())
    row.answer, row.updated_by_id = SuggestionAnswer.ACCEPTED, actor.id
    session.flush()
    log.info("%s: suggestion of %s accepted as %s", state.iso3, code, need.ref)
    return need


def answered(session: Session, state: State, code: str, answer: SuggestionAnswer, *,
             actor: User) -> None:  # fmt: skip
    """Record the State's answer to a factor's suggestion (ignored, or accepted after editing).

    Raises:
        ValidationFailed: the factor has no open suggestion.
    """
    row = _open_rating(session, state, code)
    row.answer, row.updated_by_id = answer, actor.id
    session.flush()
    log.info("%s: suggestion of %s %s", state.iso3, code, answer.value)
