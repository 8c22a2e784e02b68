"""TF-IDF vectors over lexicon-normalised tokens, with concept tokens weighted up."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.text import Analyzer

_MIN_TERM_SHARE = 0.005  # a term contributing less to the cosine is not worth naming


def _identity(tokens: list[str]) -> list[str]:
    return tokens


class TextModel:
    """Learns a vocabulary and IDF from offers; turns any text into unit-length sparse rows.

    Rows are TF-IDF (sublinear term frequency) with the columns of specific (not generic)
    concept tokens multiplied by ``concept_weight``, then L2-normalised. A need's words that no
    offer uses still count in its norm (with the largest IDF), so a need full of words nobody
    offers is not made to look close to an offer through the few words it shares.
    """

    def __init__(self, analyzer: Analyzer, *, concept_weight: float, title_weight: int) -> None:
        """Store the analyser and weights; nothing is learned until ``fit``."""
        self.analyzer = analyzer
        self.concept_weight = concept_weight
        self.title_weight = title_weight

    def tokens(self, title: str, description: str) -> list[str]:
        """Tokens of the title (counted ``title_weight`` times) and of the description."""
        return self.analyzer("\n".join([title] * self.title_weight + [description]))

    def fit(self, docs: Sequence[list[str]]) -> TextModel:
        """Learn the vocabulary and IDF from token lists; returns self."""
        self.vectorizer_ = TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, norm=None, dtype=np.float32
        )
        if any(docs):
            self.vectorizer_.fit(docs)
            self.vocabulary_: dict[str, int] = dict(self.vectorizer_.vocabulary_)
            idf = self.vectorizer_.idf_.astype(np.float32)
        else:
            self.vocabulary_ = {}
            idf = np.zeros(0, dtype=np.float32)
        self.terms_ = np.array(sorted(self.vocabulary_, key=self.vocabulary_.__getitem__))
        boosted = self.analyzer.lexicon.specific
        weights = np.array(
            [self.concept_weight if t in boosted else 1.0 for t in self.terms_], dtype=np.float32
        )
        self.column_weight_ = weights
        self.idf_ = idf
        self.oov_idf_ = float(math.log(1 + len(docs)) + 1.0)
        return self

    def transform(
        self, docs: Sequence[list[str]], *, count_unknown: bool = True
    ) -> sparse.csr_matrix:
        """Unit-length rows (zero rows for empty texts) for token lists."""
        n, v = len(docs), len(self.vocabulary_)
        if v == 0:
            return sparse.csr_matrix((n, 0), dtype=np.float32)
        tfidf = self.vectorizer_.transform(docs)  # (1 + log tf) x idf, not normalised
        x = sparse.csr_matrix(tfidf.multiply(self.column_weight_), dtype=np.float32)
        sq = np.asarray(x.multiply(x).sum(axis=1)).ravel()
        if count_unknown:
            sq = sq + self._unknown_mass(docs)
        norms = np.sqrt(sq, dtype=np.float64)
        inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return sparse.csr_matrix(sparse.diags(inv.astype(np.float32)) @ x)

    def _unknown_mass(self, docs: Sequence[list[str]]) -> np.ndarray:
        vocab, concepts = self.vocabulary_, self.analyzer.lexicon.specific
        out = np.zeros(len(docs), dtype=np.float64)
        for row, doc in enumerate(docs):
            total = 0.0
            for tok, c in Counter(t for t in doc if t not in vocab).items():
                w = (1.0 + math.log(c)) * self.oov_idf_
                w *= self.concept_weight if tok in concepts else 1.0
                total += w * w
            out[row] = total
        return out

    def shared_terms(
        self,
        needs: sparse.csr_matrix,
        need_rows: np.ndarray,
        offers: sparse.csr_matrix,
        offer_rows: np.ndarray,
        k: int,
    ) -> list[list[str]]:
        """The ``k`` terms contributing most to the cosine of each pair, largest first.

        Pair p is (need row ``need_rows[p]``, offer row ``offer_rows[p]``); terms contributing
        less than 0.005 are left out.
        """
        n = len(need_rows)
        if k <= 0 or n == 0:
            return [[] for _ in range(n)]
        prod = sparse.csr_matrix(needs[need_rows].multiply(offers[offer_rows]))
        prod.eliminate_zeros()
        counts = np.diff(prod.indptr)
        entry_row = np.repeat(np.arange(n), counts)
        keep = prod.data >= _MIN_TERM_SHARE
        entry_row, cols, vals = entry_row[keep], prod.indices[keep], prod.data[keep]
        order = np.lexsort((cols, -vals, entry_row))
        entry_row, cols = entry_row[order], cols[order]
        first = np.searchsorted(entry_row, entry_row, side="left")
        top = np.arange(len(entry_row)) - first < k
        entry_row, cols = entry_row[top], cols[top]
        names = self.terms_[cols].tolist()
        out: list[list[str]] = [[] for _ in range(n)]
        for r, name in zip(entry_row.tolist(), names, strict=True):
            out[r].append(name)
        return out
