"""Possible duplicates among the stored offers and needs: the pairs the dashboard lists.

Every pair of open offers (and of open needs) is scored, so the work grows with the square of
their number; at 10k generated offers nearly a million pairs qualify. The pair rules of
``duplicates`` (a region in common and overlapping windows for offers, the same State for needs)
are applied as numpy masks over blocks of the score matrix, and only the count and the ``SHOWN``
closest pairs are kept. The result is kept in the process until the offers or needs change
(``webapp.services.infra``). After a change the last pairs are shown at once, marked stale, while a
thread computes the new ones (``DUPLICATE_PAIRS_IN_BACKGROUND``), so that at 10k records an edit
does not cost the next visitor seconds; only the first load of a process waits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

import numpy as np
from scipy import sparse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Need, NeedStatus, Offer
from webapp.services.infra import kept, setting
from webapp.services.language import ENGLISH, speaking
from webapp.services.matching.duplicates import (
    THRESHOLD,
    Record,
    Similar,
    needs_in,
    open_offers,
    vectorise,
)

SHOWN = 10  # pairs listed, closest first
#: Up to this many records the first pairs of a process are computed during the request (well
#: under a second); above it, in a thread while the page says they are being looked for.
WAIT_FOR_AT_MOST = 2_000
_BLOCK = 500  # rows of the score matrix computed at once, to bound memory
_DENSE_CELLS = 20_000_000  # below this many cells the TF-IDF matrix is multiplied dense (faster)

Kind = Literal["offers", "needs"]
Rule = Callable[[slice], np.ndarray]  # rows of a block -> which of their pairs may be duplicates


@dataclass(frozen=True)
class Pair:
    """Two stored records that look like duplicates of each other."""

    first: Similar
    second: Similar
    score: float


@dataclass(frozen=True)
class Pairs:
    """The closest pairs (at most ``SHOWN``) and how many there are in all."""

    closest: list[Pair]
    total: int
    stale: bool = False  # records changed since; being computed again
    pending: bool = False  # not computed yet: being looked for


# --- the rules, as masks ----------------------------------------------------------------------


def _days(values: list[date | None], missing: int) -> np.ndarray:
    return np.array([v.toordinal() if v else missing for v in values], dtype=np.int64)


def _offer_rule(records: list[Record]) -> Rule:
    """A region reached by both and windows that share a day (a missing date is open-ended)."""
    names = sorted({r for rec in records for r in rec.regions})
    column = {name: i for i, name in enumerate(names)}
    reach = np.zeros((len(records), max(1, len(names))), dtype=np.float32)
    for i, rec in enumerate(records):
        reach[i, [column[r] for r in rec.regions]] = 1.0
    start = _days([r.start for r in records], date.min.toordinal())
    end = _days([r.end for r in records], date.max.toordinal())

    def rule(rows: slice) -> np.ndarray:
        shared = (reach[rows] @ reach.T) > 0
        overlap = (start[rows, None] <= end[None, :]) & (start[None, :] <= end[rows, None])
        return np.asarray(shared & overlap)

    return rule


def _need_rule(records: list[Record]) -> Rule:
    """The same State."""
    state = np.array([r.group for r in records], dtype=np.int64)
    return lambda rows: np.asarray(state[rows, None] == state[None, :])


# --- scoring ----------------------------------------------------------------------------------


def _blocks(x: sparse.csr_matrix) -> Iterator[tuple[int, np.ndarray]]:
    """(first row, dense block of cosine scores) over the whole matrix, ``_BLOCK`` rows each."""
    n = x.shape[0]
    if n * x.shape[1] <= _DENSE_CELLS:
        dense = x.toarray()
        for lo in range(0, n, _BLOCK):
            yield lo, dense[lo : lo + _BLOCK] @ dense.T
    else:
        xt = x.T.tocsr()
        for lo in range(0, n, _BLOCK):
            yield lo, (x[lo : lo + _BLOCK] @ xt).toarray()


def _similar(rec: Record, score: float) -> Similar:
    return Similar(rec.ref, rec.title, rec.owner, score, rec.text_language)


def pairs_of(records: list[Record], rule: Rule) -> Pairs:
    """Pairs at or above the threshold that ``rule`` allows, the closest first.

    Ties on the score (to two decimals) go in the records' order.
    """
    if len(records) < 2:
        return Pairs([], 0)
    x = vectorise([r.text for r in records])
    total = 0
    best: list[tuple[int, int, int]] = []  # (-score in hundredths, first, second)
    for lo, block in _blocks(x):
        rows = slice(lo, lo + block.shape[0])
        upper = np.arange(x.shape[0])[None, :] > np.arange(rows.start, rows.stop)[:, None]
        r, c = np.nonzero((block >= THRESHOLD) & upper & rule(rows))
        if not len(r):
            continue
        total += len(r)
        hundredths = np.rint(block[r, c] * 100).astype(np.int64)
        top = np.lexsort((c, r, -hundredths))[:SHOWN]
        best.extend(zip((-hundredths[top]).tolist(), (r[top] + lo).tolist(), c[top].tolist(),
                        strict=True))  # fmt: skip
    best.sort()
    closest = []
    for neg, i, j in best[:SHOWN]:
        score = -neg / 100
        closest.append(Pair(_similar(records[i], score), _similar(records[j], score), score))
    return Pairs(closest, total)


# --- what the dashboard calls ----------------------------------------------------------------


def offer_pairs(session: Session) -> Pairs:
    """Open offers that look like duplicates: close texts, a region in common, windows overlap."""
    records = open_offers(session)
    return pairs_of(records, _offer_rule(records))


def need_pairs(session: Session) -> Pairs:
    """Open needs of the same State that look like duplicates.

    The States are named in English: the pairs are kept for every reader alike, and are often
    worked out in a thread that has no reader.
    """
    with speaking(ENGLISH):
        records = needs_in(session, (NeedStatus.OPEN,), None)
    return pairs_of(records, _need_rule(records))


def duplicate_pairs(session: Session, kind: Kind) -> Pairs:
    """The possible duplicates among open offers or needs, kept until offers or needs change.

    After a change the last pairs come back at once, marked stale, while a thread computes the
    new ones (unless ``DUPLICATE_PAIRS_IN_BACKGROUND`` is off). The first pairs of a process are
    computed during the request too, unless there are more than ``WAIT_FOR_AT_MOST`` records:
    then the page says they are being looked for.
    """
    background = bool(setting("DUPLICATE_PAIRS_IN_BACKGROUND", True))
    model, compute = (Offer, offer_pairs) if kind == "offers" else (Need, need_pairs)
    limit = int(setting("DUPLICATE_PAIRS_WAIT_FOR_AT_MOST", WAIT_FOR_AT_MOST))
    wait = not background or (session.scalar(select(func.count()).select_from(model)) or 0) <= limit
    found = kept(session, f"pairs:{kind}", (model,), compute, background=background, wait=wait)
    if found.value is None:
        return Pairs([], 0, stale=True, pending=True)
    return replace(found.value, stale=found.stale)
