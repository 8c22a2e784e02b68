"""Calibrate the matcher's three thresholds (``matcher.thresholds``) on hand-graded sets.

docs/MATCHER.md section 3 explains the rule; a test checks that the thresholds the matcher uses
are what ``calibrate`` gives on the graded sets of ``tests/data``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from matcher.scoring import Matcher
from matcher.types import NeedDoc, OfferDoc


@dataclass(frozen=True)
class Calibration:
    """Thresholds read off graded pairs, and the evidence they rest on."""

    serve_score: float
    min_score: float
    strong_score: float
    needs_servable: int
    needs_unservable: int
    pairs: int


def _margin(low: Sequence[float], high: Sequence[float]) -> float:
    """The cut between two classes on one axis that errs least, midway between its neighbours.

    ``low`` should fall below the cut and ``high`` above it. Errors are balanced: each class
    weighs as much as the other, however many items it has (grade-0 pairs outnumber the others
    twenty to one). With a gap between the classes this is the middle of the gap (a
    one-dimensional maximum-margin rule).
    """
    values = sorted({*low, *high})
    cuts = [0.0, *((a + b) / 2 for a, b in itertools.pairwise(values)), 1.0]
    lo, hi = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    n_lo, n_hi = max(len(lo), 1), max(len(hi), 1)
    errors = [round(int((lo >= c).sum()) / n_lo + int((hi < c).sum()) / n_hi, 9) for c in cuts]
    best = min(errors)
    good = [c for c, e in zip(cuts, errors, strict=True) if e == best]
    return float((good[0] + good[-1]) / 2)  # the middle of the widest run of best cuts


class Graded(Protocol):
    """A hand-graded set (``matcher.evaluate.EvalSet`` is one)."""

    @property
    def needs(self) -> Sequence[NeedDoc]: ...
    @property
    def offers(self) -> Sequence[OfferDoc]: ...
    @property
    def grades(self) -> Mapping[tuple[str, str], int]: ...


def calibrate(sets: Iterable[Graded], **params: object) -> Calibration:
    """The three thresholds, from the scores a ``Matcher(**params)`` gives graded pairs.

    Each set is ranked on its own offers; the evidence of all sets is pooled:

    - ``serve_score`` separates the needs with a pair graded >= 2 from the others, on the
      score of each need's best feasible pair;
    - ``strong_score`` separates feasible pairs graded >= 2 from those graded 1;
    - ``min_score`` separates feasible pairs graded >= 1 from those graded 0.

    Each is the cut that errs least (errors of the two sides weighed equally), midway between
    its neighbours.
    """
    best_served: list[float] = []
    best_unserved: list[float] = []
    by_grade: dict[int, list[float]] = {0: [], 1: [], 2: [], 3: []}
    for graded in sets:
        grades = graded.grades
        top: dict[str, int] = {}
        for (need_ref, _), g in grades.items():
            top[need_ref] = max(top.get(need_ref, 0), g)
        matcher = Matcher(**params, serve_score=0.0, min_score=0.0)  # type: ignore[arg-type]
        matcher.fit(graded.offers)
        scores = matcher.score_pairs(graded.needs)
        refs = [o.ref for o in matcher.offers_]
        for i, need in enumerate(graded.needs):
            row = scores[i]
            feasible = ~np.isnan(row)
            best = float(np.nanmax(row)) if feasible.any() else 0.0
            (best_served if top.get(need.ref, 0) >= 2 else best_unserved).append(best)
            for j in np.flatnonzero(feasible):
                by_grade[grades.get((need.ref, refs[j]), 0)].append(float(row[j]))
    return Calibration(
        serve_score=_margin(best_unserved, best_served),
        min_score=_margin(by_grade[0], by_grade[1] + by_grade[2] + by_grade[3]),
        strong_score=_margin(by_grade[1], by_grade[2] + by_grade[3]),
        needs_servable=len(best_served),
        needs_unservable=len(best_unserved),
        pairs=sum(len(v) for v in by_grade.values()),
    )
