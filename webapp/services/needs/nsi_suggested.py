"""The needs part 4 of the National Survey of Implementation suggests: listed, accepted, ignored.

A need question answered yes or partly suggests a need (title, topics, support types from
``seed_data/nsi.json``); the State adds it as it is, edits it first, or ignores it, as it does
with the needs a CMM factor suggests (``suggested`` lists both).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Need, NsiAnswer, NsiChoice, State, SuggestionAnswer, SupportType, Topic, User
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _, current
from webapp.services.needs import operations as needs
from webapp.services.needs.factors import suggested_values
from webapp.services.needs.nsi import (
    CHOICE_LABELS,
    SUGGEST_ON,
    WHERE,
    Question,
    answers,
    questions,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NsiSuggestion:
    """The need a need question answered yes or partly suggests, in the reader's language."""

    code: str
    question: Question
    choice: NsiChoice
    answer: str  # the choice, in words
    title: str
    description: str
    topics: tuple[Topic, ...]
    support_types: tuple[SupportType, ...]

    def values(self) -> dict[str, Any]:
        """The need's input fields (as the need form and ``check_need`` take them)."""
        return suggested_values(self, high=self.choice is NsiChoice.YES)


def _suggestion(session: Session, row: NsiAnswer, question: Question) -> NsiSuggestion:
    topics = session.scalars(select(Topic).where(Topic.slug.in_(question.topics))).all()
    kinds = session.scalars(
        select(SupportType).where(SupportType.slug.in_(question.support_types))
    ).all()
    choice = row.choice
    if choice is None:  # _open_rows passes answered need questions only
        raise ValueError(f"NSI question {question.code} has no answer to suggest a need from")
    description = _(
        "%(area)s Suggested by your answer to the National Survey of Implementation, "
        "question %(code)s: %(answer)s.",
        area=question.text(), code=question.code, answer=CHOICE_LABELS[choice.value],
    )  # fmt: skip
    if row.comment:
        description = f"{description}\n\n{row.comment}"
    return NsiSuggestion(
        code=question.code,
        question=question,
        choice=choice,
        answer=CHOICE_LABELS[choice.value],
        title=question.need_title(),
        description=description,
        topics=tuple(sorted(topics, key=lambda t: question.topics.index(t.slug))),
        support_types=tuple(sorted(kinds, key=lambda s: question.support_types.index(s.slug))),
    )


def _open_rows(session: Session, state: State) -> Iterable[tuple[NsiAnswer, Question]]:
    stored = answers(session, state)
    for code, question in questions().items():
        row = stored.get(code)
        if (question.kind == "need" and row is not None and row.choice in SUGGEST_ON
                and row.suggestion is None):  # fmt: skip
            yield row, question


def suggestions(session: Session, state: State) -> list[NsiSuggestion]:
    """The needs suggested by the State's part 4 answers and not yet accepted or ignored."""
    return [_suggestion(session, row, q) for row, q in _open_rows(session, state)]


def suggestion(session: Session, state: State, code: str) -> NsiSuggestion | None:
    """The open suggestion of one question (by code), or None when there is none."""
    return next((s for s in suggestions(session, state) if s.code == code), None)


def _open_row(session: Session, state: State, code: str) -> tuple[NsiAnswer, Question]:
    found = next(((r, q) for r, q in _open_rows(session, state) if q.code == code), None)
    if found is None:
        raise ValidationFailed(
            [RecordError(WHERE, "question", _("%(code)s suggests no need now", code=code))]
        )
    return found


def accept(session: Session, state: State, code: str, *, actor: User) -> Need:
    """Add the question's suggested need as it is (a draft, or open once the survey is submitted).

    Raises:
        ValidationFailed: the question has no open suggestion.
    """
    row, question = _open_row(session, state, code)
    proposed = _suggestion(session, row, question)
    data = needs.check_need(session, state, proposed.values())
    need = needs.create_need(session, state, data, actor=actor, written_in=current())
    row.suggestion, row.updated_by_id = SuggestionAnswer.ACCEPTED, actor.id
    session.flush()
    log.info("%s: NSI suggestion of %s accepted as %s", state.iso3, code, need.ref)
    return need


def answered(session: Session, state: State, code: str, answer: SuggestionAnswer, *,
             actor: User) -> None:  # fmt: skip
    """Record the State's answer to a question's suggestion (ignored, or accepted after editing).

    Raises:
        ValidationFailed: the question has no open suggestion.
    """
    row, _question = _open_row(session, state, code)
    row.suggestion, row.updated_by_id = answer, actor.id
    session.flush()
    log.info("%s: NSI suggestion of %s %s", state.iso3, code, answer.value)
