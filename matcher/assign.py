"""One allocation of needs to offers: the largest total score within each offer's capacity.

Each open need gets at most one offer; each offer takes at most ``capacity - used`` needs. The
problem is an assignment problem over capacity slots: offer *j* becomes ``min(remaining_j,
candidates_j)`` identical slot columns and every need also gets a private "stay unassigned" column,
so that a full matching always exists. Edge weights are ``1 + score`` for a real slot and ``1`` for
the private column, so a maximum-weight full matching maximises the total score. It is solved
exactly by scipy's sparse LAPJV (``min_weight_full_bipartite_matching``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from matcher.eligibility import offer_available
from matcher.types import Assignment, Match, NeedDoc, OfferDoc

ScoredPair = Match | tuple[str, str, float]


def _pairs(
    scored_pairs: Iterable[ScoredPair], needs: dict[str, int], remaining: dict[str, int]
) -> dict[tuple[str, str], float]:
    """Best score per (need, offer) among usable pairs with a positive score."""
    best: dict[tuple[str, str], float] = {}
    for p in scored_pairs:
        need, offer, score = (p.need, p.offer, p.score) if isinstance(p, Match) else p
        score = float(score)
        if need in needs and remaining.get(offer, 0) >= 1 and score > 0 and np.isfinite(score):
            key = (need, offer)
            best[key] = max(score, best.get(key, score))
    return best


def assign(
    needs: Sequence[NeedDoc], offers: Sequence[OfferDoc], scored_pairs: Iterable[ScoredPair]
) -> Assignment:
    """Allocate at most one offer per open need, maximising the total score within capacity.

    Args:
        needs: The needs to allocate; closed needs are ignored.
        offers: The offers; closed offers and offers with no capacity left take nothing.
        scored_pairs: Candidate pairs, as ``Match`` objects or ``(need, offer, score)`` tuples.
            Pairs with an unknown ref or a score <= 0 are ignored.

    Returns:
        The chosen (need, offer, score) triples in the order of ``needs``, and the refs of the
        open needs left without an offer.
    """
    open_needs = [n.ref for n in needs if n.is_open]
    need_pos = {ref: i for i, ref in enumerate(open_needs)}
    remaining = {o.ref: o.capacity - o.used for o in offers if offer_available(o)}
    best = _pairs(scored_pairs, need_pos, remaining)
    if not best:
        return Assignment((), tuple(open_needs))

    rows = sorted({n for n, _ in best}, key=need_pos.__getitem__)
    row_of = {ref: r for r, ref in enumerate(rows)}
    candidates: dict[str, list[tuple[int, float]]] = {}
    for (n, o), s in best.items():
        candidates.setdefault(o, []).append((row_of[n], s))

    r_idx: list[int] = []
    c_idx: list[int] = []
    weight: list[float] = []
    slot_offer: list[str] = []
    for offer_ref in sorted(candidates):
        edges = candidates[offer_ref]
        for _ in range(min(remaining[offer_ref], len(edges))):
            col = len(slot_offer)
            slot_offer.append(offer_ref)
            for r, s in edges:
                r_idx.append(r)
                c_idx.append(col)
                weight.append(1.0 + s)
    n_slots = len(slot_offer)
    for r in range(len(rows)):
        r_idx.append(r)
        c_idx.append(n_slots + r)
        weight.append(1.0)
    graph = sparse.csr_matrix(
        (np.array(weight), (np.array(r_idx), np.array(c_idx))),
        shape=(len(rows), n_slots + len(rows)),
    )
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching  # slow import

    row_ind, col_ind = min_weight_full_bipartite_matching(graph, maximize=True)

    chosen: dict[str, tuple[str, str, float]] = {}
    for r, c in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
        if c < n_slots:
            need_ref, offer_ref = rows[r], slot_offer[c]
            chosen[need_ref] = (need_ref, offer_ref, best[(need_ref, offer_ref)])
    return Assignment(
        assignments=tuple(chosen[ref] for ref in open_needs if ref in chosen),
        unassigned=tuple(ref for ref in open_needs if ref not in chosen),
    )
