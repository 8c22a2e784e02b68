"""A page of search results: SQL picks the candidates, the text index matches and ranks them.

The list's filters and who may see what stay in the SQL statement (``visible_needs_clause`` for
needs); this module only ever narrows its ids. A record is found when its title or description
holds every token of the query, so "CSIRTs", "CERT" and "équipe de réponse aux incidents" all
find the records that say any of them. With ``by_relevance`` the records come best first (BM25,
title counted more; ties keep the statement's order, newest first), otherwise in the
statement's order. Each record shown carries the spans of its original words that produced a
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
from webapp.services.search.index import analyzer, text_index

#: At most this many distinct tokens of a query are searched (the old word search took 10 words).
MAX_TOKENS = 10

Span = tuple[int, int]


def query_tokens(q: str) -> list[str]:
    """The distinct tokens of a query, in order ([] when none is a searchable word)."""
    out: list[str] = []
    for tok in analyzer()(q):
        if tok not in out:
            out.append(tok)
    return out[:MAX_TOKENS]


def marks(text: str, tokens: Sequence[str]) -> tuple[Span, ...]:
    """Spans of ``text``'s original words that produced one of ``tokens``, merged and sorted."""
    wanted = set(tokens)
    spans = sorted((lo, hi) for tok, lo, hi in analyzer().spans(text or "") if tok in wanted)
    merged: list[Span] = []
    for lo, hi in spans:
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
    tokens: Sequence[str],
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
        tokens: The query's tokens (``query_tokens``; not empty).
        query: The query as typed (shown with the count).
        by_relevance: Best first; otherwise in the order of ``candidates``.
        page: The page asked for (past the end: the last page).
        per_page: Rows per page.
        loads: Loader options for the rows of the page.
    """
    index = text_index(model)
    index.sync(session)
    hits = index.matching(tokens)
    ids = [i for i in session.scalars(candidates) if i in hits] if hits else []
    if by_relevance and ids:
        scores = index.scores(tokens, ids)
        ids.sort(key=lambda i: -scores.get(i, 0.0))  # stable: ties keep the list's order
    total = len(ids)
    page = max(1, min(page, math.ceil(total / per_page) or 1))
    chosen = ids[(page - 1) * per_page : page * per_page]
    stmt = select(model).where(model.id.in_(chosen)).options(*loads)
    loaded = cast("list[Need | Offer]", list(session.scalars(stmt)))
    rows = {r.id: r for r in loaded}
    items: list[Need | Offer] = [rows[i] for i in chosen if i in rows]
    found = {r.id: Marks(marks(r.title, tokens), marks(r.description, tokens)) for r in items}
    return ResultPage(
        marks=found, query=query, page=page, per_page=per_page, max_per_page=None,
        error_out=False, items=items, total=total,
    )  # fmt: skip
