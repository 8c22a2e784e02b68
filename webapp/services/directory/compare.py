"""Two to four States side by side: maturity by dimension and factor, open needs by topic.

For donors planning a regional programme and for the focal point. Each State's column shows
only what the reader may see of that State:

- its maturity (dimension and factor stages) only if ``sharing.can_view_maturity`` allows it,
  the State's own choice; otherwise the column says "not shared" and holds no figure;
- its open needs counted by topic as the needs list shows them to the reader
  (``policy.visible_needs_clause``): public ones for everyone, the State's own confidential
  ones for its representatives, every one for the focal point (who sees them counted, as in
  the directory). A topic row exists only if some column counts a need of it, so a hidden
  need's topic never appears as an empty row.

``choose`` reads the codes asked for (the ``state`` query parameter): it keeps up to
``MAX_STATES`` known, distinct States in the order given and names every value it left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    Dimension,
    Factor,
    Need,
    NeedStatus,
    State,
    Survey,
    SurveyStatus,
    Topic,
)
from webapp.services.language import _, label, name, ngettext, sort_key
from webapp.services.needs import sharing
from webapp.services.needs.factors import cmm_factors, ratings
from webapp.services.needs.survey import assessments, cmm_dimensions
from webapp.services.policy import visible_needs_clause

#: How many States a comparison holds at most, and at least to be one.
MAX_STATES = 4
MIN_STATES = 2
#: Values of ``state`` read at most: the rest are left out unread (a URL may be long).
MAX_VALUES = 12
#: The longest value quoted back in a message.
QUOTE_MAX = 12


@dataclass(frozen=True)
class Choice:
    """The States kept from the request, in the order given, and why the others were not."""

    states: list[State]
    refused: list[str] = field(default_factory=list)  # messages in the reader's language
    unknown: bool = False  # a value was not the code of a State

    @property
    def codes(self) -> list[str]:
        """The kept States' ISO3 codes, for links."""
        return [s.iso3 for s in self.states]


def _quoted(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= QUOTE_MAX else value[: QUOTE_MAX - 1] + "…"


def choose(session: Session, values: Sequence[str]) -> Choice:
    """The States named by ``values`` (ISO3 codes, any case; empty values are skipped).

    A value that names no State, a State named twice and States past the fourth are left out,
    each with a message naming the field (the reader's language).
    """
    asked = [v.strip() for v in values[:MAX_VALUES]]
    codes = {v.upper() for v in asked if len(v) == 3 and v.isascii() and v.isalpha()}
    found = {s.iso3: s for s in session.scalars(select(State).where(State.iso3.in_(sorted(codes))))}
    states: list[State] = []
    refused: list[str] = []
    unknown = False
    for value in asked:
        if not value:
            continue
        state = found.get(value.upper())
        if state is None:
            unknown = True
            refused.append(_("States to compare: “%(value)s” is not the code of a State known to "
                             "cbmatch, so it was left out.", value=_quoted(value)))  # fmt: skip
        elif state in states:
            refused.append(_("States to compare: %(state)s was asked for twice; it is shown "
                             "once.", state=name(state)))  # fmt: skip
        elif len(states) >= MAX_STATES:
            refused.append(ngettext("States to compare: at most %(num)d State side by side, so "
                                    "%(state)s was left out.",
                                    "States to compare: at most %(num)d States side by side, so "
                                    "%(state)s was left out.",
                                    MAX_STATES, state=name(state)))  # fmt: skip
        else:
            states.append(state)
    if len(values) > MAX_VALUES:
        refused.append(ngettext("States to compare: %(num)d more value was not read.",
                                "States to compare: %(num)d more values were not read.",
                                len(values) - MAX_VALUES))  # fmt: skip
    return Choice(states=states, refused=refused, unknown=unknown)


@dataclass(frozen=True)
class Column:
    """One State as the reader may see it."""

    state: State
    name: str
    submitted_at: datetime | None  # its survey's submission; None: not submitted
    maturity_visible: bool  # False: the State does not show its maturity to the reader
    dimensions: dict[str, int]  # dimension slug -> stage (absent: not assessed); {} if hidden
    factors: dict[str, int]  # factor code -> stage (absent: not assessed); {} if hidden
    needs: dict[str, int]  # topic slug -> open needs the reader may see
    open_needs: int  # open needs the reader may see, all topics (a need counts once)

    @property
    def draft(self) -> bool:
        """The reader sees a maturity not yet submitted (its State's or the focal point)."""
        return self.maturity_visible and self.submitted_at is None and bool(self.dimensions)


@dataclass(frozen=True)
class DimensionRows:
    """A CMM dimension and its factors, in CMM order: the maturity rows of the table."""

    dimension: Dimension
    factors: list[Factor]


@dataclass(frozen=True)
class Comparison:
    """What the compare page shows one reader."""

    columns: list[Column]
    dimensions: list[DimensionRows]
    topics: list[Topic]  # topics some column counts an open need of, CMM order then by label

    @property
    def maturity_rows(self) -> int:
        """How many rows the maturity takes: a dimension's, then each of its factors'."""
        return sum(1 + len(d.factors) for d in self.dimensions)


def _submitted(session: Session, states: Sequence[State]) -> dict[int, datetime | None]:
    rows = session.execute(
        select(Survey.state_id, Survey.submitted_at).where(
            Survey.state_id.in_([s.id for s in states]), Survey.status == SurveyStatus.SUBMITTED
        )
    )
    return {state_id: at for state_id, at in rows}  # noqa: C416 - typed rows, not pairs


def _need_counts(
    session: Session, user: Any, states: Sequence[State]
) -> tuple[dict[int, dict[str, int]], dict[int, int]]:
    where = (
        Need.state_id.in_([s.id for s in states]),
        Need.status == NeedStatus.OPEN,
        visible_needs_clause(user),
    )
    by_topic: dict[int, dict[str, int]] = {}
    rows = session.execute(
        select(Need.state_id, Topic.slug, func.count(func.distinct(Need.id)))
        .join(Need.topics)
        .where(*where)
        .group_by(Need.state_id, Topic.slug)
    )
    for state_id, slug, n in rows:
        by_topic.setdefault(state_id, {})[slug] = int(n)
    totals = dict(
        session.execute(
            select(Need.state_id, func.count(Need.id)).where(*where).group_by(Need.state_id)
        ).all()
    )
    return by_topic, {k: int(v) for k, v in totals.items()}


def _column(
    session: Session,
    user: Any,
    state: State,
    submitted_at: datetime | None,
    needs: dict[str, int],
    open_needs: int,
) -> Column:
    visible = sharing.can_view_maturity(session, user, state)
    dims = {a.dimension.slug: a.stage for a in assessments(session, state)} if visible else {}
    factors = {code: r.stage for code, r in ratings(session, state).items()} if visible else {}
    return Column(
        state=state,
        name=name(state),
        submitted_at=submitted_at,
        maturity_visible=visible,
        dimensions=dims,
        factors=factors,
        needs=needs,
        open_needs=open_needs,
    )


def compare(session: Session, user: Any, states: Sequence[State]) -> Comparison:
    """The comparison of ``states`` (in that order) as ``user`` may see each of them."""
    submitted = _submitted(session, states)
    by_topic, totals = _need_counts(session, user, states)
    columns = [
        _column(session, user, s, submitted.get(s.id), by_topic.get(s.id, {}),
                totals.get(s.id, 0))
        for s in states
    ]  # fmt: skip
    factors = cmm_factors(session)
    dimensions = [
        DimensionRows(d, [f for f in factors if f.dimension_id == d.id])
        for d in cmm_dimensions(session)
    ]
    counted = {slug for c in columns for slug in c.needs}
    topics = (
        list(session.scalars(select(Topic).join(Dimension).where(Topic.slug.in_(counted))))
        if counted
        else []
    )
    topics.sort(key=lambda t: (t.dimension.position, sort_key(label(t))))
    return Comparison(columns=columns, dimensions=dimensions, topics=topics)


def picker(session: Session, chosen: Sequence[State]) -> list[tuple[str, str]]:
    """Every other State as (ISO3, name in the reader's language), by name: the "add" list."""
    taken = {s.id for s in chosen}
    return sorted(
        ((s.iso3, name(s)) for s in session.scalars(select(State)) if s.id not in taken),
        key=lambda p: sort_key(p[1]),
    )
