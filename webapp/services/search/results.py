"""A page of search results: SQL picks the candidates, the text index matches and ranks them.

The list's filters and who may see what stay in the SQL statement (``visible_needs_clause`` for
needs); this module only ever narrows its ids. A record is found when its title or description
holds every unit of the query (``terms``), so "CSIRTs", "CERT" and "équipe de réponse aux
incidents" all find the records that say any of them. With ``by_relevance`` the records come
best first (BM25, title counted more; ties keep the statement's order, newest first), otherwise
in the statement's order. Each record shown carries the spans of its original words that produced a
matched token, for the page to mark.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models import Need, Offer
from webapp.services.search.index import text_index
from webapp.services.search.terms import Unit, concepts, words

Span = tuple[int, int]


def marks(text: str, units: Sequence[Unit]) -> tuple[Span, ...]:
    """Spans of ``text``'s original words that produced one of the units, merged and sorted.

    A concept is marked where the record says it in any of its phrasings ("CERT" for a search
    of "CSIRT"); a plain word where the record has it (words of a concept's phrase included).
    """
    wanted = {u.concept for u in units if u.concept}
    plain = {w for u in units for w in u.words}
    spans = [(lo, hi) for tok, lo, hi in concepts(text or "") if tok in wanted]
    spans += [(lo, hi) for w, lo, hi in words(text or "") if w in plain]
    merged: list[Span] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return tuple(merged)


@dataclass(frozen=True)
class Marks:
    """What to mark in a record shown in the results."""

    title: tuple[Span, ...]
    description: tuple[Span, ...]


class ResultPage(Pagination):
    """A page of results already chosen (``items``, ``total`` given), with their ``marks``."""

    def __init__(self, *, marks: dict[int, Marks], query: str, **kwargs: Any) -> None:
        """Wrap the page; ``kwargs`` are Pagination's, plus ``items`` and ``total``."""
        super().__init__(**kwargs)
        self.marks = marks
        self.query = query

    def _query_items(self) -> list[Any]:
        return list(self._query_args["items"])

    def _query_count(self) -> int:
        return int(self._query_args["total"])


def search_page(
    session: Session,
    model: type[Need] | type[Offer],
    candidates: Select[Any],
    units: Sequence[Unit],
    *,
    query: str,
    by_relevance: bool,
    page: int,
    per_page: int,
    loads: Sequence[Any] = (),
) -> ResultPage:
    """One page of the candidates holding every token.

    Args:
        session: The request's session.
        model: ``Need`` or ``Offer``: whose index is searched and whose rows are shown.
        candidates: A statement of ``model.id`` with the list's filters and order.
        units: The query's units (``terms.query_units``; not empty).
        query: The query as typed (shown with the count).
        by_relevance: Best first; otherwise in the order of ``candidates``.
        page: The page asked for (past the end: the last page).
        per_page: Rows per page.
        loads: Loader options for the rows of the page.
    """
    index = text_index(model)
    index.sync(session)
    hits = index.matching(units)
    ids = [i for i in session.scalars(candidates) if i in hits] if hits else []
    if by_relevance and ids:
        scores = index.scores(units, ids)
        ids.sort(key=lambda i: -scores.get(i, 0.0))  # stable: ties keep the list's order
    total = len(ids)
    page = max(1, min(page, math.ceil(total / per_page) or 1))
    chosen = ids[(page - 1) * per_page : page * per_page]
    stmt = select(model).where(model.id.in_(chosen)).options(*loads)
    loaded = cast("list[Need | Offer]", list(session.scalars(stmt)))
    rows = {r.id: r for r in loaded}
    items: list[Need | Offer] = [rows[i] for i in chosen if i in rows]
    found = {r.id: Marks(marks(r.title, units), marks(r.description, units)) for r in items}
    return ResultPage(
        marks=found, query=query, page=page, per_page=per_page, max_per_page=None,
        error_out=False, items=items, total=total,
    )  # fmt: skip
