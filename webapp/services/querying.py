"""Pieces every list query shares: filters from the query string, word search, pages."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar, cast

from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    func,
    literal,
    or_,
    type_coerce,
)
from sqlalchemy import true as sql_true
from sqlalchemy.orm import Session

from models import Dimension, Need, Offer, SupportType, Topic

MAX_QUERY = 200

#: The sort order "best match first" of a searched list (the default when words are searched).
RELEVANCE = "relevance"


MAX_PAGE = 100_000


class PageNumbers:
    """The page arithmetic of a Flask-SQLAlchemy pagination, for pages built in Python.

    A subclass (a dataclass of one page of rows) gives ``page``, ``per_page`` and ``total``; the
    ``pagination`` macro of ``_macros/forms.html`` reads the rest from here.
    """

    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether a page comes before."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Whether a page comes after."""
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        """The previous page's number."""
        return self.page - 1

    @property
    def next_num(self) -> int:
        """The next page's number."""
        return self.page + 1


class QueryFilters:
    """What every list's filters share; the subclasses are frozen dataclasses.

    ``SORTING`` names the fields that order the list rather than narrow it, with their default
    values: a default is left out of the query string, and sorting never makes a list filtered.
    """

    SORTING: ClassVar[dict[str, str]] = {}

    def args(self) -> dict[str, str]:
        """The set, non-default values as query-string arguments (for links to other pages)."""
        values = asdict(cast(Any, self))
        return {k: str(v) for k, v in values.items() if v and self.SORTING.get(k) != v}

    @property
    def active(self) -> bool:
        """Whether anything narrows the list (sorting does not)."""
        return any(k not in self.SORTING for k in self.args())


@dataclass(frozen=True)
class Filters(QueryFilters):
    """What a visitor asked the list for; None or "" means "no filter"."""

    q: str = ""
    topic: str | None = None
    dimension: str | None = None
    region: str | None = None
    language: str | None = None
    modality: str | None = None
    support_type: str | None = None
    provider_type: str | None = None
    #: "1": offers whose gender marker is 1 or 2; "2": marker 2 only (the offers list).
    gender: str | None = None
    #: "y": needs that require funding, offers that bring some (the dashboard's funding figures).
    funding: str | None = None
    #: "y": only offers the signed-in user's State can receive (the offers list, State users).
    receivable: str = ""
    sort: str = "newest"

    SORTING: ClassVar[dict[str, str]] = {"sort": "newest"}


#: More digits than any whole number cbmatch stores: a longer string is no page, version or
#: capacity, and int() refuses strings of over 4,300 digits anyway.
MAX_DIGITS = 18


def whole_number(text: str) -> int | None:
    """``text`` as a whole number, or None when it is not one we could store.

    It must be ASCII digits only, at most ``MAX_DIGITS`` of them once leading zeros are dropped.
    ASCII only: str.isdigit() accepts superscripts such as "²", which int() refuses.
    """
    significant = text.lstrip("0")  # int() counts leading zeros towards its 4,300 digits
    if not (text.isascii() and text.isdigit()) or len(significant) > MAX_DIGITS:
        return None
    return int(significant or "0")


def parse_page(value: str | None) -> int:
    """A page number from the query string; anything that is not a positive number gives 1.

    A number past ``MAX_PAGE`` (however long) asks for the last page.
    """
    text = (value or "").strip()
    number = whole_number(text)
    if number is None:  # digits too many for a number still ask for a page: the last one
        return MAX_PAGE if text.isascii() and text.isdigit() else 1
    return min(number, MAX_PAGE) if number >= 1 else 1


def _words(q: str) -> list[str]:
    return q.strip()[:MAX_QUERY].split()[:10]


def text_match(title: Any, description: Any, q: str) -> ColumnElement[bool]:
    """Every word appears in the title or the description, ignoring case (LIKE, portable)."""
    return and_(
        sql_true(),
        *(
            or_(title.icontains(w, autoescape=True), description.icontains(w, autoescape=True))
            for w in _words(q)
        ),
    )


def list_has(column: Any, item: str) -> ColumnElement[bool]:
    """A ``;``-joined list column holds ``item`` exactly."""
    text = literal(";", String) + type_coerce(column, String) + literal(";", String)
    return text.contains(f";{item};", autoescape=True)


def _page(session: Session, stmt: Select[Any], page: int, per_page: int) -> Pagination:
    return SelectPagination(
        select=stmt, session=session, page=page, per_page=per_page, error_out=False
    )


def paginate(session: Session, stmt: Select[Any], page: int, per_page: int) -> Pagination:
    """One page of ``stmt``'s rows (with a count query); past the end shows the last page."""
    result = _page(session, stmt, page, per_page)
    if result.pages and page > result.pages:
        result = _page(session, stmt, result.pages, per_page)
    return result


def record_conditions(model: type[Need] | type[Offer], f: Filters) -> list[ColumnElement[bool]]:
    """The conditions of the filters that needs and offers share.

    Words, topic, dimension, language, modality and support type; the region, and who may see a
    record, are each list's own.
    """
    out: list[ColumnElement[bool]] = []
    if f.q:
        out.append(text_match(model.title, model.description, f.q))
    if f.topic:
        out.append(model.topics.any(Topic.slug == f.topic))
    if f.dimension:
        out.append(model.topics.any(Topic.dimension.has(Dimension.slug == f.dimension)))
    if f.language:
        out.append(list_has(model.languages, f.language))
    if f.modality:
        out.append(model.modality == f.modality)
    if f.support_type:
        out.append(model.support_types.any(SupportType.slug == f.support_type))
    return out


def record_order(model: type[Need] | type[Offer], sort: str) -> tuple[Any, ...]:
    """The sort orders needs and offers share; newest first for any other ``sort``.

    ``RELEVANCE`` is applied after the query, by ``services.search``: here it is newest first,
    the order of records equally relevant and of a list with no words searched.
    """
    newest = (model.created_at.desc(), model.id.desc())
    if sort == "start":
        return (model.start.is_(None), model.start, *newest)
    if sort == "deadline":
        return (model.end.is_(None), model.end, *newest)
    if sort == "title":
        return (func.lower(model.title), model.id)
    return newest


def keyset_page(
    session: Session, stmt: Select[Any], key: Any, after: int | None, limit: int
) -> tuple[list[Any], bool]:
    """Up to ``limit`` rows of ``stmt`` by ``key`` ascending after ``after``; whether more follow.

    The JSON API pages with it: a cursor holds the last key seen, so a walk through every page
    sees each row once even while rows are added (a new one comes last).
    """
    if after is not None:
        stmt = stmt.where(key > after)
    rows = list(session.scalars(stmt.order_by(key).limit(limit + 1)))
    return rows[:limit], len(rows) > limit
