"""Rank offers for needs: lexicon-normalised TF-IDF plus structured signals, under hard rules.

For a feasible pair the score is::

    gate = min(1, cos / text_gate)
    rel  = (w_text * cos + gate * (w_topic * topic_sim + w_support * support_sim)) / sum(w)
    score = rel * (1 - w_priority * (1 - priority)) * (1 - w_capacity * (1 - room))

where ``cos`` is the cosine of the two texts, ``topic_sim`` and ``support_sim`` are set cosines
(|A & B| / sqrt(|A| |B|)) of declared-or-inferred topics and support types, ``priority`` is 1, 0.5
or 0 for a high, medium or low need and ``room = 1 - 1 / (1 + remaining capacity)``. The gate keeps
shared labels from lifting a pair whose texts have nothing in common. Infeasible pairs are never
suggested; pairs under ``min_score`` are not either, so a need with nothing relevant gets nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.eligibility import NeedRules, OfferRules
from matcher.reasons import ReasonWriter
from matcher.text import Analyzer, Lexicon
from matcher.types import Labels, Match, NeedDoc, OfferDoc
from matcher.vectors import TextModel

log = logging.getLogger(__name__)

_PRIORITY = {"high": 1.0, "medium": 0.5, "low": 0.0}


class Matcher:
    """Suggest, for each need, its best feasible offers (scikit-learn style: ``fit`` then ``rank``).

    Args:
        min_score: Pairs scoring below this are not suggested.
        text_weight: Weight of the text cosine.
        topic_weight: Weight of shared topics (declared or inferred from the text).
        support_weight: Weight of shared support types (declared or inferred).
        text_gate: Cosine at which topic and support signals count in full.
        concept_weight: Multiplier of lexicon concept tokens in the text vectors.
        title_weight: How many times the title's tokens are counted.
        priority_weight: Share of the score a low-priority need gives up against a high one.
        capacity_weight: Share of the score an offer with one place left gives up, at most.
        key_terms: How many shared terms the reasons name.
        batch_size: Needs scored per sparse product.
        labels: How reasons name topics, support types, languages and places.
        lexicon: The vocabulary; the built-in EN/FR/ES lexicon when None.
    """

    def __init__(
        self,
        *,
        min_score: float = 0.2,
        text_weight: float = 0.6,
        topic_weight: float = 0.25,
        support_weight: float = 0.15,
        text_gate: float = 0.35,
        concept_weight: float = 2.0,
        title_weight: int = 2,
        priority_weight: float = 0.1,
        capacity_weight: float = 0.05,
        key_terms: int = 3,
        batch_size: int = 512,
        labels: Labels | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        """Store the parameters as given; they are checked in ``fit``."""
        self.min_score = min_score
        self.text_weight = text_weight
        self.topic_weight = topic_weight
        self.support_weight = support_weight
        self.text_gate = text_gate
        self.concept_weight = concept_weight
        self.title_weight = title_weight
        self.priority_weight = priority_weight
        self.capacity_weight = capacity_weight
        self.key_terms = key_terms
        self.batch_size = batch_size
        self.labels = labels
        self.lexicon = lexicon

    # ------------------------------------------------------------------ fitting
    def _check_params(self) -> None:
        weights = (self.text_weight, self.topic_weight, self.support_weight)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ValueError("weights must be >= 0 and not all zero")
        if not 0.0 <= self.min_score <= 1.0:
            raise ValueError("min_score must be within [0, 1]")
        if not (0.0 <= self.priority_weight <= 1.0 and 0.0 <= self.capacity_weight <= 1.0):
            raise ValueError("priority_weight and capacity_weight must be within [0, 1]")
        if self.text_gate <= 0 or self.concept_weight <= 0 or self.title_weight < 1:
            raise ValueError("text_gate and concept_weight must be > 0, title_weight >= 1")
        if self.batch_size < 1 or self.key_terms < 0:
            raise ValueError("batch_size must be >= 1 and key_terms >= 0")

    def fit(self, offers: Iterable[OfferDoc]) -> Matcher:
        """Learn the vocabulary, the offer matrix and the offer-side rule arrays; returns self."""
        self._check_params()
        self.offers_: tuple[OfferDoc, ...] = tuple(offers)
        self.labels_ = self.labels or Labels()
        self.text_ = TextModel(
            Analyzer(self.lexicon),
            concept_weight=self.concept_weight,
            title_weight=self.title_weight,
        )
        docs = [self.text_.tokens(o.title, o.description) for o in self.offers_]
        self.text_.fit(docs)
        self.offer_matrix_ = self.text_.transform(docs, count_unknown=False)
        self.offer_matrix_t_ = sparse.csr_matrix(self.offer_matrix_.T)
        lexicon = self.text_.analyzer.lexicon
        self.offer_topics_, self.offer_support_ = _effective(self.offers_, docs, lexicon)
        self.topic_index_ = _index(self.offer_topics_)
        self.support_index_ = _index(self.offer_support_)
        self.offer_label_matrix_t_ = np.ascontiguousarray(
            np.hstack(
                [
                    _unit_incidence(self.offer_topics_, self.topic_index_),
                    _unit_incidence(self.offer_support_, self.support_index_),
                ]
            ).T
        )
        self.rules_ = OfferRules(self.offers_)
        self.reasons_ = ReasonWriter(self.offers_, self.labels_)
        remaining = np.array([max(o.capacity - o.used, 0) for o in self.offers_], dtype=np.float32)
        room = 1.0 - 1.0 / (1.0 + remaining)
        self.offer_factor_ = 1.0 - self.capacity_weight * (1.0 - room)
        log.debug(
            "matcher fitted on %d offers, %d terms", len(self.offers_), len(self.text_.terms_)
        )
        return self

    # ------------------------------------------------------------------ scoring
    def _prepare(self, needs: Sequence[NeedDoc]) -> _NeedBatch:
        if not hasattr(self, "offers_"):
            raise RuntimeError("Matcher is not fitted: call fit(offers) first")
        docs = [self.text_.tokens(n.title, n.description) for n in needs]
        topics, support = _effective(needs, docs, self.text_.analyzer.lexicon)
        return _NeedBatch(
            needs=needs,
            matrix=self.text_.transform(docs),
            topics=topics,
            support=support,
            label_matrix=np.hstack(
                [
                    self.topic_weight * _unit_incidence(topics, self.topic_index_),
                    self.support_weight * _unit_incidence(support, self.support_index_),
                ]
            ),
            rules=self.rules_.encode(needs),
            factor=np.array(
                [
                    1.0 - self.priority_weight * (1.0 - _PRIORITY.get(n.priority, 0.5))
                    for n in needs
                ],
                dtype=np.float32,
            )
            / np.float32(self.text_weight + self.topic_weight + self.support_weight),
        )

    def _scores(self, nb: _NeedBatch, sl: slice) -> tuple[np.ndarray, np.ndarray]:
        """Scores (rows of ``sl`` x offers) and the feasibility mask for the same block."""
        score = (nb.matrix[sl] @ self.offer_matrix_t_).toarray()  # cosine, float32, >= 0
        np.minimum(score, np.float32(1.0), out=score)
        gate = score * np.float32(1.0 / self.text_gate)
        np.minimum(gate, np.float32(1.0), out=gate)
        gate *= nb.label_matrix[sl] @ self.offer_label_matrix_t_
        score *= np.float32(self.text_weight)
        score += gate
        score *= nb.factor[sl, None]  # need priority, divided by the sum of weights
        score *= self.offer_factor_
        np.minimum(score, np.float32(1.0), out=score)
        return score, self.rules_.mask(nb.rules.rows(sl))

    def score_pairs(self, needs: Sequence[NeedDoc]) -> np.ndarray:
        """Every (need, offer) score as an array; NaN where a hard rule forbids the pair."""
        nb = self._prepare(list(needs))
        score, ok = self._scores(nb, slice(0, len(nb.needs)))
        return np.where(ok, score, np.float32(np.nan))

    def rank(self, needs: Iterable[NeedDoc], top: int = 5) -> list[Match]:
        """For each open need, its best feasible offers scoring at least ``min_score``.

        Args:
            needs: The needs to match; closed needs get no suggestion.
            top: At most this many offers per need.

        Returns:
            Matches grouped by need (in the order given), best first, ranks from 1.
        """
        needs = [n for n in needs if n.is_open]
        n_offers = len(self.offers_) if hasattr(self, "offers_") else 0
        if not needs or top <= 0 or n_offers == 0:
            return []
        nb = self._prepare(needs)
        k = min(top, n_offers)
        floor = max(float(np.float32(self.min_score)), 0.0)
        out: list[Match] = []
        for start in range(0, len(needs), self.batch_size):
            sl = slice(start, min(start + self.batch_size, len(needs)))
            score, ok = self._scores(nb, sl)
            cost = np.negative(score, out=score)  # selection is faster on the smallest values
            np.copyto(cost, np.float32(1.0), where=np.logical_not(ok, out=ok))
            rows, cols, vals = _top_k(cost, k, floor)
            need_rows = np.asarray(rows, dtype=np.intp) + start
            terms = self.text_.shared_terms(
                nb.matrix,
                need_rows,
                self.offer_matrix_,
                np.asarray(cols, dtype=np.intp),
                self.key_terms,
            )
            for i, j, v, rank, t in zip(
                need_rows.tolist(), cols, vals, _ranks(rows), terms, strict=True
            ):
                out.append(self._match(nb, i, j, rank, v, t))
        return out

    def rank_need(self, need: NeedDoc, top: int = 5) -> list[Match]:
        """The suggestions for one need."""
        return self.rank([need], top=top)

    def _match(
        self, nb: _NeedBatch, i: int, j: int, rank: int, score: float, terms: list[str]
    ) -> Match:
        need = nb.needs[i]
        reasons = self.reasons_.write(
            need,
            j,
            shared_topics=nb.topics[i] & self.offer_topics_[j],
            shared_support=nb.support[i] & self.offer_support_[j],
            terms=terms,
        )
        return Match(need.ref, self.offers_[j].ref, rank, round(score, 4), reasons)


@dataclass(frozen=True)
class _NeedBatch:
    """Need-side arrays for one call to ``rank``."""

    needs: Sequence[NeedDoc]
    matrix: sparse.csr_matrix
    topics: list[frozenset[str]]
    support: list[frozenset[str]]
    label_matrix: np.ndarray
    rules: NeedRules
    factor: np.ndarray


_DENSE_CANDIDATES = 64  # above this many candidates per need, select by partition instead


def _top_k(cost: np.ndarray, k: int, floor: float) -> tuple[list[int], list[int], list[float]]:
    """Row, column and score of each row's ``k`` best scores >= ``floor``, best first.

    ``cost`` holds negated scores (and +1 where a pair is infeasible). Ties are broken by column.
    Usually few entries pass ``floor``: they are found with one comparison and sorted. When many
    pass, each row is first cut to its ``k`` smallest costs by ``argpartition``.
    """
    n_rows, n_cols = cost.shape
    limit = np.float32(-floor)
    passing = cost <= limit
    if np.count_nonzero(passing) > _DENSE_CANDIDATES * max(k, 1) * n_rows and k < n_cols:
        part = np.argpartition(cost, k - 1, axis=1)[:, :k]
        rows = np.repeat(np.arange(n_rows), k)
        cols = part.ravel()
        keep = cost[rows, cols] <= limit
        rows, cols = rows[keep], cols[keep]
    else:
        rows, cols = np.nonzero(passing)
    costs = cost[rows, cols]
    order = np.lexsort((cols, costs, rows))
    rows, cols, costs = rows[order], cols[order], costs[order]
    first = np.searchsorted(rows, rows, side="left")
    keep = np.arange(len(rows)) - first < k
    return rows[keep].tolist(), cols[keep].tolist(), (-costs[keep]).tolist()


def _ranks(rows: list[int]) -> list[int]:
    """1-based position of each entry within its run of equal row numbers."""
    out, prev, n = [], None, 0
    for r in rows:
        n = n + 1 if r == prev else 1
        prev = r
        out.append(n)
    return out


def _effective(
    docs: Sequence[NeedDoc | OfferDoc], tokens: Sequence[list[str]], lexicon: Lexicon
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Declared topics and support types, each joined with those the text gives evidence of."""
    topics, support = [], []
    for d, toks in zip(docs, tokens, strict=True):
        t, s = lexicon.tags(toks)
        topics.append(frozenset(d.topics) | t)
        support.append(frozenset(d.support_types) | s)
    return topics, support


def _index(sets: Iterable[frozenset[str]]) -> dict[str, int]:
    return {x: i for i, x in enumerate(sorted(set().union(*sets)))}


def _unit_incidence(sets: Sequence[frozenset[str]], index: dict[str, int]) -> np.ndarray:
    """Rows over ``index`` holding 1 / sqrt(|set|) for each member.

    The product of two such rows is the set cosine |A & B| / sqrt(|A| |B|); members missing from
    ``index`` still count in |set|.
    """
    out = np.zeros((len(sets), len(index)), dtype=np.float32)
    for row, s in enumerate(sets):
        if s:
            out[row, [index[x] for x in s if x in index]] = 1.0 / np.sqrt(len(s))
    return out


def baseline_rank(
    needs: Iterable[NeedDoc], offers: Iterable[OfferDoc], top: int = 5
) -> list[Match]:
    """Plain TF-IDF cosine on title and description: no lexicon, no rules, no threshold."""
    needs, offers = list(needs), list(offers)
    if not needs or not offers or top <= 0:
        return []
    vec = TfidfVectorizer()
    try:
        xo = vec.fit_transform([f"{o.title}\n{o.description}" for o in offers])
    except ValueError:  # empty vocabulary
        return []
    xn = vec.transform([f"{n.title}\n{n.description}" for n in needs])
    sim = np.clip((xn @ xo.T).toarray(), 0.0, 1.0)
    k = min(top, len(offers))
    order = np.lexsort((np.broadcast_to(np.arange(len(offers)), sim.shape), -sim), axis=1)[:, :k]
    return [
        Match(n.ref, offers[j].ref, r + 1, round(float(sim[i, j]), 4), ("Text similarity",))
        for i, n in enumerate(needs)
        for r, j in enumerate(order[i])
    ]
