"""Public lists of needs and offers: who may see which need, filters, search, sorting, pages.

``visible_needs_clause(user)`` is the one rule for listing needs: every list, count and search
of needs goes through it, so a confidential or draft need only ever reaches its own State's
representatives and the focal point (as ``webapp.access.can_view_need`` says for one need).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import pycountry
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    false,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy import true as sql_true
from sqlalchemy.orm import selectinload

from models import (
    Dimension,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Organisation,
    State,
    SupportType,
    Topic,
    db,
)
from models.geo import GROUP_SLUGS
from webapp.access import acts_for_state, is_focal
from webapp.services.lookups import dimension_choices, support_type_choices, topic_groups

PAGE_SIZE = 20
MAX_QUERY = 200
MAX_PAGE = 100_000
MODALITY_LABELS = {
    "in_person": "In person",
    "remote": "Remote",
    "hybrid": "Hybrid",
    "any": "Any (flexible)",
}
PROVIDER_TYPE_LABELS = {
    "state": "State or public agency",
    "business": "Business",
    "ngo": "Non-governmental organisation",
    "academia": "Academia or research",
    "intergovernmental": "Intergovernmental body",
    "other": "Other",
}
NEED_SORTS = {
    "newest": "Newest first",
    "priority": "Priority, high first",
    "start": "Start date, soonest first",
    "deadline": "End date, soonest first",
    "title": "Title, A to Z",
}
OFFER_SORTS = {
    "newest": "Newest first",
    "start": "Available from, soonest first",
    "deadline": "Available until, soonest first",
    "title": "Title, A to Z",
}


def visible_needs_clause(user: Any) -> ColumnElement[bool]:
    """The needs ``user`` may see: public ones, plus its own State's, or all for the focal point.

    Public means neither confidential nor a draft.
    """
    if is_focal(user):
        return sql_true()
    public = and_(Need.confidential.is_(False), Need.status != NeedStatus.DRAFT)
    state_id = getattr(user, "state_id", None)
    if state_id is not None and acts_for_state(user, state_id):
        return or_(public, Need.state_id == state_id)
    return public


@dataclass(frozen=True)
class Filters:
    """What a visitor asked the list for; None or "" means "no filter"."""

    q: str = ""
    topic: str | None = None
    dimension: str | None = None
    region: str | None = None
    language: str | None = None
    modality: str | None = None
    support_type: str | None = None
    provider_type: str | None = None
    sort: str = "newest"

    def args(self) -> dict[str, str]:
        """The non-empty filters as query-string arguments (for links to other pages)."""
        return {k: v for k, v in asdict(self).items() if v and not (k == "sort" and v == "newest")}

    @property
    def active(self) -> bool:
        """Whether anything narrows the list (sorting does not)."""
        return any(v for k, v in self.args().items() if k != "sort")


def parse_page(value: str | None) -> int:
    """A page number from the query string; anything that is not a positive number gives 1."""
    text = (value or "").strip()
    # isascii too: isdigit() accepts superscripts such as "²", which int() refuses.
    if not (text.isascii() and text.isdigit()):
        return 1
    return min(int(text), MAX_PAGE) if int(text) >= 1 else 1


def _words(q: str) -> list[str]:
    return q.strip()[:MAX_QUERY].split()[:10]


def _text_match(title: Any, description: Any, q: str) -> ColumnElement[bool]:
    """Every word appears in the title or the description, ignoring case (LIKE, portable)."""
    return and_(
        sql_true(),
        *(
            or_(title.icontains(w, autoescape=True), description.icontains(w, autoescape=True))
            for w in _words(q)
        ),
    )


def _list_has(column: Any, item: str) -> ColumnElement[bool]:
    """A ``;``-joined list column holds ``item`` exactly."""
    text = literal(";", String) + type_coerce(column, String) + literal(";", String)
    return text.contains(f";{item};", autoescape=True)


def state_in_area(area: str) -> ColumnElement[bool]:
    """States designated by a group, an M49 region at any level, or an ISO3 code."""
    if area in GROUP_SLUGS:
        return {"SIDS": State.is_sids, "LDC": State.is_ldc, "LLDC": State.is_lldc}[area].is_(True)
    return or_(
        State.region == area,
        State.subregion == area,
        State.intermediate_region == area,
        State.iso3 == area,
    )


def reaches_area(column: Any, area: str) -> ColumnElement[bool]:
    """Records whose eligibility list ``column`` covers at least one State of the area.

    An empty list means open to every State. Offers and calendar events share this rule.
    """
    items: set[str] = set()
    for s in db.session.scalars(select(State).where(state_in_area(area))):
        items.update(i for i in (s.iso3, s.region, s.subregion, s.intermediate_region) if i)
        items.update(s.groups)
    eligible = type_coerce(column, String)
    if not items:
        return false()
    return or_(eligible.is_(None), eligible == "", *(_list_has(column, i) for i in sorted(items)))


def offer_reaches_area(area: str) -> ColumnElement[bool]:
    """Offers open to at least one State of the area (open to all, or reaching one of them)."""
    eligible = type_coerce(Offer.eligible, String)
    return or_(
        eligible.is_(None),
        eligible == "",
        Offer.reach.contains(f";{area.lower()};", autoescape=True),
    )


def _paginate(stmt: Select[Any], page: int, per_page: int = PAGE_SIZE) -> Pagination:
    result = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    if result.pages and page > result.pages:  # past the end: show the last page
        result = db.paginate(stmt, page=result.pages, per_page=per_page, error_out=False)
    return result


def _need_stmt(user: Any, f: Filters) -> Select[Any]:
    stmt = select(Need).where(visible_needs_clause(user), Need.status == NeedStatus.OPEN)
    if f.q:
        stmt = stmt.where(_text_match(Need.title, Need.description, f.q))
    if f.topic:
        stmt = stmt.where(Need.topics.any(Topic.slug == f.topic))
    if f.dimension:
        stmt = stmt.where(Need.topics.any(Topic.dimension.has(Dimension.slug == f.dimension)))
    if f.region:
        stmt = stmt.where(Need.state.has(state_in_area(f.region)))
    if f.language:
        stmt = stmt.where(_list_has(Need.languages, f.language))
    if f.modality:
        stmt = stmt.where(Need.modality == f.modality)
    if f.support_type:
        stmt = stmt.where(Need.support_types.any(SupportType.slug == f.support_type))
    return stmt


def _need_order(sort: str) -> tuple[Any, ...]:
    newest = (Need.created_at.desc(), Need.id.desc())
    if sort == "priority":
        rank = case((Need.priority == "high", 0), (Need.priority == "medium", 1), else_=2)
        return (rank, *newest)
    if sort == "start":
        return (Need.start.is_(None), Need.start, *newest)
    if sort == "deadline":
        return (Need.end.is_(None), Need.end, *newest)
    if sort == "title":
        return (func.lower(Need.title), Need.id)
    return newest


def search_needs(user: Any, filters: Filters, page: int = 1) -> Pagination:
    """One page of the open needs ``user`` may see that pass the filters."""
    stmt = _need_stmt(user, filters).order_by(*_need_order(filters.sort))
    stmt = stmt.options(
        selectinload(Need.state), selectinload(Need.topics), selectinload(Need.support_types)
    )
    return _paginate(stmt, page)


def count_needs(user: Any, filters: Filters | None = None) -> int:
    """How many open needs ``user`` may see (that pass the filters)."""
    sub = _need_stmt(user, filters or Filters()).with_only_columns(Need.id).subquery()
    return int(db.session.scalar(select(func.count()).select_from(sub)) or 0)


def visible_need(user: Any, ref: str) -> Need | None:
    """The need with this ref if ``user`` may see it, else None."""
    return db.session.scalar(select(Need).where(Need.ref == ref, visible_needs_clause(user)))


def _offer_stmt(f: Filters) -> Select[Any]:
    stmt = select(Offer).where(Offer.status == OfferStatus.OPEN)
    if f.q:
        stmt = stmt.where(_text_match(Offer.title, Offer.description, f.q))
    if f.topic:
        stmt = stmt.where(Offer.topics.any(Topic.slug == f.topic))
    if f.dimension:
        stmt = stmt.where(Offer.topics.any(Topic.dimension.has(Dimension.slug == f.dimension)))
    if f.region:
        stmt = stmt.where(offer_reaches_area(f.region))
    if f.language:
        stmt = stmt.where(_list_has(Offer.languages, f.language))
    if f.modality:
        stmt = stmt.where(Offer.modality == f.modality)
    if f.support_type:
        stmt = stmt.where(Offer.support_types.any(SupportType.slug == f.support_type))
    if f.provider_type:
        stmt = stmt.where(Offer.organisation.has(Organisation.type == f.provider_type))
    return stmt


def _offer_order(sort: str) -> tuple[Any, ...]:
    newest = (Offer.created_at.desc(), Offer.id.desc())
    if sort == "start":
        return (Offer.start.is_(None), Offer.start, *newest)
    if sort == "deadline":
        return (Offer.end.is_(None), Offer.end, *newest)
    if sort == "title":
        return (func.lower(Offer.title), Offer.id)
    return newest


def _offer_loads() -> tuple[Any, ...]:
    return (
        selectinload(Offer.organisation).selectinload(Organisation.country),
        selectinload(Offer.topics),
        selectinload(Offer.support_types),
    )


def search_offers(filters: Filters, page: int = 1) -> Pagination:
    """One page of the open offers that pass the filters."""
    stmt = _offer_stmt(filters).order_by(*_offer_order(filters.sort)).options(*_offer_loads())
    return _paginate(stmt, page)


def organisation_offers(organisation_id: int, page: int = 1) -> Pagination:
    """An organisation's offers, open ones first, newest first."""
    stmt = (
        select(Offer)
        .where(Offer.organisation_id == organisation_id)
        .order_by(Offer.status != OfferStatus.OPEN, Offer.created_at.desc(), Offer.id.desc())
        .options(*_offer_loads())
    )
    return _paginate(stmt, page)


def offer_by_ref(ref: str) -> Offer | None:
    """The offer with this ref (offers are public, whatever their status)."""
    return db.session.scalar(select(Offer).where(Offer.ref == ref).options(*_offer_loads()))


# --- choices for the filter forms ------------------------------------------------------------


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code (the code itself when unknown)."""
    lang = pycountry.languages.get(alpha_2=code)
    return str(lang.name) if lang else code


def language_choices(user: Any = None) -> list[tuple[str, str]]:
    """The languages of the open needs ``user`` may see and of the open offers, by name.

    Only listed records count: a language used by nothing but a confidential need would
    otherwise tell every visitor that such a need exists.
    """
    codes: set[str] = set()
    for stmt in (
        select(type_coerce(Need.languages, String)).where(
            visible_needs_clause(user), Need.status == NeedStatus.OPEN
        ),
        select(type_coerce(Offer.languages, String)).where(Offer.status == OfferStatus.OPEN),
    ):
        for value in db.session.scalars(stmt.distinct()):
            codes.update(c for c in (value or "").split(";") if c)
    return sorted(((c, language_name(c)) for c in codes), key=lambda p: p[1])


def area_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Groups and M49 regions at every level, for a region filter: [(level, [(v, label)])]."""
    rows = db.session.execute(
        select(State.region, State.subregion, State.intermediate_region).distinct()
    ).all()

    def level(i: int) -> list[tuple[str, str]]:
        return [(n, n) for n in sorted({r[i] for r in rows if r[i]})]

    return [
        ("Groups", [(g, g) for g in GROUP_SLUGS]),
        ("Regions", level(0)),
        ("Sub-regions", level(1)),
        ("Intermediate regions", level(2)),
    ]


@dataclass(frozen=True)
class FilterChoices:
    """Every option of the filter forms, read once per request."""

    topics: list[tuple[str, list[tuple[str, str]]]]
    dimensions: list[tuple[str, str]]
    areas: list[tuple[str, list[tuple[str, str]]]]
    languages: list[tuple[str, str]]
    support_types: list[tuple[str, str]]


def filter_choices(user: Any = None) -> FilterChoices:
    """The options of the need and offer filters, as ``user`` may see them."""
    return FilterChoices(
        topics=topic_groups(),
        dimensions=dimension_choices(),
        areas=area_groups(),
        languages=language_choices(user),
        support_types=support_type_choices(),
    )


def language_names(codes: Iterable[str]) -> str:
    """The English names of language codes, e.g. "English, French"."""
    return ", ".join(language_name(c) for c in codes)


def window(start: date | None, end: date | None) -> str:
    """A date window in words, dates as YYYY-MM-DD."""
    if start and end:
        return f"{start.isoformat()} to {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    if end:
        return f"until {end.isoformat()}"
    return "any time"


def display_helpers() -> dict[str, Any]:
    """Names the need and offer templates use to show codes in words."""
    return {
        "language_names": language_names,
        "window": window,
        "modality_labels": MODALITY_LABELS,
        "provider_type_labels": PROVIDER_TYPE_LABELS,
    }
