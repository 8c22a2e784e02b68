"""A State's needs as readers see them: loading one, lists, search and the display card.

``visible_needs_clause(user)`` (``services.policy``) is the one rule for listing needs: every
list, count and search of needs goes through it, so a confidential or draft need only ever
reaches its own State's representatives and the focal point.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (
    Select,
    case,
    func,
    select,
)
from sqlalchemy.orm import Session, selectinload

from models import (
    Need,
    NeedStatus,
    State,
    SupportType,
    Survey,
    SurveyStatus,
    Topic,
)
from webapp.services import text_language
from webapp.services.interchange.records import NeedData
from webapp.services.language import N_, Labels, label, name
from webapp.services.policy import visible_needs_clause
from webapp.services.querying import (
    RELEVANCE,
    Filters,
    keyset_page,
    paginate,
    record_conditions,
    record_order,
)
from webapp.services.reference.areas import state_in_area
from webapp.services.reference.choices import language_name
from webapp.services.search.results import search_page
from webapp.services.search.terms import query_units
from webapp.services.vocab import MODALITY_LABELS, NEED_EDITABLE, PRIORITY_LABELS, Priority

#: The order in which a State's own list shows its needs.
STATUS_ORDER = (NeedStatus.DRAFT, NeedStatus.OPEN, NeedStatus.CLOSED, NeedStatus.WITHDRAWN)


@dataclass(frozen=True)
class NeedCard:
    """A need as a reader sees it: labels instead of slugs, ready for a template."""

    ref: str
    state_iso3: str
    state_name: str
    title: str
    description: str
    topics: tuple[str, ...]
    support_types: tuple[str, ...]
    languages: tuple[str, ...]
    modality: str
    start: date | None
    end: date | None
    priority: str  # in words ("High")
    priority_code: str  # as stored ("high")
    confidential: bool
    status: str
    #: The language the title and description are written in (None: not known).
    text_language: str | None = None

    @property
    def editable(self) -> bool:
        """Whether the State may still change, close or withdraw it."""
        return self.status in (s.value for s in NEED_EDITABLE)


def need_by_ref(session: Session, ref: str) -> Need | None:
    """The need with this ref, or None."""
    return session.scalar(select(Need).where(Need.ref == ref))


def state_needs(session: Session, state: State, *, include_private: bool) -> list[Need]:
    """A State's needs: every one (drafts first) when ``include_private``, else its public ones.

    Public means open and not confidential; that is all anyone but the State's representatives
    and the focal point may see.
    """
    stmt = (
        select(Need)
        .where(Need.state_id == state.id)
        .options(selectinload(Need.topics), selectinload(Need.support_types))
        .order_by(Need.ref.desc())
    )
    if not include_private:
        stmt = stmt.where(Need.status == NeedStatus.OPEN, Need.confidential.is_(False))
    needs = list(session.scalars(stmt))
    needs.sort(key=lambda n: STATUS_ORDER.index(n.status))
    return needs


def survey_submitted(session: Session, state: State) -> bool:
    """Whether the State has submitted its survey (new needs then open at once)."""
    status = session.scalar(select(Survey.status).where(Survey.state_id == state.id))
    return status is SurveyStatus.SUBMITTED


def card(need: Need) -> NeedCard:
    """The display form of a stored need."""
    return NeedCard(
        ref=need.ref,
        state_iso3=need.state.iso3,
        state_name=name(need.state),
        title=need.title,
        description=need.description,
        topics=tuple(label(t) for t in need.topics),
        support_types=tuple(label(s) for s in need.support_types),
        languages=tuple(language_name(c) for c in need.languages or ["en"]),
        modality=MODALITY_LABELS.get(need.modality, need.modality),
        start=need.start,
        end=need.end,
        priority=PRIORITY_LABELS.get(need.priority, need.priority),
        priority_code=need.priority,
        confidential=need.confidential,
        status=need.status.value,
        text_language=need.text_language,
    )


def preview_card(
    session: Session,
    state: State,
    data: NeedData,
    status: NeedStatus,
    written_in: str | None = None,
) -> NeedCard:
    """The display form of a need that is not saved yet (the form's preview).

    ``written_in`` is the language its author says the text is in; None: detected.
    """
    topics = {t.slug: label(t) for t in session.scalars(select(Topic))}
    support = {s.slug: label(s) for s in session.scalars(select(SupportType))}
    return NeedCard(
        ref=data.ref,
        state_iso3=state.iso3,
        state_name=name(state),
        title=data.title,
        description=data.description,
        topics=tuple(topics[s] for s in data.topics),
        support_types=tuple(support[s] for s in data.support_types),
        languages=tuple(language_name(c) for c in data.languages),
        modality=MODALITY_LABELS[data.modality],
        start=data.start,
        end=data.end,
        priority=PRIORITY_LABELS[data.priority],
        priority_code=data.priority,
        confidential=data.confidential,
        status=status.value,
        text_language=text_language.written_in(written_in, data.title, data.description),
    )


NEED_SORTS: Labels[str] = Labels(
    {
        "relevance": N_("Relevance, best first"),
        "newest": N_("Newest first"),
        "priority": N_("Priority, high first"),
        "start": N_("Start date, soonest first"),
        "deadline": N_("End date, soonest first"),
        "title": N_("Title, A to Z"),
    }
)


def _need_stmt(user: Any, f: Filters) -> Select[Any]:
    stmt = select(Need).where(visible_needs_clause(user), Need.status == NeedStatus.OPEN)
    stmt = stmt.where(*record_conditions(Need, f))
    if f.region:
        stmt = stmt.where(Need.state.has(state_in_area(f.region)))
    if f.funding == "y":
        stmt = stmt.where(Need.funding_required.is_(True))
    return stmt


def _need_order(sort: str) -> tuple[Any, ...]:
    if sort == "priority":
        high, medium = Priority.HIGH.value, Priority.MEDIUM.value
        rank = case((Need.priority == high, 0), (Need.priority == medium, 1), else_=2)
        return (rank, *record_order(Need, "newest"))
    return record_order(Need, sort)


def search_needs(
    session: Session, user: Any, filters: Filters, page: int = 1, *, per_page: int
) -> Pagination:
    """One page of the open needs ``user`` may see that pass the filters.

    Words are searched with the matcher's analyser (``services.search``): the needs holding
    every token of the query, best first when sorted by relevance, with the words to mark. A
    query with no searchable word (a ref, a number) falls back to the plain word search.
    """
    loads = (selectinload(Need.state), selectinload(Need.topics), selectinload(Need.support_types))
    units = query_units(filters.q) if filters.q else []
    if units:
        plain = replace(filters, q="")
        ids = _need_stmt(user, plain).with_only_columns(Need.id)
        return search_page(
            session, Need, ids.order_by(*_need_order(filters.sort)), units,
            query=filters.q, by_relevance=filters.sort == RELEVANCE,
            page=page, per_page=per_page, loads=loads,
        )  # fmt: skip
    stmt = _need_stmt(user, filters).order_by(*_need_order(filters.sort)).options(*loads)
    return paginate(session, stmt, page, per_page)


def count_needs(session: Session, user: Any, filters: Filters | None = None) -> int:
    """How many open needs ``user`` may see (that pass the filters)."""
    sub = _need_stmt(user, filters or Filters()).with_only_columns(Need.id).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def visible_need(session: Session, user: Any, ref: str) -> Need | None:
    """The need with this ref if ``user`` may see it, else None."""
    return session.scalar(select(Need).where(Need.ref == ref, visible_needs_clause(user)))


def open_needs_after(
    session: Session, user: Any, filters: Filters, after: int | None, limit: int
) -> tuple[list[Need], bool]:
    """The open needs ``user`` may see that pass the filters, by id after ``after`` (the API).

    The same visibility and filters as the list's, but words are the plain search (every word
    in the title or description) and the order is by id, so that a cursor can resume it.
    """
    loads = (selectinload(Need.state), selectinload(Need.topics), selectinload(Need.support_types))
    stmt = _need_stmt(user, filters).options(*loads)
    return keyset_page(session, stmt, Need.id, after, limit)
