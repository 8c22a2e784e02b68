"""Needs suggested to a State, from its CMM factors and from its NSI answers, in one place.

A suggestion is named by the code of what suggests it: a CMM factor (``D1.1``) or an NSI
question (``N4.3``). The survey's pages list, accept, edit and ignore both alike through these
functions, which hand each code to ``factors`` or ``nsi``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Need, State, SuggestionAnswer, User
from webapp.services.needs import factors, nsi, nsi_suggested

Suggestion = factors.FactorSuggestion | nsi_suggested.NsiSuggestion


def code_of(proposed: Suggestion) -> str:
    """The code a suggestion is named by (its factor's or its question's)."""
    return (
        proposed.code if isinstance(proposed, nsi_suggested.NsiSuggestion) else proposed.factor.code
    )


def suggestions(session: Session, state: State) -> list[Suggestion]:
    """The open suggestions: the factors' first (CMM order), then the NSI's (survey order)."""
    return [*factors.suggestions(session, state), *nsi_suggested.suggestions(session, state)]


def suggestion(session: Session, state: State, code: str) -> Suggestion | None:
    """The open suggestion named ``code``, or None when there is none."""
    if code in nsi.questions():
        return nsi_suggested.suggestion(session, state, code)
    return factors.suggestion(session, state, code)


def accept(session: Session, state: State, code: str, *, actor: User) -> Need:
    """Add the suggested need as it is (see ``factors.accept`` and ``nsi_suggested.accept``).

    Raises:
        ValidationFailed: ``code`` has no open suggestion.
    """
    if code in nsi.questions():
        return nsi_suggested.accept(session, state, code, actor=actor)
    return factors.accept(session, state, code, actor=actor)


def answered(session: Session, state: State, code: str, answer: SuggestionAnswer, *,
             actor: User) -> None:  # fmt: skip
    """Record the State's answer to the suggestion ``code`` (ignored, or accepted after editing).

    Raises:
        ValidationFailed: ``code`` has no open suggestion.
    """
    if code in nsi.questions():
        nsi_suggested.answered(session, state, code, answer, actor=actor)
    else:
        factors.answered(session, state, code, answer, actor=actor)
