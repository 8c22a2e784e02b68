"""Which States an offer's eligibility list reaches, stored as one searchable text per offer.

An offer open to "Western Africa" and "JAM" reaches 17 States; the offer list's region filter
asks "does it reach any State of Africa?". Expanding every area into dozens of LIKE clauses per
row made that filter cost 270 ms at 10k offers, so each offer keeps ``reach``: the
``;``-wrapped, lower-cased tags (ISO3, M49 region, sub-region, intermediate region, groups) of
every State it reaches, and the filter is one ``LIKE '%;africa;%'``. An offer open to every
State has an empty eligibility list and an empty ``reach``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import State


class ReachIndex:
    """Maps eligibility items to the tags of the States they designate."""

    def __init__(self, states: Iterable[State]) -> None:
        self._tags: dict[str, frozenset[str]] = {}
        self._designates: dict[str, set[str]] = {}
        for s in states:
            tags = s.tags()
            self._tags[s.iso3] = tags
            for tag in tags:
                self._designates.setdefault(tag, set()).add(s.iso3)
        self._cache: dict[tuple[str, ...], str] = {}

    @classmethod
    def load(cls, session: Session) -> ReachIndex:
        """Read every State once."""
        return cls(session.scalars(select(State)))

    def of(self, eligible: Sequence[str]) -> str:
        """The ``reach`` text of an eligibility list ("" when open to every State)."""
        key = tuple(eligible)
        if key not in self._cache:
            isos: set[str] = set()
            for item in key:
                isos |= self._designates.get(item.lower(), set())
            tags = set().union(*(self._tags[i] for i in isos)) if isos else set()
            self._cache[key] = f";{';'.join(sorted(tags))};" if key else ""
        return self._cache[key]
