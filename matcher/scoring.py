"""Rank offers for needs: lexicon-normalised TF-IDF plus structured signals, under hard rules.

The score of a feasible pair (text cosine, shared topics and support types, need priority, offer
capacity) is written out in ``matcher.formula``. Infeasible pairs are never suggested. Whether a
need can be served at all is decided first, from its best pair (``serve_score``); only then are its
offers listed, down to the lower ``min_score``. A need with nothing relevant gets nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from matcher.batch import NeedBatch
from matcher.candidates import candidates, low_candidates, servable
from matcher.eligibility import OfferRules
from matcher.formula import cos_threshold, need_factors, offer_factors, pair_scores
from matcher.pairs import SetCosine, effective_labels, stack_bits, top_k
from matcher.reasons import English
from matcher.text import Analyzer, Lexicon
from matcher.thresholds import MIN_SCORE, SERVE_SCORE
from matcher.types import Labels, Match, NeedDoc, OfferDoc, Worded
from matcher.vectors import OfferVectors, TextModel, Vectors
from matcher.writer import ReasonWriter

log = logging.getLogger(__name__)


class Matcher:
    """Suggest, for each need, its best feasible offers (scikit-learn style: ``fit`` then ``rank``).

    After ``fit``, ``update`` adds, replaces and removes offers without learning the vocabulary
    again, so a long-lived matcher can follow a catalogue that changes a little at a time.

    Args:
        serve_score: A need is judged servable when its best feasible pair scores at least
            this; a need judged unservable gets no suggestion at all.
        min_score: The listing floor: a servable need's offers are listed down to this score.
        text_weight: Weight of the text cosine.
        topic_weight: Weight of shared topics (declared or inferred from the text).
        support_weight: Weight of shared support types (declared or inferred).
        text_gate: Cosine at which topic and support signals count in full.
        concept_weight: Multiplier of lexicon concept tokens in the text vectors.
        title_weight: How many times the title's tokens are counted.
        priority_weight: Share of the score a low-priority need gives up against a high one.
        capacity_weight: Share of the score an offer with one place left gives up, at most.
        key_terms: How many shared terms the reasons name.
        batch_size: Needs scored together, at most.
        block_cells: Need-offer cells scored together, at most (fewer needs per block when
            offers are many), which bounds the memory a ranking takes.
        labels: How reasons name topics, support types, languages and places.
        lexicon: The vocabulary; the built-in EN/FR/ES lexicon when None.
    """

    def __init__(
        self,
        *,
        serve_score: float = SERVE_SCORE,
        min_score: float = MIN_SCORE,
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
        block_cells: int = 1 << 23,
        labels: Labels | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        """Store the parameters as given; they are checked in ``fit``."""
        self.serve_score = serve_score
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
        self.block_cells = block_cells
        self.labels = labels
        self.lexicon = lexicon

    # ------------------------------------------------------------------ fitting
    def _check_params(self) -> None:
        weights = (self.text_weight, self.topic_weight, self.support_weight)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ValueError("weights must be >= 0 and not all zero")
        for name in ("serve_score", "min_score"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be within [0, 1]")
        if not (0.0 <= self.priority_weight <= 1.0 and 0.0 <= self.capacity_weight <= 1.0):
            raise ValueError("priority_weight and capacity_weight must be within [0, 1]")
        if self.text_gate <= 0 or self.concept_weight <= 0 or self.title_weight < 1:
            raise ValueError("text_gate and concept_weight must be > 0, title_weight >= 1")
        if self.batch_size < 1 or self.block_cells < 1 or self.key_terms < 0:
            raise ValueError("batch_size and block_cells must be >= 1 and key_terms >= 0")

    def fit(self, offers: Iterable[OfferDoc]) -> Matcher:
        """Learn the vocabulary, the offer matrix and the offer-side rule arrays; returns self."""
        self._check_params()
        offers = list(offers)
        self.labels_ = self.labels or Labels()
        self.text_ = TextModel(
            Analyzer(self.lexicon),
            concept_weight=self.concept_weight,
            title_weight=self.title_weight,
        )
        docs = [self.text_.tokens(o.title, o.description) for o in offers]
        self.text_.fit(docs)
        self.slots_: list[OfferDoc] = []
        self.live_ = np.zeros(0, dtype=bool)
        self.slot_of_: dict[str, int] = {}
        vec = self.text_.vectors(docs, count_unknown=False)
        self.offer_vectors_ = OfferVectors(vec.matrix)
        self.offer_topics_: list[frozenset[str]] = []
        self.offer_support_: list[frozenset[str]] = []
        self.topic_sets_, self.support_sets_ = SetCosine(), SetCosine()
        self.offer_topic_bits_ = self.topic_sets_.encode([], grow=False)
        self.offer_support_bits_ = self.support_sets_.encode([], grow=False)
        self.offer_factor_ = np.zeros(0, dtype=np.float32)
        self.rules_ = OfferRules()
        self.reasons_ = ReasonWriter(())
        self._english: English | None = None
        self.fitted_offers_ = len(offers)
        self.fitted_tokens_ = sum(len(d) for d in docs)
        self.changes_since_fit_ = 0
        self.unknown_tokens_ = 0
        self._append(offers, docs, vec)
        log.debug("matcher fitted on %d offers, %d terms", len(offers), len(self.text_.terms_))
        return self

    def update(self, offers: Iterable[OfferDoc] = (), remove: Iterable[str] = ()) -> Matcher:
        """Add or replace offers (by ref) and remove others, keeping the vocabulary and IDF.

        An offer whose ref is known replaces the old one. Removing an unknown ref does nothing.
        Words of new offers that the vocabulary does not know are ignored, and counted in
        ``unknown_tokens_``; ``changes_since_fit_`` counts the offers added, replaced or removed.
        Callers decide from these when a fresh ``fit`` is worth its cost.
        """
        if not hasattr(self, "slots_"):
            raise RuntimeError("Matcher is not fitted: call fit(offers) first")
        offers = list({o.ref: o for o in offers}.values())
        gone = [self.slot_of_.pop(r) for r in set(remove) if r in self.slot_of_]
        removed = len(gone)
        gone += [self.slot_of_.pop(o.ref) for o in offers if o.ref in self.slot_of_]
        if gone:
            self.live_[gone] = False
            self.rules_.disable(gone)
        docs = [self.text_.tokens(o.title, o.description) for o in offers]
        self.unknown_tokens_ += self._append(offers, docs)
        self.changes_since_fit_ += len(offers) + removed
        return self

    def _append(
        self, offers: Sequence[OfferDoc], docs: Sequence[list[str]], vec: Vectors | None = None
    ) -> int:
        """Put offers in new slots; returns how many of their tokens the vocabulary misses."""
        if not offers:
            return 0
        first = len(self.slots_)
        vec = vec or self.text_.vectors(docs, count_unknown=False)
        self.offer_vectors_.append(vec.matrix)
        topics, support = effective_labels(offers, docs, self.text_.analyzer.lexicon)
        self.offer_topics_ += topics
        self.offer_support_ += support
        self.offer_topic_bits_ = stack_bits(
            self.offer_topic_bits_, self.topic_sets_.encode(topics, grow=True)
        )
        self.offer_support_bits_ = stack_bits(
            self.offer_support_bits_, self.support_sets_.encode(support, grow=True)
        )
        self.offer_factor_ = np.concatenate([self.offer_factor_, offer_factors(self, offers)])
        self.rules_.append(offers)
        self.reasons_.append(offers, topics, support)
        self.slots_ += offers
        self.live_ = np.concatenate([self.live_, np.ones(len(offers), dtype=bool)])
        for n, o in enumerate(offers):
            self.slot_of_[o.ref] = first + n
        return int(vec.unknown.sum())

    @property
    def offers_(self) -> tuple[OfferDoc, ...]:
        """The offers the matcher ranks, in slot order (the columns of ``score_pairs``)."""
        return tuple(o for o, live in zip(self.slots_, self.live_, strict=True) if live)

    # ------------------------------------------------------------------ scoring
    def _prepare(self, needs: Sequence[NeedDoc]) -> NeedBatch:
        if not hasattr(self, "slots_"):
            raise RuntimeError("Matcher is not fitted: call fit(offers) first")
        docs = [self.text_.tokens(n.title, n.description) for n in needs]
        topics, support = effective_labels(needs, docs, self.text_.analyzer.lexicon)
        factor = need_factors(self, needs)
        label_max = np.array(
            [
                self.topic_weight * bool(t) + self.support_weight * bool(s)
                for t, s in zip(topics, support, strict=True)
            ],
            dtype=np.float64,
        )
        matrix = self.text_.transform(docs)
        dense_part, sparse_part = self.offer_vectors_.split(matrix)
        return NeedBatch(
            needs=needs,
            matrix=matrix,
            dense_part=dense_part,
            sparse_part=sparse_part,
            topics=topics,
            support=support,
            topic_bits=self.topic_sets_.encode(topics, grow=False),
            support_bits=self.support_sets_.encode(support, grow=False),
            rules=self.rules_.encode(needs),
            factor=factor,
            threshold=cos_threshold(self, factor.astype(np.float64), label_max),
            serve_threshold=cos_threshold(
                self, factor.astype(np.float64), label_max, max(self.serve_score, self.min_score)
            ),
        )

    def scores_of(
        self, nb: NeedBatch, rows: np.ndarray, cols: np.ndarray, cos: np.ndarray
    ) -> np.ndarray:
        """Scores of the pairs (need ``rows[p]`` of the batch, offer slot ``cols[p]``)."""
        topic_sim = SetCosine.pairs(nb.topic_bits, self.offer_topic_bits_, rows, cols)
        support_sim = SetCosine.pairs(nb.support_bits, self.offer_support_bits_, rows, cols)
        return pair_scores(
            self, cos, topic_sim, support_sim, nb.factor[rows], self.offer_factor_[cols]
        )

    def _block_rows(self) -> int:
        return max(1, min(self.batch_size, self.block_cells // max(len(self.slots_), 1)))

    def _cosines(self, nb: NeedBatch, lo: int, hi: int) -> np.ndarray:
        """Cosines of every offer slot with needs ``lo:hi`` (offers x needs, float32)."""
        return self.offer_vectors_.cosines(nb.dense_part[lo:hi], nb.sparse_part[lo:hi])

    def score_pairs(self, needs: Sequence[NeedDoc]) -> np.ndarray:
        """Every (need, offer) score as an array; NaN where a hard rule forbids the pair.

        Columns follow ``offers_``.
        """
        nb = self._prepare(list(needs))
        n, m = len(nb.needs), len(self.slots_)
        rows, cols = (a.ravel() for a in np.indices((n, m)))
        cos = self._cosines(nb, 0, n).T.ravel()
        score = self.scores_of(nb, rows, cols, cos).reshape(n, m)
        ok = self.rules_.mask(nb.rules)
        return np.where(ok, score, np.float32(np.nan))[:, self.live_]

    def rank(self, needs: Iterable[NeedDoc], top: int = 5) -> list[Match]:
        """For each open need judged servable, its best feasible offers down to ``min_score``.

        A need is judged servable when its best feasible pair scores at least ``serve_score``;
        the others get nothing.

        Args:
            needs: The needs to match; closed needs get no suggestion.
            top: At most this many offers per need.

        Returns:
            Matches grouped by need (in the order given), best first, ranks from 1.
        """
        return [m for block in self.iter_rank(needs, top) for m in block]

    def iter_rank(self, needs: Iterable[NeedDoc], top: int = 5) -> Iterator[list[Match]]:
        """``rank``, one block of needs at a time, so that a caller can write as it goes."""
        for nb, rows, cols, score in self._blocks(needs, top):
            yield self._matches(nb, rows, cols, score)

    def iter_rank_english(self, needs: Iterable[NeedDoc], top: int = 5) -> Iterator[list[Worded]]:
        """``iter_rank`` with the reasons in English, as ``cbmatch match`` prints them.

        Each distinct reason is worded once, before it is gathered to its pairs: as fast as
        ``iter_rank``.
        """
        for nb, rows, cols, score in self._blocks(needs, top):
            if self._english is None:  # made at the first use after each fit
                self._english = English(self.labels_)
            need_refs, offer_refs, ranks, scores, reasons = self._pairs(
                nb, rows, cols, score, self._english
            )
            yield [
                Worded(n, o, rank, s, tuple(filter(None, r)))
                for n, o, rank, s, r in zip(
                    need_refs, offer_refs, ranks, scores, reasons, strict=True
                )
            ]

    def _blocks(
        self, needs: Iterable[NeedDoc], top: int
    ) -> Iterator[tuple[NeedBatch, np.ndarray, np.ndarray, np.ndarray]]:
        """The selected pairs (rows, offer slots, scores) of ``iter_rank``, block by block."""
        needs = [n for n in needs if n.is_open]
        n_offers = int(self.live_.sum()) if hasattr(self, "live_") else 0
        if not needs or top <= 0 or n_offers == 0:
            return
        nb = self._prepare(needs)
        k = min(top, n_offers)
        floor = np.float32(max(self.min_score, 0.0))
        serve = np.float32(max(self.serve_score, self.min_score))
        step = self._block_rows()
        for lo in range(0, len(needs), step):
            hi = min(lo + step, len(needs))
            rows, cols, cos, kept = candidates(self.rules_, nb, self._cosines(nb, lo, hi), lo, hi)
            score = self.scores_of(nb, rows, cols, cos)
            strong = np.bincount(rows[score >= serve] - lo, minlength=hi - lo)
            short = np.flatnonzero((strong > 0) & (strong < k)) + lo  # servable, list not full
            if len(short) and floor < serve:
                r2, c2, cos2 = low_candidates(self.rules_, nb, lo, hi, kept, short)
                rows, cols = np.concatenate([rows, r2]), np.concatenate([cols, c2])
                score = np.concatenate([score, self.scores_of(nb, r2, c2, cos2)])
            del kept
            keep = score >= floor
            rows, cols, score = top_k(rows[keep], cols[keep], score[keep], k)
            rows, cols, score = servable(rows, cols, score, self.serve_score)
            if len(rows):
                yield nb, rows, cols, score

    def rank_need(self, need: NeedDoc, top: int = 5) -> list[Match]:
        """The suggestions for one need."""
        return self.rank([need], top=top)

    def prepare(self, needs: Sequence[NeedDoc]) -> NeedBatch:
        """The need side of ``rank_offer``, computed once for many offers.

        Valid until the matcher is fitted or updated again (new offers bring new items).
        """
        return self._prepare(list(needs))

    def rank_offer(
        self, batch: NeedBatch, offer_ref: str, top: int = 5, allowed: np.ndarray | None = None
    ) -> list[Match]:
        """The needs of ``batch`` this offer fits best, best first, ranked from 1.

        Scores are those ``rank`` gives the same pairs. Only pairs reaching ``serve_score`` are
        returned: enough on their own to show the need servable (whether a weaker pair would be
        listed depends on the need's other offers, which this one-offer view does not look at).
        ``allowed`` (a boolean per need of the batch) leaves needs out beforehand; an offer the
        matcher does not hold fits nothing.
        """
        slot = self.slot_of_.get(offer_ref)
        if slot is None or top <= 0 or not len(batch.needs):
            return []
        offer_row = self.offer_vectors_.rows[slot].T
        cos = np.asarray((batch.matrix @ offer_row).toarray(), dtype=np.float32).ravel()
        ok = self.rules_.offer_fits(batch.rules, slot)
        ok &= cos >= batch.threshold
        if allowed is not None:
            ok &= allowed
        rows = np.flatnonzero(ok)
        cols = np.full(len(rows), slot, dtype=np.intp)
        fits = self.rules_.window_mask(batch.rules, rows, cols)
        rows, cols = rows[fits], cols[fits]
        score = self.scores_of(batch, rows, cols, cos[rows])
        keep = score >= np.float32(max(self.min_score, self.serve_score))
        rows, cols, score = rows[keep], cols[keep], score[keep]
        best = np.sort(np.lexsort((rows, -score))[:top])  # rows ascending, as _matches wants
        found = self._matches(batch, rows[best], cols[best], score[best])
        found.sort(key=lambda m: (-m.score, m.need))
        return [replace(m, rank=r) for r, m in enumerate(found, start=1)]

    def _matches(
        self, nb: NeedBatch, rows: np.ndarray, cols: np.ndarray, score: np.ndarray
    ) -> list[Match]:
        """``Match`` values, with reasons, for selected pairs sorted by need then rank."""
        if not len(rows):
            return []
        need_refs, offer_refs, ranks, scores, reasons = self._pairs(nb, rows, cols, score, None)
        return [
            Match(n, o, rank, s, tuple(filter(None, r)))
            for n, o, rank, s, r in zip(need_refs, offer_refs, ranks, scores, reasons, strict=True)
        ]

    def _pairs(
        self,
        nb: NeedBatch,
        rows: np.ndarray,
        cols: np.ndarray,
        score: np.ndarray,
        words: English | None,
    ) -> tuple[list[str], list[str], list[int], list[float], Iterator[tuple[Any, ...]]]:
        """Need refs, offer refs, ranks, rounded scores and reason rows (None where absent)."""
        terms = self.text_.shared_terms(
            nb.matrix, rows, self.offer_vectors_.rows, cols, self.key_terms
        )
        first = np.searchsorted(rows, rows, side="left")
        ranks = (np.arange(len(rows)) - first + 1).tolist()
        scores = np.round(score.astype(np.float64), 4).tolist()
        columns = self.reasons_.columns(nb.needs, rows, cols, nb.topics, nb.support, terms, words)
        need_refs = [nb.needs[i].ref for i in rows.tolist()]
        offer_refs = [self.slots_[j].ref for j in cols.tolist()]
        return need_refs, offer_refs, ranks, scores, zip(*columns, strict=True)
