"""The need side of a ranking, prepared once by a fitted ``Matcher`` (``Matcher.prepare``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matcher.eligibility import NeedRules
from matcher.types import NeedDoc


@dataclass(frozen=True)
class NeedBatch:
    """Need-side arrays for one call to ``rank``, or for many to ``rank_offer`` (``prepare``)."""

    needs: Sequence[NeedDoc]
    matrix: sparse.csr_matrix
    dense_part: sparse.csr_matrix
    sparse_part: sparse.csr_matrix
    topics: list[frozenset[str]]
    support: list[frozenset[str]]
    topic_bits: tuple[np.ndarray, np.ndarray]
    support_bits: tuple[np.ndarray, np.ndarray]
    rules: NeedRules
    factor: np.ndarray
    threshold: np.ndarray  # per need, the cosine a pair needs to reach min_score
    serve_threshold: np.ndarray  # ... and to reach serve_score
