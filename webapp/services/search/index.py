"""The analysed words of every need and offer, kept in memory between searches.

Analysing a record (``matcher.text.Analyzer``: fold, lexicon concepts, stop words, singular)
costs about 0.1 ms; doing it for 10,000 records at every search would cost a second. So each
app keeps one ``TextIndex`` per table (needs, offers): per record, its terms (``terms``: the
concepts and the plain words of its title and description) weighted, the postings (term -> ids)
and the document frequencies BM25 needs.

It stays in step with the database by a fingerprint of the table (row count and newest
``updated_at``), read before every search (one aggregate query on indexed columns). When the
fingerprint moved, the ``(id, updated_at)`` of the rows changed since the last look are read
(of every row when rows went: those are dropped), and only the records added or changed are
analysed again. A change made by another process (an
import, another worker) is seen at the next search, like one made by this one. The first fill
is complete; later, one search spends at most ``SEARCH_INDEX_BUDGET_SECONDS`` (0.5 s) catching
up, so that during a bulk import of thousands of records pages keep answering: records not
analysed yet are found by the searches that follow, a few seconds later.

Filters and who may see what stay in SQL: the index only answers "which of these candidate ids
hold every query token, and how well".
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Need, Offer
from webapp.services.infra import app_object, setting
from webapp.services.search.terms import WORD, Unit, terms

#: Title tokens count this many times a description token (BM25F-like field weight).
TITLE_WEIGHT = 3.0
#: BM25's term-frequency saturation and length normalisation.
K1, B = 1.2, 0.75
_CHUNK = 500  # ids per IN (...) query
_MARGIN = timedelta(minutes=5)  # a write committed late may carry an older time stamp
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One record as the index holds it."""

    changed: datetime | None
    weights: dict[str, float]  # token -> weighted term frequency (title counted more)
    length: float  # sum of the weights


def entry(title: str, description: str, changed: datetime | None) -> Entry:
    """The index entry of a record's text (its length: the weight of its plain words)."""
    weights: dict[str, float] = {}
    for tok in terms(title or ""):
        weights[tok] = weights.get(tok, 0.0) + TITLE_WEIGHT
    for tok in terms(description or ""):
        weights[tok] = weights.get(tok, 0.0) + 1.0
    length = sum(w for t, w in weights.items() if t.startswith(WORD))
    return Entry(changed, weights, float(length))


class TextIndex:
    """The analysed text of every row of one table (``Need`` or ``Offer``)."""

    def __init__(self, model: type[Need] | type[Offer], budget: float = 0.5) -> None:
        """An empty index of ``model``'s rows; the first search fills it.

        Args:
            model: ``Need`` or ``Offer``.
            budget: Seconds one search may spend analysing changed records once the index is
                filled (a bulk import under way); the rest waits for the next searches.
        """
        self.model = model
        self.budget = budget
        self._pending: set[int] = set()  # records changed and not analysed yet
        self.entries: dict[int, Entry] = {}
        self.postings: dict[str, set[int]] = {}
        self.total_length = 0.0
        self.builds = 0  # full or partial (re)reads, for tests and benchmarks
        self._seen: tuple[Any, ...] | None = None
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ keeping it current
    def fingerprint(self, session: Session) -> tuple[Any, ...]:
        """Row count and newest change of the table."""
        m = self.model
        return tuple(session.execute(select(func.count(m.id), func.max(m.updated_at))).one())

    def sync(self, session: Session) -> None:
        """Bring the index in line with the table, analysing only what changed."""
        with self._lock:
            now = self.fingerprint(session)
            first = self._seen is None
            if now != self._seen:
                self._pending.update(self._stale(session, now))
                self._seen = now
            if not self._pending:
                return
            # a first fill is complete; catching up (a bulk import under way) gets a time budget,
            # and what is left over is analysed by the next searches
            deadline = math.inf if first else time.monotonic() + self.budget
            m = self.model
            while self._pending and time.monotonic() <= deadline:
                chunk = [self._pending.pop() for _ in range(min(_CHUNK, len(self._pending)))]
                rows = session.execute(
                    select(m.id, m.title, m.description, m.updated_at).where(m.id.in_(chunk))
                )
                for rid, title, description, at in rows:
                    self._put(rid, entry(title, description, at))
            self.builds += 1
            if self._pending:
                log.info("search index of %s: %d left", m.__tablename__, len(self._pending))

    @property
    def behind(self) -> int:
        """How many changed records are not analysed yet."""
        return len(self._pending)

    def _stale(self, session: Session, now: tuple[Any, ...]) -> set[int]:
        """Ids of the records added or changed since the last look; records gone are dropped.

        Every row's ``(id, updated_at)`` is read the first time and when rows went (the count
        fell); otherwise only the rows changed since the newest change seen (less a margin).
        """
        m = self.model
        seen = self._seen
        stmt = select(m.id, m.updated_at)
        everything = seen is None or seen[1] is None or now[0] < seen[0]
        if not everything:
            assert seen is not None  # noqa: S101  # nosec B101
            stmt = stmt.where(m.updated_at >= seen[1] - _MARGIN)
        stamps: dict[int, datetime | None] = {row[0]: row[1] for row in session.execute(stmt)}
        if everything:
            for gone in set(self.entries) - stamps.keys():
                self._remove(gone)
                self._pending.discard(gone)
        return {
            i for i, at in stamps.items() if (e := self.entries.get(i)) is None or e.changed != at
        }

    def _remove(self, rid: int) -> None:
        old = self.entries.pop(rid, None)
        if old is None:
            return
        self.total_length -= old.length
        for tok in old.weights:
            ids = self.postings.get(tok)
            if ids is not None:
                ids.discard(rid)
                if not ids:
                    del self.postings[tok]

    def _put(self, rid: int, new: Entry) -> None:
        self._remove(rid)
        self.entries[rid] = new
        self.total_length += new.length
        for tok in new.weights:
            self.postings.setdefault(tok, set()).add(rid)

    # ------------------------------------------------------------------ searching
    def _holding(self, unit: Unit) -> set[int]:
        """Ids of the records holding the unit: its concept, or every one of its words."""
        found: set[int] | None = None
        for term in sorted(unit.word_terms, key=lambda t: len(self.postings.get(t, ()))):
            ids = self.postings.get(term, set())
            found = set(ids) if found is None else found & ids
            if not found:
                break
        out = found or set()
        if unit.concept is not None:
            out |= self.postings.get(unit.concept, set())
        return out

    def matching(self, units: Sequence[Unit]) -> set[int]:
        """Ids of the records holding every unit."""
        with self._lock:
            found: set[int] | None = None
            for unit in units:
                ids = self._holding(unit)
                found = ids if found is None else found & ids
                if not found:
                    return set()
            return found or set()

    def scores(self, units: Sequence[Unit], ids: Iterable[int]) -> dict[int, float]:
        """BM25 of each record: per unit, its concept's weight, or else its words' mean."""
        with self._lock:
            n = max(len(self.entries), 1)
            avg = self.total_length / n or 1.0
            wanted = {u.concept for u in units if u.concept} | {
                t for u in units for t in u.word_terms
            }
            idf = {
                t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5))
                for t in wanted
                if (p := self.postings.get(t))
            }
            out: dict[int, float] = {}
            for rid in ids:
                e = self.entries.get(rid)
                if e is None:
                    continue
                norm = K1 * (1 - B + B * e.length / avg)

                def bm25(term: str, e: Entry = e, norm: float = norm) -> float:
                    tf = e.weights.get(term, 0.0)
                    return idf.get(term, 0.0) * tf * (K1 + 1) / (tf + norm)

                score = 0.0
                for u in units:
                    if u.concept is not None and u.concept in e.weights:
                        score += bm25(u.concept)
                    elif u.words:
                        score += sum(bm25(t) for t in u.word_terms) / len(u.words)
                out[rid] = score
            return out


def text_index(model: type[Need] | type[Offer]) -> TextIndex:
    """The running app's index of ``model`` (made on first use, filled at the first search)."""
    budget = float(setting("SEARCH_INDEX_BUDGET_SECONDS", 0.5))
    return app_object(f"cbmatch.search.{model.__tablename__}", lambda: TextIndex(model, budget))
