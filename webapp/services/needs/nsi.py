"""The National Survey of Implementation (NSI): its questions, a State's answers, suggested needs.

The NSI (UNIDIR; proposed in the OEWG's 2021 report) has four parts and no mandatory question:
its text is in ``seed_data/nsi.json`` (cbmatch's paraphrase, see the file's note). A State's
current answer to a question is one ``NsiAnswer`` row; no row: not answered. The need questions
of part 4 answered yes or partly suggest needs, which the State accepts, edits or ignores as it
does those of its CMM factors (``services.needs.suggested`` serves both).

Who may read the answers (the State's representatives and the focal point) is decided by
``can_view_nsi``; only the representatives write (the views check it).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import NsiAnswer, NsiChoice, State, User
from seed_data import reference
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import N_, Labels, _, current
from webapp.services.policy import acts_for_state, is_focal

log = logging.getLogger(__name__)

WHERE = "nsi"
#: The longest answer or comment, in characters (as a maturity comment).
TEXT_MAX = 2000
CHOICE_LABELS: Labels[str] = Labels({
    NsiChoice.YES.value: N_("Yes"),
    NsiChoice.PARTLY.value: N_("Partly"),
    NsiChoice.NO.value: N_("No"),
    NsiChoice.NOT_APPLICABLE.value: N_("Not applicable"),
})  # fmt: skip
CHOICES = tuple(c.value for c in NsiChoice)
#: A need question answered with one of these suggests its need.
SUGGEST_ON = frozenset({NsiChoice.YES, NsiChoice.PARTLY})
KINDS = ("choice", "text", "need")


def _in(texts: Mapping[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en", "")


@dataclass(frozen=True)
class Question:
    """One NSI question, of a kind.

    ``choice``: yes, partly, no or not applicable, and a comment; ``text``: a free answer;
    ``need``: a choice whose yes or partly suggests a need.
    """

    code: str
    part: str
    kind: str
    texts: Mapping[str, str]
    topics: tuple[str, ...] = ()
    support_types: tuple[str, ...] = ()
    need_titles: Mapping[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """The code as a form field key: ``N2.a`` gives ``n2_a``."""
        return self.code.lower().replace(".", "_")

    @property
    def has_choice(self) -> bool:
        """Answered with a choice (and a comment) rather than a text."""
        return self.kind != "text"

    def text(self, lang: str | None = None) -> str:
        """The question in ``lang`` (the reader's by default), English when there is none."""
        return _in(self.texts, lang or current())

    def need_title(self, lang: str | None = None) -> str:
        """The title of the need it suggests (need questions), in ``lang``."""
        return _in(self.need_titles, lang or current())


@dataclass(frozen=True)
class Part:
    """One of the NSI's four parts, with its questions in order."""

    code: str
    titles: Mapping[str, str]
    intros: Mapping[str, str]
    prompts: Mapping[str, str]
    questions: tuple[Question, ...]

    def title(self) -> str:
        """The part's title in the reader's language."""
        return _in(self.titles, current())

    def intro(self) -> str:
        """What the part asks about, in the reader's language."""
        return _in(self.intros, current())

    def prompt(self) -> str:
        """The question asked of each need area (part 4), in the reader's language."""
        return _in(self.prompts, current())


@cache
def parts() -> tuple[Part, ...]:
    """The four parts of the NSI, read once from ``seed_data/nsi.json``."""
    out = []
    for part in reference.nsi()["parts"]:
        questions = tuple(
            Question(
                code=q["code"],
                part=part["code"],
                kind=q["kind"],
                texts=q["text"],
                topics=tuple(q.get("topics", ())),
                support_types=tuple(q.get("support_types", ())),
                need_titles=q.get("need_title", {}),
            )
            for q in part["questions"]
        )
        out.append(Part(part["code"], part["title"], part["intro"], part.get("need_prompt", {}),
                        questions))  # fmt: skip
    return tuple(out)


@cache
def questions() -> dict[str, Question]:
    """Every question by code, in the survey's order."""
    return {q.code: q for p in parts() for q in p.questions}


def can_view_nsi(user: Any, state: State) -> bool:
    """The State's NSI answers are private: its representatives and the focal point only."""
    return acts_for_state(user, state.id) or is_focal(user)


def answers(session: Session, state: State) -> dict[str, NsiAnswer]:
    """The State's stored answers by question code (a question not answered is absent)."""
    rows = session.scalars(select(NsiAnswer).where(NsiAnswer.state_id == state.id))
    return {r.question: r for r in rows}


def answered_parts(
    session: Session, state: State
) -> list[tuple[Part, list[tuple[Question, NsiAnswer, str]]]]:
    """The State's answers part by part, in survey order; a part with none is left out.

    Each answer comes with its choice in words ("" for a text answer).
    """
    stored = answers(session, state)
    out = []
    for part in parts():
        rows = [(q, stored[q.code], CHOICE_LABELS[c.value] if (c := stored[q.code].choice) else "")
                for q in part.questions if q.code in stored]  # fmt: skip
        if rows:
            out.append((part, rows))
    return out


@dataclass(frozen=True)
class Entry:
    """The answer given to one question; nothing given: the question is not answered.

    A choice and a comment (choice and need questions), or a text (text questions).
    """

    choice: NsiChoice | None = None
    text: str = ""
    comment: str = ""

    @property
    def empty(self) -> bool:
        """Nothing is answered (the stored answer, if any, is removed)."""
        return self.choice is None and not self.text and not self.comment

    @staticmethod
    def of(row: NsiAnswer | None) -> Entry:
        """The stored answer as an entry (an empty one when there is none)."""
        if row is None:
            return Entry()
        return Entry(row.choice, row.text, row.comment)


def check_entry(
    question: Question, answer: Any, comment: Any
) -> tuple[Entry, list[tuple[str, str]]]:
    """Validate one answer: ``answer`` is a choice code or a text, ``comment`` a text or None.

    Returns:
        The entry, and the problems as ``(field, reason)`` with field ``answer`` or ``comment``
        (the entry is meaningless when there are problems).
    """
    problems: list[tuple[str, str]] = []
    answer = "" if answer is None else answer
    comment = "" if comment is None else comment
    if not isinstance(answer, str):
        problems.append(("answer", _("must be text, not %(value)s", value=repr(answer)[:40])))
        answer = ""
    if not isinstance(comment, str):
        problems.append(("comment", _("must be text, not %(value)s", value=repr(comment)[:40])))
        comment = ""
    answer, comment = answer.strip(), comment.strip()
    for name, value in (("answer", answer), ("comment", comment)):
        if len(value) > TEXT_MAX:
            problems.append((name, _("is %(length)d characters long; the limit is %(limit)d",
                                     length=len(value), limit=TEXT_MAX)))  # fmt: skip
    if not question.has_choice:
        if comment:
            problems.append(("comment", _("%(code)s is answered in words: put the comment in the "
                                          "answer", code=question.code)))  # fmt: skip
        return Entry(text=answer), problems
    if answer and answer not in CHOICES:
        problems.append(("answer", _("%(value)s is not one of %(choices)s",
                                     value=repr(answer[:40]),
                                     choices=", ".join(CHOICES))))  # fmt: skip
        return Entry(), problems
    if comment and not answer:
        problems.append(("comment", _("choose an answer to keep a comment")))
    return Entry(NsiChoice(answer) if answer else None, comment=comment), problems


@dataclass(frozen=True)
class Changes:
    """What saving answers does (or would do): question codes by outcome, in survey order."""

    created: tuple[str, ...]
    updated: tuple[str, ...]
    cleared: tuple[str, ...]
    unchanged: tuple[str, ...]

    @property
    def total(self) -> int:
        """How many questions the input answers (or clears)."""
        return len(self.created) + len(self.updated) + len(self.cleared) + len(self.unchanged)


def plan(session: Session, state: State, entries: Mapping[str, Entry]) -> Changes:
    """What ``save_answers`` would do with ``entries``, writing nothing."""
    stored = answers(session, state)
    out: dict[str, list[str]] = {"created": [], "updated": [], "cleared": [], "unchanged": []}
    for code in questions():
        if code not in entries:
            continue
        entry, row = entries[code], stored.get(code)
        if entry == Entry.of(row):
            out["unchanged"].append(code)
        elif entry.empty:
            out["cleared"].append(code)
        else:
            out["created" if row is None else "updated"].append(code)
    return Changes(*(tuple(out[k]) for k in ("created", "updated", "cleared", "unchanged")))


def save_answers(
    session: Session, state: State, entries: Mapping[str, Entry], *, actor: User | None
) -> Changes:
    """Store the State's answers to the questions in ``entries`` (others are left as they are).

    An empty entry removes the stored answer. A need question's new choice asks about its
    suggested need again.

    Raises:
        ValidationFailed: a code that is no NSI question (field ``<code>``); nothing is written.
    """
    known = questions()
    unknown = [RecordError(WHERE, code, _("is not a question of the survey"))
               for code in entries if code not in known]  # fmt: skip
    if unknown:
        raise ValidationFailed(unknown)
    changes = plan(session, state, entries)
    stored = answers(session, state)
    by = actor.id if actor else None
    for code in changes.cleared:
        session.delete(stored[code])
    for code in (*changes.created, *changes.updated):
        entry, row = entries[code], stored.get(code)
        if row is None:
            row = NsiAnswer(state=state, question=code, created_by_id=by)
            session.add(row)
        if row.choice != entry.choice:
            row.suggestion = None
        row.choice, row.text, row.comment = entry.choice, entry.text, entry.comment
        row.updated_by_id = by
    session.flush()
    log.info("NSI answers of %s saved by %s: %d created, %d updated, %d cleared", state.iso3,
             f"user {by}" if by else "an import", len(changes.created), len(changes.updated),
             len(changes.cleared))  # fmt: skip
    return changes
