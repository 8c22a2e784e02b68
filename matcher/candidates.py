"""Which pairs of a block of needs ``Matcher`` scores, and which needs it serves.

A block's cosines (offers x needs) are computed once. The pairs worth scoring first are the
feasible ones whose cosine may reach ``serve_score`` (``candidates``); only a servable need with
fewer than ``top`` such pairs looks further down, at the cosines that may reach the listing floor
(``low_candidates``), from the same arrays. ``servable`` then drops the needs whose best pair is
under ``serve_score`` (docs/MATCHER.md section 3).
"""

from __future__ import annotations

import numpy as np

from matcher.batch import NeedBatch
from matcher.eligibility import NeedRules, OfferRules

#: A block's cosines, rule mask and "may reach serve_score" mask (offers x needs).
Block = tuple[np.ndarray, np.ndarray, np.ndarray]
Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]


def candidates(
    rules: OfferRules, nb: NeedBatch, cos: np.ndarray, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Block]:
    """Feasible pairs of needs ``lo:hi`` that may reach ``serve_score``, and the block's arrays.

    ``cos`` is the block's cosines, offers x needs. Returns batch rows, offer slots and cosines
    of the pairs whose cosine reaches their need's ``serve_threshold``, then the arrays
    ``low_candidates`` takes the rest from. Everything is laid out offers x needs, so that the
    per-class rule mask is gathered by copying whole rows.
    """
    nr = nb.rules.rows(slice(lo, hi))
    allowed = rules.offer_mask(rules.class_mask(nr))
    high = cos >= nb.serve_threshold[None, lo:hi]
    flat = np.flatnonzero(high & allowed)  # much faster than a 2-D nonzero
    cols, rows = np.divmod(flat, hi - lo)
    ok = rules.window_mask(nr, rows, cols)
    return rows[ok] + lo, cols[ok], cos.ravel()[flat[ok]], (cos, allowed, high)


def low_candidates(
    rules: OfferRules, nb: NeedBatch, lo: int, hi: int, kept: Block, which: np.ndarray
) -> Pairs:
    """The feasible pairs of batch rows ``which`` under the serve threshold but above the floor.

    ``kept`` is the block's arrays as ``candidates`` returned them for ``lo:hi``.
    """
    cos, allowed, high = kept
    local = which - lo
    sub = cos[:, local]
    hit = (sub >= nb.threshold[None, which]) & allowed[:, local] & ~high[:, local]
    nr: NeedRules = nb.rules.rows(slice(lo, hi))
    flat = np.flatnonzero(hit)
    cols, idx = np.divmod(flat, len(local))
    rows = local[idx]
    ok = rules.window_mask(nr, rows, cols)
    return rows[ok] + lo, cols[ok], sub.ravel()[flat[ok]]


def servable(rows: np.ndarray, cols: np.ndarray, score: np.ndarray, serve: float) -> Pairs:
    """The pairs of needs judged servable: those whose best pair reaches ``serve``.

    ``rows`` are sorted by need, best first (as ``top_k`` gives them), so a need's best pair is
    its first.
    """
    if not len(rows):
        return rows, cols, score
    first = np.searchsorted(rows, rows, side="left")
    ok = score[first] >= np.float32(serve)
    return rows[ok], cols[ok], score[ok]
