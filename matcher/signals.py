"""The parts of a pair's score (text cosine, topic and support-type overlap), for the re-ranker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from matcher.pairs import SetCosine
from matcher.types import NeedDoc

if TYPE_CHECKING:
    from matcher.scoring import Matcher


def pair_signals(
    matcher: Matcher, needs: Sequence[NeedDoc], pairs: Sequence[tuple[int, str]]
) -> dict[str, np.ndarray]:
    """The score and its parts for pairs (index into ``needs``, offer ref) of a fitted matcher.

    Returns ``score``, ``cos``, ``topic_sim`` and ``support_sim`` (float32 arrays), as ``rank``
    computes them. The hard rules are not checked: the caller gives pairs it already knows are
    feasible. Raises KeyError for an offer the matcher does not hold.
    """
    nb = matcher.prepare(needs)
    rows = np.array([i for i, _ in pairs], dtype=np.intp)
    cols = np.array([matcher.slot_of_[ref] for _, ref in pairs], dtype=np.intp)
    if not len(rows):
        empty = np.zeros(0, dtype=np.float32)
        return {"score": empty, "cos": empty, "topic_sim": empty, "support_sim": empty}
    prod = nb.matrix[rows].multiply(matcher.offer_vectors_.rows[cols])
    cos = np.asarray(prod.sum(axis=1), dtype=np.float32).ravel()
    return {
        "score": matcher.scores_of(nb, rows, cols, cos),
        "cos": cos,
        "topic_sim": SetCosine.pairs(nb.topic_bits, matcher.offer_topic_bits_, rows, cols),
        "support_sim": SetCosine.pairs(nb.support_bits, matcher.offer_support_bits_, rows, cols),
    }
