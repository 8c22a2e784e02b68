"""Measure a ranker against hand-graded pairs: nDCG@5, P@1, Recall@5, MRR and unmet-need precision.

Grades run from 0 (useless or impossible) to 3 (exactly what the need asks for); unlisted pairs
are 0. Ranking metrics average over the needs that have something to find: nDCG over needs with a
pair graded >= 1, P@1, Recall@5 and MRR over needs with a pair graded >= 2. Unmet-need precision is
the share of the needs a ranker leaves without any suggestion that truly have no pair graded >= 1.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from matcher.baseline import baseline_rank
from matcher.records import StateTags, need_from_record, offer_from_record, read_records
from matcher.scoring import Matcher
from matcher.types import Match, NeedDoc, OfferDoc

Ranker = Callable[[Sequence[NeedDoc], Sequence[OfferDoc], int], list[Match]]
Grades = Mapping[tuple[str, str], int]


@dataclass(frozen=True)
class EvalSet:
    """A labelled evaluation set."""

    needs: tuple[NeedDoc, ...]
    offers: tuple[OfferDoc, ...]
    grades: Mapping[tuple[str, str], int]


@dataclass(frozen=True)
class Metrics:
    """Scores of one ranker on one evaluation set (None where a metric has nothing to measure)."""

    ndcg_at_5: float
    p_at_1: float
    recall_at_5: float
    mrr: float
    unmet_precision: float | None
    unmet_recall: float | None
    needs: int
    needs_left_unmet: int
    needs_truly_unmet: int

    def as_dict(self) -> dict[str, Any]:
        """The metrics as a plain dict (for JSON output)."""
        return asdict(self)


def load_grades(path: str | Path) -> dict[tuple[str, str], int]:
    """Read ``need,offer,grade`` rows (grade 0-3)."""
    grades: dict[tuple[str, str], int] = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            grade = int(row["grade"])
            if not 0 <= grade <= 3:
                raise ValueError(f"grade out of range for {row['need']},{row['offer']}: {grade}")
            grades[(row["need"].strip(), row["offer"].strip())] = grade
    return grades


def load_eval_dir(path: str | Path, state_tags: StateTags) -> EvalSet:
    """Read ``needs.json``, ``offers.json`` and ``grades.csv`` from a directory.

    Args:
        path: The directory.
        state_tags: Gives the lower-cased eligibility items of an ISO3 code (``StateRow.tags``).
    """
    root = Path(path)
    needs = tuple(need_from_record(r, state_tags) for r in read_records(root / "needs.json"))
    offers = tuple(offer_from_record(r) for r in read_records(root / "offers.json"))
    return EvalSet(needs, offers, load_grades(root / "grades.csv"))


def _dcg(grades: Sequence[int]) -> float:
    return float(sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades)))


def evaluate(
    needs: Sequence[NeedDoc], offers: Sequence[OfferDoc], grades: Grades, ranker: Ranker, k: int = 5
) -> Metrics:
    """Run ``ranker(needs, offers, k)`` and score its suggestions against ``grades``."""
    suggested: dict[str, list[str]] = {n.ref: [] for n in needs}
    for m in sorted(ranker(needs, offers, k), key=lambda m: (m.need, m.rank)):
        if m.need in suggested and len(suggested[m.need]) < k:
            suggested[m.need].append(m.offer)
    by_need: dict[str, list[int]] = {}
    for (need, _), g in grades.items():
        by_need.setdefault(need, []).append(g)

    ndcg, p1, recall, rr = [], [], [], []
    for n in needs:
        got = [grades.get((n.ref, o), 0) for o in suggested[n.ref]]
        ideal = sorted(by_need.get(n.ref, []), reverse=True)[:k]
        if _dcg(ideal) > 0:
            ndcg.append(_dcg(got) / _dcg(ideal))
        relevant = sum(1 for g in by_need.get(n.ref, []) if g >= 2)
        if relevant:
            p1.append(1.0 if got and got[0] >= 2 else 0.0)
            recall.append(sum(1 for g in got if g >= 2) / relevant)
            first = next((i for i, g in enumerate(got) if g >= 2), None)
            rr.append(0.0 if first is None else 1.0 / (first + 1))

    left = {n.ref for n in needs if not suggested[n.ref]}
    truly = {n.ref for n in needs if max(by_need.get(n.ref, [0])) < 1}
    return Metrics(
        ndcg_at_5=_mean(ndcg),
        p_at_1=_mean(p1),
        recall_at_5=_mean(recall),
        mrr=_mean(rr),
        unmet_precision=len(left & truly) / len(left) if left else None,
        unmet_recall=len(left & truly) / len(truly) if truly else None,
        needs=len(needs),
        needs_left_unmet=len(left),
        needs_truly_unmet=len(truly),
    )


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def matcher_ranker(**params: Any) -> Ranker:
    """A ranker that fits a ``Matcher(**params)`` on the offers, then ranks the needs."""

    def rank(needs: Sequence[NeedDoc], offers: Sequence[OfferDoc], top: int) -> list[Match]:
        return Matcher(**params).fit(offers).rank(needs, top=top)

    return rank


#: The first generation's rule: one score floor both decided whether a need could be served and
#: cut its list of offers.
ONE_FLOOR: dict[str, Any] = {"serve_score": 0.2, "min_score": 0.2}


def compare(eval_set: EvalSet, k: int = 5, **params: Any) -> dict[str, Metrics]:
    """Metrics of cbmatch (``Matcher(**params)``), of its first generation and of plain TF-IDF.

    ``cbmatch-one-floor`` is the same matcher with the single 0.2 floor it had before it decided
    per need (``ONE_FLOOR``), so the two columns show what that decision changes.
    """
    e = eval_set
    return {
        "cbmatch": evaluate(e.needs, e.offers, e.grades, matcher_ranker(**params), k),
        "cbmatch-one-floor": evaluate(
            e.needs, e.offers, e.grades, matcher_ranker(**{**params, **ONE_FLOOR}), k
        ),
        "baseline": evaluate(e.needs, e.offers, e.grades, baseline_rank, k),
    }
