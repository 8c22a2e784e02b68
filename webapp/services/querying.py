"""Pieces every list query shares: filters from the query string, word search, pages."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    literal,
    or_,
    type_coerce,
)
from sqlalchemy import true as sql_true
from sqlalchemy.orm import Session

MAX_QUERY = 200


MAX_PAGE = 100_000


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
