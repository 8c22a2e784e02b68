"""The score of a (need, offer) pair, as ``Matcher`` computes it, and the cut-off it implies.

For a feasible pair the score is::

    gate = min(1, cos / text_gate)
    rel  = (w_text * cos + gate * (w_topic * topic_sim + w_support * support_sim)) / sum(w)
    score = rel * (1 - w_priority * (1 - priority)) * (1 - w_capacity * (1 - room))

where ``cos`` is the cosine of the two texts, ``topic_sim`` and ``support_sim`` are set cosines
(|A & B| / sqrt(|A| |B|)) of declared-or-inferred topics and support types, ``priority`` is 1, 0.5
or 0 for a high, medium or low need and ``room = 1 - 1 / (1 + remaining capacity)``. The gate keeps
shared labels from lifting a pair whose texts have nothing in common.

The functions here are that arithmetic only, on arrays; ``matcher.scoring`` holds the offers,
finds the candidate pairs and calls them with its own parameters (any object with the attributes
of ``Weights``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from matcher.types import NeedDoc, OfferDoc

#: ``priority`` in the formula, by need priority (an unknown one counts as medium).
PRIORITY = {"high": 1.0, "medium": 0.5, "low": 0.0}


class Weights(Protocol):
    """The parameters of the formula (a ``Matcher`` has them all)."""

    min_score: float
    text_weight: float
    topic_weight: float
    support_weight: float
    text_gate: float
    priority_weight: float
    capacity_weight: float


def need_factors(w: Weights, needs: Sequence[NeedDoc]) -> np.ndarray:
    """Each need's priority factor divided by the sum of the weights (float32)."""
    total = np.float32(w.text_weight + w.topic_weight + w.support_weight)
    factor = [1.0 - w.priority_weight * (1.0 - PRIORITY.get(n.priority, 0.5)) for n in needs]
    return np.array(factor, dtype=np.float32) / total


def offer_factors(w: Weights, offers: Sequence[OfferDoc]) -> np.ndarray:
    """Each offer's capacity factor, ``1 - w_capacity * (1 - room)`` (float32)."""
    remaining = np.array([max(o.capacity - o.used, 0) for o in offers], dtype=np.float32)
    room = 1.0 - 1.0 / (1.0 + remaining)
    return (1.0 - w.capacity_weight * (1.0 - room)).astype(np.float32)


def cos_threshold(
    w: Weights, factor: np.ndarray, label_max: np.ndarray, score: float | None = None
) -> np.ndarray:
    """Per need, a cosine below which no offer can reach ``score`` (``min_score`` by default).

    A pair's score is at most ``factor * (tw * c + min(1, c / gate) * label_max)``, the
    offer's capacity factor being at most 1; this bound grows with ``c`` and is inverted
    here, then lowered a little so that float32 rounding never drops a pair that passes.
    """
    tw, gate = w.text_weight, w.text_gate
    target = (w.min_score if score is None else score) / np.maximum(factor, 1e-12)
    slope = tw + label_max / gate  # the bound's slope below the gate
    below = np.divide(target, slope, out=np.full_like(target, np.inf), where=slope > 0)
    above = np.divide(target - label_max, tw, out=np.full_like(target, np.inf), where=tw > 0)
    above = np.where(target <= label_max, gate, above)  # reached at the gate
    thr = np.where(below <= gate, below, np.maximum(above, gate))
    thr = np.where(target <= 0, 0.0, thr)  # min_score 0: every feasible pair
    return (thr * (1.0 - 1e-4) - 1e-6).astype(np.float32)


def pair_scores(
    w: Weights,
    cos: np.ndarray,
    topic_sim: np.ndarray,
    support_sim: np.ndarray,
    need_factor: np.ndarray,
    offer_factor: np.ndarray,
) -> np.ndarray:
    """Scores of pairs from their cosines, set cosines and the two sides' factors (float32)."""
    score: np.ndarray = np.minimum(cos, np.float32(1.0))
    gate = score * np.float32(1.0 / w.text_gate)
    np.minimum(gate, np.float32(1.0), out=gate)
    labels = topic_sim * np.float32(w.topic_weight)
    labels += np.float32(w.support_weight) * support_sim
    gate *= labels
    score *= np.float32(w.text_weight)
    score += gate
    score *= need_factor  # need priority, divided by the sum of weights
    score *= offer_factor
    np.minimum(score, np.float32(1.0), out=score)
    return score
