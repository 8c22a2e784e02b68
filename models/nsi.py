"""A State's answers to the National Survey of Implementation (NSI): one row per question.

The questions are reference text in ``seed_data/nsi.json`` (read by ``services.needs.nsi``), so
a row names its question by code (``N2.a``). No row: the question is not answered (every NSI
question is optional).
"""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Authored, Model, str_enum
from models.geo import State
from models.survey import SuggestionAnswer


class NsiChoice(enum.StrEnum):
    """The answer to a yes/no question of the NSI."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"


@audited(label=lambda m: f"{m.state.iso3} {m.question}")
class NsiAnswer(Authored, Model):
    """A State's current answer to one NSI question.

    A choice question keeps ``choice`` (and an optional ``comment``); a text question keeps its
    answer in ``text``. A need question of part 4 answered yes or partly suggests a need;
    ``suggestion`` is the State's answer to it (None: not answered yet; a new choice asks again).
    """

    __table_args__ = (UniqueConstraint("state_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id"), index=True)
    question: Mapped[str] = mapped_column(String(8))
    choice: Mapped[NsiChoice | None] = mapped_column(str_enum(NsiChoice), default=None)
    text: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    suggestion: Mapped[SuggestionAnswer | None] = mapped_column(
        str_enum(SuggestionAnswer), default=None
    )
    state: Mapped[State] = relationship()
